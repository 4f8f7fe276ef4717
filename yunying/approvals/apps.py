from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "yunying.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from yunying.core import access, checks, lists, navigation, workflow

        from . import checks as approval_checks
        from . import documents, links, selectors, services, shell
        from . import lists as approval_lists

        group = _("Approvals")
        access.register("approvals.view_request", _("View approval requests"), group=group)
        access.register(
            "approvals.view_report",
            _("View approval bottleneck reports"),
            group=group,
            scoped=False,
        )
        work = _("Workspace")
        navigation.register(work, _("Approvals"), "approvals:list", order=20)
        navigation.register(work, _("Delegations"), "approvals:delegations", order=30)
        navigation.register(
            _("Regulations"),
            _("Approval bottlenecks"),
            "approvals:report",
            permissions=("approvals.view_report",),
            order=420,
        )
        checks.register(
            "approvals.waiting_too_long",
            _("Approvals waiting longer than the regulation allows"),
            approval_checks.waiting_too_long,
            clause="POL-2",
        )
        # What the apps below hand over for approval (they reach the engine through
        # core.workflow and never import it) and what waits in 我的待办.
        workflow.connect(submit=services.submit, latest_request=selectors.latest_request)
        workflow.register_section("pending", lambda me: selectors.pending_for(me)[:100])
        workflow.register_section("submitted", selectors.submitted_pending)
        documents.register_lower_documents()
        shell.register()  # approval history in every document's timeline
        links.register()  # approval requests as other pages link to them
        for spec in approval_lists.SPECS:  # sorting, downloads and saved filters of the list
            lists.register(spec)
