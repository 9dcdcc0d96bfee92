"""The model's tf.cond against what TF 2.21.0 built (recorded once; identical on 2.12.1 and tf-nightly 2.23.0).

The differential suite compares the two at random; these pin the rules that make a cond's names, so that a model
change that breaks one fails here with the rule's name: branch graphs start at the root of their own name stack,
captures are Placeholders named after the captured op under the capturing op's scope, a branch gets a dummy
`Placeholder` for each input only the other branch captured, the If op is stateful when a branch reads a resource
variable, branch variables are lifted into the outer graph under the branch's name scope, and the outputs must
agree.
"""

from __future__ import annotations

from typing import Any

import pytest

import reference_impl.v1 as tf


def operations(graph: Any) -> list[tuple[str, str, list[str]]]:
    return [(op.name, op.type, [t.name for t in op.inputs]) for op in graph.get_operations()]


def test_captures_dummy_inputs_and_a_stateful_if() -> None:
    g = tf.Graph()
    inner: list[Any] = []
    with g.as_default():
        x = tf.constant(1.0, name="x")
        v = tf.get_variable("v", shape=[], initializer=tf.zeros_initializer())
        r = tf.get_variable("r", shape=[], initializer=tf.zeros_initializer(), use_resource=False)

        def true_fn() -> Any:
            inner.append(tf.constant(1.0))
            _ = v + 1.0
            tf.identity(r)
            return v

        def false_fn() -> Any:
            inner.append(tf.constant(2.0))
            return x

        result = tf.cond(tf.less(x, 0.0), true_fn, false_fn)
    assert result.name == "cond/Identity:0"
    assert operations(g)[-2:] == [("cond", "If", ["Less:0", "v:0", "r/read:0", "x:0"]),
                                  ("cond/Identity", "Identity", ["cond:0"])]
    assert operations(inner[0].graph) == [
        ("Const", "Const", []), ("ReadVariableOp/v", "Placeholder", []),
        ("ReadVariableOp", "ReadVariableOp", ["ReadVariableOp/v:0"]), ("add/y", "Const", []),
        ("add", "AddV2", ["ReadVariableOp:0", "add/y:0"]), ("Identity/r/read", "Placeholder", []),
        ("Identity", "Identity", ["Identity/r/read:0"]), ("ReadVariableOp_1", "ReadVariableOp", ["ReadVariableOp/v:0"]),
        ("Placeholder", "Placeholder", [])]
    assert operations(inner[1].graph) == [("Const", "Const", []), ("x", "Placeholder", []),
                                          ("Placeholder", "Placeholder", []), ("Placeholder_1", "Placeholder", [])]


def test_branch_variables_are_lifted_and_collections_shared() -> None:
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0, name="x")

        def true_fn() -> Any:
            k = tf.constant(1.0)
            tf.add_to_collection("k", k)
            tf.Variable(1.0, name="w", use_resource=False)
            with tf.name_scope("ns"):
                tf.get_variable("u", shape=[], initializer=tf.zeros_initializer())
                tf.Variable(2.0)
            return k

        tf.cond(tf.less(x, 0.0), true_fn, lambda: tf.constant(2.0))
    assert [op.name for op in g.get_operations() if op.type in ("VariableV2", "VarHandleOp")] == [
        "w", "u", "ns/Variable"]
    assert [op.type for op in g.get_operations()][-2:] == ["StatelessIf", "Identity"]
    assert [t.name for t in g.get_collection("k")] == ["Const:0"]
    assert [v.name for v in g.get_collection("variables")] == ["w:0", "u:0", "ns/Variable:0"]


def test_names_are_uniquified_like_name_scopes() -> None:
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0, name="x")
        with tf.name_scope("cond"):
            pass
        names = [tf.cond(tf.constant(False), lambda: tf.constant(1.0), lambda: x, name=name).name
                 for name in ("cond", "cond/", "Cond")]
    assert names == ["cond_1/Identity:0", "cond/Identity:0", "Cond_2/Identity:0"]


def test_a_vector_predicate_is_squeezed() -> None:
    g = tf.Graph()
    with g.as_default():
        p = tf.less(tf.constant([1.0], name="x"), 0.0)
        out = tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(2.0))
    assert [(op.name, op.type, str(op.outputs[0].shape)) for op in g.get_operations()][-3:] == [
        ("cond/Squeeze", "Squeeze", "()"), ("cond", "StatelessIf", "()"), ("cond/Identity", "Identity", "()")]
    assert out.name == "cond/Identity:0"


