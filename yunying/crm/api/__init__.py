"""REST resources of customer relations: the contact log with its follow-ups (COMM-3) and
market intelligence with competitors and the price chart (MKT-1)."""

from __future__ import annotations

from typing import Any

from rest_framework.routers import DefaultRouter

from .contacts import ContactViewSet, FollowUpViewSet
from .intel import CompetitorViewSet, IntelViewSet
from .promotions import PromotionViewSet


def register(router: DefaultRouter) -> None:
    router.register("contacts", ContactViewSet, basename="contact-record")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
    router.register("competitors", CompetitorViewSet, basename="competitor")
    router.register("market-intelligence", IntelViewSet, basename="market-intelligence")
    router.register("promotions", PromotionViewSet, basename="promotion")


extra_urls: list[Any] = []
