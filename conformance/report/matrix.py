"""The feature family × TF version matrix: per cell, how many distinct programs ran, diverged and broke (and the
rows beside them, conformance.runs.distinct_counts), and how many were not run after a crash."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from conformance.kinds import FAMILIES
from conformance.runs import Counts, Run, distinct_programs, empty_counts, not_run_text
from conformance.runs import passed as passed_programs

#: Families in the registry's order (conformance/kinds.py FAMILIES); others (from older results) follow
#: alphabetically.
FAMILY_ORDER = FAMILIES


@dataclass
class Cell:
    """One family on one TF version: counts, a colour class, an anchor, and the rows worth showing."""

    family: str
    version: str
    anchor: str
    counts: Counts = field(default_factory=empty_counts)
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def programs(self) -> int:
        """How many distinct programs of the family ran."""
        return self.counts["programs"]

    @property
    def rows(self) -> int:
        """How many rows (examples) of the family ran."""
        return self.counts.get("rows", 0)

    @property
    def passed(self) -> int:
        """How many passed (not diverge, broken or xfail)."""
        return passed_programs(self.counts)

    @property
    def diverge(self) -> int:
        """How many diverged."""
        return self.counts["diverge"]

    @property
    def broken(self) -> int:
        """How many broke."""
        return self.counts["broken"]

    @property
    def xfail(self) -> int:
        """How many diverged as a reviewed known divergence expects."""
        return self.counts["xfail"]

    @property
    def not_run(self) -> int:
        """How many programs of the family were not run after a crash (the rest of each crashed shard)."""
        return self.counts.get("not_run", 0)

    @property
    def not_run_text(self) -> str:
        """`N programs not run after a crash`, as every summary says it."""
        return not_run_text(self.not_run)

    @property
    def state(self) -> str:
        """The cell's colour class: diverge, broken, pass, or none when nothing ran."""
        if self.diverge:
            return "diverge"
        if self.broken:
            return "broken"
        return "pass" if self.programs else "none"


@dataclass
class Column:
    """One TF version's column: its run and its cells keyed by family."""

    run: Run
    cells: dict[str, Cell]

    @property
    def version(self) -> str:
        """The column's TF version."""
        return self.run.tf_version


@dataclass
class Matrix:
    """Families (rows) × versions (columns)."""

    families: list[str]
    columns: list[Column]

    def cell(self, family: str, column: Column) -> Cell:
        """The cell of a family in a column."""
        return column.cells[family]


def order_families(families: set[str]) -> list[str]:
    """Known families in documented order, then the rest alphabetically."""
    known = [f for f in FAMILY_ORDER if f in families]
    return known + sorted(families - set(FAMILY_ORDER))


def detail_order(row: dict[str, Any]) -> tuple[bool, str, int, str]:
    """Divergences first, then broken, then xfail; the shortest program first; then by id."""
    size = len(json.dumps(row.get("program"), sort_keys=True))
    return row["status"] != "diverge", row["status"], size, row["program_id"]


def build_column(run: Run, families: list[str], index: int) -> Column:
    """The cells of one run, one per family (empty cells included), counted by the run's distinct counts; the
    distinct programs that did not pass are kept for the details (each once, by its worst row)."""
    counts = run.distinct
    cells = {f: Cell(f, run.tf_version, f"cell-{i}-{index}", counts.get(f, empty_counts()))
             for i, f in enumerate(families)}
    for row in distinct_programs(run.programs):
        if row["status"] != "pass":
            cells[row["family"]].details.append(row)
    for cell in cells.values():
        cell.details.sort(key=detail_order)
    return Column(run, cells)


def build_matrix(runs: list[Run]) -> Matrix:
    """The matrix of the given runs (one per version, already ordered)."""
    families = order_families({row["family"] for run in runs for row in run.programs})
    return Matrix(families, [build_column(run, families, i) for i, run in enumerate(runs)])
