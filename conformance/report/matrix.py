"""The feature family × TF version matrix: per cell, how many programs ran, diverged and broke."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from conformance.report.runs import Run

# Families in the order docs/formats.md lists them; others follow alphabetically.
FAMILY_ORDER = (
    "name_scope",
    "variable_scope",
    "op_scope",
    "get_variable",
    "variable",
    "ops",
    "graph",
    "multi_graph",
    "invalid_names",
)


@dataclass
class Cell:
    """One family on one TF version: counts, a colour class, an anchor, and the rows worth showing."""

    family: str
    version: str
    anchor: str
    programs: int = 0
    passed: int = 0
    diverge: int = 0
    broken: int = 0
    xfail: int = 0
    details: list[dict[str, Any]] = field(default_factory=list)

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


def add_program(cell: Cell, row: dict[str, Any]) -> None:
    """Count one program row into its cell; keep it for details unless it passed."""
    cell.programs += 1
    status = row["status"]
    if status == "pass":
        cell.passed += 1
        return
    setattr(cell, status, getattr(cell, status) + 1)
    cell.details.append(row)


def detail_order(row: dict[str, Any]) -> tuple[bool, str, int, str]:
    """Divergences first, then broken, then xfail; the shortest program first; then by id."""
    size = len(json.dumps(row.get("program"), sort_keys=True))
    return row["status"] != "diverge", row["status"], size, row["program_id"]


def unique_programs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first row of each (program_id, status), so a replayed example is detailed once."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for row in rows:
        key = (row["program_id"], row["status"])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def build_column(run: Run, families: list[str], index: int) -> Column:
    """The cells of one run, one per family (empty cells included)."""
    cells = {f: Cell(f, run.tf_version, f"cell-{i}-{index}") for i, f in enumerate(families)}
    for row in run.programs:
        add_program(cells[row["family"]], row)
    for cell in cells.values():
        cell.details = unique_programs(sorted(cell.details, key=detail_order))
    return Column(run, cells)


def build_matrix(runs: list[Run]) -> Matrix:
    """The matrix of the given runs (one per version, already ordered)."""
    families = order_families({row["family"] for run in runs for row in run.programs})
    return Matrix(families, [build_column(run, families, i) for i, run in enumerate(runs)])
