"""Episodes → coded claim lines under one contract's coding settings (spec §3)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from infusionkit import catalog
from infusionkit.catalog import PER_DIEM_MAX_INTERVAL_HOURS
from infusionkit.coding.concurrency import Level, merge_runs, rank_pieces, split_by_month
from infusionkit.coding.intervals import (
    IntArray,
    compact_keys,
    dates_to_days,
    in_holds,
    scheduled_doses,
    segment_offsets,
    sorted_unique,
    subtract_holds,
)
from infusionkit.coding.lines import NO_BILLED, CodedLines, LineBlock
from infusionkit.coding.nursing import nursing_additional_hours
from infusionkit.coding.policies import NotConcurrentTerms, dates_within, day_keys, not_concurrent
from infusionkit.coding.policies import on_days as on_per_diem_days
from infusionkit.coding.rules import tag_block

if TYPE_CHECKING:
    import pandas as pd

    from infusionkit.episodes import Episodes

DAILY_INTERVAL_HOURS = 24

# How a therapy's lines are made (see therapy_kinds) and why a therapy of that kind gave none.
EVERY_DAY, DOSE_DAYS, ADMINISTRATIONS, NO_INTERVAL = 0, 1, 2, 3
NO_LINE_REASONS = (
    "every day from start_date to end_date is on hold",
    "no dose date between start_date and end_date outside holds (administration_days)",
    "no administration date between start_date and end_date outside holds",
    "dosing_interval_hours is not a number",
)
SERVICE_DAYS_REASON = (
    "no dose or nursing-visit date between start_date and end_date outside holds (service_days)"
)
DayCount = Literal["access_days", "administration_days", "service_days"]

PerDayValue = Callable[[str, bool], Decimal | None]


@dataclass(frozen=True)
class CodingSettings:
    """The contract settings that change coding (not pricing).

    ``per_day_value(code, ais)`` gives the full per-day allowed of a per diem code (before
    concurrency reductions and lesser-of), used to rank concurrent therapies under ``highest_rate``;
    ``None`` means the code is unpriced and ranks last.

    Payer policies (spec §10): ``day_count`` ``service_days``; ``modifier_59`` (SH/SJ lines also
    carry 59); ``nursing_suite`` (visits at site ais carry SS: the contract states
    ``nursing.ais_percent``); ``bundled_codes`` (codes of other lines bundled on per diem days);
    ``not_concurrent`` (see :data:`~infusionkit.coding.policies.NotConcurrentTerms`).
    """

    day_count: DayCount = "access_days"
    primary: Literal["highest_rate", "first_started"] = "highest_rate"
    per_day_value: PerDayValue | None = None
    modifier_59: bool = False
    nursing_suite: bool = False
    bundled_codes: tuple[str, ...] = ()
    not_concurrent: NotConcurrentTerms = ()


@dataclass(frozen=True)
class TherapyFrame:
    """The therapies table as arrays, with tier recoding applied."""

    start: IntArray
    end: IntArray
    interval_hours: npt.NDArray[np.float64]
    patient: IntArray
    code: IntArray
    codes: tuple[str, ...]
    ais: npt.NDArray[np.bool_]
    recoded: npt.NDArray[np.bool_]
    id_order: IntArray

    @property
    def step_days(self) -> IntArray:
        """Days between scheduled doses: ⌈interval/24⌉ (at least 1)."""
        step = np.ceil(np.nan_to_num(self.interval_hours) / DAILY_INTERVAL_HOURS)
        return np.maximum(step, 1).astype(np.int64)


def therapy_kinds(
    interval_hours: npt.NDArray[np.float64], day_count: str = "access_days"
) -> IntArray:
    """Per therapy: EVERY_DAY (per diem on every day of access), DOSE_DAYS (per diem on dose
    dates, administration_days or service_days and an interval over 24 h), ADMINISTRATIONS
    (dosed less often than every 72 h: one line per administration) or NO_INTERVAL."""
    kind = np.full(len(interval_hours), NO_INTERVAL, dtype=np.int64)
    kind[interval_hours <= PER_DIEM_MAX_INTERVAL_HOURS] = EVERY_DAY
    if day_count in ("administration_days", "service_days"):
        kind[(kind == EVERY_DAY) & (interval_hours > DAILY_INTERVAL_HOURS)] = DOSE_DAYS
    kind[interval_hours > PER_DIEM_MAX_INTERVAL_HOURS] = ADMINISTRATIONS
    return kind


def no_line_reasons(interval_hours: npt.NDArray[np.float64], day_count: str) -> list[str]:
    """Why each of these therapies gave no claim line under ``day_count`` (when it gave none)."""
    reasons = list(NO_LINE_REASONS)
    if day_count == "service_days":
        reasons[DOSE_DAYS] = SERVICE_DAYS_REASON
    return [reasons[k] for k in therapy_kinds(interval_hours, day_count).tolist()]


def _text(series: pd.Series) -> npt.NDArray[np.object_]:
    return series.astype(object).where(series.notna(), None).to_numpy(dtype=object)


def _tier_codes(hcpcs: npt.NDArray[np.object_], volume: npt.NDArray[np.float64]) -> np.ndarray:
    """Apply volume tiers (spec §3 rule 3): TPN/hydration codes recoded by daily volume."""
    result = hcpcs.copy()
    has_volume = ~np.isnan(volume)
    for code in set(hcpcs[has_volume].tolist()):
        tiers = catalog.volume_tiers(code)
        if not tiers:
            continue
        mask = has_volume & (hcpcs == code)
        upper = np.array(catalog.volume_tier_bounds(code), dtype=float)
        bucket = np.searchsorted(upper, volume[mask], side="left")  # volume <= max_ml
        result[mask] = np.array([t.code for t in tiers], dtype=object)[bucket]
    return result


def therapy_frame(therapies: pd.DataFrame) -> TherapyFrame:
    """Arrays of the therapies table, with codes recoded by volume tier."""
    import pandas as pd

    original = _text(therapies["hcpcs"])
    volume = therapies["daily_volume_ml"].to_numpy(dtype=np.float64, na_value=np.nan)
    final = _tier_codes(original, volume)
    code, uniques = pd.factorize(final)
    patient, _ = pd.factorize(therapies["patient_id"])
    id_order, _ = pd.factorize(therapies["therapy_id"], sort=True)
    site = therapies["site"].fillna("home").to_numpy(dtype=object)
    return TherapyFrame(
        start=dates_to_days(therapies["start_date"].to_numpy()),
        end=dates_to_days(therapies["end_date"].to_numpy()),
        interval_hours=therapies["dosing_interval_hours"].to_numpy(dtype=np.float64),
        patient=patient.astype(np.int64),
        code=code.astype(np.int64),
        codes=tuple(str(c) for c in uniques),
        ais=site == "ais",
        recoded=final != original,
        id_order=id_order.astype(np.int64),
    )


def therapy_holds(episodes: Episodes, frame: TherapyFrame) -> tuple[IntArray, IntArray, IntArray]:
    """Hold intervals per therapy: therapy-level holds, and patient-level holds for each therapy."""
    import pandas as pd

    holds = episodes.holds
    if len(holds) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    therapies = episodes.therapies
    first = dates_to_days(holds["start_date"].to_numpy())
    last = dates_to_days(holds["end_date"].to_numpy())
    therapy_level = holds["therapy_id"].notna().to_numpy()
    target = pd.Index(therapies["therapy_id"]).get_indexer(holds["therapy_id"])
    t_owner = target[therapy_level & (target >= 0)]
    t_first = first[therapy_level & (target >= 0)]
    t_last = last[therapy_level & (target >= 0)]
    # patient-level holds apply to every therapy of the patient
    patient_codes = pd.Index(pd.unique(therapies["patient_id"])).get_indexer(holds["patient_id"])
    patient_level = ~therapy_level & (patient_codes >= 0)
    by_patient = np.argsort(frame.patient, kind="stable")
    counts = np.bincount(frame.patient, minlength=int(frame.patient.max(initial=-1)) + 1)
    offsets = np.cumsum(counts) - counts
    hold_patient = patient_codes[patient_level]
    hold_index, position = segment_offsets(counts[hold_patient])
    p_owner = by_patient[offsets[hold_patient][hold_index] + position]
    p_first = first[patient_level][hold_index]
    p_last = last[patient_level][hold_index]
    return (
        np.concatenate([t_owner, p_owner]).astype(np.int64),
        np.concatenate([t_first, p_first]),
        np.concatenate([t_last, p_last]),
    )


def dose_days(
    episodes: Episodes, frame: TherapyFrame, which: IntArray
) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
    """Administration days of the therapies ``which``: from `administrations`, else the schedule.

    Returns (therapy index, day, scheduled flag), unique and ordered by therapy then day;
    days outside start..end are dropped.
    """
    import pandas as pd

    adm = episodes.administrations
    selected = np.zeros(len(frame.start), dtype=bool)
    selected[which] = True
    if len(adm):
        adm_owner = pd.Index(episodes.therapies["therapy_id"]).get_indexer(adm["therapy_id"])
        adm_day = dates_to_days(adm["date"].to_numpy())
        keep = adm_owner >= 0
        adm_owner, adm_day = adm_owner[keep].astype(np.int64), adm_day[keep]
    else:
        adm_owner = np.zeros(0, dtype=np.int64)
        adm_day = np.zeros(0, dtype=np.int64)
    has_adm = np.zeros(len(frame.start), dtype=bool)
    has_adm[adm_owner] = True
    listed = selected[adm_owner]
    l_owner, l_day = adm_owner[listed], adm_day[listed]
    within = (l_day >= frame.start[l_owner]) & (l_day <= frame.end[l_owner])
    l_owner, l_day = l_owner[within], l_day[within]
    sched = which[~has_adm[which]]
    s_local, s_day = scheduled_doses(frame.start[sched], frame.end[sched], frame.step_days[sched])
    s_owner = sched[s_local]
    owner = np.concatenate([l_owner, s_owner])
    day = np.concatenate([l_day, s_day])
    scheduled = np.concatenate([np.zeros(len(l_owner), bool), np.ones(len(s_owner), bool)])
    if len(owner) == 0:
        return owner, day, scheduled
    width = np.int64(1 << 24)
    keys, unique_at = sorted_unique(owner * width + day)
    return keys // width, keys % width, scheduled[unique_at]


def _priority(frame: TherapyFrame, settings: CodingSettings) -> IntArray:
    """A total order of therapies (lower ranks first) under the contract's primary policy."""
    value_rank = np.zeros(len(frame.start), dtype=np.int64)
    if settings.per_day_value is not None and len(frame.start):
        uniques, inverse = compact_keys(frame.code * 2 + frame.ais.astype(np.int64))
        values = [settings.per_day_value(frame.codes[int(c) // 2], bool(c % 2)) for c in uniques]
        ordered = sorted({v for v in values if v is not None})
        ordinal = {v: i + 1 for i, v in enumerate(ordered)}
        combo_rank = np.array([ordinal[v] if v is not None else 0 for v in values], np.int64)
        value_rank = combo_rank[inverse]
    if settings.primary == "first_started":
        order = np.lexsort((frame.id_order, -value_rank, frame.start))
    else:
        order = np.lexsort((frame.id_order, frame.start, -value_rank))
    priority = np.empty(len(order), dtype=np.int64)
    priority[order] = np.arange(len(order))
    return priority


PerDiemDays = tuple[IntArray, IntArray, IntArray, npt.NDArray[np.bool_]]
"""Per diem day intervals after holds: (therapy, first, last) ordered by therapy then date, and
per therapy whether its dose dates come from the schedule."""


def _per_diem_days(
    episodes: Episodes,
    frame: TherapyFrame,
    settings: CodingSettings,
    holds: tuple[IntArray, IntArray, IntArray],
    nursing_keys: IntArray,
) -> PerDiemDays:
    kind = therapy_kinds(frame.interval_hours, settings.day_count)
    every_day = np.flatnonzero(kind == EVERY_DAY)
    dosed = np.flatnonzero(kind == DOSE_DAYS)
    whole = kind == EVERY_DAY
    h_owner, h_first, h_last = holds
    in_scope = whole[h_owner] if len(h_owner) else np.zeros(0, bool)
    local = np.full(len(frame.start), -1, dtype=np.int64)
    local[every_day] = np.arange(len(every_day))
    a_owner, a_first, a_last = subtract_holds(
        frame.start[every_day],
        frame.end[every_day],
        local[h_owner[in_scope]],
        h_first[in_scope],
        h_last[in_scope],
    )
    a_owner = every_day[a_owner]
    d_owner, d_day, d_sched = dose_days(episodes, frame, dosed)
    if settings.day_count == "service_days" and len(dosed) and len(nursing_keys):
        d_owner, d_day, d_sched = _with_visit_days(
            frame, dosed, nursing_keys, d_owner, d_day, d_sched
        )
    on_hold = in_holds(d_owner, d_day, h_owner, h_first, h_last)
    d_owner, d_day, d_sched = d_owner[~on_hold], d_day[~on_hold], d_sched[~on_hold]
    owner = np.concatenate([a_owner, d_owner])
    first = np.concatenate([a_first, d_day])
    last = np.concatenate([a_last, d_day])
    scheduled_therapy = np.zeros(len(frame.start), dtype=bool)
    scheduled_therapy[d_owner[d_sched]] = True
    order = np.lexsort((first, owner))
    return owner[order], first[order], last[order], scheduled_therapy


def _with_visit_days(
    frame: TherapyFrame,
    dosed: IntArray,
    nursing_keys: IntArray,
    d_owner: IntArray,
    d_day: IntArray,
    d_sched: npt.NDArray[np.bool_],
) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
    """Dose days plus the patient's nursing-visit dates inside each therapy's start..end."""
    local, v_day = dates_within(
        nursing_keys, frame.patient[dosed], frame.start[dosed], frame.end[dosed]
    )
    owner = np.concatenate([d_owner, dosed[local]])
    day = np.concatenate([d_day, v_day])
    scheduled = np.concatenate([d_sched, np.zeros(len(local), dtype=bool)])
    if len(owner) == 0:
        return owner, day, scheduled
    width = np.int64(1 << 24)
    keys, unique_at = sorted_unique(owner * width + day)  # a dose date first when both
    return keys // width, keys % width, scheduled[unique_at]


def _per_diem_block(frame: TherapyFrame, settings: CodingSettings, days: PerDiemDays) -> LineBlock:
    owner, first, last, scheduled_therapy = days
    priority = _priority(frame, settings)
    if settings.not_concurrent:
        removed, piece, first, last = not_concurrent(
            frame.patient[owner],
            first,
            last,
            frame.code[owner],
            frame.codes,
            settings.not_concurrent,
        )
        owner = owner[piece]
        x_owner, x_first, x_last = owner[removed], first[removed], last[removed]
        owner, first, last = owner[~removed], first[~removed], last[~removed]
    piece_of, p_first, p_last, level = rank_pieces(
        frame.patient[owner], first, last, priority[owner]
    )
    r_owner, r_first, r_last, r_level = merge_runs(owner[piece_of], p_first, p_last, level)
    bundled = None
    if settings.not_concurrent:
        r_owner, r_first, r_last, r_level, bundled = _with_removed(
            (r_owner, r_first, r_last, r_level), (x_owner, x_first, x_last)
        )
    m_of, m_first, m_last = split_by_month(r_first, r_last)
    units_milli = np.subtract(m_last, m_first)
    units_milli += 1
    units_milli *= 1000
    return LineBlock.build(
        "per_diem",
        r_owner,
        np.take(frame.code, r_owner),
        frame.codes,
        m_first,
        m_last,
        units_milli,
        level=r_level,
        ais=np.take(frame.ais, r_owner),
        recoded=np.take(frame.recoded, r_owner),
        scheduled=np.take(scheduled_therapy, r_owner),
        group=m_of,
        whole_units=True,
        bundled=bundled,
        modifier_59=settings.modifier_59,
    )


def _with_removed(
    ranked: tuple[IntArray, IntArray, IntArray, IntArray],
    removed: tuple[IntArray, IntArray, IntArray],
) -> tuple[IntArray, IntArray, IntArray, IntArray, npt.NDArray[np.bool_]]:
    """Runs of ranked days and of days a policy removed (no rank), grouped into runs together:
    (therapy, first, last, level, bundled), ordered by therapy then date."""
    r_owner, r_first, r_last, r_level = ranked
    x_owner, x_first, x_last = removed
    levels = np.int64(len(Level))
    owner = np.concatenate([r_owner, x_owner])
    first = np.concatenate([r_first, x_first])
    last = np.concatenate([r_last, x_last])
    key = np.concatenate([r_level, np.full(len(x_owner), levels, dtype=np.int64)])
    order = np.lexsort((first, owner))
    owner, first, last, key = merge_runs(owner[order], first[order], last[order], key[order])
    return owner, first, last, key % levels, key >= levels


def _infrequent_block(
    episodes: Episodes, frame: TherapyFrame, holds: tuple[IntArray, IntArray, IntArray]
) -> LineBlock:
    infrequent = np.flatnonzero(therapy_kinds(frame.interval_hours) == ADMINISTRATIONS)
    owner, day, scheduled = dose_days(episodes, frame, infrequent)
    on_hold = in_holds(owner, day, *holds)
    owner, day, scheduled = owner[~on_hold], day[~on_hold], scheduled[~on_hold]
    return LineBlock.build(
        "infrequent",
        owner,
        frame.code[owner],
        frame.codes,
        day,
        day,
        np.full(len(owner), 1000, dtype=np.int64),
        ais=frame.ais[owner],
        recoded=frame.recoded[owner],
        scheduled=scheduled,
        whole_units=True,
    )


def _nursing_block(nursing: pd.DataFrame) -> LineBlock:
    rows = np.arange(len(nursing), dtype=np.int64)
    day = dates_to_days(nursing["visit_date"].to_numpy()) if len(nursing) else rows
    extra_units = nursing_additional_hours(nursing["minutes"].to_numpy(dtype=np.int64))
    has_extra = np.flatnonzero(extra_units > 0)
    row = np.concatenate([rows, has_extra])
    order = np.argsort(row, kind="stable")
    row = row[order]
    code = np.concatenate([np.zeros(len(rows), np.int64), np.ones(len(has_extra), np.int64)])
    units = np.concatenate([np.ones(len(rows), np.int64), extra_units[has_extra]])
    return LineBlock.build(
        "nursing",
        row,
        code[order],
        ("99601", "99602"),
        day[row],
        day[row],
        units[order] * 1000,
        whole_units=True,
    )


def scaled_integers(values: object, places: int, missing: int) -> IntArray:
    """Exact Decimal values (or None) → integers scaled by 10**places (must already fit exactly).

    Distinct values are converted once (columns repeat a few amounts many times): Arrow converts
    them in C, exactly (it refuses values that would lose digits), and the unscaled integers are
    read from its decimal128 buffer.
    """
    import pandas as pd
    import pyarrow as pa

    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    array = pa.array(list(uniques), type=pa.decimal128(38, places))
    words = np.frombuffer(array.buffers()[1], dtype="<i8") if len(array) else np.zeros(0, "<i8")
    low, high = words[0::2], words[1::2]
    if not np.array_equal(high, np.where(low < 0, -1, 0)):
        raise OverflowError("a units or money value is too large")
    converted = np.append(low.astype(np.int64), np.int64(missing))
    return converted[np.where(codes < 0, len(uniques), codes)]


def _row_block(line_type: str, table: pd.DataFrame) -> LineBlock:
    """Drug and other lines: one claim line per input row, as given (spec §3 rule 7)."""
    import pandas as pd

    rows = np.arange(len(table), dtype=np.int64)
    code, uniques = pd.factorize(table["hcpcs"]) if len(table) else (rows, [])
    day = dates_to_days(table["service_date"].to_numpy()) if len(table) else rows
    units = scaled_integers(table["units"].to_numpy(dtype=object), 3, 0)
    billed = scaled_integers(table["billed_charge"].to_numpy(dtype=object), 2, NO_BILLED)
    return LineBlock.build(
        line_type,
        rows,
        np.asarray(code, dtype=np.int64),
        tuple(str(c) for c in uniques),
        day,
        day,
        units,
        billed_cents=billed,
    )


@dataclass(frozen=True)
class PreparedEpisodes:
    """The contract-independent part of coding, computed once for every scenario.

    What only the payer policies need is computed on first use (a contract without them pays
    nothing for it): :attr:`nursing_keys`, :attr:`nursing_ais`, :attr:`other_patient`.
    """

    episodes: Episodes
    frame: TherapyFrame
    holds: tuple[IntArray, IntArray, IntArray]
    static_blocks: dict[str, LineBlock]

    @cached_property
    def _nursing_patient(self) -> IntArray:
        return _patient_codes(self.episodes.therapies, self.episodes.nursing["patient_id"])

    @cached_property
    def nursing_keys(self) -> IntArray:
        """The (patient, visit date) points of the nursing table (service days, C10; see
        :func:`~infusionkit.coding.policies.day_keys`; patients coded as in :attr:`frame`)."""
        nursing = self.episodes.nursing
        patient = self._nursing_patient
        day = dates_to_days(nursing["visit_date"].to_numpy()) if len(nursing) else patient
        return day_keys(patient, day)

    @cached_property
    def nursing_ais(self) -> npt.NDArray[np.bool_]:
        """Per nursing row: was the visit at site ais (C14)?"""
        return (self.episodes.nursing["site"] == "ais").fillna(False).to_numpy(dtype=bool)

    @cached_property
    def other_patient(self) -> IntArray:
        """Per other row: the patient of its episode, -1 when unknown (bundled codes, C11)."""
        episodes = self.episodes
        return _episode_patients(
            [
                (episodes.therapies["episode_id"], self.frame.patient),
                (episodes.nursing["episode_id"], self._nursing_patient),
            ],
            episodes.other["episode_id"],
        )


def _patient_codes(therapies: pd.DataFrame, patient_ids: pd.Series) -> IntArray:
    """Patient ids → the therapy frame's patient codes (-1 for a patient without therapies)."""
    import pandas as pd

    known = pd.Index(pd.unique(therapies["patient_id"]))
    return np.asarray(known.get_indexer(patient_ids), dtype=np.int64)


def _episode_patients(tables: list[tuple[pd.Series, IntArray]], episode_ids: pd.Series) -> IntArray:
    """Per episode id: the patient of its first row in the first table that has it, else -1.

    ``tables`` pairs an episode_id column with the patient codes of its rows.
    """
    import pandas as pd

    result = np.full(len(episode_ids), -1, dtype=np.int64)
    for episodes, patients in tables:
        first = ~episodes.duplicated().to_numpy(dtype=bool)
        position = pd.Index(episodes[first]).get_indexer(episode_ids)
        found = (result < 0) & (position >= 0)
        result[found] = patients[first][position[found]]
    return result


def prepare_episodes(episodes: Episodes) -> PreparedEpisodes:
    """Therapy arrays, holds, infrequent, nursing, drug and other lines: none depend on the
    contract (only per diem days do: day count, primary policy; and, under payer policies,
    the flags of nursing and other lines)."""
    frame = therapy_frame(episodes.therapies)
    holds = therapy_holds(episodes, frame)
    return PreparedEpisodes(
        episodes=episodes,
        frame=frame,
        holds=holds,
        static_blocks={
            name: tag_block(block)
            for name, block in (
                ("infrequent", _infrequent_block(episodes, frame, holds)),
                ("nursing", _nursing_block(episodes.nursing)),
                ("drug", _row_block("drug", episodes.drugs)),
                ("other", _row_block("other", episodes.other)),
            )
        },
    )


def _bundle_other(
    prepared: PreparedEpisodes, days: PerDiemDays, codes: tuple[str, ...]
) -> LineBlock:
    """The other lines, with ``bundled`` set on lines of ``codes`` on a per diem day of the
    patient (any therapy's coded day after holds; days not_concurrent removes still count)."""
    block = prepared.static_blocks["other"]
    listed = np.isin(np.array(block.codes, dtype=object), np.array(codes, dtype=object))
    candidate = listed[block.code] if len(block) else np.zeros(0, dtype=bool)
    patient = np.where(candidate, prepared.other_patient[block.row], -1)
    owner, first, last, _ = days
    frame = prepared.frame
    hit = on_per_diem_days(patient, block.first, frame.patient[owner], first, last)
    return dataclasses.replace(block, group_bundled=hit)  # other lines: one group per line


def _suite_nursing(prepared: PreparedEpisodes) -> LineBlock:
    """The nursing lines with ``ais`` set for visits at site ais (they carry SS)."""
    block = prepared.static_blocks["nursing"]
    return dataclasses.replace(block, group_ais=prepared.nursing_ais[block.group_row])


_NO_KEYS = np.zeros(0, dtype=np.int64)


def code_episodes(
    episodes: Episodes | PreparedEpisodes, settings: CodingSettings | None = None
) -> CodedLines:
    """Apply the NHIA coding rules (and the contract's payer policies) to every table."""
    settings = settings or CodingSettings()
    prepared = episodes if isinstance(episodes, PreparedEpisodes) else prepare_episodes(episodes)
    source, frame, holds = prepared.episodes, prepared.frame, prepared.holds
    visits = prepared.nursing_keys if settings.day_count == "service_days" else _NO_KEYS
    days = _per_diem_days(source, frame, settings, holds, visits)
    per_diem = tag_block(_per_diem_block(frame, settings, days), settings)
    blocks = {"per_diem": per_diem, **prepared.static_blocks}
    if settings.bundled_codes:
        blocks["other"] = tag_block(_bundle_other(prepared, days, settings.bundled_codes), settings)
    if settings.nursing_suite:
        blocks["nursing"] = tag_block(_suite_nursing(prepared), settings)
    return CodedLines(blocks=blocks)


__all__ = [
    "CodingSettings",
    "PreparedEpisodes",
    "code_episodes",
    "prepare_episodes",
    "therapy_frame",
]
