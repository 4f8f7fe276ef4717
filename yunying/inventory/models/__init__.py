from .ledger import (
    LedgerKind,
    StockAlert,
    StockBalance,
    StockLedgerEntry,
    StockPeriod,
    StockReservation,
)
from .stocktake import Stocktake, StocktakeLine
from .transfer import StockTransfer, StockTransferLine

__all__ = [
    "LedgerKind",
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
