"""Procurement pages, one module per part of the purchase: ``plans`` (PROC-1, PROC-2, INV-2,
INV-3), ``contracts`` (PROC-3, PROC-4), ``receipts`` (PROC-5, PROC-6), ``supplier_returns``
(PROC-5) and ``suppliers`` (PROC-7)."""
