"""Probe TF graph-mode naming behaviour that may differ by version (run with one TF venv's python)."""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf2  # noqa: E402

tf = tf2.compat.v1
SITE = os.path.dirname(os.path.dirname(tf2.__file__))
HERE = os.path.dirname(os.path.abspath(__file__))


def mask(text: str) -> str:
    """Mask memory addresses and machine-specific paths so outputs diff cleanly across versions."""
    text = re.sub(r"0x[0-9a-fA-F]+", "0x…", text)
    text = text.replace(SITE, "<site-packages>").replace(HERE, "<probe-dir>")
    return text


def show(label: str, value: object) -> None:
    """Print one labelled, masked line (or block)."""
    print(f"{label}: {mask(str(value))}")


def error_text(exc: BaseException) -> str:
    """An exception as `Type: message`."""
    return f"{type(exc).__name__}: {exc}"


def attempt(label: str, fn: Callable[[], object]) -> None:
    """Run fn; print its result or the exception it raised."""
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - the probe records every failure
        show(label + " RAISED", error_text(exc))
    else:
        show(label + " OK", result)


@contextmanager
def fresh_graph() -> Iterator[tf2.Graph]:
    """A new default graph for one case."""
    g = tf.Graph()
    with g.as_default():
        yield g


def ops_of(g: tf2.Graph) -> list[tuple[str, str]]:
    """(name, type) of every op in g, in creation order."""
    return [(op.name, op.type) for op in g.get_operations()]


def section(title: str) -> None:
    """Print a section header."""
    print(f"\n=== {title} ===")


def probe_reprs() -> None:
    """(1) repr and str of a Tensor, ResourceVariable, RefVariable, VariableScope and Operation."""
    section("1. repr/str")
    with fresh_graph():
        with tf.variable_scope("vs") as scope:
            c = tf.constant(1.0, name="c")
            rv = tf.get_variable("res", [2], use_resource=True)
            refv = tf.get_variable("ref", [2], use_resource=False)
        for label, obj in [("Tensor", c), ("ResourceVariable", rv), ("RefVariable", refv),
                           ("VariableScope", scope), ("Operation", c.op)]:
            show(f"{label} type", type(obj).__module__ + "." + type(obj).__qualname__)
            show(f"{label} repr", repr(obj))
            show(f"{label} str", str(obj))


def probe_no_shape() -> None:
    """(2) get_variable('x') with no shape and no initializer."""
    section("2. get_variable('x') without shape or initializer")
    with fresh_graph() as g:
        attempt("get_variable('x')", lambda: tf.get_variable("x"))
        show("ops", ops_of(g))


def probe_bogus_kwarg() -> None:
    """(3) Variable(1.0, bogus=1) with v1 and v2 Variable."""
    section("3. Variable(1.0, bogus=1)")
    with fresh_graph() as g:
        attempt("tf.compat.v1.Variable(1.0, bogus=1)", lambda: tf.Variable(1.0, bogus=1).name)
        attempt("tf.Variable(1.0, bogus=1)", lambda: tf2.Variable(1.0, bogus=1).name)
        show("ops", ops_of(g))


def probe_internal_ops() -> None:
    """(4) The ops created by variables, operators and an exact 'x/' name."""
    section("4. get_operations() after variables and operators")
    with fresh_graph() as g:
        steps: list[tuple[str, Callable[[], object]]] = [
            ("get_variable('gv',[2])", lambda: tf.get_variable("gv", [2])),
            ("get_variable('gi',[2],dtype=int32)", lambda: tf.get_variable("gi", [2], dtype=tf.int32)),
            ("get_variable('gz',[2],initializer=zeros)",
             lambda: tf.get_variable("gz", [2], initializer=tf.zeros_initializer())),
            ("Variable(1.0,name='rv')", lambda: tf.Variable(1.0, name="rv")),
            ("Variable(1.0,name='refv',use_resource=False)",
             lambda: tf.Variable(1.0, name="refv", use_resource=False)),
            ("get_variable('gr',[2],use_resource=False)",
             lambda: tf.get_variable("gr", [2], use_resource=False)),
        ]
        made: dict[str, object] = {}
        for label, fn in steps:
            before = len(g.get_operations())
            try:
                made[label] = fn()
            except Exception as exc:  # noqa: BLE001
                show(label + " RAISED", error_text(exc))
            show(label + " type", type(made.get(label)).__qualname__)
            show(label + " new ops", ops_of(g)[before:])
        for vlabel, key in [("rv", "Variable(1.0,name='rv')"), ("refv", "Variable(1.0,name='refv',use_resource=False)")]:
            v = made[key]
            for label, fn in [(f"x=1.0+{vlabel}", lambda v=v: 1.0 + v), (f"{vlabel}*2", lambda v=v: v * 2)]:
                before = len(g.get_operations())
                attempt(label + " -> name", lambda fn=fn: fn().name)
                show(label + " new ops", ops_of(g)[before:])
        before = len(g.get_operations())
        attempt("constant(1.0,name='x/')", lambda: tf.constant(1.0, name="x/").name)
        attempt("constant(1.0,name='x')", lambda: tf.constant(1.0, name="x").name)
        show("after x/ and x, new ops", ops_of(g)[before:])
        for op in g.get_operations():
            if op.type == "VarHandleOp":
                attrs = {k: op.get_attr(k) for k in sorted(op.node_def.attr) if k in ("shared_name", "debug_name", "container")}
                show(f"VarHandleOp {op.name} attrs", attrs)
        show("all ops", ops_of(g))


