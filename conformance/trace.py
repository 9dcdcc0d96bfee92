"""Traces: what each statement produced or raised, described as plain JSON with object identities masked."""

from __future__ import annotations

import math
import re
from typing import Any

_OBJECT_AT = re.compile(r"<[^<>]*? object at 0x[0-9a-fA-F]+>")
_PYGRAPH = re.compile(r"PyGraph<[^<>]*>")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
#: a control-flow function's name ends with ops.uid(), a process-wide counter (control_flow_util_v2.unique_fn_name):
#: `cond_true_7`, `while_cond_9`, `while_body_10`, and `while_cond_9___redundant_placeholder0` in a loop's cond
_FUNCTION_UID = re.compile(r"(_(?:true|false|cond|body))_[0-9]+(?![0-9])")
#: the C++ "Op type not registered" error names the machine
_HOST = re.compile(r"in binary running on \S+\.")
#: substrings one of which every masked pattern contains
_MASK_MARKERS = ("0x", "PyGraph<", "_true_", "_false_", "_cond_", "_body_", "running on")
_DETECTED_AT = re.compile(r"Detected at node '[^']*' defined at \(most recent call last\):\n(?:[ \t]+[^\n]*\n)*")
_ORIGINAL_STACK = re.compile(r"\n\nOriginal stack trace for '[^']*':\n.*\Z", re.DOTALL)


def mask_identities(text: str) -> str:
    """Mask identities only: `<… object at 0x…>`, `PyGraph<…>`, bare addresses, the uid of a control-flow
    function's name (`cond_true_<uid>`) and the host name.

    Every pattern needs "0x", "PyGraph<", "_true_", "_false_" or "running on", so most texts (names, tensor reprs)
    are returned without a regex pass.
    """
    if not any(marker in text for marker in _MASK_MARKERS):
        return text
    text = _FUNCTION_UID.sub(r"\1_<uid>", text)
    text = _HOST.sub("in binary running on <host>.", text)
    text = _OBJECT_AT.sub("<object>", text)
    text = _PYGRAPH.sub("PyGraph<…>", text)
    return _ADDRESS.sub("0x…", text)


def is_variable(value: Any) -> bool:
    """ResourceVariable / RefVariable, in TF and in the model."""
    return "Variable" in type(value).__name__


def is_partitioned(value: Any) -> bool:
    """A PartitionedVariable (get_variable with a partitioner), in TF and in the model: its parts are variables."""
    return type(value).__name__ == "PartitionedVariable"


def describe_error(error: BaseException) -> dict[str, str]:
    """An exception as its type name and masked message."""
    return {"type": type(error).__name__, "message": mask_identities(str(error))}


def strip_creation_stacks(text: str) -> str:
    """A Session error without the op's Python creation stacks, which name the caller's files, not TF's rules.

    TF prints "Detected at node 'X' defined at (most recent call last):" plus frames before the kernel's message,
    and "Original stack trace for 'X':" plus frames after it; both go, the node and the kernel's message stay.
    """
    return _ORIGINAL_STACK.sub("", _DETECTED_AT.sub("", text))


def describe_session_error(error: BaseException) -> dict[str, str]:
    """An exception from Session.run, as describe_error gives it but without creation stacks."""
    described = describe_error(error)
    described["message"] = strip_creation_stacks(described["message"])
    return described


def describe_fetched(value: Any) -> dict[str, Any]:
    """A value Session.run returned (NumPy's, or the model's look-alike) as its dtype and nested lists."""
    return {"dtype": value.dtype.name, "value": _exact_json(value.tolist())}


def _exact_json(value: Any) -> Any:
    """Nested lists as JSON that compares exactly: nan, ±inf and -0.0 become their repr strings."""
    if isinstance(value, list):
        return [_exact_json(item) for item in value]
    if isinstance(value, float) and (not math.isfinite(value) or (value == 0.0 and math.copysign(1.0, value) < 0)):
        return repr(value)
    return value


