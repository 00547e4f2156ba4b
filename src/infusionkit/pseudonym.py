"""Keyed pseudonyms for patient identifiers (PHI never leaves as the raw id unless asked).

The key is ``$INFUSIONKIT_PSEUDONYM_KEY`` when set, else a per-user key file made on first use.
A key anyone could guess (empty, whitespace, shorter than :data:`MIN_KEY_CHARS`) or a key file that
is not text is refused as an input error: pseudonyms made with it could be recomputed by anyone.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from infusionkit.errors import InputError, InputErrors

KEY_ENV = "INFUSIONKIT_PSEUDONYM_KEY"
MIN_KEY_CHARS = 8
_ALLOWED = (
    f"at least {MIN_KEY_CHARS} characters of secret text "
    "(delete the key file to have a new random key made)"
)


def default_key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "infusionkit" / "pseudonym.key"


def _checked(text: str, where: str, *, strip: bool) -> bytes:
    key = text.strip()
    if not key:
        raise InputErrors(
            [InputError(file=where, message="pseudonym key is empty", allowed=_ALLOWED)]
        )
    if len(key) < MIN_KEY_CHARS:
        raise InputErrors(
            [
                InputError(
                    file=where,
                    message=f"pseudonym key is too short ({len(key)} characters)",
                    allowed=_ALLOWED,
                )
            ]
        )
    return (key if strip else text).encode("utf-8")


def pseudonym_key() -> bytes:
    """``$INFUSIONKIT_PSEUDONYM_KEY``, else a per-user key file made on first use (mode 0600).

    Raises :class:`InputErrors` for an empty, whitespace-only, short or undecodable key.
    """
    if KEY_ENV in os.environ:
        return _checked(os.environ[KEY_ENV], f"${KEY_ENV}", strip=False)
    path = default_key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise InputErrors(
            [InputError(file=str(path), message="pseudonym key file is not text", allowed=_ALLOWED)]
        ) from None
    if "\x00" in text:
        raise InputErrors(
            [InputError(file=str(path), message="pseudonym key file is not text", allowed=_ALLOWED)]
        )
    return _checked(text, str(path), strip=True)


def pseudonymize(patient_ids: Iterable[str], key: bytes) -> list[str]:
    """Stable keyed pseudonyms: ``PT-`` + 12 hex digits of keyed BLAKE2b(id).

    Keyed BLAKE2b is a MAC (like HMAC) and fast in C; without the key the pseudonym cannot be
    linked back to the patient id.
    """
    mac_key = hashlib.sha256(key).digest()
    return [
        "PT-" + hashlib.blake2b(pid.encode("utf-8"), key=mac_key, digest_size=6).hexdigest()
        for pid in patient_ids
    ]


def pseudonym(patient_id: str, key: bytes | None = None) -> str:
    """The keyed pseudonym of one patient id (key: :func:`pseudonym_key` unless given)."""
    return pseudonymize([patient_id], key or pseudonym_key())[0]
