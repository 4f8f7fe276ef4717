"""Sales pages, one module per subject: orders with their Excel import and export (SALES-1,
SALES-2, SALES-7), deliveries with shipping, the customer's receipt, problems and returns
(SALES-3, SALES-4) and the printed delivery note, receivables, payments and their ageing
(SALES-5, SALES-8), targets and their achievement (SALES-6), and the sales statistics; what they
share is in ``common``."""