class Describer:
    """Turns backend objects into JSON, naming graphs g0, g1, … and noting objects seen before."""

    def __init__(self) -> None:
        self.graphs: dict[int, tuple[str, Any]] = {}
        self._first_seen: dict[int, tuple[str, Any]] = {}

    def graph_id(self, graph: Any) -> str:
        """Graphs are numbered in order of first appearance."""
        key = id(graph)
        if key not in self.graphs:
            self.graphs[key] = (f"g{len(self.graphs)}", graph)
        return self.graphs[key][0]

    def describe(self, value: Any, sid: str) -> dict[str, Any]:
        """Names and printed forms of a result; `same_as` when an earlier statement returned the same object.

        A list (e.g. get_collection's) is described item by item; an item first seen there is `<sid>[<index>]`.
        """
        if isinstance(value, list):
            return {"t": "list", "items": [self.describe(item, f"{sid}[{i}]") for i, item in enumerate(value)]}
        out = self._describe(value)
        if out.get("t") in ("tensor", "variable", "vscope", "partitioned"):
            earlier = self._first_seen.get(id(value))
            if earlier is not None and earlier[1] is value:
                out["same_as"] = earlier[0]
            else:
                self._first_seen[id(value)] = (sid, value)
        return out

    def _describe(self, value: Any) -> dict[str, Any]:
        if value is None:
            return {"t": "none"}
        if isinstance(value, str):
            return {"t": "str", "value": value}
        if isinstance(value, bool):
            return {"t": "bool", "value": value}
        kind = type(value).__name__
        if kind == "Graph":
            return {"t": "graph", "graph": self.graph_id(value)}
        if kind == "VariableScope":
            return {"t": "vscope", "name": value.name, "original_name_scope": value.original_name_scope,
                    "reuse": _reuse_text(value.reuse)}
        if is_partitioned(value):
            return {"t": "partitioned", "name": value.name, "dtype": value.dtype.name,
                    "shape": str(value.get_shape()), "partitions": list(value._get_partitions()),
                    "parts": [self._describe(part) for part in value], "repr": mask_identities(repr(value))}
        if hasattr(value, "op") and hasattr(value, "dtype"):
            return {"t": "variable" if is_variable(value) else "tensor", "name": value.name, "op": value.op.name,
                    "type": value.op.type, "dtype": value.dtype.name, "shape": str(value.shape),
                    "graph": self.graph_id(value.graph), "repr": mask_identities(repr(value)),
                    "str": mask_identities(str(value))}
        if kind == "Saver":
            saver_def = value.saver_def
            return {"t": "saver", "filename": saver_def.filename_tensor_name, "save": saver_def.save_tensor_name,
                    "restore": saver_def.restore_op_name}
        return {"t": "other", "repr": mask_identities(repr(value))}

    def graphs_in_order(self) -> list[tuple[str, Any]]:
        """Every graph seen, as (gN, graph), in gN order."""
        return sorted(self.graphs.values(), key=lambda item: int(item[0][1:]))

    def all_operations(self) -> dict[str, list[list[str]]]:
        """Every graph seen, with its sorted (name, type) operations (a while loop's cond names Placeholders after
        its function, whose uid is masked)."""
        return {gid: sorted([mask_identities(op.name), op.type] for op in graph.get_operations())
                for gid, graph in self.graphs_in_order()}

    def all_collections(self) -> dict[str, dict[str, list[str]]]:
        """Every graph seen, with each string-keyed collection (sorted by key) as its items in order."""
        return {gid: {key: [collection_item_text(item) for item in graph.get_collection(key)]
                      for key in sorted(graph.get_all_collection_keys())}
                for gid, graph in self.graphs_in_order()}


def collection_item_text(item: Any) -> str:
    """A collection item as its name; an item without a string name as `<type name>` (no identities)."""
    name = getattr(item, "name", None)
    return name if isinstance(name, str) else f"<{type(item).__name__}>"


def _reuse_text(reuse: Any) -> str:
    """Reuse flags as text: True, False, None or AUTO_REUSE."""
    if reuse is True or reuse is False or reuse is None:
        return str(reuse)
    return "AUTO_REUSE" if "AUTO_REUSE" in str(reuse) else repr(reuse)
