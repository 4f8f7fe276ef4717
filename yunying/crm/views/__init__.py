"""Pages of customer relations: the contact log (COMM-3) and market intelligence (MKT-1)."""

from .competitors import competitor_active, competitor_list
from .contacts import contact_detail, contact_edit, contact_list, contact_new, follow_up_done
from .intel import intel_delete, intel_detail, intel_edit, intel_list, intel_new
from .promotions import (
    promotion_action,
    promotion_detail,
    promotion_edit,
    promotion_list,
    promotion_new,
)

__all__ = [
    "competitor_active",
    "competitor_list",
    "contact_detail",
    "contact_edit",
    "contact_list",
    "contact_new",
    "follow_up_done",
    "intel_delete",
    "intel_detail",
    "intel_edit",
    "intel_list",
    "intel_new",
    "promotion_action",
    "promotion_detail",
    "promotion_edit",
    "promotion_list",
    "promotion_new",
]
