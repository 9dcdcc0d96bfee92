"""What the page shows for each divergent, broken or xfail program: trace diff, name trees, repro, graphs."""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from typing import Any

from conformance.report.matrix import Cell, Matrix
from conformance.report.svgtree import SvgTree, tree_pair
from conformance.report.tensorboard import BoardNote
from conformance.report.tracediff import TraceDiff, trace_diff


@dataclass(frozen=True)
class Detail:
    """One non-passing program of one TF version, ready to render."""

    anchor: str
    version: str
    row: dict[str, Any]
    summary: str
    trace: TraceDiff
    tf_tree: SvgTree
    model_tree: SvgTree
    repro: str | None
    program_json: str
    board: BoardNote | None

    @property
    def status(self) -> str:
        """diverge, broken or xfail."""
        return str(self.row["status"])


MAX_DETAILS_PER_CELL = 50


@dataclass(frozen=True)
class CellDetails:
    """The details listed under one matrix cell, and how many more were left out to keep the page small."""

    cell: Cell
    details: list[Detail]
    omitted: int


def render_repro(row: dict[str, Any]) -> str | None:
    """The row's repro script, else one rendered by conformance.render when it is available."""
    if row.get("repro"):
        return str(row["repro"])
    if not isinstance(row.get("program"), dict):
        return None
    try:
        return str(importlib.import_module("conformance.render").render_script(row["program"]))
    except Exception:  # noqa: BLE001 - no renderer, or it cannot render this program: show the JSON only
        return None


def detail_summary(row: dict[str, Any]) -> str:
    """The one-line summary: the diff's summary, else the reason, else the status."""
    diff = row.get("diff") or {}
    return str(diff.get("summary") or row.get("reason") or row["status"])


def anchor_for(program_id: str, column: int, taken: set[str]) -> str:
    """A unique, HTML-safe anchor for one program in one column."""
    base = "p-" + re.sub(r"[^A-Za-z0-9_-]", "_", program_id)[:40] + f"-{column}"
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor


def build_detail(
    row: dict[str, Any], version: str, anchor: str, boards: dict[tuple[str, str], BoardNote]
) -> Detail:
    """The detail view of one program row."""
    diff = row.get("diff") or {}
    tf_tree, model_tree = tree_pair(row.get("tf_trace"), row.get("model_trace"))
    return Detail(
        anchor=anchor,
        version=version,
        row=row,
        summary=detail_summary(row),
        trace=trace_diff(row.get("tf_trace"), row.get("model_trace"), diff.get("index")),
        tf_tree=tf_tree,
        model_tree=model_tree,
        repro=render_repro(row),
        program_json=json.dumps(row.get("program"), indent=2, sort_keys=True, ensure_ascii=False),
        board=boards.get((version, row["program_id"])) if row["status"] == "diverge" else None,
    )


def build_details(matrix: Matrix, boards: dict[tuple[str, str], BoardNote]) -> list[CellDetails]:
    """Details for every cell with something to show, family by family, version by version."""
    taken: set[str] = set()
    sections = []
    for family in matrix.families:
        for index, column in enumerate(matrix.columns):
            cell = column.cells[family]
            if cell.details:
                details = [
                    build_detail(row, column.version, anchor_for(row["program_id"], index, taken), boards)
                    for row in cell.details[:MAX_DETAILS_PER_CELL]
                ]
                sections.append(CellDetails(cell, details, len(cell.details) - len(details)))
    return sections


def divergences(matrix: Matrix) -> list[tuple[str, dict[str, Any]]]:
    """Every divergent program row with its TF version, for the TensorBoard writer."""
    return [
        (column.version, row)
        for column in matrix.columns
        for cell in column.cells.values()
        for row in cell.details[:MAX_DETAILS_PER_CELL]
        if row["status"] == "diverge"
    ]
