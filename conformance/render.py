"""Render a program as a standalone tf.compat.v1 script that reproduces it (and runs on reference_impl.v1).

The script reads like the program: a leaf statement is one `attempt` line, a with-block is the `with` statement TF
code would write, inside a `try` that reports a failure to build, enter or exit its manager, as the interpreter
records it. Each statement prints what it bound or what it raised; then every graph's operations and collections,
and the values a Session computes (only when something is fetched). Every call is printed from the statement's call
spec (conformance/kinds.py), the same spec the interpreter evaluates. Helpers appear only when the script uses them.
"""

from __future__ import annotations

import re
from typing import Any

from conformance.determinism import value_reasons
from conformance.kinds import (
    BRANCHING_KINDS,
    KINDS,
    branch_function_name,
    branch_roles,
    manager_id,
    thread_graph_id,
)
from conformance.program import walk

#: The first line: the bench compiles the scripts after it, to bind `tf` to the backend it measures.
IMPORT = "import tensorflow.compat.v1 as tf  # or: import reference_impl.v1 as tf\n"
THREADING = "import threading\n"
SETUP = "tf.disable_eager_execution(); tf.reset_default_graph(); g0 = tf.get_default_graph()\n"
SHOW = ('def show(sid, value): print(sid, value if hasattr(value, "op") else (value.name, value.original_name_scope)'
        ' if hasattr(value, "original_name_scope") else repr(value))\n')
ATTEMPT = '''def attempt(sid, make):  # run one statement: bind `sid` to its result and show it, or print its error
    try: globals()[sid] = value = make(); show(sid, value)
    except Exception as e: print(sid, type(e).__name__, e)
'''
#: the graphs bound to names, and the function graphs (tf.cond branches) of bound tensors, once each
GRAPHS = ('print("graphs", {k: sorted(op.name for op in g.get_operations()) for k, g in {id(g): (k, g) for k, g in'
          ' [(k, v) for k, v in list(globals().items()) if type(v).__name__ == "Graph"] + [(k + ".graph", v.graph)'
          ' for k, v in list(globals().items()) if type(getattr(v, "graph", None)).__name__.endswith("FuncGraph")]}.values()})\n')
#: printed on the graphs line, when the program makes a variable or uses a collection (else they are all empty)
COLLECTIONS = ('print("collections", {k: {c: [getattr(i, "name", f"<{type(i).__name__}>") for i in g.get_collection(c)]'
               ' for c in sorted(g.get_all_collection_keys())}'
               ' for k, g in list(globals().items()) if type(g).__name__ == "Graph"})')
VALUES = '''def show_values(*ids):  # as the harness: per graph, one Session runs the variables' initializers in order, then fetches
    config = tf.ConfigProto() if hasattr(tf, "ConfigProto") else None  # TF: Grappler off, op by op as the model does
    if config is not None: config.graph_options.rewrite_options.disable_meta_optimizer = True
    bound = {}  # a failed statement bound nothing; a PartitionedVariable is fetched as its parts k[0], k[1], ...
    for k, o in ((k, globals().get(k)) for k in ids):
        parts = enumerate(o) if type(o).__name__ == "PartitionedVariable" else [(None, o)] if hasattr(o, "op") else []
        bound.update({k if i is None else f"{k}[{i}]": p for i, p in parts})
    for graph in {id(o.graph): o.graph for o in bound.values()}.values():
        mine, sess = {k: o for k, o in bound.items() if o.graph is graph}, tf.Session(graph=graph, config=config)
        try:
            for init in {id(o): o.initializer for o in mine.values() if "Variable" in type(o).__name__}.values(): sess.run(init)
            for k, value in zip(mine, sess.run(list(mine.values()))): print("value", k, value.dtype.name, value.tolist())
        except Exception as e: print("value", list(mine), type(e).__name__, e)
        sess.close()
'''
#: before show_values when the program can make a second graph: TF quirk foreign_edge_out_of_bounds (a Session may
#: write out of bounds when an op took an input from another graph), kept safe as the harness does
PAD = '''def pad_node_ids(slack):  # each graph gets more node ids than any graph's nodes can have (conformance/foreign_edges.py)
    graphs = [g for g in {id(g): g for g in list(globals().values()) if type(g).__name__ == "Graph"}.values() if g.get_operations()]
    target = max((len(g.get_operations()) for g in graphs), default=0) + slack
    for g in graphs if len(graphs) > 1 and hasattr(tf, "import_graph_def") else []:  # TF only: the model has no C graph
        if g.finalized: g._unsafe_unfinalize()
        with g.as_default(), tf.name_scope(None): [tf.no_op(name="pad") for _ in range(target - len(g.get_operations()))]
'''
FIRST_DIFFERENCE = "  # <-- first difference"


