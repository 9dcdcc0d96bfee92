"""Compare two traces and report the first differing event."""

from __future__ import annotations

import json
from typing import Any

from conformance.render import mark_first_difference


def first_difference(tf_trace: list[dict[str, Any]], model_trace: list[dict[str, Any]]) -> dict[str, Any] | None:
    """None when the traces agree; else the index, both events and a one-line summary."""
    for index in range(max(len(tf_trace), len(model_trace))):
        tf_event = tf_trace[index] if index < len(tf_trace) else None
        model_event = model_trace[index] if index < len(model_trace) else None
        if tf_event != model_event:
            sid = (tf_event or model_event or {}).get("id")
            return {"index": index, "id": sid, "tf": tf_event, "model": model_event,
                    "summary": summarize(tf_event, model_event)}
    return None


def summarize(tf_event: dict[str, Any] | None, model_event: dict[str, Any] | None) -> str:
    """One line saying what differs."""
    if tf_event is None or model_event is None:
        return "one trace is longer than the other"
    sid = tf_event.get("id")
    if tf_event.get("op") == "graphs":
        return f"operation lists differ: {_graph_delta(tf_event['ok'], model_event.get('ok', {}))}"
    for side in ("raised", "ok"):
        if (side in tf_event) != (side in model_event):
            what_tf = "raised " + tf_event["raised"]["type"] if "raised" in tf_event else "succeeded"
            what_model = "raised " + model_event["raised"]["type"] if "raised" in model_event else "succeeded"
            return f"{sid} ({tf_event['op']}): TF {what_tf}, the model {what_model}"
    keys = sorted(k for k in set(_fields(tf_event)) | set(_fields(model_event))
                  if _fields(tf_event).get(k) != _fields(model_event).get(k))
    return f"{sid} ({tf_event['op']}, {tf_event['phase']}): differs in {', '.join(keys) or 'phase'}"


def _fields(event: dict[str, Any]) -> dict[str, Any]:
    return event.get("ok") or event.get("raised") or {}


def _graph_delta(tf_graphs: dict[str, Any], model_graphs: dict[str, Any]) -> str:
    parts = []
    for gid in sorted(set(tf_graphs) | set(model_graphs)):
        tf_ops = {tuple(x) for x in tf_graphs.get(gid, [])}
        model_ops = {tuple(x) for x in model_graphs.get(gid, [])}
        only_tf = sorted("/".join(x[:1]) + f"[{x[1]}]" for x in tf_ops - model_ops)[:3]
        only_model = sorted("/".join(x[:1]) + f"[{x[1]}]" for x in model_ops - tf_ops)[:3]
        if only_tf or only_model:
            parts.append(f"{gid}: only TF {only_tf}, only model {only_model}")
    return "; ".join(parts)


def format_failure(program: dict[str, Any], difference: dict[str, Any], script: str) -> str:
    """The message of a failing differential test: the first difference, both sides, and the repro script with
    the line of the first differing statement marked."""
    return "\n".join([
        f"Divergence at event {difference['index']} ({difference['id']}): {difference['summary']}",
        "  TF:    " + json.dumps(difference["tf"], sort_keys=True),
        "  model: " + json.dumps(difference["model"], sort_keys=True),
        "",
        "FAILING CODE SNIPPET (runs on TF, and with `import reference_impl.v1 as tf`):",
        mark_first_difference(script, difference["id"]),
        "PROGRAM: " + json.dumps(program, sort_keys=True),
    ])
