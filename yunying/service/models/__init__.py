from .case import AssignmentPointer, ComplaintCause, ServiceCase
from .survey import Survey

__all__ = ["AssignmentPointer", "ComplaintCause", "ServiceCase", "Survey"]