def bad_name_scope_nested() -> None:
    """name_scope('a b') inside another scope."""
    with tf.name_scope("outer"), tf.name_scope("a b"):
        pass


def bad_name_scope_root() -> None:
    """name_scope('a b') at the root."""
    with tf.name_scope("a b"):
        pass


def reuse_one() -> None:
    """variable_scope(reuse=1)."""
    with tf.variable_scope("s", reuse=1):
        pass


def reuse_missing() -> None:
    """get_variable with reuse=True of a variable that does not exist."""
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("nope", [1])


def twice_no_reuse() -> None:
    """get_variable of the same name twice without reuse."""
    tf.get_variable("dup", [1])
    tf.get_variable("dup", [1])


def twice_no_reuse_ref() -> None:
    """get_variable of the same ref variable twice without reuse (message carries a traceback)."""
    tf.get_variable("dup", [1], use_resource=False)
    tf.get_variable("dup", [1], use_resource=False)


def shape_mismatch() -> None:
    """get_variable under reuse with another shape."""
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("v", [2])


def dtype_mismatch() -> None:
    """get_variable under reuse with another dtype."""
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
    with tf.variable_scope("s", reuse=True):
        tf.get_variable("v", [1], dtype=tf.int32)


def cross_graph_add() -> None:
    """tf.add of tensors from two graphs."""
    g1 = tf.Graph()
    with g1.as_default():
        a = tf.constant(1.0, name="a")
    with tf.Graph().as_default():
        b = tf.constant(2.0, name="b")
        tf.add(a, b)


def finalize_then_constant() -> None:
    """A constant in a finalized graph."""
    tf.get_default_graph().finalize()
    tf.constant(1.0)


def probe_errors() -> None:
    """(5) Error messages, each in a fresh graph, with the ops left behind."""
    section("5. error messages")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("name_scope('a b') inside 'outer'", bad_name_scope_nested),
        ("name_scope('a b') at root", bad_name_scope_root),
        ("constant(1.0,name='c:0')", lambda: tf.constant(1.0, name="c:0")),
        ("variable_scope('s', reuse=1)", reuse_one),
        ("get_variable reuse=True, nonexistent", reuse_missing),
        ("get_variable twice without reuse", twice_no_reuse),
        ("get_variable twice without reuse, use_resource=False", twice_no_reuse_ref),
        ("get_variable shape mismatch under reuse", shape_mismatch),
        ("get_variable dtype mismatch under reuse", dtype_mismatch),
        ("cross-graph tf.add", cross_graph_add),
        ("finalize then constant", finalize_then_constant),
    ]
    for label, fn in cases:
        with fresh_graph() as g:
            attempt(label, fn)
            show(label + " ops", ops_of(g))


def main() -> None:
    """Run every probe section."""
    show("tensorflow", tf2.__version__)
    show("python", sys.version.split()[0])
    for probe in (probe_reprs, probe_no_shape, probe_bogus_kwarg, probe_internal_ops, probe_errors):
        try:
            probe()
        except Exception:  # noqa: BLE001
            print(mask(traceback.format_exc()))


if __name__ == "__main__":
    main()
