"""infusionkit: home infusion therapy payer contracts — simulate, review, redline, report.

The public API, importable from the package::

    from infusionkit import load_contract, load_episodes, simulate
    sim = simulate(load_episodes("rate_models/sample_episodes"),
                   [load_contract("rate_models/acme_current.yaml")])
    sim.totals

Names are resolved on first use (PEP 562 ``__getattr__``) so the command line starts without
loading pandas and pyarrow. No top-level name is also the name of a subpackage: the review is
``review_contract`` (``infusionkit.review`` is the package), the document comparison is
``redline_documents`` (``infusionkit.redline`` is the package).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute in that module)
_PUBLIC: dict[str, tuple[str, str]] = {
    "load_contract": ("infusionkit.contracts", "load_contract"),
    "load_episodes": ("infusionkit.episodes", "load_episodes"),
    "simulate": ("infusionkit.simulation", "simulate"),
    "review_contract": ("infusionkit.review", "review"),
    "redline_documents": ("infusionkit.redline", "redline"),
    "build_report": ("infusionkit.reporting", "build_report"),
    "load_claims": ("infusionkit.claims", "load_claims"),
    "reprice": ("infusionkit.simulation.reprice", "reprice"),
    "variance": ("infusionkit.simulation.variance", "variance"),
}

__all__ = [
    "__version__",
    "build_report",
    "load_claims",
    "load_contract",
    "load_episodes",
    "redline_documents",
    "reprice",
    "review_contract",
    "simulate",
    "variance",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from infusionkit.claims import load_claims
    from infusionkit.contracts import load_contract
    from infusionkit.episodes import load_episodes
    from infusionkit.redline import redline as redline_documents
    from infusionkit.reporting import build_report
    from infusionkit.review import review as review_contract
    from infusionkit.simulation import simulate
    from infusionkit.simulation.reprice import reprice
    from infusionkit.simulation.variance import variance


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'infusionkit' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
