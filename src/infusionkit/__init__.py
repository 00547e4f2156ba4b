"""infusionkit: home infusion therapy payer contracts — simulate, review, redline, report.

Public API (imported lazily so the command line starts fast)::

    from infusionkit import load_contract, load_episodes, simulate
    sim = simulate(load_episodes("rate_models/sample_episodes"),
                   [load_contract("rate_models/acme_current.yaml")])
    sim.totals
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "load_contract",
    "load_episodes",
    "simulate",
    "review",
    "redline",
    "build_report",
]

_LAZY = {
    "load_contract": "infusionkit.contracts",
    "load_episodes": "infusionkit.episodes",
    "simulate": "infusionkit.simulation",
    "review": "infusionkit.review",
    "redline": "infusionkit.redline",
    "build_report": "infusionkit.reporting",
}

if TYPE_CHECKING:  # pragma: no cover
    from infusionkit.contracts import load_contract
    from infusionkit.episodes import load_episodes
    from infusionkit.simulation import simulate


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'infusionkit' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
