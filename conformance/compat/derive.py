"""The checkpoint compatibility table, derived from recorded traces: for each ordered pair of TF versions A → B,
the programs whose checkpoint written on A would no longer restore on B with `tf.train.Saver().restore`.

Each trace ends with a `checkpoint` event (conformance/checkpoint.py): per graph, the sorted
`[key, dims, dtype]` a default Saver writes, or `{"raised": ...}` when building the Saver fails. What
`Saver.restore` does with A's checkpoint on B (checked on 2.12.1, 2.21.0 and tf-nightly, and by `make compat`):

* keys that A's checkpoint holds and B's Saver does not need are ignored;
* `RestoreV2` reads B's keys in sorted order and fails on the first one that is missing
  (`NotFoundError: Key <k> not found in checkpoint`), whose dtype changed, or, for a partitioned variable,
  whose full shape changed (`InvalidArgumentError: tensor_name = <k>; ...`);
* then each ref variable (`VariableV2`) is assigned with `validate_shape`: a changed shape fails
  (`Assign requires shapes of both tensors to match. lhs shape= [..] rhs shape= [..]`);
* a resource variable (`VarHandleOp`) is assigned without a shape check: a changed shape restores **without an
  error**, and the variable then holds A's value in A's shape (TF quirk `resource_restore_ignores_shape`). Such
  keys are listed apart, as silent shape changes, not as breaking.

A graph A wrote no checkpoint for (its Saver raised, or A has no such graph) cannot be restored from
(`ValueError: The passed save_path is not a valid checkpoint`); a graph whose Saver raises on B cannot restore
(an empty entry, nothing to save, is `ValueError: No variables to save`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from conformance.corpus.store import GENERATED, CorpusProgram
from conformance.corpus.traces import TRACES_DIR, TraceFile, load_trace_files
from conformance.files import write_atomically

COMPAT_JSON = GENERATED / "checkpoint-compat.json"
#: the `op` of a trace's checkpoint event
CHECKPOINT_OP = "checkpoint"

#: RestoreV2 reports these, for the first key in sorted order that has one
MISSING, DTYPE, PARTITION_SHAPE = "missing", "dtype", "partition_shape"
#: the Assign of a ref variable reports this, after RestoreV2 succeeded
SHAPE = "shape"
#: no checkpoint on A for this graph; B's Saver cannot be built
NO_CHECKPOINT, NO_SAVER = "no_checkpoint", "no_saver"
#: not an error: a resource variable restores A's value in A's shape
RESOURCE_SHAPE = "resource_shape"
#: what tf.train.Saver() raises for a graph with nothing to save (an empty checkpoint entry)
NO_VARIABLES = "ValueError: No variables to save"
RESTORE_V2_PROBLEMS = (MISSING, DTYPE, PARTITION_SHAPE)
BREAKING = (*RESTORE_V2_PROBLEMS, SHAPE, NO_CHECKPOINT, NO_SAVER)

#: the op types of a whole (not partitioned) variable, by how its restore assigns
RESOURCE_VARIABLE_OPS = frozenset({"VarHandleOp"})
REF_VARIABLE_OPS = frozenset({"VariableV2", "Variable"})


@dataclass(frozen=True)
class Problem:
    """Why one graph's checkpoint from A does not restore (or restores with another shape) on B."""

    graph: str
    problem: str
    key: str | None
    #: [dims, dtype] in A's checkpoint and as B's Saver needs it (None: absent)
    saved: list[Any] | None
    needed: list[Any] | None
    detail: str

    @property
    def breaks(self) -> bool:
        return self.problem in BREAKING


@dataclass(frozen=True)
class ProgramCompat:
    """One program across A → B: the first breaking problem, the silent shape changes, whether the keys differ."""

    program_id: str
    first_break: Problem | None
    silent: list[Problem]
    differs: bool


# ---- reading the events ----------------------------------------------------------------------------

