"""The HTML conformance report: `python -m conformance.report` builds reports/index.html from result rows."""

from conformance.report.build import Built, build_report
from conformance.report.loading import ReportInputError

__all__ = ["Built", "ReportInputError", "build_report"]
