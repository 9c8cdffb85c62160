"""The approved-comment count as a query expression, so listings count in the same query."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def approved_comment_count() -> Coalesce:
    """For ``.annotate(comment_count=...)`` on a queryset of articles."""
    from .models import Comment

    per_article = (
        Comment.objects.filter(article_id=OuterRef("pk"), status=Comment.Status.APPROVED)
        .order_by()
        .values("article_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(per_article, output_field=IntegerField()), 0)