@pytest.mark.parametrize(("true_value", "false_value", "error", "message"), [
    (1, 2.0, TypeError, "true_fn and false_fn arguments to tf.cond must have the same number, type, and overall "
                        "structure of return values.\n\ntrue_fn output: Tensor(\"Const:0\", shape=(), dtype=int32)\n"
                        "false_fn output: Tensor(\"Const:0\", shape=(), dtype=float32)\n\nError details:\n"
                        "Tensor(\"Const:0\", shape=(), dtype=int32) and Tensor(\"Const:0\", shape=(), dtype=float32) "
                        "have different types"),
    (None, 2.0, ValueError, "Lengths of branch outputs of cond must match.\nlen(graphs[0].outputs): 0\n"
                            "len(graphs[1].outputs): 1\n"),
])
def test_branch_outputs_must_agree(true_value: Any, false_value: Any, error: type, message: str) -> None:
    with tf.Graph().as_default():
        def branch(value: Any) -> Any:
            return None if value is None else tf.constant(value)

        with pytest.raises(error) as raised:
            tf.cond(tf.constant(True), lambda: branch(true_value), lambda: branch(false_value))
    assert str(raised.value) == message


def test_a_python_bool_predicate_is_refused() -> None:
    with tf.Graph().as_default(), pytest.raises(TypeError) as raised:
        tf.cond(True, lambda: tf.constant(1.0), lambda: tf.constant(2.0))
    assert str(raised.value) == "('pred must not be a Python bool', True)"


def _lowering_error(before: str) -> str:
    """Session.run on the global graph after a cond in g1 with a predicate of the global graph (an If op there whose
    branch functions are in g1's library), `before` a cond built first on the global graph itself."""
    tf.reset_default_graph()
    outer = tf.get_default_graph()
    c = tf.constant(1.0)
    pred = tf.greater(c, 0.0)
    if before == "captures and returns":
        d = tf.constant(5.0, name="d")
        tf.cond(pred, lambda: c, lambda: d)
    elif before == "returns nothing":
        tf.cond(pred, lambda: None, lambda: None)
    elif before == "returns a branch constant":
        tf.cond(pred, lambda: tf.constant(1.0), lambda: tf.constant(2.0))
    with tf.Graph().as_default():
        tf.cond(pred, lambda: c, lambda: c, name="x")
    with tf.Session(graph=outer) as session, pytest.raises(tf.errors.InvalidArgumentError) as raised:
        session.run(c)
    return str(raised.value)


@pytest.mark.parametrize(("before", "node"), [
    ("nothing", "x/then/_0"),
    ("returns nothing", "x/then/_0"),  # a StatelessIf without outputs is pruned, never lowered
    ("returns a branch constant", "x/then/_7"),  # then, else, switch_pred, pivot_t, pivot_f, branch_executed, Merge
    ("captures and returns", "x/then/_9"),  # ... plus one Switch per captured input
])
def test_branch_functions_in_another_graph_fail_the_session(before: str, node: str) -> None:
    """TF quirk cond_functions_in_another_graph, with the node counter TF 2.21.0 showed."""
    message = _lowering_error(before)
    assert message.startswith("Graph execution error:\n\nOp type not registered 'x_true_")
    assert message.endswith(f"while building NodeDef '{node}'")


# ---- tf.while_loop (while_v2), as TF 2.21.0 built it (the same on 2.12.1 and tf-nightly 2.23.0) ---------------

def test_while_loop_outer_ops_and_names() -> None:
    g = tf.Graph()
    with g.as_default():
        i = tf.constant(0, name="i")
        first = tf.while_loop(lambda v: tf.less(v, 3), lambda v: v + 1, [i])
        second = tf.while_loop(lambda v: tf.less(v, 3), lambda v: v + 1, [0], maximum_iterations=5)
        with tf.variable_scope("a"):
            named = tf.while_loop(lambda v: tf.less(v, 3), lambda v: v + 1, [i], name="loop")
    assert (first.name, second.name, named.name) == (
        "while/Identity_2:0", "while_1/Identity_2:0", "a/loop/Identity_2:0")
    assert operations(g)[:7] == [
        ("i", "Const", []), ("while/maximum_iterations", "Const", []), ("while/loop_counter", "Const", []),
        ("while", "StatelessWhile", ["while/loop_counter:0", "while/maximum_iterations:0", "i:0"]),
        ("while/Identity", "Identity", ["while:0"]), ("while/Identity_1", "Identity", ["while:1"]),
        ("while/Identity_2", "Identity", ["while:2"])]
    assert operations(g)[7] == ("Const", "Const", [])  # the literal loop var, converted where the call stands