def statement_source(stmt: dict[str, Any]) -> str:
    """A leaf's expression, or a with-block's context manager, printed from its kind's call spec."""
    return KINDS[stmt["op"]].call.source(stmt)


def _leaf_lines(stmt: dict[str, Any], pad: str) -> list[str]:
    return [f"{pad}attempt({stmt['id']!r}, lambda: {statement_source(stmt)})"]


def _block_lines(stmt: dict[str, Any], pad: str) -> list[str]:
    """try: / with (m<N> := manager) as s<N>: / show / body / except: print the error, as the interpreter runs it.

    The manager stays bound as m<N> for the whole script, as in the interpreter: `enter_again` enters it again,
    and a manager that is dropped can restore scopes when it is collected (a failed __enter__ left them changed).
    """
    sid, inner = stmt["id"], pad + "        "
    return [f"{pad}try:", f"{pad}    with ({manager_id(sid)} := {statement_source(stmt)}) as {sid}:",
            f"{inner}show({sid!r}, {sid})", *_body_lines(stmt["body"], inner),
            f"{pad}except Exception as e: print({sid!r}, type(e).__name__, e)"]


def _bound_in_function(body: list[dict[str, Any]]) -> list[str]:
    """The names a thread's (or branch's) function binds by assignment: the with-blocks' values and managers, but
    not those of a nested thread or branch (its own function declares them)."""
    names: list[str] = []
    for stmt in body:
        if KINDS[stmt["op"]].in_thread or stmt["op"] in BRANCHING_KINDS:
            continue
        if "body" in stmt:
            names += [stmt["id"], manager_id(stmt["id"]), *_bound_in_function(stmt["body"])]
    return names


def _thread_lines(stmt: dict[str, Any], pad: str) -> list[str]:
    """def thread<N>(): the body, binding globals as the interpreter's env / show / start and join the thread.

    The function declares `global` every name it binds, so that later statements see them, as in the interpreter;
    its first line binds the thread's own default graph as g<N> (the interpreter does the same).
    """
    sid, inner, number = stmt["id"], pad + "    ", stmt["id"][1:]
    graph = thread_graph_id(sid)
    return [f"{pad}def thread{number}():  # the body of {sid}, run in a new thread",
            f"{inner}global {', '.join([graph, *_bound_in_function(stmt['body'])])}",
            f"{inner}{graph} = tf.get_default_graph()", *_body_lines(stmt["body"], inner),
            f"{pad}show({sid!r}, None); (t{number} := {statement_source(stmt)}(target=thread{number})).start();"
            f" t{number}.join()"]


def _branch_lines(stmt: dict[str, Any], role: str, pad: str) -> list[str]:
    """def branch<N>(): show that it is called, the body, `return` what the statement returns (globals as a
    thread's function declares them); a loop function takes the loop var as s<N>."""
    inner = pad + "    "
    bound = _bound_in_function(stmt["body"])
    parameter = stmt["id"] if stmt["op"] == "loop_function" else ""
    return [f"{pad}def {branch_function_name(stmt['id'])}({parameter}):  # the {role}, traced once by the call",
            *([f"{inner}global {', '.join(bound)}"] if bound else []),
            f"{inner}show({stmt['id']!r}, None)", *_body_lines(stmt["body"], inner),
            f"{inner}return {statement_source(stmt)}"]


