from .delivery import CustomerReturn, CustomerReturnLine, Delivery, DeliveryLine, ReceiptProblem
from .order import SalesOrder, SalesOrderLine
from .settlement import Payment, PaymentAllocation, Receivable
from .target import SalesTarget

__all__ = [
    "CustomerReturn",
    "CustomerReturnLine",
    "Delivery",
    "DeliveryLine",
    "Payment",
    "PaymentAllocation",
    "ReceiptProblem",
    "Receivable",
    "SalesOrder",
    "SalesOrderLine",
    "SalesTarget",
]
