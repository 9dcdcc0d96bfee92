"""Runs: result rows grouped by run_id, with status, timing and the latest run of each TF version."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from conformance.report.loading import LoadedFile, ReportInputError, Row


@dataclass
class Run:
    """One run of the suite on one TF version: its start, program and claim rows, and end if it ended."""

    start: dict[str, Any]
    source: str
    order: int
    programs: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    end: dict[str, Any] | None = None
    truncated_tail: bool = False

    @property
    def run_id(self) -> str:
        """The run's id."""
        return str(self.start["run_id"])

    @property
    def tf_version(self) -> str:
        """The TF version the run tested."""
        return str(self.start["tf_version"])

    @property
    def status(self) -> str:
        """complete, broken (could not run) or incomplete (no run_end: killed)."""
        return str(self.end["status"]) if self.end else "incomplete"

    @property
    def reason(self) -> str | None:
        """Why the run is broken, if it says."""
        return self.end.get("reason") if self.end else None

    @property
    def duration_s(self) -> float:
        """The run's duration: from run_end, or the sum of its programs' durations if it never ended."""
        if self.end and isinstance(self.end.get("duration_s"), int | float):
            return float(self.end["duration_s"])
        return float(sum(p.get("duration_s") or 0 for p in self.programs))

    @property
    def started(self) -> str:
        """The run's start time as written, or an empty string."""
        return str(self.start.get("started") or "")

    @property
    def finished(self) -> str:
        """When the run finished: start plus duration, ISO 8601 UTC; the start if that cannot be parsed."""
        began = parse_time(self.started)
        if began is None:
            return self.started
        return format_time(began + timedelta(seconds=self.duration_s))

    def count(self, status: str) -> int:
        """How many program rows have a status."""
        return sum(1 for p in self.programs if p["status"] == status)

    @property
    def pass_rate(self) -> float | None:
        """Passing programs over all programs, or None when the run has none."""
        return self.count("pass") / len(self.programs) if self.programs else None


def parse_time(text: str) -> datetime | None:
    """Parse an ISO 8601 timestamp (a trailing Z allowed), or None."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def format_time(moment: datetime) -> str:
    """Format a time as ISO 8601 UTC with a Z, to the second."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for TF versions: numeric parts numerically, so 2.9 < 2.12 and 2.21.0 < 2.22.0.dev1."""
    parts = re.split(r"[.\-+]", version)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def _attach(runs: dict[str, Run], row: Row) -> None:
    """Attach a program, claim or run_end row to its run, which must have started."""
    run = runs.get(row.data["run_id"])
    if run is None:
        raise ReportInputError(row.path, f"{row.kind} row of run {row.data['run_id']!r} before its run_start", row.line)
    if row.kind == "program":
        run.programs.append(row.data)
    elif row.kind == "claim":
        run.claims.append(row.data)
    else:
        run.end = row.data


def group_runs(files: list[LoadedFile]) -> list[Run]:
    """Group rows into runs in the order their run_start rows appear; a repeated run_start is ignored."""
    runs: dict[str, Run] = {}
    for loaded in files:
        for row in loaded.rows:
            if row.kind == "run_start":
                runs.setdefault(row.data["run_id"], Run(row.data, loaded.path, len(runs)))
            else:
                _attach(runs, row)
        for run in runs.values():
            if run.source == loaded.path and run.end is None:
                run.truncated_tail = run.truncated_tail or loaded.truncated_tail
    return list(runs.values())


def latest_runs(runs: list[Run]) -> list[Run]:
    """The latest run of each TF version (by start time, then file order), sorted by version."""
    latest: dict[str, Run] = {}
    for run in sorted(runs, key=lambda r: (r.started, r.order)):
        latest[run.tf_version] = run
    return [latest[v] for v in sorted(latest, key=version_key)]
