"""Runs read back from results files, and the one way to count their programs.

A run is a `run_start` row, the `program` and `claim` rows of its run_id that follow, and its `run_end` row if it
ended: complete or broken from run_end, incomplete without one (killed, or still running).

Rows and distinct programs: a run's results keep one `program` row per example Hypothesis ran, and Hypothesis runs
the same program more than once (replays, and different draws that make the same program). `family_counts` counts
rows (run_end's `counts`); `distinct_counts` counts distinct programs (distinct `program_id` per family), each with
the status of its worst row (`SEVERITY`: broken > diverge > xfail > pass). The terminal summary, `make matrix`'s
table and the HTML report all show `distinct_counts`, rows beside them. An xfail program (a reviewed known
divergence) is counted apart, never as passed.

Programs not run: a worker that crashed or hung wrote a `broken` row with `not_run`, the programs its shard
(conformance/shards.py) still had to run; both counts carry their sum per family as `not_run`, and every summary
says it as `not_run_text` ("N programs not run after a crash"). A run that lost programs is broken
(conformance/plugin.py broken_run_reason).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conformance.files import JsonlFile
from conformance.results import ResultsFileError, Row, read_results

Counts = dict[str, int]
#: the program statuses counted apart; a program with none of them passed
COUNTED = ("diverge", "broken", "xfail")
#: every status, from best to worst: a distinct program seen in several rows of a run has its worst row's status
SEVERITY = ("pass", "xfail", "diverge", "broken")
#: the program_id of a row that holds no program (a worker died outside any program)
NO_PROGRAM = "-"
#: how distinct programs are counted, in words (printed under the tables that show them)
DISTINCT_RULE = ("programs: distinct program_id per family, each with its worst row's status "
                 f"({' > '.join(reversed(SEVERITY))}); rows: every example run")


def empty_counts() -> Counts:
    """No program yet."""
    return {"programs": 0, **dict.fromkeys(COUNTED, 0), "not_run": 0}


def not_run_of(row: Row) -> int:
    """The programs a row says its shard did not run after a crash (0 for a row of a program that ran)."""
    value = row.get("not_run")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def not_run_text(count: int) -> str:
    """How every summary says it: `23 programs not run after a crash`."""
    return f"{count} program{'' if count == 1 else 's'} not run after a crash"


def family_counts(programs: Iterable[Row]) -> dict[str, Counts]:
    """Per family, sorted: how many programs ran, how many of them diverged, broke or were xfail, and how many
    were not run after a crash."""
    counts: dict[str, Counts] = {}
    for row in programs:
        family = counts.setdefault(str(row["family"]), empty_counts())
        family["programs"] += 1
        if row["status"] in COUNTED:
            family[row["status"]] += 1
        family["not_run"] += not_run_of(row)
    return dict(sorted(counts.items()))


def program_key(row: Row, index: int) -> tuple[str, str]:
    """What makes a row's program distinct within a run: its family and program_id. A row without a program
    (program_id `-`, a worker that died outside any program) is never merged with another: its index keys it."""
    program = row.get("program_id")
    if not isinstance(program, str) or program == NO_PROGRAM:
        return str(row["family"]), f"{NO_PROGRAM}{index}"
    return str(row["family"]), program


def distinct_programs(programs: Iterable[Row]) -> list[Row]:
    """One row per distinct program of a run, in order of first appearance: the first of its worst rows, so the
    program's status is the worst of its rows' (SEVERITY)."""
    chosen: dict[tuple[str, str], Row] = {}
    for index, row in enumerate(programs):
        key = program_key(row, index)
        if key not in chosen or SEVERITY.index(row["status"]) > SEVERITY.index(chosen[key]["status"]):
            chosen[key] = row
    return list(chosen.values())


def distinct_counts(programs: Iterable[Row]) -> dict[str, Counts]:
    """Per family, sorted: distinct programs by status (family_counts of distinct_programs), the `rows`, and the
    programs not run after a crash (of every row: two crashes in one program lose two shards' remainders)."""
    rows = list(programs)
    counts = family_counts(distinct_programs(rows))
    for family, number in family_counts(rows).items():
        counts[family]["rows"] = number["programs"]
        counts[family]["not_run"] = number["not_run"]
    return counts


def total_counts(counts: Iterable[Counts]) -> Counts:
    """Counts added up, key by key: every family's of a run, or every run's totals."""
    total = empty_counts()
    for some in counts:
        for key, value in some.items():
            total[key] = total.get(key, 0) + value
    return total


def passed(counts: Counts) -> int:
    """The programs that passed: neither diverged, broke, nor were xfail."""
    return counts.get("programs", 0) - sum(counts.get(key, 0) for key in COUNTED)


def pass_rate(counts: Counts) -> float | None:
    """Passing programs over all programs, or None when there are none."""
    return passed(counts) / counts["programs"] if counts.get("programs") else None


@dataclass
class Run:
    """One run of the suite on one TF version, read back from a results file."""

    start: Row
    source: str = ""
    order: int = 0
    programs: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    end: Row | None = None
    torn_tail: bool = False

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
        """complete or broken from run_end, or incomplete when there is none."""
        return str(self.end["status"]) if self.end else "incomplete"

    @property
    def reason(self) -> str | None:
        """Why the run is broken, from run_end."""
        return self.end.get("reason") if self.end else None

    @property
    def counts(self) -> dict[str, Counts]:
        """The run's row counts per family (family_counts of its program rows, as run_end records them)."""
        return family_counts(self.programs)

    @property
    def totals(self) -> Counts:
        """The run's row counts over all families."""
        return total_counts(self.counts.values())

    @property
    def pass_rate(self) -> float | None:
        """Passing rows over all rows, or None when the run has none."""
        return pass_rate(self.totals)

    @property
    def distinct(self) -> dict[str, Counts]:
        """The run's distinct programs per family by status, with its rows (distinct_counts)."""
        return distinct_counts(self.programs)

    @property
    def distinct_totals(self) -> Counts:
        """The run's distinct programs over all families, with its rows."""
        return total_counts(self.distinct.values())

    @property
    def distinct_pass_rate(self) -> float | None:
        """Passing distinct programs over all distinct programs, or None when the run has none."""
        return pass_rate(self.distinct_totals)

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


def _attach(run: Run | None, row: Row, path: Path, line: int) -> None:
    """Add a program, claim or run_end row to its run, which must have started."""
    if run is None:
        raise ResultsFileError(path, f"{row['kind']} row of run {row['run_id']!r} before its run_start", line)
    if row["kind"] == "program":
        run.programs.append(row)
    elif row["kind"] == "claim":
        run.claims.append(row)
    else:
        run.end = row


def group_runs(files: Iterable[JsonlFile]) -> list[Run]:
    """The runs of some results files, in the order their run_start rows appear.

    Rows join the last run started with their run_id; a row of a run that has not started is ResultsFileError.
    A run that has not ended when its file ends with a torn line is marked `torn_tail`.
    """
    runs: list[Run] = []
    current: dict[str, Run] = {}
    for results in files:
        for line, row in results.numbered:
            if row["kind"] == "run_start":
                current[row["run_id"]] = Run(row, str(results.path), len(runs))
                runs.append(current[row["run_id"]])
            else:
                _attach(current.get(row["run_id"]), row, results.path, line)
        for run in runs:
            if run.source == str(results.path) and run.end is None and results.torn_tail is not None:
                run.torn_tail = True
    return runs


def last_run(path: Path) -> Run | None:
    """The last run of a results file, or None when the file is missing or holds no run (ResultsFileError when
    it cannot be read)."""
    if not path.exists():
        return None
    runs = group_runs([read_results(path)])
    return runs[-1] if runs else None


def latest_runs(runs: list[Run]) -> list[Run]:
    """The latest run of each TF version (by start time, then file order), sorted by version."""
    latest: dict[str, Run] = {}
    for run in sorted(runs, key=lambda r: (r.started, r.order)):
        latest[run.tf_version] = run
    return [latest[v] for v in sorted(latest, key=version_key)]


#: the terminal summary's columns after the family
TABLE_COLUMNS = ("rows", "programs", "passed", *COUNTED)


def table_line(name: str, counts: Counts) -> list[str | int]:
    """One line of the terminal summary: rows, distinct programs, and those passed, diverged, broken, xfail."""
    return [name, counts.get("rows", 0), counts["programs"], passed(counts), *(counts[key] for key in COUNTED)]


def not_run_lines(counts: dict[str, Counts]) -> list[str]:
    """One line per family that lost programs after a crash: `name_scope: 23 programs not run after a crash`."""
    return [f"{family}: {not_run_text(c['not_run'])}" for family, c in counts.items() if c.get("not_run")]


def counts_table(counts: dict[str, Counts]) -> str:
    """The terminal summary's table of distinct_counts: one line per family, the total, the rule, then the
    families that lost programs after a crash."""
    from tabulate import tabulate

    lines = [table_line(family, c) for family, c in counts.items()]
    lines.append(table_line("total", total_counts(counts.values())))
    table = tabulate(lines, headers=["family", *TABLE_COLUMNS]) + "\n" + DISTINCT_RULE
    return "\n".join([table, *not_run_lines(counts)])
