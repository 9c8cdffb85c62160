"""Background tasks, run by ``masthead worker`` (django-tasks' database backend)."""

from django_tasks import task


@task()
def deliver_edition(edition_id: int) -> dict:
    """Send an edition's pending deliveries (see :func:`.sending.deliver`)."""
    from .sending import deliver

    return deliver(edition_id).as_dict()


@task()
def send_breaking_news(article_id: int) -> list[int]:
    """Alert the "as soon as published" lists about a story that has just gone live."""
    from .digests import send_breaking_news as send

    return send(article_id)
