from .contract import ContractLine, PurchaseContract
from .plan import PurchasePlan, PurchasePlanLine, ReplenishmentPlan
from .receipt import GoodsReceipt, GoodsReceiptLine

__all__ = [
    "ContractLine",
    "GoodsReceipt",
    "GoodsReceiptLine",
    "PurchaseContract",
    "PurchasePlan",
    "PurchasePlanLine",
    "ReplenishmentPlan",
]
