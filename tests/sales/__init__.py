"""Page, API and import tests of sales (the given-steps are in tests/sales_steps.py)."""
