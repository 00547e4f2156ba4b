"""Shared plumbing of the public functions: sources, dates, markers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from infusionkit.errors import input_error

from ._ooxml.ids import max_id
from ._ooxml.marks import Marker, xml_char_ok
from ._ooxml.package import Package, read_package

Source = Path | str | bytes
DEFAULT_AUTHOR = "infusionkit"


def format_date(date: datetime | None) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` in UTC (naive datetimes are taken as UTC; ``None`` is now)."""
    if date is None:
        date = datetime.now(UTC)
    elif date.tzinfo is not None:
        date = date.astimezone(UTC)
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


def open_package(source: Source | Package, name: str | None = None) -> Package:
    """A fresh :class:`Package` for ``source``."""
    if isinstance(source, Package):
        return source
    return read_package(source, name)


def marker_for(package: Package, author: str, date: datetime | None) -> Marker:
    """A marker whose ids start above every ``w:id`` already in ``package``.

    An author holding control characters (which XML cannot carry) is an input error.
    """
    bad = sorted({f"U+{ord(c):04X}" for c in author or "" if not xml_char_ok(c) or c in "\t\n\r"})
    if bad:
        raise input_error(
            "--author",
            f"author name contains control characters ({', '.join(bad)})",
            allowed="printable text",
        )
    return Marker(author or DEFAULT_AUTHOR, format_date(date), max_id(package) + 1)
