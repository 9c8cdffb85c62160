"""Background work: recompute related lists when a story is published or taken down."""

from django_tasks import task

from .related import refresh_story


@task()
def refresh_related(story_id: int) -> list[int]:
    """Recompute the lists ``story_id`` touches; returns the ids of the lists redone."""
    return refresh_story(story_id)
