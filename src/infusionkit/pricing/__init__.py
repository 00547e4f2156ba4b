"""Pricing: contract terms applied to coded lines (spec §4); money exact, rounded once per line."""

from infusionkit.pricing.engine import (
    PricedBlock,
    PricedLines,
    coding_settings,
    price_coded,
    price_episodes,
)
from infusionkit.pricing.price_files import DrugPrice, PriceBook, load_price_book

__all__ = [
    "DrugPrice",
    "PriceBook",
    "PricedBlock",
    "PricedLines",
    "coding_settings",
    "load_price_book",
    "price_coded",
    "price_episodes",
]
