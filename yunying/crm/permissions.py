"""The permission codes of customer relations (registered in ``apps.py``)."""

from __future__ import annotations

LOG_CONTACT = "crm.log_contact"
VIEW_CONTACTS = "crm.view_contacts"
RECORD_INTEL = "crm.record_intel"
VIEW_INTEL = "crm.view_intel"
PLAN_PROMOTION = "crm.plan_promotion"
VIEW_PROMOTION = "crm.view_promotion"

FOLLOW_UP_TASK = "crm.follow_up"  # the inbox task a follow-up gives its owner
EDIT_DAYS = 7  # a contact record stays editable by its author this many days
