"""Approving the demo's documents as their approvers would."""

from yunying.approvals import services as approvals
from yunying.approvals.selectors import latest_request


def approve_chain(document: object) -> None:
    """Approve every step of the document's pending request, each by its first approver who
    has not decided yet (every approver of a 会签 step)."""
    request = latest_request(document)
    while request is not None and request.state == "pending":
        step = request.steps.get(index=request.current_step)
        assignment = step.assignments.filter(decision="").first()
        if assignment is None:
            raise RuntimeError(f"{request} has a step without approver")
        approvals.approve(request=request, actor=assignment.approver, comment="同意")
        request.refresh_from_db()