def test_while_loop_function_graphs() -> None:
    graphs: list[Any] = []
    with tf.Graph().as_default():
        def cond(v: Any) -> Any:
            graphs.append(tf.get_default_graph())
            return tf.less(v, 3)

        def body(v: Any) -> Any:
            graphs.append(tf.get_default_graph())
            with tf.name_scope("ns"):
                tf.constant(2)
            return v + 1

        tf.while_loop(cond, body, [0], maximum_iterations=2, name="L")
    cond_graph, body_graph = graphs
    assert operations(cond_graph) == [
        ("L/loop_counter", "Placeholder", []), ("L/maximum_iterations", "Placeholder", []),
        ("Placeholder", "Placeholder", []), ("Less/y", "Const", []), ("Less", "Less", ["Placeholder:0", "Less/y:0"]),
        ("Less_1", "Less", ["L/loop_counter:0", "L/maximum_iterations:0"]),
        ("LogicalAnd", "LogicalAnd", ["Less_1:0", "Less:0"])]
    assert operations(body_graph) == [
        ("L/loop_counter", "Placeholder", []), ("L/maximum_iterations", "Placeholder", []),
        ("Placeholder", "Placeholder", []), ("ns/Const", "Const", []), ("add/y", "Const", []),
        ("add", "AddV2", ["Placeholder:0", "add/y:0"]), ("add_1/y", "Const", []),
        ("add_1", "AddV2", ["L/loop_counter:0", "add_1/y:0"])]
    assert cond_graph.name.startswith("L_cond_") and body_graph.name.startswith("L_body_")


def test_body_captures_become_loop_vars_and_a_variable_read_makes_it_stateful() -> None:
    g = tf.Graph()
    graphs: list[Any] = []
    with g.as_default():
        x = tf.constant(1.0, name="x")

        def body(v: Any) -> Any:
            graphs.append(tf.get_default_graph())
            with tf.variable_scope("vs"):
                w = tf.get_variable("w", shape=[], initializer=tf.zeros_initializer())
                _ = x + w
            return v + 1

        def cond(v: Any) -> Any:
            graphs.append(tf.get_default_graph())
            return tf.less(v, 3)

        tf.while_loop(cond, body, [0], name="L")
    cond_graph, body_graph = graphs
    assert ("L", "While", ["L/loop_counter:0", "L/maximum_iterations:0", "Const:0", "vs/w:0", "x:0"]) in operations(g)
    assert [name for name, kind, _ in operations(g) if kind == "Identity"] == [
        "L/Identity", "L/Identity_1", "L/Identity_2", "L/Identity_3", "L/Identity_4"]
    assert [v.name for v in g.get_collection("variables")] == ["vs/w:0"]  # lifted into the outer graph
    assert operations(body_graph)[3:5] == [
        ("vs/add/ReadVariableOp/vs/w", "Placeholder", []),
        ("vs/add/ReadVariableOp", "ReadVariableOp", ["vs/add/ReadVariableOp/vs/w:0"])]
    # the cond takes the body's captures too: Placeholders named after its function, made after its tracing
    assert [name for name, _, _ in operations(cond_graph)[-2:]] == [
        f"{cond_graph.name}___redundant_placeholder0", f"{cond_graph.name}___redundant_placeholder1"]


@pytest.mark.parametrize(("body", "error", "message"), [
    (lambda v: v + 1.0, TypeError, "Input 'y' of 'AddV2' Op has type float32 that does not match type int32 of "
                                   "argument 'x'."),
    (lambda v: v + [1, 2], ValueError, "Input tensor `i:0` enters the loop with shape (), but has shape (2,) after "
                                       "one iteration. To allow the shape to vary across iterations, use the "
                                       "`shape_invariants` argument of tf.while_loop to specify a less-specific "
                                       "shape."),
])
def test_the_body_keeps_each_loop_var(body: Any, error: type, message: str) -> None:
    with tf.Graph().as_default(), pytest.raises(error) as raised:
        tf.while_loop(lambda v: tf.less(v, 3), body, [tf.constant(0, name="i")])
    assert str(raised.value) == message


def test_loop_vars_must_be_a_list() -> None:
    with tf.Graph().as_default(), pytest.raises(TypeError) as raised:
        tf.while_loop(lambda v: tf.less(v, 3), lambda v: v + 1, tf.constant(0, name="i"))
    assert str(raised.value) == ("len is not well defined for a symbolic Tensor (i:0). Please call `x.shape` rather "
                                 "than `len(x)` for shape information.")


