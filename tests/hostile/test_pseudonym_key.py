"""Pseudonym keys anyone could recompute (empty, whitespace, short) or that are not text: exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import builders
from .harness import Case, Run, problems_of

KLASS = "pseudonym_key"
ENV = "INFUSIONKIT_PSEUDONYM_KEY"


def _env_key(value: str) -> object:
    def build(tmp: Path) -> Run:
        return Run(
            builders.simulate_args(tmp),
            env={ENV: value},
            mentions=(f"${ENV}", "pseudonym key"),
            secrets=builders.PATIENTS,
        )

    return build


def _key_file(data: bytes) -> object:
    def build(tmp: Path) -> Run:
        config = tmp / "config"
        (config / "infusionkit").mkdir(parents=True)
        (config / "infusionkit" / "pseudonym.key").write_bytes(data)
        return Run(
            builders.simulate_args(tmp),
            env={ENV: None, "XDG_CONFIG_HOME": str(config)},
            mentions=("pseudonym.key", "pseudonym key"),
            secrets=builders.PATIENTS,
        )

    return build


CASES = [
    Case(KLASS, "env var empty", _env_key("")),  # type: ignore[arg-type]
    Case(KLASS, "env var whitespace", _env_key(" \t \n")),  # type: ignore[arg-type]
    Case(KLASS, "env var too short", _env_key("abc")),  # type: ignore[arg-type]
    Case(KLASS, "key file empty", _key_file(b"")),  # type: ignore[arg-type]
    Case(KLASS, "key file whitespace", _key_file(b"  \n\t\n")),  # type: ignore[arg-type]
    Case(KLASS, "key file short", _key_file(b"secret\n")),  # type: ignore[arg-type]
    Case(KLASS, "key file binary", _key_file(b"\xff\xfe\x00\x01\x80" * 8)),  # type: ignore[arg-type]
    Case(KLASS, "key file NUL bytes", _key_file(b"abcdefgh\x00ijklmnop")),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refused(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


def test_good_key_file_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from infusionkit.pseudonym import pseudonym_key

    monkeypatch.delenv(ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "infusionkit").mkdir()
    (tmp_path / "infusionkit" / "pseudonym.key").write_text("  a-long-enough-secret \n")
    assert pseudonym_key() == b"a-long-enough-secret"
