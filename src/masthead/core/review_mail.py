"""One e-mail per editor when a story is submitted for review.

Wagtail sends two notices when a workflow starts: "submitted for moderation"
(the workflow's, to every superuser) and "submitted for approval to moderation
stage Editor approval" (the group approval task's, to the task's group and to
every superuser). An editor who is also a superuser, as the account ``masthead
create-editor`` makes, got both. The workflow's notice now leaves out whoever
gets the task's notice; it still reaches a superuser outside the task's group
when the first task is not a group approval, and never the submitter.
"""

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import AbstractGroupApprovalTask, WorkflowState
from wagtail.signals import workflow_submitted

# Wagtail's own, so that its connect (from wagtail.admin's ready, after ours) is a no-op.
WORKFLOW_SUBMITTED_UID = "workflow_state_submitted_email_notification"


class WorkflowSubmissionNotifier(WorkflowStateSubmissionEmailNotifier):
    def get_recipient_users(self, workflow_state: WorkflowState, **kwargs):
        recipients = super().get_recipient_users(workflow_state, **kwargs)
        submitter = kwargs.get("user")
        if submitter is not None:
            recipients = recipients.exclude(pk=submitter.pk)
        task_state = workflow_state.current_task_state
        if task_state is not None and isinstance(
            task_state.task.specific, AbstractGroupApprovalTask
        ):
            told = GroupApprovalTaskStateSubmissionEmailNotifier().get_recipient_users(
                task_state.specific, **kwargs
            )
            recipients = recipients.exclude(pk__in=told.values("pk"))
        return recipients


# Module-level: signals hold their receivers weakly.
workflow_submission_notifier = WorkflowSubmissionNotifier()


def send_one_notice_per_submission() -> None:
    """Put Masthead's workflow notifier in place of Wagtail's; safe in either app order."""
    workflow_submitted.disconnect(sender=WorkflowState, dispatch_uid=WORKFLOW_SUBMITTED_UID)
    workflow_submitted.connect(
        workflow_submission_notifier, sender=WorkflowState, dispatch_uid=WORKFLOW_SUBMITTED_UID
    )
