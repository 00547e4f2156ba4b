"""Keyed pseudonyms (moved to :mod:`infusionkit.pseudonym`, a base module episodes also use)."""

from __future__ import annotations

from infusionkit.pseudonym import (
    KEY_ENV,
    default_key_file,
    pseudonym,
    pseudonym_key,
    pseudonymize,
)

__all__ = ["KEY_ENV", "default_key_file", "pseudonym", "pseudonym_key", "pseudonymize"]
