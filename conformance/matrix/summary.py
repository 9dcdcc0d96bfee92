"""The matrix summary: the last run of each version's results file, as a versions × families table.

Runs are read and counted as everywhere else (conformance/runs.py): each cell counts distinct programs, their rows
beside them; a file that cannot be read is named with its problem instead of stopping the summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tabulate import tabulate

from conformance.errors import BadInput
from conformance.runs import COUNTED, DISTINCT_RULE, Counts, Run, last_run, not_run_text, passed


@dataclass(frozen=True)
class Entry:
    """One line of the table: a version's label, its last run (None if none), or why its file is unreadable."""

    label: str
    run: Run | None = None
    unreadable: str | None = None


def read_entry(label: str, path: Path) -> Entry:
    """The last run of a version's results file, or the reason it cannot be read."""
    try:
        return Entry(label, last_run(path))
    except BadInput as error:
        return Entry(label, unreadable=str(error))


#: what a cell says, printed under the table
CELL_LEGEND = f"cells: passed/programs (diverge, broken, xfail; rows); {DISTINCT_RULE}"


def cell(counts: Counts | None) -> str:
    """One table cell of distinct_counts: passed/programs, with diverged, broken and xfail programs spelled out,
    then the rows, and the programs not run after a crash if any."""
    if not counts:
        return "-"
    extras = ", ".join(f"{counts[what]} {what}" for what in COUNTED if counts.get(what))
    rows = f"{counts.get('rows', 0)} row{'' if counts.get('rows') == 1 else 's'}"
    lost = f"; {not_run_text(counts['not_run'])}" if counts.get("not_run") else ""
    return f"{passed(counts)}/{counts['programs']} ({f'{extras}; ' if extras else ''}{rows}{lost})"


def families_of(runs: Iterable[Run | None]) -> list[str]:
    """Every family seen in any run, sorted."""
    return sorted({family for run in runs if run is not None for family in run.distinct})


def summary_row(entry: Entry, families: Sequence[str]) -> list[str]:
    """Table row: version, run status, one cell per family."""
    run = entry.run
    if entry.unreadable is not None:
        return [entry.label, "unreadable", *["-"] * len(families)]
    if run is None:
        return [entry.label, "no results", *["-"] * len(families)]
    if run.status == "broken" and not run.programs:
        return [entry.label, "broken", *["broken"] * len(families)]
    counts = run.distinct
    return [entry.label, run.status, *[cell(counts.get(f)) for f in families]]


def reasons(entries: Sequence[Entry]) -> list[str]:
    """One line per run that is not complete, saying why."""
    lines = []
    for entry in entries:
        if entry.unreadable is not None:
            lines.append(f"{entry.label}: unreadable results: {entry.unreadable}")
        elif entry.run is None:
            lines.append(f"{entry.label}: no results file")
        elif entry.run.status != "complete":
            lines.append(f"{entry.label}: {entry.run.status}: {entry.run.reason or 'no run_end row (killed?)'}")
    return lines


def summary_table(files: Sequence[tuple[str, Path]]) -> str:
    """The versions × families table for (label, results file) pairs, followed by why runs are not complete."""
    entries = [read_entry(label, path) for label, path in files]
    families = families_of(entry.run for entry in entries)
    table = tabulate([summary_row(entry, families) for entry in entries], headers=["TF", "run", *families],
                     tablefmt="simple")
    notes = reasons(entries)
    return table + "\n" + CELL_LEGEND + ("\n\n" + "\n".join(notes) if notes else "")