def checkpoint_event(trace: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The checkpoint event's per-graph entries, or None when the trace has no checkpoint event."""
    for event in reversed(trace):
        if event.get("op") == CHECKPOINT_OP and event.get("phase") == "end":
            return event.get("ok") or {}
    return None


def graph_operations(trace: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Each graph's operations as name → type, from the trace's `graphs` event."""
    for event in reversed(trace):
        if event.get("op") == "graphs" and event.get("phase") == "end":
            return {gid: {name: kind for name, kind in ops} for gid, ops in (event.get("ok") or {}).items()}
    return {}


def graph_order(gid: str) -> tuple[int, str]:
    """Graph ids in numeric order: g2 before g10."""
    digits = gid.lstrip("g")
    return (int(digits), gid) if digits.isdigit() else (1 << 30, gid)


def restore_assignment(key: str, operations: dict[str, str]) -> str:
    """How Saver.restore on B puts the key's value in place: "resource" (AssignVariableOp, no shape check), "ref"
    (Assign, validate_shape) or "sliced" (a partitioned variable: no variable op has the key's name, and RestoreV2
    checks each part's slice spec against the stored full shape)."""
    kind = operations.get(key)
    if kind in RESOURCE_VARIABLE_OPS:
        return "resource"
    if kind in REF_VARIABLE_OPS:
        return "ref"
    return "sliced"


def _saver_error(entries: Any) -> str:
    """Why a graph's default Saver cannot be built, from its checkpoint entry: nothing to save, a mapping error,
    or no such graph."""
    if entries == []:
        return NO_VARIABLES
    if isinstance(entries, dict) and isinstance(entries.get("raised"), dict):
        inner = entries["raised"]
        message = str(inner.get("message") or "")
        return f"{inner.get('type')}: {message.splitlines()[0] if message else ''}"
    return "no such graph"


# ---- one graph, one program ------------------------------------------------------------------------

def graph_problems(gid: str, saved: Any, needed: Any, operations: dict[str, str]) -> list[Problem]:
    """Every problem restoring graph `gid` on B from A's checkpoint, in the order TF meets them: B's Saver,
    then RestoreV2's keys in sorted order, then the ref variables' Assigns; silent shape changes last."""
    if not isinstance(needed, list) or not needed:
        if isinstance(saved, list) and saved:
            return [Problem(gid, NO_SAVER, None, None, None, f"the newer version's Saver raises {_saver_error(needed)}")]
        return []  # neither version can build a Saver for this graph: there is nothing to restore
    if not isinstance(saved, list) or not saved:
        key, dims, dtype = needed[0]
        return [Problem(gid, NO_CHECKPOINT, key, None, [dims, dtype],
                        f"the older version wrote no checkpoint for {gid} ({_saver_error(saved)})")]
    stored = {key: [dims, dtype] for key, dims, dtype in saved}
    restore_v2, assigns, silent = [], [], []
    for key, dims, dtype in needed:
        before, after = stored.get(key), [dims, dtype]
        if before is None:
            restore_v2.append(Problem(gid, MISSING, key, None, after, f"key {key} is not in the checkpoint"))
        elif before[1] != dtype:
            restore_v2.append(Problem(gid, DTYPE, key, before, after, f"dtype {before[1]} → {dtype}"))
        elif before[0] != dims:
            how = restore_assignment(key, operations)
            text = f"shape {before[0]} → {dims}"
            if how == "sliced":
                restore_v2.append(Problem(gid, PARTITION_SHAPE, key, before, after, f"partitioned variable: {text}"))
            elif how == "ref":
                assigns.append(Problem(gid, SHAPE, key, before, after, f"ref variable: {text}"))
            else:
                silent.append(Problem(gid, RESOURCE_SHAPE, key, before, after,
                                      f"resource variable: {text}; restores the checkpoint's value in its shape, without an error"))
    return restore_v2 + assigns + silent


def program_problems(older: list[dict[str, Any]], newer: list[dict[str, Any]]) -> dict[str, list[Problem]] | None:
    """Per graph B needs, the problems restoring it from A's checkpoint; None if a trace has no checkpoint event."""
    saved, needed = checkpoint_event(older), checkpoint_event(newer)
    if saved is None or needed is None:
        return None
    operations = graph_operations(newer)
    return {gid: graph_problems(gid, saved.get(gid), needed[gid], operations.get(gid, {}))
            for gid in sorted(needed, key=graph_order)}


def graph_verdicts(older: list[dict[str, Any]], newer: list[dict[str, Any]]) -> dict[str, Problem | None] | None:
    """Per graph B needs, its first breaking problem (None: it restores); None without checkpoint events."""
    problems = program_problems(older, newer)
    if problems is None:
        return None
    return {gid: next((p for p in found if p.breaks), None) for gid, found in problems.items()}


def program_compat(program_id: str, older: list[dict[str, Any]], newer: list[dict[str, Any]]) -> ProgramCompat | None:
    """One program across A → B, or None when either trace lacks the checkpoint event."""
    problems = program_problems(older, newer)
    if problems is None:
        return None
    found = [p for graph in problems.values() for p in graph]
    return ProgramCompat(program_id, next((p for p in found if p.breaks), None),
                         [p for p in found if not p.breaks], checkpoint_event(older) != checkpoint_event(newer))


# ---- the table -------------------------------------------------------------------------------------

def _row(item: ProgramCompat, problem: Problem, family: str) -> dict[str, Any]:
    return {"program_id": item.program_id, "family": family, **asdict(problem)}


def pair_table(older: TraceFile, newer: TraceFile, families: dict[str, str]) -> dict[str, Any]:
    """A → B: the programs recorded on both, those whose checkpoint would not restore (with the first breaking
    key), those that restore with a silently changed shape, and how many programs' key sets differ at all."""
    breaking, silent = [], []
    compared = differ = without_event = 0
    for pid in sorted(set(older.traces) & set(newer.traces)):
        item = program_compat(pid, older.traces[pid], newer.traces[pid])
        if item is None:
            without_event += 1
            continue
        compared += 1
        differ += item.differs
        family = families.get(pid, "")
        if item.first_break is not None:
            breaking.append(_row(item, item.first_break, family))
        silent.extend(_row(item, problem, family) for problem in item.silent)
    return {"from": older.tf_version, "to": newer.tf_version, "compared": compared, "without_event": without_event,
            "differ": differ, "not_restoring": len(breaking), "breaking": breaking, "silent": silent}


def build_table(files: list[TraceFile], programs: list[CorpusProgram]) -> dict[str, Any]:
    """Every consecutive pair of recorded versions (oldest first, tf-nightly last)."""
    families = {item.id: item.family for item in programs}
    return {"versions": [f.tf_version for f in files], "programs": len(programs),
            "pairs": [pair_table(older, newer, families) for older, newer in zip(files, files[1:], strict=False)]}


def write_table(directory: Path = TRACES_DIR, path: Path = COMPAT_JSON) -> dict[str, Any]:
    """Derive the table from the recorded corpus traces and write it as JSON for the report."""
    from conformance.corpus.store import load_all

    table = build_table(load_trace_files(directory), load_all())
    write_atomically(path, json.dumps(table, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return table


def flagged_programs(table: dict[str, Any]) -> list[str]:
    """Every program the table lists as not restoring or restoring with another shape, in any pair."""
    return sorted({row["program_id"] for pair in table["pairs"] for row in pair["breaking"] + pair["silent"]})
