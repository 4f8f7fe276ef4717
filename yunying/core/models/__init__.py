from .audit import AuditChainHead, AuditCheckpoint, AuditEvent
from .base import Document, ScopedModel
from .calendar import CalendarDay, Weekday, WorkingPeriod
from .channels import ChannelKind, Delivery, DeliveryPreference, DepartmentChannel
from .check_run import CheckRun
from .export_job import ExportJob
from .idempotency import IdempotencyKey
from .inbox import Notification, Task
from .money import ExchangeRate
from .numbering import DocumentSequence
from .org import Company, DataScope, Department, Employee, Position, PositionPermission
from .position_change import AssignmentChange, PositionChange, PositionChangePermission
from .saved_filter import SavedFilter
from .shell import Attachment, Comment

__all__ = [
    "AssignmentChange",
    "Attachment",
    "AuditChainHead",
    "AuditCheckpoint",
    "AuditEvent",
    "CalendarDay",
    "ChannelKind",
    "CheckRun",
    "Comment",
    "Company",
    "DataScope",
    "Delivery",
    "DeliveryPreference",
    "Department",
    "DepartmentChannel",
    "Document",
    "DocumentSequence",
    "Employee",
    "ExchangeRate",
    "ExportJob",
    "IdempotencyKey",
    "Notification",
    "Position",
    "PositionChange",
    "PositionChangePermission",
    "PositionPermission",
    "SavedFilter",
    "ScopedModel",
    "Task",
    "Weekday",
    "WorkingPeriod",
]
