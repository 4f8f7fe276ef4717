"""The demo company: organisation, default regulations and a few months of history
(``company.build``), loaded by ``yunying demo``."""
