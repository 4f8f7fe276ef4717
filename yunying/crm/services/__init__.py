"""The writers of customer relations: ``contacts`` (COMM-3) and ``intel`` (MKT-1)."""
