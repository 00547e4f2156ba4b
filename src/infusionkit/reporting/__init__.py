"""Rate-comparison reports: one report model (built once), rendered to Word, HTML and PDF."""

from infusionkit.reporting.build import build_report
from infusionkit.reporting.model import Report
from infusionkit.reporting.write import FORMATS, make_report, write_report

__all__ = ["FORMATS", "Report", "build_report", "make_report", "write_report"]
