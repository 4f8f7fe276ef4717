"""Web forms of the sales pages, one module per subject (orders, deliveries, receivables,
targets, statistics; shared widgets and fields in ``common``): they parse input; the services
decide."""
