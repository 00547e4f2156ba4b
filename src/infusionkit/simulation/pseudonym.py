"""Keyed pseudonyms for patient identifiers (PHI never leaves as the raw id unless asked)."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

KEY_ENV = "INFUSIONKIT_PSEUDONYM_KEY"


def default_key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "infusionkit" / "pseudonym.key"


def pseudonym_key() -> bytes:
    """``$INFUSIONKIT_PSEUDONYM_KEY``, else a per-user key file made on first use (mode 0600)."""
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env.encode("utf-8")
    path = default_key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode("utf-8")


def pseudonymize(patient_ids: list[str], key: bytes) -> list[str]:
    """Stable keyed pseudonyms: ``PT-`` + 12 hex digits of keyed BLAKE2b(id).

    Keyed BLAKE2b is a MAC (like HMAC) and fast in C; without the key the pseudonym cannot be
    linked back to the patient id.
    """
    mac_key = hashlib.sha256(key).digest()
    return [
        "PT-" + hashlib.blake2b(pid.encode("utf-8"), key=mac_key, digest_size=6).hexdigest()
        for pid in patient_ids
    ]
