"""The :class:`Episodes` record: six typed tables plus where they came from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from infusionkit.episodes.columns import TABLES


def isin_text(series: pd.Series, values: pd.Series | pd.Index | list[str]) -> np.ndarray:
    """Boolean mask: which cells of a text column are among ``values`` (missing = False).

    Uses Arrow's hash lookup: ``Series.isin`` on Arrow strings goes through Python objects.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(series):
        return np.zeros(0, dtype=bool)
    cells = pa.array(series.astype(pd.StringDtype()))
    wanted = pd.Series(values, dtype=pd.StringDtype()).dropna().unique()
    value_set = pa.array(pd.Series(wanted, dtype=pd.StringDtype())).cast(cells.type)
    found = pc.is_in(cells, value_set=value_set)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


@dataclass(frozen=True, eq=False)  # DataFrames do not compare to a bool; identity is enough
class Episodes:
    """Normalised episode tables (see :mod:`infusionkit.episodes.columns` for dtypes).

    Every table is always present (empty with the right columns when the source lacks it) and has
    an ``int64`` column ``source_line``: the row's line in its file.
    """

    therapies: pd.DataFrame
    holds: pd.DataFrame
    administrations: pd.DataFrame
    nursing: pd.DataFrame
    drugs: pd.DataFrame
    other: pd.DataFrame
    source: Path | None = None
    files: tuple[Path, ...] = ()  # every input file read (for provenance hashes)
    notes: tuple[str, ...] = ()  # optional tables/columns the source lacks, and what that means

    def table(self, name: str) -> pd.DataFrame:
        """One table by name (one of :data:`TABLES`)."""
        if name not in TABLES:
            raise KeyError(name)
        frame: pd.DataFrame = getattr(self, name)
        return frame

    def counts(self) -> dict[str, int]:
        """Rows per table, in :data:`TABLES` order."""
        return {name: len(self.table(name)) for name in TABLES}

    def filter_payer(self, payer_id: str) -> Episodes:
        """Only the therapies of ``payer_id`` and the rows that belong to them.

        Nursing, drug and other lines are kept by episode_id; holds by patient (patient-level holds)
        or therapy; administrations by therapy.
        """
        therapies = self.therapies[isin_text(self.therapies["payer_id"], [payer_id])]
        kept_therapies = therapies["therapy_id"]
        kept_episodes = therapies["episode_id"]
        kept_patients = therapies["patient_id"]
        holds = self.holds
        hold_ok = isin_text(holds["patient_id"], kept_patients) & (
            holds["therapy_id"].isna().to_numpy(dtype=bool)
            | isin_text(holds["therapy_id"], kept_therapies)
        )

        def by_episode(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[isin_text(frame["episode_id"], kept_episodes)].reset_index(drop=True)

        return replace(
            self,
            therapies=therapies.reset_index(drop=True),
            holds=holds[hold_ok].reset_index(drop=True),
            administrations=self.administrations[
                isin_text(self.administrations["therapy_id"], kept_therapies)
            ].reset_index(drop=True),
            nursing=by_episode(self.nursing),
            drugs=by_episode(self.drugs),
            other=by_episode(self.other),
        )
