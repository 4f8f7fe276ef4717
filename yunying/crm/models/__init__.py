"""Customer relations: the contact log and market intelligence."""

from .contact import ContactRecord, FollowUp
from .intel import Competitor, MarketIntel

__all__ = ["Competitor", "ContactRecord", "FollowUp", "MarketIntel"]
