"""The demo's warehouse work: a transfer between warehouses and a stocktake."""

import datetime
from decimal import Decimal

from yunying.core.models import Employee
from yunying.inventory.services import stocktakes, transfers
from yunying.masterdata.models import Item, Location

from .clock import on_day


def transfer(people: dict[str, Employee], day: datetime.date) -> None:
    with on_day(day, 10):
        transfers.transfer_stock(
            lines=[
                transfers.TransferLine(
                    Item.objects.get(code="PV-M550"),
                    Location.objects.get(code="A-01"),
                    Location.objects.get(code="B-01"),
                    Decimal(50),
                )
            ],
            actor=people["warehouse_keeper"],
            note="华东分仓备货",
        )


def stocktake(people: dict[str, Employee], day: datetime.date) -> None:
    with on_day(day, 9):
        stocktake = stocktakes.plan_stocktake(
            locations=[Location.objects.get(code="A-02")],
            planned_date=day,
            actor=people["warehouse_keeper"],
        )
        stocktake = stocktakes.start_counting(stocktake=stocktake, actor=people["warehouse_keeper"])
        counts = []
        for line in stocktake.lines.select_related("item", "location"):
            variance = Decimal(-2) if line.item.code == "MC4-P" else Decimal(0)
            counts.append(
                stocktakes.Count(
                    line.item,
                    line.location,
                    line.book_quantity + variance,
                    "盘亏：散件遗失" if variance else "",
                )
            )
        stocktakes.record_counts(
            stocktake=stocktake, counts=counts, actor=people["warehouse_keeper"]
        )
        stocktakes.finish(stocktake=stocktake, actor=people["warehouse_keeper"])
