"""Inventory pages, one module per subject: the ``overview``, ``stock`` (balances, one item, the
ledger), ``replenishment`` (INV-2), ``transfers`` (INV-6), material ``issues`` (INV-6), ``openings``
(opening stock, INV-1), ``stocktakes`` (INV-5) and closed
``periods`` (INV-1)."""
