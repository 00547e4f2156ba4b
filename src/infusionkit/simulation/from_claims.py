"""Claims history → episodes source (``episodes from-claims``): load, derive, write atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from infusionkit.cells import csv_safe_frame
from infusionkit.claims.derive import Derived, derive_episodes
from infusionkit.episodes.writers import write_tables
from infusionkit.files import OutputSet
from infusionkit.pseudonym import pseudonym_key, pseudonymize
from infusionkit.simulation.reprice import load_claim_history

if TYPE_CHECKING:
    from infusionkit.claims import ClaimLines
    from infusionkit.episodes.mapping import ExportMapping

TABLE_FILES = ("therapies", "holds", "administrations", "nursing", "drugs", "other")


def episodes_from_claims(
    claims: ClaimLines | str | Path,
    *,
    payer: str | None = None,
    mapping: ExportMapping | str | Path | None = None,
    include_phi: bool = False,
    key: bytes | None = None,
) -> Derived:
    """Derive an episodes source from a claims history; patient ids become keyed pseudonyms
    (the derived source is an output) unless ``include_phi``."""
    history = load_claim_history(claims, payer, mapping)
    patients = sorted(set(history.frame["patient_id"].dropna().tolist()))
    refs = patients if include_phi else pseudonymize(patients, key or pseudonym_key())
    lookup = dict(zip(patients, refs, strict=True))
    return derive_episodes(history, lookup.__getitem__)


def write_derived(derived: Derived, out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """The episode tables (csv/parquet folder, or episodes.xlsx) and ``derivation.csv``."""
    possible = [f"{t}.{ext}" for t in TABLE_FILES for ext in ("csv", "parquet")]
    possible += ["episodes.xlsx", "derivation.csv"]
    with OutputSet(out_dir, "episodes from-claims", possible=possible) as out:
        write_tables(derived.episodes, out.path, fmt)
        frame = derived.derivation.copy()
        frame["dosing_interval_hours"] = frame["dosing_interval_hours"].astype("Int64")
        csv_safe_frame(frame).to_csv(out.path("derivation.csv"), index=False)
    return out.written