def _branching_lines(stmt: dict[str, Any], pad: str) -> list[str]:
    """A call given functions (tf.cond, tf.case, tf.while_loop): each function statement of its body as a def, then the call's attempt
    line."""
    lines: list[str] = []
    for branch, role in zip(stmt["body"], branch_roles(stmt), strict=True):
        lines += _branch_lines(branch, role, pad)
    return lines + _leaf_lines(stmt, pad)


def _body_lines(body: list[dict[str, Any]], pad: str) -> list[str]:
    lines: list[str] = []
    for stmt in body:
        if stmt["op"] in BRANCHING_KINDS:
            lines += _branching_lines(stmt, pad)
        elif KINDS[stmt["op"]].in_thread:
            lines += _thread_lines(stmt, pad)
        else:
            lines += _block_lines(stmt, pad) if "body" in stmt else _leaf_lines(stmt, pad)
    return lines


def _values_lines(program: dict[str, Any]) -> list[str]:
    """The values footer, only when something is fetched; the statements left out are named with the reason."""
    reasons = value_reasons(program)
    fetched = [sid for sid, reason in reasons.items() if reason is None]
    if not fetched:
        return []
    skipped = "; ".join(f"{sid}: {reason}" for sid, reason in reasons.items() if reason is not None)
    call = f"show_values({', '.join(map(repr, fetched))})" + (f"  # not fetched: {skipped}" if skipped else "")
    statements = list(walk(program["body"]))
    if not any(KINDS[stmt["op"]].family == "graph" for stmt in statements):
        return [VALUES.rstrip("\n"), call]
    return [VALUES.rstrip("\n"), PAD.rstrip("\n"), f"pad_node_ids({2 * len(statements)})", call]


def _fills_collections(stmt: dict[str, Any]) -> bool:
    kind = KINDS[stmt["op"]]
    return kind.family == "collections" or "variables" in kind.pools


def render_script(program: dict[str, Any]) -> str:
    """The whole repro script: helpers it uses, the statements, every graph's operations, the fetched values."""
    statements = list(walk(program["body"]))
    lines = [IMPORT.rstrip("\n")]
    if any(KINDS[stmt["op"]].in_thread for stmt in statements):
        lines.append(THREADING.rstrip("\n"))
    lines.append(SETUP.rstrip("\n"))
    if statements:
        lines.append(SHOW.rstrip("\n"))
    if any("body" not in stmt or stmt["op"] in BRANCHING_KINDS for stmt in statements):
        lines.append(ATTEMPT.rstrip("\n"))
    lines += _body_lines(program["body"], "")
    lines.append(GRAPHS.rstrip("\n") + ("; " + COLLECTIONS if any(_fills_collections(s) for s in statements) else ""))
    lines += _values_lines(program)
    return "\n".join(lines) + "\n"


def _line_pattern(event_id: str) -> re.Pattern[str]:
    """The script line that runs an event's statement (or prints the graphs, or the values)."""
    if event_id in ("end", "collections", "checkpoint", "default"):
        return re.compile(r"^print\(\"graphs\", .*$", re.M)
    if event_id == "values":
        return re.compile(r"^show_values\(.*$", re.M)
    sid = re.escape(repr(event_id))
    branch = re.escape(branch_function_name(event_id))
    return re.compile(rf"^ *(attempt\({sid}, .*|show\({sid}, None\); .*|try:\n *with .* as {re.escape(event_id)}:"
                      rf"|def {branch}\(\):.*)$", re.M)


def mark_first_difference(script: str, event_id: str | None) -> str:
    """The script with `# <-- first difference` after the line of the event where the traces first differ."""
    match = _line_pattern(event_id or "").search(script)
    if match is None:
        return script
    return script[:match.end()] + FIRST_DIFFERENCE + script[match.end():]
