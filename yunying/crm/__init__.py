"""Customer relations: contacts with customers and suppliers (COMM-3) and market
intelligence on competitors' prices (MKT-1)."""
