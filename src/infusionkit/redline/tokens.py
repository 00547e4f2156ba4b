"""Word-level tokens: words, whitespace runs and single punctuation characters."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into tokens whose concatenation is ``text``."""
    return _TOKEN.findall(text)


def offsets(tokens: list[str]) -> list[int]:
    """Start offset of each token plus the total length at the end."""
    out = [0]
    for tok in tokens:
        out.append(out[-1] + len(tok))
    return out
