"""History across runs: one summary row per run in reports/history.jsonl, and a pass-rate chart per version.

A run is identified by (run_id, started): the plugin reuses a run_id such as `tf-2.21.0-ci-seed0` across runs,
so rows carry `started` besides the keys docs/formats.md lists.

`programs`, `diverge`, `broken` and `pass_rate` count rows (every example); the `distinct_*` keys count distinct
programs (conformance.runs.distinct_counts). Rows written before distinct programs were counted lack them: they
load, show "–" for them, and chart their rows' pass rate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.files import read_jsonl, write_atomically
from conformance.report.loading import ReportInputError
from conformance.runs import Run, version_key

#: the keys of a history row counting distinct programs (absent from rows written before they were counted)
DISTINCT_KEYS = ("distinct_programs", "distinct_diverge", "distinct_broken", "distinct_xfail", "distinct_pass_rate")
HISTORY_KEYS = ("run_id", "tf_version", "started", "finished", "programs", "diverge", "broken", "pass_rate", "status",
                *DISTINCT_KEYS)
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")
CHART_WIDTH, CHART_HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 36
MAX_X_LABELS = 6


def rounded_rate(rate: float | None) -> float | None:
    """A pass rate as history stores it."""
    return round(rate, 6) if rate is not None else None


def summary_row(run: Run) -> dict[str, Any]:
    """The history row summarising one run: its rows and its distinct programs."""
    totals, distinct = run.totals, run.distinct_totals
    return {
        "run_id": run.run_id,
        "tf_version": run.tf_version,
        "started": run.started,
        "finished": run.finished,
        "programs": totals["programs"],
        "diverge": totals["diverge"],
        "broken": totals["broken"],
        "pass_rate": rounded_rate(run.pass_rate),
        "status": run.status,
        "distinct_programs": distinct["programs"],
        "distinct_diverge": distinct["diverge"],
        "distinct_broken": distinct["broken"],
        "distinct_xfail": distinct["xfail"],
        "distinct_pass_rate": rounded_rate(run.distinct_pass_rate),
    }


def has_distinct(row: dict[str, Any]) -> bool:
    """Whether a history row counts distinct programs (rows written before they were counted do not)."""
    return isinstance(row.get("distinct_programs"), int)


def charted_rate(row: dict[str, Any]) -> float | None:
    """The pass rate a run is charted at: of its distinct programs, else (an older row) of its rows."""
    rate = row.get("distinct_pass_rate") if has_distinct(row) else row.get("pass_rate")
    return float(rate) if isinstance(rate, int | float) else None


def read_history(path: Path) -> list[dict[str, Any]]:
    """The rows of a history file (none if it does not exist; a torn last line dropped); a bad row names the file
    and line."""
    if not path.exists():
        return []
    rows = read_jsonl(path).numbered
    for line, row in rows:
        if not isinstance(row.get("run_id"), str) or not isinstance(row.get("tf_version"), str):
            raise ReportInputError(path, "invalid history row (needs run_id and tf_version strings)", line)
    return [row for _, row in rows]


def run_key(row: dict[str, Any]) -> tuple[str, str]:
    """What identifies a run in history: its id and start time."""
    return row["run_id"], str(row.get("started") or "")


def latest_per_run(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The last history row of each run."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        latest[run_key(row)] = row
    return latest


def new_rows(history: list[dict[str, Any]], runs: list[Run]) -> list[dict[str, Any]]:
    """Summaries of runs that history lacks or records differently (an incomplete run that has since ended)."""
    known = latest_per_run(history)
    return [row for row in map(summary_row, runs) if known.get(run_key(row)) != row]


def update_history(path: Path, runs: list[Run]) -> list[dict[str, Any]]:
    """Add the new summaries to the history file (rewritten atomically, so a torn line from a killed writer never
    ends up inside it); return the latest row of every run ever recorded."""
    history = read_history(path)
    added = new_rows(history, runs)
    if added:
        write_atomically(path, "".join(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n"
                                       for row in history + added))
    latest = latest_per_run(history + added)
    return sorted(latest.values(), key=lambda r: (str(r.get("finished") or ""), r["run_id"]))


@dataclass(frozen=True)
class ChartPoint:
    """One run on the chart: position and tooltip."""

    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Series:
    """One TF version's runs over time."""

    version: str
    colour: str
    points: list[ChartPoint]

    @property
    def polyline(self) -> str:
        """The series as SVG polyline points."""
        return " ".join(f"{p.x:g},{p.y:g}" for p in self.points)


