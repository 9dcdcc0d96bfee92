"""The values step: what a Session computes for every statement that bound a tensor or a variable.

Runs after the `graphs` event, on any tf.compat.v1-shaped module; which statements are fetched is decided by
conformance/determinism.py from the program alone, so both sides fetch the same ones.
"""

from __future__ import annotations

import functools
from typing import Any

from conformance.determinism import value_reasons
from conformance.kinds import VALUE_KINDS
from conformance.program import walk
from conformance.trace import describe_fetched, describe_session_error, is_partitioned, is_variable


@functools.cache
def session_config(tf: Any) -> Any:
    """TF: a ConfigProto without Grappler, so ops run one by one as written (and a run costs ~1 ms, not ~6).

    Grappler's rewrites (constant folding, arithmetic reassociation) could only change float rounding; the
    model, which has no ConfigProto, always computes op by op. One per module: a Session only reads it (building
    a ConfigProto for every Session cost about 40 us).
    """
    config_proto = getattr(tf, "ConfigProto", None)
    if config_proto is None:
        return None
    config = config_proto()
    config.graph_options.rewrite_options.disable_meta_optimizer = True
    return config


def graph_values(tf: Any, items: list[tuple[str, Any]]) -> dict[str, dict[str, Any]]:
    """One Session on the items' graph: run their variables' initializers, then fetch all items in one run.

    The initializers are the variables' own `initializer` ops, so no op is added (finalized graphs work too).
    They run one at a time in creation order: variables named "" share one resource (shared_name ""), and the
    order of independent ops inside one run is TF's executor's choice, not a naming rule.
    If a run raises, every item is fetched on its own so that each error lands on its statement.
    """
    session = tf.Session(graph=items[0][1].graph, config=session_config(tf))
    try:
        initializers = list({id(obj): obj.initializer for _, obj in items if is_variable(obj)}.values())
        try:
            for initializer in initializers:
                session.run(initializer)
        except Exception as error:  # noqa: BLE001 - recorded on every item of the graph
            return {sid: {"raised": describe_session_error(error)} for sid, _ in items}
        try:
            fetched = session.run([obj for _, obj in items])
            return {sid: describe_fetched(value) for (sid, _), value in zip(items, fetched, strict=True)}
        except Exception:  # noqa: BLE001 - fall back to one run per item
            return {sid: _fetch_one(session, obj) for sid, obj in items}
    finally:
        session.close()


def _fetch_one(session: Any, obj: Any) -> dict[str, Any]:
    try:
        return describe_fetched(session.run(obj))
    except Exception as error:  # noqa: BLE001
        return {"raised": describe_session_error(error)}


def fetched_parts(sid: str, obj: Any) -> list[tuple[str, Any]]:
    """What the values step fetches for a statement's result: a tensor or variable as itself; a PartitionedVariable
    (which Session.run refuses) as its parts, `<sid>[k]`, which initializes them for the ops that read them."""
    if is_partitioned(obj):
        return [(f"{sid}[{k}]", part) for k, part in enumerate(obj)]
    return [(sid, obj)] if hasattr(obj, "op") else []


def session_values(tf: Any, program: dict[str, Any], env: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every bound tensor or variable, in statement order: its value from a Session, or why it is skipped."""
    reasons = value_reasons(program)
    out: dict[str, dict[str, Any]] = {}
    by_graph: dict[int, list[tuple[str, Any]]] = {}
    for stmt in walk(program["body"]):
        sid = stmt["id"]
        if stmt["op"] not in VALUE_KINDS or sid not in env:
            continue
        obj = env[sid]
        fetches = fetched_parts(sid, obj)
        if not fetches:  # e.g. `-1.0`: a neg of a Python literal
            continue
        reason = reasons[sid]
        if reason is not None:
            out[sid] = {"skipped": reason}
            continue
        for key, fetch in fetches:
            out[key] = {}  # in statement order; filled in per graph below
            by_graph.setdefault(id(fetch.graph), []).append((key, fetch))
    for items in by_graph.values():
        out.update(graph_values(tf, items))
    return out
