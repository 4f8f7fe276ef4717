"""Pages of the organisation, the inbox (我的待办), position changes, the audit trail and the
user's own account, one module each; ``core/urls.py`` refers to them through this package."""

from __future__ import annotations

from .account import PasswordChangeView
from .audit import audit_list
from .export_jobs import export_job_download, export_job_list
from .inbox import inbox_page, notification_dismiss, notifications_read, task_done
from .organisation import (
    department_form,
    employee_detail,
    employee_form,
    employee_list,
    org_tree,
    position_detail,
    position_form,
    position_list,
)
from .position_changes import (
    position_change_action,
    position_change_detail,
    position_change_edit,
    position_change_new,
)

__all__ = [
    "PasswordChangeView",
    "audit_list",
    "department_form",
    "employee_detail",
    "employee_form",
    "employee_list",
    "export_job_download",
    "export_job_list",
    "inbox_page",
    "notification_dismiss",
    "notifications_read",
    "org_tree",
    "position_change_action",
    "position_change_detail",
    "position_change_edit",
    "position_change_new",
    "position_detail",
    "position_form",
    "position_list",
    "task_done",
]