@dataclass(frozen=True)
class Chart:
    """The pass-rate chart: size, series, and the axis labels."""

    width: int
    height: int
    series: list[Series]
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str, str]]
    left: int
    right: int
    top: int
    bottom: int


def x_positions(times: list[str]) -> dict[str, float]:
    """Spread the distinct finish times evenly across the plot, in order."""
    distinct = sorted(set(times))
    span = CHART_WIDTH - LEFT - RIGHT
    if len(distinct) == 1:
        return {distinct[0]: LEFT + span / 2}
    return {t: round(LEFT + span * i / (len(distinct) - 1), 1) for i, t in enumerate(distinct)}


def y_position(rate: float) -> float:
    """The vertical position of a pass rate between 0 and 1."""
    return round(TOP + (CHART_HEIGHT - TOP - BOTTOM) * (1 - rate), 1)


def point_title(row: dict[str, Any]) -> str:
    """The tooltip of one run on the chart (charted_rate: distinct programs, else rows)."""
    if has_distinct(row):
        counts = (f"{row['distinct_pass_rate'] * 100:.1f}% of distinct programs pass ({row['distinct_programs']} "
                  f"programs in {row.get('programs')} rows, {row.get('distinct_diverge')} diverge, "
                  f"{row.get('distinct_broken')} broken)")
    else:
        counts = (f"{100 * row['pass_rate']:.1f}% of rows pass ({row.get('programs')} rows, {row.get('diverge')} "
                  f"diverge, {row.get('broken')} broken; distinct programs not recorded)")
    return f"TF {row['tf_version']} · {row.get('finished') or '?'} · {counts} · {row['run_id']}"


def label_anchor(index: int, count: int) -> str:
    """SVG text-anchor keeping the first and last labels inside the chart."""
    if count == 1:
        return "middle"
    return "start" if index == 0 else "end" if index == count - 1 else "middle"


def x_labels(positions: dict[str, float]) -> list[tuple[float, str, str]]:
    """A few dates under the x axis (position, text, anchor), first and last always included."""
    times = sorted(positions)
    if not times:
        return []
    step = max(1, -(-len(times) // MAX_X_LABELS))
    picked = times[::step]
    if picked[-1] != times[-1]:
        picked.append(times[-1])
    return [(positions[t], t[:16].replace("T", " "), label_anchor(i, len(picked))) for i, t in enumerate(picked)]


def build_chart(rows: list[dict[str, Any]]) -> Chart:
    """Pass rate (charted_rate) per TF version over time; runs without programs (broken) are left out."""
    charted = [r for r in rows if charted_rate(r) is not None]
    positions = x_positions([str(r.get("finished") or "") for r in charted]) if charted else {}
    versions = sorted({r["tf_version"] for r in charted}, key=version_key)
    series = [
        Series(
            version,
            PALETTE[i % len(PALETTE)],
            [
                ChartPoint(positions[str(r.get("finished") or "")], y_position(charted_rate(r) or 0.0),
                           point_title(r))
                for r in charted
                if r["tf_version"] == version
            ],
        )
        for i, version in enumerate(versions)
    ]
    ticks = [(y_position(q / 4), f"{25 * q}%") for q in range(5)]
    return Chart(CHART_WIDTH, CHART_HEIGHT, series, ticks, x_labels(positions), LEFT, RIGHT, TOP, BOTTOM)
