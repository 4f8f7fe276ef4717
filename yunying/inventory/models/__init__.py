from .issue import MaterialIssue, MaterialIssueLine
from .ledger import (
    LedgerKind,
    StockAlert,
    StockBalance,
    StockLedgerEntry,
    StockPeriod,
    StockReservation,
)
from .opening import OpeningStock, OpeningStockLine
from .stocktake import Stocktake, StocktakeLine
from .transfer import StockTransfer, StockTransferLine

__all__ = [
    "LedgerKind",
    "MaterialIssue",
    "MaterialIssueLine",
    "OpeningStock",
    "OpeningStockLine",
    "StockAlert",
    "StockBalance",
    "StockLedgerEntry",
    "StockPeriod",
    "StockReservation",
    "StockTransfer",
    "StockTransferLine",
    "Stocktake",
    "StocktakeLine",
]
