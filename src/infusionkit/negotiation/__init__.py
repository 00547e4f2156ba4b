"""Negotiation analytics (spec §9): solve for a target, sensitivity, multi-year forecast, and the
rate matrix across contracts. Every valuation goes through the simulation's what-if service.

- :func:`solve` -> :class:`SolveResult` (``p``, ``total_before`` / ``total_after``, the solved
  ``contract``), e.g. the least S9500 rate that keeps a proposal revenue-neutral;
- :func:`sensitivity` -> :class:`Sensitivity` (the $ effect of +1 % / +1 point on each term);
- :func:`forecast` -> :class:`Forecast` (per-year and term totals per scenario);
- :func:`rate_matrix` -> :class:`RateMatrix` (code × contract, lowest and highest marked).
"""

from infusionkit.negotiation.forecast import Forecast, ForecastYear, ScenarioForecast, forecast
from infusionkit.negotiation.levers import Lever, all_levers, apply, levers_for
from infusionkit.negotiation.rate_matrix import RateCell, RateMatrix, RateRow, rate_matrix
from infusionkit.negotiation.sensitivity import Effect, Sensitivity, sensitivity
from infusionkit.negotiation.solve import SolveResult, Target, parse_target, solve

__all__ = [
    "Effect",
    "Forecast",
    "ForecastYear",
    "Lever",
    "RateCell",
    "RateMatrix",
    "RateRow",
    "ScenarioForecast",
    "Sensitivity",
    "SolveResult",
    "Target",
    "all_levers",
    "apply",
    "forecast",
    "levers_for",
    "parse_target",
    "rate_matrix",
    "sensitivity",
    "solve",
]