def test_a_loop_in_a_cond_branch_returns_the_while_outputs() -> None:
    g = tf.Graph()
    with g.as_default():
        i = tf.constant(0, name="i")
        inner: list[Any] = []

        def true_fn() -> Any:
            inner.append(tf.while_loop(lambda v: tf.less(v, 3), lambda v: v + 2, [i]))
            return inner[0]

        tf.cond(tf.less(tf.constant(1.0, name="x"), 0.0), true_fn, lambda: i)
    assert inner[0].name == "while:2"  # no Identity inside a function graph
    assert operations(inner[0].graph) == [
        ("while/maximum_iterations", "Const", []), ("while/loop_counter", "Const", []),
        ("while/i", "Placeholder", []),
        ("while", "StatelessWhile", ["while/loop_counter:0", "while/maximum_iterations:0", "while/i:0"])]


def test_tracing_makes_resource_variables_and_a_failed_trace_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """func_graph_from_py_func sets the current scope's use_resource to True while tracing a branch or a loop
    function, and back (since 2.13) only when tracing succeeded."""
    monkeypatch.setenv("REFERENCE_TF_VERSION", "2.21.0")
    g = tf.Graph()
    made: list[Any] = []
    with g.as_default():
        tf.get_variable_scope().set_use_resource(False)

        def body(v: Any) -> Any:
            made.append(tf.Variable(1.0, name="w"))
            return v + 1

        tf.while_loop(lambda v: tf.less(v, 3), body, [0])
        assert tf.get_variable_scope().use_resource is False
        with pytest.raises(TypeError):
            tf.cond(tf.less(tf.constant(1.0, name="x"), 0.0), lambda: tf.constant(1) + 1.0, lambda: tf.constant(2.0))
        assert tf.get_variable_scope().use_resource is True  # the true branch raised while being traced
        made.append(tf.Variable(1.0, name="u"))
    assert [(v.name, v.dtype.name) for v in made] == [("w:0", "float32"), ("u:0", "float32")]
    assert [op.type for op in g.get_operations() if op.name in ("w", "u")] == ["VarHandleOp", "VarHandleOp"]


def _lowering_node_after_a_loop(loop: str) -> str:
    """The node Session.run names when a cond with a predicate of g1 is built in another graph after a while loop
    in g1 (TF quirk cond_functions_in_another_graph: the While is lowered first, from the same name counter)."""
    g1 = tf.Graph()
    with g1.as_default():
        c = tf.constant(1.0)
        pred = tf.greater(c, 0.0)
        if loop == "capture":
            tf.while_loop(lambda i: tf.less(i, 3), lambda i: i + c, [0.0], maximum_iterations=4)
        elif loop == "two loops":
            for _ in range(2):
                tf.while_loop(lambda i: tf.less(i, 3), lambda i: i + 1, [0])
        else:
            v = tf.get_variable("v", shape=[], initializer=tf.zeros_initializer(), use_resource=loop == "resource")
            tf.while_loop(lambda i: tf.less(i, 3), lambda i: i + v, [0.0])
    with tf.Graph().as_default():
        tf.cond(pred, lambda: c, lambda: c, name="x")
    with tf.Session(graph=g1) as session, pytest.raises(tf.errors.InvalidArgumentError) as raised:
        session.run(c)
    return str(raised.value).rsplit(" ", 1)[-1]


@pytest.mark.parametrize(("loop", "node"), [
    ("capture", "'x/then/_25'"),  # 5 + 5 per loop var (counter, maximum_iterations, i, the captured c)
    ("two loops", "'x/then/_40'"),  # 2 * (5 + 5 * 3)
    ("resource", "'x/then/_21'"),  # a variable's handle, captured, takes one name
    ("ref", "'x/then/_25'"),  # a reference variable's read is a float tensor
])
def test_a_while_loop_is_lowered_from_the_same_counter(loop: str, node: str) -> None:
    """The node counter TF 2.21.0 showed."""
    assert _lowering_node_after_a_loop(loop) == node


def test_a_failed_trace_sets_use_resource_back_on_2_12(monkeypatch: pytest.MonkeyPatch) -> None:
    """On 2.12 func_graph_from_py_func sets use_resource back in a `finally`."""
    monkeypatch.setenv("REFERENCE_TF_VERSION", "2.12.1")
    with tf.Graph().as_default():
        tf.get_variable_scope().set_use_resource(False)
        with pytest.raises(TypeError):
            tf.cond(tf.less(tf.constant(1.0, name="x"), 0.0), lambda: tf.constant(1) + 1.0, lambda: tf.constant(2.0))
        assert tf.get_variable_scope().use_resource is False
