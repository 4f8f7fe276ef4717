from .contract import ContractLine, PurchaseContract
from .plan import PurchasePlan, PurchasePlanLine, ReplenishmentPlan
from .receipt import GoodsReceipt, GoodsReceiptLine
from .supplier_return import SupplierReturn, SupplierReturnLine

__all__ = [
    "ContractLine",
    "GoodsReceipt",
    "GoodsReceiptLine",
    "PurchaseContract",
    "PurchasePlan",
    "PurchasePlanLine",
    "ReplenishmentPlan",
    "SupplierReturn",
    "SupplierReturnLine",
]
