"""The matrix summary: the last run of each version's results file, as a versions × families table."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tabulate import tabulate

Row = dict[str, Any]
Counts = dict[str, dict[str, int]]


@dataclass
class RunView:
    """One run read back from a results file: its start, end (if any) and program rows."""

    start: Row
    end: Row | None = None
    programs: list[Row] = field(default_factory=list)

    @property
    def status(self) -> str:
        """complete / broken from run_end, or incomplete when there is none."""
        return self.end.get("status", "broken") if self.end else "incomplete"

    @property
    def reason(self) -> str | None:
        """Why the run is broken, from run_end."""
        return self.end.get("reason") if self.end else None


def read_rows(path: Path) -> list[Row]:
    """The JSON rows of a results file; a torn last line is skipped."""
    rows: list[Row] = []
    try:
        data = path.read_bytes()
    except OSError:
        return rows
    for line in data.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows


def last_run(rows: Iterable[Row]) -> RunView | None:
    """The last run_start in the rows with its run_end and program rows (matched by run_id)."""
    rows = list(rows)
    starts = [i for i, row in enumerate(rows) if row.get("kind") == "run_start"]
    if not starts:
        return None
    run = RunView(start=rows[starts[-1]])
    run_id = run.start.get("run_id")
    for row in rows[starts[-1] + 1 :]:
        if row.get("run_id") != run_id:
            continue
        if row.get("kind") == "program":
            run.programs.append(row)
        elif row.get("kind") == "run_end":
            run.end = row
    return run


def counts_from_programs(programs: Iterable[Row]) -> Counts:
    """Per-family programs/diverge/broken counts computed from program rows."""
    counts: Counts = {}
    for row in programs:
        family = counts.setdefault(str(row.get("family")), {"programs": 0, "diverge": 0, "broken": 0})
        family["programs"] += 1
        if row.get("status") in ("diverge", "broken"):
            family[row["status"]] += 1
    return counts


def run_counts(run: RunView) -> Counts:
    """The run's per-family counts: run_end's when it has them, else counted from program rows."""
    if run.end and run.end.get("counts"):
        return run.end["counts"]
    return counts_from_programs(run.programs)


def cell(counts: dict[str, int] | None) -> str:
    """One table cell: passed/programs, with divergences and broken programs spelled out."""
    if not counts:
        return "-"
    programs, diverge, broken = counts.get("programs", 0), counts.get("diverge", 0), counts.get("broken", 0)
    text = f"{programs - diverge - broken}/{programs}"
    extras = [f"{n} {what}" for n, what in ((diverge, "diverge"), (broken, "broken")) if n]
    return f"{text} ({', '.join(extras)})" if extras else text


def families_of(runs: Iterable[RunView | None]) -> list[str]:
    """Every family seen in any run, sorted."""
    names: set[str] = set()
    for run in runs:
        if run is not None:
            names.update(run_counts(run))
    return sorted(names)


def summary_rows(entries: Sequence[tuple[str, RunView | None]], families: Sequence[str]) -> list[list[str]]:
    """Table rows: version, status, one cell per family."""
    table = []
    for label, run in entries:
        if run is None:
            table.append([label, "no results", *["-"] * len(families)])
        elif run.status == "broken" and not run.programs and not (run.end or {}).get("counts"):
            table.append([label, "broken", *["broken"] * len(families)])
        else:
            counts = run_counts(run)
            table.append([label, run.status, *[cell(counts.get(f)) for f in families]])
    return table


def reasons(entries: Sequence[tuple[str, RunView | None]]) -> list[str]:
    """One line per run that is not complete, saying why."""
    lines = []
    for label, run in entries:
        if run is None:
            lines.append(f"{label}: no results file")
        elif run.status != "complete":
            lines.append(f"{label}: {run.status}: {run.reason or 'no run_end row (killed?)'}")
    return lines


def summary_table(entries: Sequence[tuple[str, Path]]) -> str:
    """The versions × families table for (label, results file) pairs, followed by why runs are not complete."""
    views = [(label, last_run(read_rows(path))) for label, path in entries]
    families = families_of(run for _, run in views)
    text = tabulate(summary_rows(views, families), headers=["TF", "run", *families], tablefmt="simple")
    notes = reasons(views)
    return text + ("\n\n" + "\n".join(notes) if notes else "")
