"""Rendering the page: one self-contained HTML file from autoescaped Jinja2 templates."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from packaging.version import InvalidVersion, Version

from conformance.report.changes import ChangeLog
from conformance.report.claims import ClaimTable
from conformance.report.compat import CompatTable
from conformance.report.details import CellDetails
from conformance.report.history import Chart
from conformance.report.matrix import Matrix
from conformance.report.upcoming import UpcomingChanges
from conformance.runs import DISTINCT_RULE, Counts, Run, total_counts

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class PageData:
    """Everything the page shows, already computed."""

    runs: list[Run]
    superseded: list[Run]
    sources: list[str]
    matrix: Matrix
    sections: list[CellDetails]
    claims: ClaimTable
    changes: ChangeLog | None
    changes_path: str
    upcoming: UpcomingChanges | None
    upcoming_path: str
    compat: CompatTable | None
    compat_path: str
    history: list[dict[str, Any]]
    chart: Chart
    board_summary: str
    board_available: bool

    @property
    def distinct_rule(self) -> str:
        """How programs are counted apart from rows."""
        return DISTINCT_RULE[:1].upper() + DISTINCT_RULE[1:]

    @property
    def totals(self) -> Counts:
        """The shown runs' distinct programs and rows added up."""
        return total_counts(run.distinct_totals for run in self.runs)


def percent(value: float | None) -> str:
    """A rate between 0 and 1 as a percentage, or an em dash."""
    return "—" if value is None else f"{100 * value:.1f}%"


def count_or_dash(value: Any) -> str:
    """A count as a history row holds it, or an em dash when the row does not record it."""
    return str(value) if isinstance(value, int) else "—"


def duration(seconds: float | None) -> str:
    """Seconds as a short human duration."""
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{1000 * float(seconds):.0f} ms"
    minutes, secs = divmod(float(seconds), 60)
    return f"{int(minutes)} min {secs:.1f} s" if minutes else f"{secs:.1f} s"


def tf_label(version: str) -> str:
    """A recorded TF version as the page names it: `TF 2.21.0`, or `tf-nightly 2.23.0.dev20261026` for a nightly
    (a pre-release) build."""
    try:
        nightly = Version(version).is_prerelease
    except InvalidVersion:
        nightly = False
    return f"tf-nightly {version}" if nightly else f"TF {version}"


def plural(count: int, noun: str) -> str:
    """A count with its noun, plural unless the count is one: 1 program, 3 programs."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def environment() -> Environment:
    """The Jinja2 environment: templates of this package, autoescape on, undefined names fail."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["percent"] = percent
    env.filters["duration"] = duration
    env.filters["count_or_dash"] = count_or_dash
    env.filters["plural"] = plural
    env.filters["tf_label"] = tf_label
    return env


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script and no other."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def render_page(data: PageData) -> str:
    """The page's HTML; its one inline script is allowed by hash, so injected scripts could not run."""
    env = environment()
    script = env.get_template("script.js.j2").render()
    page = env.get_template("page.html.j2")
    return page.render(page=data, script=Markup(script), script_hash=script_hash(script))
