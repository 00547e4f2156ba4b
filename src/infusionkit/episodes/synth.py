"""Realistic synthetic episode tables, vectorised with numpy (a million therapies in seconds).

The mix follows home infusion practice: anti-infectives are the bulk (q24h down to q3h, and q48h
under S9494), TPN and hydration carry daily volumes (some coded with the general code or a wrong
tier, so recoding happens), IVIG (S9338) and anti-TNF (S9359) are dosed less often than every 72 h,
patients have one to four therapies, about a third of them concurrent, and some patients have
inpatient stays or therapy holds. Drug, nursing and other lines follow each therapy. Everything is
deterministic for a seed. Sample prices exist for most drug codes used; the rest are unpriced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa

from infusionkit import catalog
from infusionkit.bounds import (
    FIRST_DATE,
    LAST_DATE,
    MAX_SYNTH_MONTHS,
    MAX_SYNTH_SEED,
    MAX_SYNTH_THERAPIES,
)
from infusionkit.episodes.model import Episodes
from infusionkit.errors import InputError, InputErrors


@dataclass(frozen=True)
class _Profile:
    """One kind of therapy course and the lines that come with it."""

    code: str  # per diem code ("TPN"/"HYD" = chosen by volume)
    weight: float
    intervals: tuple[int, ...]
    median_days: float
    sigma: float
    max_days: int
    drugs: tuple[str, ...]  # J/B-codes, one chosen per therapy
    daily_units: tuple[str, ...]  # billing units per day (per administration when infrequent)
    min_days: int = 1


_PROFILES: tuple[_Profile, ...] = (
    _Profile("S9500", 0.17, (24,), 12, 0.7, 120, ("J0696",), ("4", "8")),
    _Profile("S9501", 0.09, (12,), 14, 0.7, 120, ("J3370",), ("2", "3", "4")),
    _Profile("S9502", 0.07, (8,), 10, 0.6, 90, ("J2185",), ("30", "60")),
    _Profile("S9503", 0.04, (6,), 10, 0.6, 90, ("J2185",), ("40",)),
    _Profile("S9504", 0.02, (4,), 9, 0.6, 60, ("J2185",), ("60",)),
    _Profile("S9497", 0.01, (3,), 7, 0.5, 42, ("J2185",), ("80",)),
    _Profile("S9494", 0.06, (48, 72), 21, 0.6, 120, ("J3370",), ("1.5", "2.125")),
    _Profile("TPN", 0.08, (24, 0), 32, 0.9, 365, ("B4189", "B4193", "B4185"), ("1",)),
    _Profile("HYD", 0.08, (24,), 5, 0.6, 30, ("J7050",), ("4", "6", "8")),
    _Profile("S9326", 0.025, (0,), 21, 1.0, 365, ("J2270", "J1170"), ("2.5", "4.125")),
    _Profile("S9327", 0.015, (6, 4), 21, 0.9, 180, ("J2270", "J1885"), ("2", "3.25")),
    _Profile("S9328", 0.02, (0,), 30, 1.0, 365, ("J1170",), ("1.5", "3.333")),
    _Profile("S9330", 0.03, (0,), 4, 0.4, 14, ("J2405",), ("8", "16")),
    _Profile("S9331", 0.02, (24,), 5, 0.5, 21, ("J2405",), ("8",)),
    _Profile("S9348", 0.04, (0,), 42, 1.0, 365, ("J2260",), ("7.56", "10.08")),
    _Profile("S9347", 0.01, (0,), 120, 0.6, 365, ("J3285",), ("2.5",)),
    _Profile("S9336", 0.015, (0,), 10, 0.6, 60, ("J1644",), ("24", "30")),
    _Profile("S9372", 0.015, (12,), 10, 0.6, 60, ("J1644",), ("10",)),
    _Profile("S9341", 0.02, (24,), 40, 1.0, 365, ("B4150",), ("15", "20")),
    _Profile("S9342", 0.04, (0,), 40, 1.0, 365, ("B4150",), ("15", "20", "25")),
    _Profile(
        "S9338",
        0.04,
        (504, 672),
        120,
        0.5,
        365,
        ("J1569", "J1561", "J1459"),
        ("40", "60", "80", "100", "140"),
        min_days=28,
    ),
    _Profile("S9359", 0.02, (1344,), 240, 0.3, 365, ("J1745",), ("30", "40", "50"), 56),
    _Profile("S9345", 0.03, (48, 72), 24, 0.8, 180, ("J7192",), ("1000", "1500")),
    _Profile("S9353", 0.02, (0,), 30, 0.8, 180, ("J1815",), ("20", "10.5")),
    _Profile("S9563", 0.02, (72,), 60, 0.6, 365, ("J1561",), ("3", "4.5"), 14),
)

# Provider charge per billing unit (about 1.5-3 x the sample AWP where one exists).
_UNIT_CHARGES = {
    "J0696": "4.60",
    "J3370": "14.50",
    "J2185": "5.80",
    "B4189": "390.00",
    "B4193": "510.00",
    "B4185": "28.00",
    "J7050": "9.50",
    "J2270": "7.20",
    "J1170": "9.40",
    "J1885": "2.80",
    "J2405": "0.95",
    "J2260": "31.00",
    "J3285": "210.00",
    "J1644": "2.10",
    "B4150": "1.35",
    "J1569": "140.00",
    "J1561": "145.00",
    "J1459": "142.00",
    "J1745": "95.00",
    "J7192": "1.60",
    "J1815": "5.90",
}

_TPN_GENERAL, _HYD_GENERAL = "S9364", "S9373"
_TPN_TIERS = tuple(t.code for t in catalog.volume_tiers(_TPN_GENERAL))
_HYD_TIERS = tuple(t.code for t in catalog.volume_tiers(_HYD_GENERAL))
_TPN_VOLUMES = np.array([900, 1200, 1500, 1800, 2000, 2200, 2500, 2800, 3200, 3500], float)
_HYD_VOLUMES = np.array([500, 750, 1000, 1500, 2000, 2500, 3000], float)
_NDCS = {
    "J0696": ("00409733701", "60505075104"),
    "J3370": ("00409653201", "63323028420"),
    "J2185": ("63323050810", "00409350101"),
    "J1569": ("00944270005",),
    "J1561": ("13533080015", "00000100101"),
    "J1459": ("44206043790",),
    "J1644": ("00409272302",),
    "J2405": ("00409475503",),
    "J1815": ("00002751001",),
    "J2270": ("00409189030",),
    "J1170": ("00409255402",),
    "B4185": ("00338051902",),
    "B4189": ("00338111603",),
    "B4193": ("00338112003",),
    "J7050": ("00338004904",),
}
_VISIT_MINUTES = np.array(
    [60, 75, 90, 90, 105, 120, 120, 120, 135, 150, 151, 165, 180, 210, 240, 270, 300]
)
_LONG_VISIT_MINUTES = np.array([120, 150, 151, 180, 210, 240, 300])
_HOLD_REASONS = ("inpatient admission", "therapy on hold", "patient request")


def synth_episodes(
    therapies: int, seed: int = 0, start: date = date(2025, 1, 1), months: int = 12
) -> Episodes:
    """Synthesise ``therapies`` therapy courses (and their other tables) starting in the window.

    Deterministic per ``seed``. Ids: patients ``P000123``, therapies ``T0000001``, episodes
    ``E000123`` (one per referral), visits ``V0000001``, drug lines ``D0000001``, other lines
    ``O0000001``.
    """
    check_arguments(therapies, seed, start, months)
    rng = np.random.default_rng(seed)
    builder = _Builder(rng, therapies, start, _window_days(start, months))
    return builder.build()


def check_arguments(therapies: int, seed: int, start: date, months: int) -> None:
    """Raise :class:`InputErrors` (named by option) for arguments outside their bounds."""
    problems = []
    if not 0 <= therapies <= MAX_SYNTH_THERAPIES:
        problems.append(
            ("--therapies", f"{therapies:,} therapies", f"0 to {MAX_SYNTH_THERAPIES:,}")
        )
    if not 0 <= seed <= MAX_SYNTH_SEED:
        problems.append(("--seed", f"seed {seed}", f"a whole number from 0 to {MAX_SYNTH_SEED}"))
    if not 1 <= months <= MAX_SYNTH_MONTHS:
        problems.append(("--months", f"{months:,} months", f"1 to {MAX_SYNTH_MONTHS}"))
    elif start < FIRST_DATE or _window_end(start, months) > LAST_DATE:
        problems.append(
            (
                "--start",
                f"{start} + {months} months lies outside the dates episodes may hold",
                f"a window inside {FIRST_DATE} .. {LAST_DATE}",
            )
        )
    if problems:
        raise InputErrors(
            [
                InputError(file=option, message=text, allowed=allowed)
                for option, text, allowed in problems
            ]
        )


def _window_end(start: date, months: int) -> date:
    month = start.month - 1 + months
    year = start.year + month // 12
    if year > LAST_DATE.year:
        return date.max
    return date(year, month % 12 + 1, 1)


def _window_days(start: date, months: int) -> int:
    month = start.month - 1 + months
    end = date(start.year + month // 12, month % 12 + 1, 1)
    return max((end - date(start.year, start.month, 1)).days, 1)


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """Ids as a byte matrix (one row per id): ``prefix`` then ``numbers`` zero-padded to ``width``.

    Byte matrices are taken (repeated) with numpy and turned into Arrow strings without Python
    objects, which keeps a million therapies in seconds.
    """
    numbers = np.asarray(numbers, dtype=np.int64)
    top = int(numbers.max()) if len(numbers) else 0
    size = len(prefix) + max(width, len(str(top)))
    matrix = np.empty((len(numbers), size), dtype=np.uint8)
    matrix[:, : len(prefix)] = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    rest = numbers.astype(np.uint64 if top >= 2**32 else np.uint32)
    for column in range(size - 1, len(prefix) - 1, -1):
        rest, digit = np.divmod(rest, 10)
        matrix[:, column] = digit
    matrix[:, len(prefix) :] += 48
    return matrix


def _codes(vocabulary: tuple[str, ...] | list[str]) -> np.ndarray:
    """Equal-length codes as a byte matrix (take rows with an index array)."""
    width = len(vocabulary[0])
    if any(len(code) != width for code in vocabulary):
        raise ValueError("codes of one column must have one length")
    data = "".join(vocabulary).encode("ascii")
    return np.frombuffer(data, dtype=np.uint8).reshape(len(vocabulary), width)


def _text(matrix: np.ndarray) -> pd.Series:
    """A byte matrix (rows = values) as a pandas ``string`` column."""
    rows, size = matrix.shape
    offsets = np.arange(0, size * (rows + 1), size, dtype=np.int64)
    data = np.ascontiguousarray(matrix)
    array = pa.LargeStringArray.from_buffers(rows, pa.py_buffer(offsets), pa.py_buffer(data))
    return _series(array)


def _vocab_text(vocabulary: tuple[str, ...], index: np.ndarray) -> pd.Series:
    """Strings by index into a small vocabulary; index -1 = missing."""
    index = np.asarray(index, dtype=np.int64)
    taken = pa.array(vocabulary, pa.large_string()).take(pa.array(index, mask=index < 0))
    return _series(taken)


def _series(array: pa.Array) -> pd.Series:
    if pd.StringDtype().storage == "pyarrow":
        return pd.Series(pd.arrays.ArrowStringArray(array), dtype=pd.StringDtype())
    return pd.Series(array.to_pylist(), dtype=pd.StringDtype())  # pragma: no cover


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For parents with ``counts`` children: (parent index, child number) of every child."""
    counts = np.asarray(counts, dtype=np.int64)
    parent = np.repeat(np.arange(len(counts)), counts)
    first = np.cumsum(counts) - counts
    return parent, np.arange(len(parent)) - first[parent]


