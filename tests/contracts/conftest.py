"""Shared fixtures: the repository's sample contracts."""

from __future__ import annotations

from pathlib import Path

import pytest

RATE_MODELS = Path(__file__).resolve().parents[2] / "rate_models"


@pytest.fixture
def rate_models() -> Path:
    return RATE_MODELS
