"""Side-by-side view of two traces: aligned event pairs, the first differing pair and the fields that differ."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MAX_EVENTS = 400


@dataclass(frozen=True)
class EventPair:
    """The events at one index of the TF and model traces, as display text."""

    index: int
    tf: str
    model: str
    differs: bool
    first: bool


@dataclass(frozen=True)
class FieldDiff:
    """One field (a dotted path inside an event) whose value differs between TF and the model."""

    path: str
    tf: str
    model: str


@dataclass(frozen=True)
class TraceDiff:
    """The aligned traces, the first difference's index and what differs there."""

    pairs: list[EventPair]
    first_index: int | None
    fields: list[FieldDiff]
    omitted: int


class _Missing:
    """Marker for a side that has no event or field at some position."""


_MISSING = _Missing()


def show(value: Any) -> str:
    """Compact, key-sorted JSON for display; absence shows as an em dash."""
    if value is _MISSING:
        return "—"
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def first_difference(tf_trace: list[Any], model_trace: list[Any]) -> int | None:
    """The index of the first event that differs, or None when the traces are equal."""
    for index in range(max(len(tf_trace), len(model_trace))):
        if _at(tf_trace, index) != _at(model_trace, index):
            return index
    return None


def _at(trace: list[Any], index: int) -> Any:
    """The event at an index, or the missing marker."""
    return trace[index] if index < len(trace) else _MISSING


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Map dotted paths to the leaf values of nested objects and arrays."""
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key in sorted(value):
            out.update(flatten(value[key], f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and value:
        out = {}
        for i, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{i}]"))
        return out
    return {prefix or "(event)": value}


def event_fields(event: Any) -> dict[str, Any]:
    """An event's leaf fields; a `graphs` event is keyed by op name, so one missing op is one difference."""
    if event is _MISSING:
        return {}
    if isinstance(event, dict) and event.get("op") == "graphs" and isinstance(event.get("ok"), dict):
        ops = {
            f"ok.{graph}[{json.dumps(op[0], ensure_ascii=False)}]": op[1] if len(op) > 1 else None
            for graph, listed in event["ok"].items()
            if isinstance(listed, list)
            for op in listed
            if isinstance(op, list) and op
        }
        sizes = {f"ok.{graph}": f"{len(listed)} ops" for graph, listed in event["ok"].items() if isinstance(listed, list)}
        return {**flatten({k: v for k, v in event.items() if k != "ok"}), **sizes, **ops}
    return flatten(event)


def field_differences(tf_event: Any, model_event: Any) -> list[FieldDiff]:
    """The leaf fields that differ between two events, in path order."""
    tf_fields = event_fields(tf_event)
    model_fields = event_fields(model_event)
    paths = sorted(set(tf_fields) | set(model_fields))
    return [
        FieldDiff(p, show(tf_fields.get(p, _MISSING)), show(model_fields.get(p, _MISSING)))
        for p in paths
        if tf_fields.get(p, _MISSING) != model_fields.get(p, _MISSING)
    ]


def trace_diff(tf_trace: list[Any] | None, model_trace: list[Any] | None, index: int | None = None) -> TraceDiff:
    """Align two traces; `index` (from the row's diff) overrides the computed first difference."""
    tf_events = tf_trace or []
    model_events = model_trace or []
    first = index if isinstance(index, int) else first_difference(tf_events, model_events)
    length = max(len(tf_events), len(model_events))
    pairs = [
        EventPair(
            i,
            show(_at(tf_events, i)),
            show(_at(model_events, i)),
            _at(tf_events, i) != _at(model_events, i),
            i == first,
        )
        for i in range(min(length, MAX_EVENTS))
    ]
    fields = field_differences(_at(tf_events, first), _at(model_events, first)) if first is not None else []
    return TraceDiff(pairs, first, fields, max(0, length - MAX_EVENTS))