def _decimal_pool(scaled: np.ndarray, places: int) -> np.ndarray:
    """Exact Decimals for integers counted in 10**-places (one object per distinct value).

    Units (3 places) drop trailing zeros (``12.5``); money (2 places) keeps cents (``12.50``).
    """
    inverse, unique = pd.factorize(np.asarray(scaled, dtype=np.int64))
    pool = np.empty(len(unique), dtype=object)
    for i, value in enumerate(unique.tolist()):
        whole, fraction = divmod(value, 10**places)
        text = f"{fraction:0{places}d}"
        if places == 3:
            text = text.rstrip("0")
        pool[i] = Decimal(f"{whole}.{text}" if text else str(whole))
    return pool[inverse]


def _dates(base: np.datetime64, days: np.ndarray) -> np.ndarray:
    return (base + days.astype("timedelta64[D]")).astype("datetime64[s]")


def _decimals(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype=object)


def _lines(count: int) -> np.ndarray:
    return np.arange(2, count + 2, dtype=np.int64)


_THERAPY_CODES = tuple(
    sorted(
        {p.code for p in _PROFILES if p.code.startswith("S")}
        | set(_TPN_TIERS)
        | set(_HYD_TIERS)
        | {_TPN_GENERAL, _HYD_GENERAL}
    )
)
_DRUG_CODES = tuple(sorted({code for p in _PROFILES for code in p.drugs}))
_NDC_VOCAB = tuple(ndc for code in sorted(_NDCS) for ndc in _NDCS[code])
_SITES = ("home", "ais")
_PAYERS = ("ACME", "OTHER")
_OTHER_CODES = ("S5498", "S5501", "S5035", "S5520", "S9381")


