"""Customer relations: the contact log and market intelligence."""

from .contact import ContactRecord, FollowUp
from .intel import Competitor, MarketIntel
from .promotion import Channel, Promotion

__all__ = ["Channel", "Competitor", "ContactRecord", "FollowUp", "MarketIntel", "Promotion"]
