"""What each imported WordPress thing became, so that importing again updates instead of copying."""

from django.db import models
from wagtail.documents import get_document_model_string


class WordPressItem(models.Model):
    """One post, page, attachment, author, category, tag or comment from a WordPress export.

    ``source`` is the exported site's address (two blogs' post 12 are different
    posts); ``wp_id`` is WordPress's key for the kind (post and comment IDs,
    author logins, term slugs, which is how posts refer to them) and
    ``wp_number`` the numeric ID that old ``?p=``, ``?cat=`` and ``?author=``
    links use. ``content_hash`` fingerprints what the import wrote, so an item
    that has not changed in WordPress is not written again.
    """

    class Kind(models.TextChoices):
        POST = "post"
        PAGE = "page"
        ATTACHMENT = "attachment"
        AUTHOR = "author"
        CATEGORY = "category"
        TAG = "tag"
        COMMENT = "comment"

    source = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wp_id = models.CharField(max_length=255)
    wp_number = models.BigIntegerField(null=True, blank=True)
    guid = models.CharField(max_length=500, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        "core.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_url = models.CharField(
        max_length=500, blank=True, help_text="Where the item's old links go, when not a page."
    )
    object_id = models.BigIntegerField(
        null=True, blank=True, help_text="The imported object's id, for kinds without a page."
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "imported WordPress item"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_id"], name="importers_one_item_per_wordpress_id"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "guid"], name="importers_item_guid"),
            models.Index(fields=["kind", "wp_number"], name="importers_item_number"),
        ]

    def __str__(self) -> str:
        return f"WordPress {self.kind} {self.wp_id} from {self.source}"