def _code_index(code: str) -> int:
    return _THERAPY_CODES.index(code)


class _Builder:
    """Holds the random state and the therapy arrays while the tables are made."""

    def __init__(self, rng: np.random.Generator, n: int, start: date, window: int):
        self.rng = rng
        self.n = n
        self.base = np.datetime64(start, "D")
        self.window = window

    def build(self) -> Episodes:
        self._therapies()
        holds = self._holds()
        admin_parent, admin_day, admin_table = self._administrations()
        return Episodes(
            therapies=self.therapy_frame,
            holds=holds,
            administrations=admin_table,
            nursing=self._nursing(admin_parent, admin_day),
            drugs=self._drugs(admin_parent, admin_day),
            other=self._other(),
        )

    # -- therapies -------------------------------------------------------------------------------
    def _therapies(self) -> None:
        rng, n = self.rng, self.n
        per_patient = rng.choice(4, size=n + 4, p=[0.6, 0.25, 0.1, 0.05]) + 1
        cumulative = np.cumsum(per_patient)
        patients = int(np.searchsorted(cumulative, n)) + 1 if n else 0
        per_patient = per_patient[:patients].copy()
        if patients:
            per_patient[-1] -= int(cumulative[patients - 1]) - n
        patient, rank = _expand(per_patient)
        self.patient = patient

        weights = np.array([p.weight for p in _PROFILES])
        profile = rng.choice(len(_PROFILES), size=n, p=weights / weights.sum())
        self.profile = profile
        n_intervals = np.array([len(p.intervals) for p in _PROFILES])
        interval_table = np.zeros((len(_PROFILES), int(n_intervals.max())))
        for i, p in enumerate(_PROFILES):
            interval_table[i, : len(p.intervals)] = p.intervals
        pick = (rng.random(n) * n_intervals[profile]).astype(np.int64)
        interval = interval_table[profile, pick]

        median = np.array([p.median_days for p in _PROFILES])[profile]
        sigma = np.array([p.sigma for p in _PROFILES])[profile]
        low = np.array([p.min_days for p in _PROFILES])[profile]
        high = np.array([p.max_days for p in _PROFILES])[profile]
        days = np.rint(median * np.exp(sigma * rng.standard_normal(n)))
        days = np.clip(days, low, high).astype(np.int64)

        start = np.zeros(n, dtype=np.int64)
        new_episode = rank == 0
        first = rank == 0
        start[first] = rng.integers(0, self.window, size=int(first.sum()))
        latest_end = np.zeros(patients, dtype=np.int64)
        latest_end[patient[first]] = start[first] + days[first] - 1
        concurrent = rng.random(n) < 0.65
        for k in (1, 2, 3):
            idx = np.flatnonzero(rank == k)
            if not len(idx):
                continue
            prev = idx - 1
            overlap = start[prev] + (rng.random(len(idx)) * days[prev]).astype(np.int64)
            after = latest_end[patient[idx]] + rng.integers(2, 60, size=len(idx))
            together = concurrent[idx]
            start[idx] = np.where(together, overlap, after)
            new_episode[idx] = ~together
            latest_end[patient[idx]] = np.maximum(
                latest_end[patient[idx]], start[idx] + days[idx] - 1
            )
        # the history is an export of the window: later starts move into it, courses still
        # running at its end are cut at the last day of the window
        start = np.minimum(start, self.window - 1)
        days = np.minimum(days, self.window - start)
        self.start, self.days, self.interval = start, days, interval
        self.end = start + days - 1
        self.infrequent = interval > catalog.PER_DIEM_MAX_INTERVAL_HOURS

        profile_code = np.array(
            [_code_index(p.code) if p.code.startswith("S") else -1 for p in _PROFILES]
        )
        code = profile_code[profile]
        volume = np.full(n, np.nan)
        for i, p in enumerate(_PROFILES):
            if p.code not in ("TPN", "HYD"):
                continue
            tiers, volumes, general = (
                (_TPN_TIERS, _TPN_VOLUMES, _TPN_GENERAL)
                if p.code == "TPN"
                else (_HYD_TIERS, _HYD_VOLUMES, _HYD_GENERAL)
            )
            idx = np.flatnonzero(profile == i)
            chosen = volumes[rng.integers(0, len(volumes), size=len(idx))]
            volume[idx] = chosen
            tier = np.searchsorted(catalog.volume_tier_bounds(general), chosen, side="left")
            draw = rng.random(len(idx))
            wrong = np.clip(tier + np.where(tier == 0, 1, -1), 0, len(tiers) - 1)
            tier = np.where(draw < 0.07, wrong, tier)
            coded = np.array([_code_index(t) for t in tiers])[tier]
            coded[draw > 0.85] = _code_index(general)
            code[idx] = coded
        self.code = code

        site = (rng.random(n) < np.where(self.infrequent, 0.3, 0.065)).astype(np.int64)
        self.site = site
        payer = (rng.random(patients) < 0.15).astype(np.int64)
        episode_number = np.cumsum(new_episode)
        self.episode_ids = _ids("E", episode_number, 6)
        self.patient_ids = _ids("P", patient + 1, 6)
        self.therapy_ids = _ids("T", np.arange(1, n + 1), 7)
        self.therapy_frame = pd.DataFrame(
            {
                "therapy_id": _text(self.therapy_ids),
                "episode_id": _text(self.episode_ids),
                "patient_id": _text(self.patient_ids),
                "payer_id": _vocab_text(_PAYERS, payer[patient]),
                "hcpcs": _text(_codes(_THERAPY_CODES)[code]),
                "start_date": _dates(self.base, start),
                "end_date": _dates(self.base, self.end),
                "dosing_interval_hours": interval.astype(np.float64),
                "site": _vocab_text(_SITES, site),
                "daily_volume_ml": volume,
                "source_line": _lines(n),
            }
        )

    def _is_code(self, codes: tuple[str, ...] | list[str], therapies: np.ndarray) -> np.ndarray:
        wanted = np.array([_code_index(c) for c in codes])
        return np.isin(self.code[therapies], wanted)

    # -- holds and administrations ---------------------------------------------------------------
    def _holds(self) -> pd.DataFrame:
        rng = self.rng
        first_of_patient = np.flatnonzero(np.diff(self.patient, prepend=-1) != 0)
        chosen = first_of_patient[rng.random(len(first_of_patient)) < 0.10]
        chosen = chosen[self.days[chosen] >= 4]
        offset = 1 + (rng.random(len(chosen)) * (self.days[chosen] - 2)).astype(np.int64)
        start = self.start[chosen] + offset
        end = np.minimum(start + rng.integers(0, 7, size=len(chosen)), self.end[chosen])
        patient_level = rng.random(len(chosen)) < 0.5
        reason = np.where(patient_level, 0, rng.integers(1, 3, size=len(chosen)))
        therapy_ids = _text(self.therapy_ids[chosen])
        return pd.DataFrame(
            {
                "patient_id": _text(self.patient_ids[chosen]),
                "therapy_id": therapy_ids.mask(patient_level),
                "start_date": _dates(self.base, start),
                "end_date": _dates(self.base, end),
                "reason": _vocab_text(_HOLD_REASONS, reason),
                "source_line": _lines(len(chosen)),
            }
        )

    def _administrations(self) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
        """Dose dates of infrequent therapies; about 60 % of them are listed in the table."""
        rng = self.rng
        therapies = np.flatnonzero(self.infrequent)
        step = np.ceil(self.interval[therapies] / 24).astype(np.int64)
        counts = (self.days[therapies] - 1) // step + 1
        which, k = _expand(counts)
        parent = therapies[which]
        jitter = rng.choice(np.array([0, 0, 0, 1, -1]), size=len(parent))
        day = self.start[parent] + k * step[which] + jitter
        day = np.clip(day, self.start[parent], self.end[parent])
        listed = (rng.random(len(therapies)) < 0.6)[which]
        table = pd.DataFrame(
            {
                "therapy_id": _text(self.therapy_ids[parent[listed]]),
                "date": _dates(self.base, day[listed]),
                "source_line": _lines(int(listed.sum())),
            }
        )
        return parent, day, table

    # -- lines -----------------------------------------------------------------------------------
    def _blocks(self, therapies: np.ndarray, every: int = 7) -> tuple[np.ndarray, ...]:
        """Blocks of ``every`` days over each therapy: (therapy, first day, days in block)."""
        counts = (self.days[therapies] - 1) // every + 1
        which, k = _expand(counts)
        parent = therapies[which]
        first = self.start[parent] + k * every
        return parent, first, np.minimum(every, self.end[parent] - first + 1)

    def _nursing(self, admin_parent: np.ndarray, admin_day: np.ndarray) -> pd.DataFrame:
        rng = self.rng
        regular = np.flatnonzero(~self.infrequent & (rng.random(self.n) < 0.5))
        parent, day, _ = self._blocks(regular)
        minutes = _VISIT_MINUTES[rng.integers(0, len(_VISIT_MINUTES), size=len(parent))]
        keep = (rng.random(self.n) < 0.8)[admin_parent]
        long_minutes = _LONG_VISIT_MINUTES[
            rng.integers(0, len(_LONG_VISIT_MINUTES), size=int(keep.sum()))
        ]
        parent = np.concatenate([parent, admin_parent[keep]])
        day = np.concatenate([day, admin_day[keep]])
        minutes = np.concatenate([minutes, long_minutes])
        order = np.argsort(parent, kind="stable")  # two runs, each sorted by therapy and day
        parent, day, minutes = parent[order], day[order], minutes[order]
        count = len(parent)
        return pd.DataFrame(
            {
                "visit_id": _text(_ids("V", np.arange(1, count + 1), 7)),
                "episode_id": _text(self.episode_ids[parent]),
                "patient_id": _text(self.patient_ids[parent]),
                "visit_date": _dates(self.base, day),
                "minutes": minutes.astype(np.int64),
                "site": _vocab_text(_SITES, self.site[parent]),
                "source_line": _lines(count),
            }
        )

    def _drugs(self, admin_parent: np.ndarray, admin_day: np.ndarray) -> pd.DataFrame:
        rng = self.rng
        has_drug = rng.random(self.n) < 0.95
        parent, day, days = self._blocks(np.flatnonzero(~self.infrequent & has_drug))
        keep = has_drug[admin_parent]
        parent = np.concatenate([parent, admin_parent[keep]])
        day = np.concatenate([day, admin_day[keep]])
        days = np.concatenate([days, np.ones(int(keep.sum()), dtype=np.int64)])
        order = np.argsort(parent, kind="stable")  # two runs, each sorted by therapy and day
        parent, day, days = parent[order], day[order], days[order]

        code_draw = rng.random(self.n)
        unit_draw = rng.random(self.n)
        drug = np.zeros(self.n, dtype=np.int64)
        daily_milli = np.zeros(self.n, dtype=np.int64)
        for i, p in enumerate(_PROFILES):
            idx = np.flatnonzero(self.profile == i)
            options = np.array([_DRUG_CODES.index(c) for c in p.drugs])
            drug[idx] = options[(code_draw[idx] * len(options)).astype(np.int64)]
            milli = np.array([int(Decimal(u) * 1000) for u in p.daily_units], dtype=np.int64)
            daily_milli[idx] = milli[(unit_draw[idx] * len(milli)).astype(np.int64)]
        units_milli = daily_milli[parent] * days
        line_drug = drug[parent]
        charge_cents = np.array([int(Decimal(_UNIT_CHARGES[c]) * 100) for c in _DRUG_CODES])
        charges = _decimal_pool((units_milli * charge_cents[line_drug] + 500) // 1000, 2)
        charges[rng.random(len(parent)) < 0.1] = None

        ndc = np.full(len(parent), -1, dtype=np.int64)
        ndc_draw = rng.random(len(parent))
        for d, code in enumerate(_DRUG_CODES):
            choices = _NDCS.get(code, ())
            if not choices:
                continue
            idx = np.flatnonzero((line_drug == d) & (ndc_draw < 0.85))
            first = _NDC_VOCAB.index(choices[0])
            ndc[idx] = first + (ndc_draw[idx] / 0.85 * len(choices)).astype(np.int64)
        count = len(parent)
        return pd.DataFrame(
            {
                "line_id": _text(_ids("D", np.arange(1, count + 1), 7)),
                "episode_id": _text(self.episode_ids[parent]),
                "therapy_id": _text(self.therapy_ids[parent]),
                "service_date": _dates(self.base, day),
                "hcpcs": _text(_codes(_DRUG_CODES)[line_drug]),
                "ndc": _vocab_text(_NDC_VOCAB, ndc),
                "units": _decimals(_decimal_pool(units_milli, 3)),
                "billed_charge": _decimals(charges),
                "source_line": _lines(count),
            }
        )

    def _other(self) -> pd.DataFrame:
        rng = self.rng
        all_therapies = np.arange(self.n)
        iv = ~self._is_code(("S9341", "S9342"), all_therapies) & ~self.infrequent
        pieces: list[tuple[np.ndarray, ...]] = []

        care = np.flatnonzero(iv & (rng.random(self.n) < 0.4))
        parent, day, days = self._blocks(care, every=30)
        multi = self._is_code([*_TPN_TIERS, _TPN_GENERAL, "S9330", "S9331"], parent)
        pieces.append((parent, day, multi.astype(np.int64), days, np.full(len(parent), 1500)))

        pumps = np.flatnonzero((self.interval == 0) & (rng.random(self.n) < 0.7))
        parent, day, days = self._blocks(pumps, every=30)
        one = np.ones(len(parent), dtype=np.int64)
        pieces.append((parent, day, one * 2, one, one * 5500))

        kits = np.flatnonzero(iv & (rng.random(self.n) < 0.25))
        one = np.ones(len(kits), dtype=np.int64)
        pieces.append((kits, self.start[kits], one * 3, one, one * 15000))
        escorted = np.flatnonzero(rng.random(self.n) < 0.05)
        one = np.ones(len(escorted), dtype=np.int64)
        pieces.append((escorted, self.start[escorted], one * 4, one, one * 4000))

        parent, day, code, units, unit_cents = (
            np.concatenate([piece[i] for piece in pieces]).astype(np.int64) for i in range(5)
        )
        order = np.lexsort((day, parent))
        parent, day, code = parent[order], day[order], code[order]
        units, unit_cents = units[order], unit_cents[order]
        charges = _decimal_pool(units * unit_cents, 2)
        charges[rng.random(len(parent)) < 0.1] = None
        count = len(parent)
        return pd.DataFrame(
            {
                "line_id": _text(_ids("O", np.arange(1, count + 1), 7)),
                "episode_id": _text(self.episode_ids[parent]),
                "hcpcs": _text(_codes(_OTHER_CODES)[code]),
                "service_date": _dates(self.base, day),
                "units": _decimals(_decimal_pool(units * 1000, 3)),
                "billed_charge": _decimals(charges),
                "source_line": _lines(count),
            }
        )
