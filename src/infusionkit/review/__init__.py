"""Contract review: a contract against the recommendation set, with dollar impact from episodes.

``review(contract, episodes=...)`` runs every rule of :data:`RULES` that has an enabled entry in
the recommendations file and returns a :class:`ReviewResult` of :class:`Finding` records.
"""

from infusionkit.review.api import HistoryInfo, ReviewResult, review
from infusionkit.review.findings import SEVERITIES, TOPICS, Finding, UnpricedGroup
from infusionkit.review.recommendations import (
    DEFAULT_FILE,
    Recommendation,
    RecommendationSet,
    load_recommendations,
    parse_recommendations,
    resolve_recommendations,
)
from infusionkit.review.rules import RULES, Rule

__all__ = [
    "DEFAULT_FILE",
    "RULES",
    "SEVERITIES",
    "TOPICS",
    "Finding",
    "HistoryInfo",
    "Recommendation",
    "RecommendationSet",
    "ReviewResult",
    "Rule",
    "UnpricedGroup",
    "load_recommendations",
    "parse_recommendations",
    "resolve_recommendations",
    "review",
]
