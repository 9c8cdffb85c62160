"""Which button a story's admin form was posted with.

Saving a draft keeps the writer in the editor; submitting, approving and
publishing send the story towards readers, which is when the alt-text rule
applies and when the desk takes the writer back to the Stories list.
"""

from collections.abc import Mapping

# The admin's buttons that send a story towards readers.
SENDING_ACTIONS = (
    "action-publish",
    "action-submit",
    "action-restart-workflow",
    "action-workflow-action",
)


def sends_the_story_out(data: Mapping[str, str]) -> bool:
    """Whether the admin form was posted to submit, approve or publish, not to save a draft."""
    return any(data.get(action) for action in SENDING_ACTIONS)
