"""Display labels: scenarios (the short form of each contract's ``name:``, spec §6) and the unit
each rate is paid per (per day, per administration, per visit …: :func:`unit_of`, defined with
the contract sections and shared with the fee sheets).

Names of contracts compared side by side usually share most words ("Acme commercial home
infusion agreement (current, illustrative)" / "… (provider proposal, illustrative)"); the short
form keeps the words that tell them apart ("Current", "Provider proposal").
"""

from __future__ import annotations

from collections.abc import Sequence

from infusionkit.contracts.sections import unit_of

MAX_LABEL = 40
_PUNCTUATION = "()[],;:-\u2013\u2014 "


def _tidy(words: Sequence[str]) -> str:
    text = " ".join(words).strip(_PUNCTUATION)
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    return text[:1].upper() + text[1:]


def _capped(text: str) -> str:
    """At most :data:`MAX_LABEL` characters: a trailing parenthetical dropped, else cut."""
    if len(text) <= MAX_LABEL:
        return text
    if text.endswith(")") and "(" in text:
        head = text[: text.rindex("(")].strip()
        if head and len(head) <= MAX_LABEL:
            return head
    cut = text[: MAX_LABEL - 1].rsplit(" ", 1)[0].rstrip(_PUNCTUATION)
    return f"{cut}\u2026"


def short_forms(names: Sequence[str]) -> list[str]:
    """Short forms of contract names: the words they share at the start and end removed (when
    something is left of each), then capped in length; every result non-empty."""
    split = [name.split() for name in names]
    if len(split) >= 2 and all(split):
        head = 0
        while all(len(w) > head for w in split) and len({w[head] for w in split}) == 1:
            head += 1
        tail = 0
        while (
            all(len(w) > head + tail for w in split)
            and len({w[len(w) - 1 - tail] for w in split}) == 1
        ):
            tail += 1
        cores = [_tidy(w[head : len(w) - tail]) for w in split]
        if all(cores) and len(set(cores)) == len(cores):
            return [_capped(c) for c in cores]
    return [_capped(name.strip()) or name for name in names]


def unique(labels: Sequence[str]) -> list[str]:
    """Labels made unique by a counter: ``A``, ``A (2)``."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


def scenario_labels(
    explicit: Sequence[str | None], names: Sequence[str | None], fallbacks: Sequence[str]
) -> list[str]:
    """Per scenario: its explicit LABEL, else the short form of its contract ``name:`` (shared
    words of the unlabelled names removed), else its fallback (the file stem)."""
    named = [i for i, (label, name) in enumerate(zip(explicit, names, strict=True))
             if label is None and name]  # fmt: skip
    shorts = dict(zip(named, short_forms([str(names[i]) for i in named]), strict=True))
    labels = [
        label if label is not None else shorts.get(i, fallbacks[i])
        for i, label in enumerate(explicit)
    ]
    return unique(labels)


__all__ = ["MAX_LABEL", "scenario_labels", "short_forms", "unique", "unit_of"]
