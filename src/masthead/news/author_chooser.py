"""The byline's author chooser: the newsroom's people by name, with a search box.

Author profiles are pages, so a plain foreign key to them gets Wagtail's page
chooser, which walks the site tree ("Home › Authors › …"): a writer adding a
co-author wants a list of people instead. Wagtail's own ``ChooserViewSet``
gives that modal (search, pagination, the chosen-item widget); this module only
says which profiles it lists and in what order. It is registered from
``wagtail_hooks`` and its widget is named in ``ArticleAuthor``'s panels.
"""

from django.db.models import QuerySet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


class AuthorListingMixin:
    """Every profile, by name, with their role beside it to tell two namesakes apart."""

    def get_object_list(self) -> QuerySet:
        return self.model_class.objects.order_by("title", "pk")

    @property
    def columns(self) -> list[Column]:
        columns = super().columns
        # Wagtail heads the first column "Title": for a person it is their name.
        columns[0].label = "Name"
        return columns + [Column("role", label="Role")]


class AuthorChooseView(AuthorListingMixin, ChooseView):
    """The modal as it first opens: search box and the first page of names."""


class AuthorChooseResultsView(AuthorListingMixin, ChooseResultsView):
    """The list alone, redrawn as the writer types in the search box."""


class AuthorChooserViewSet(ChooserViewSet):
    """A chooser for ``news.AuthorPage`` that lists people, not the page tree."""

    model = "news.AuthorPage"
    icon = "user"
    choose_one_text = "Choose an author"
    choose_another_text = "Choose another author"
    edit_item_text = "Edit profile"
    page_title = "Choose an author"
    choose_view_class = AuthorChooseView
    choose_results_view_class = AuthorChooseResultsView
    per_page = 20
    # The widget is named explicitly in the byline's panel rather than swapped in
    # for every foreign key to AuthorPage: that happens only once the admin's URLs
    # load, after which some forms may already have been built.
    register_widget = False


author_chooser_viewset = AuthorChooserViewSet("author_chooser", url_prefix="author-chooser")
AuthorChooserWidget = author_chooser_viewset.widget_class
