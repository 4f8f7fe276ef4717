from .audit import AuditChainHead, AuditCheckpoint, AuditEvent
from .base import Document, ScopedModel
from .check_run import CheckRun
from .export_job import ExportJob
from .idempotency import IdempotencyKey
from .inbox import Notification, Task
from .money import ExchangeRate
from .numbering import DocumentSequence
from .org import Company, DataScope, Department, Employee, Position, PositionPermission
from .position_change import AssignmentChange, PositionChange, PositionChangePermission

__all__ = [
    "AssignmentChange",
    "AuditChainHead",
    "AuditCheckpoint",
    "AuditEvent",
    "CheckRun",
    "Company",
    "DataScope",
    "Department",
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
    "ScopedModel",
    "Task",
]
