"""LibreOffice, the second judge: accept all = REVISED, reject all = ORIGINAL as it reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from infusionkit.redline import redline

from .conftest import Judge
from .corpus import pair


@pytest.mark.parametrize("seed", [2, 5])
def test_generated_contracts_round_trip(libreoffice: Judge, seed: int) -> None:
    a, b = pair(seed, paragraphs=40, rate=0.25)
    libreoffice.assert_round_trip(a, b, redline(a, b).docx_bytes)


def test_exhibit_a_round_trips(libreoffice: Judge, proposal: Path) -> None:
    a = (proposal / "current.docx").read_bytes()
    b = (proposal / "proposed.docx").read_bytes()
    libreoffice.assert_round_trip(a, b, (proposal / "redline.docx").read_bytes())
