"""Reading sales, one module per subject: who sees what (``scope``), orders and open demand
(``orders``), the customer's credit as an order sees it (``credit``), deliveries and their
lateness (``deliveries``), receivables and payments (``receivables``), their ageing
(``ageing``, SALES-8), targets' achievement (``targets``, SALES-6) and the sales statistics
(``statistics``)."""
