"""National Drug Codes: validated and normalised to the 11-digit billing form (5-4-2).

Claims carry the 11-digit form. A labeler prints 10 digits in one of three hyphenated shapes; each
is padded with one zero in its short segment: ``4-4-2`` → ``0``+labeler, ``5-3-2`` → ``0``+product,
``5-4-1`` → ``0``+package. Ten digits without hyphens are ambiguous (which segment is short?) and an
NDC that lost its leading zeros (a spreadsheet read it as a number) is refused with the fix, never
guessed: a wrong NDC would silently fall back to the HCPCS price.
"""

from __future__ import annotations

import re

__all__ = ["NdcError", "normalize_ndc"]

_HYPHENATED = re.compile(r"^(\d{1,6})-(\d{1,6})-(\d{1,6})$")
_SHAPES = {(5, 4, 2): (0, 0, 0), (4, 4, 2): (1, 0, 0), (5, 3, 2): (0, 1, 0), (5, 4, 1): (0, 0, 1)}
_NUMERIC = re.compile(r"^(\d{1,11})(\.0+)?$")
ALLOWED = "11 digits (5-4-2), or hyphenated 4-4-2, 5-3-2, 5-4-1 or 5-4-2"


class NdcError(ValueError):
    """Text that is not an NDC; the message says what is wrong and how to fix it."""


def normalize_ndc(text: str) -> str:
    """The 11-digit NDC of ``text`` (spaces ignored); raises :class:`NdcError` when it is not one.

    >>> normalize_ndc("0409-6532-01")
    '00409653201'
    """
    value = "".join(str(text).split())
    match = _HYPHENATED.match(value)
    if match:
        parts = match.groups()
        pad = _SHAPES.get((len(parts[0]), len(parts[1]), len(parts[2])))
        if pad is None:
            raise NdcError(f"NDC {value!r} has segments of {'-'.join(str(len(p)) for p in parts)}")
        return "".join("0" * extra + part for extra, part in zip(pad, parts, strict=True))
    if value.isdigit() and len(value) == 11:
        return value
    if value.isdigit() and len(value) == 10:
        raise NdcError(
            f"NDC {value!r} has 10 digits without hyphens: the short segment is ambiguous "
            "(write it hyphenated, e.g. 0409-6532-01, or as 11 digits)"
        )
    numeric = _NUMERIC.match(value)
    if numeric:
        padded = numeric.group(1).rjust(11, "0")
        raise NdcError(
            f"NDC {value!r} has lost its leading zeros (a spreadsheet read it as a number); "
            f"if it is {padded}, write it as text"
        )
    raise NdcError(f"{value!r} is not an NDC")
