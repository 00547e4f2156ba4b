"""The report as PDF: WeasyPrint from the HTML (print CSS: Letter, running header, page N of M)."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path


def render_pdf(html: str, path: Path) -> None:
    """Write the PDF of ``html`` (self-contained: no external resources are fetched)."""
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)

    def no_fetch(url: str, *_args: object, **_kwargs: object) -> dict[str, object]:
        raise ValueError(f"external resource refused: {url}")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from weasyprint import HTML

        HTML(string=html, url_fetcher=no_fetch).write_pdf(path)
