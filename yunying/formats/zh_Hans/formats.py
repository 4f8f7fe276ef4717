"""Simplified Chinese: amounts grouped by thousands with commas (¥1,502,188.59), as invoices and
bank statements print them. Django's own module for zh-hans leaves the separator empty.

Only numbers a template formats on purpose are grouped (the ``money`` and ``quantity`` filters,
``floatformat`` with ``g``): ``USE_THOUSAND_SEPARATOR`` stays off, so form inputs, exports and
identifiers keep plain digits."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
DECIMAL_SEPARATOR = "."
