from .case import AssignmentPointer, ComplaintCause, ServiceCase

__all__ = ["AssignmentPointer", "ComplaintCause", "ServiceCase"]
