"""Pages of the master data, one module per subject: items and categories, suppliers,
customers, their contacts, regions, warehouses and locations, and the Excel import."""
