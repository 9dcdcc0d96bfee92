"""The model's tf.cond and tf.case against what TF 2.21.0 built (recorded once; identical on 2.12.1 and tf-nightly
2.23.0).

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
# ---- tf.case: nested conds (control_flow_case._case_helper) -------------------------------------------------------

def _case_in_scopes(module: Any) -> tuple[Any, list[Any], list[str]]:
    """Three tf.case calls in variable_scope("a") (the second named "case" again, the third "x" in name_scope "n"),
    predicates of a constant and a variable, a scope, constant and get_variable inside a pair's function."""
    g = module.Graph()
    inner: list[Any] = []
    with g.as_default():
        x = module.constant(1.0, name="x")
        v = module.get_variable("v", shape=[], initializer=module.zeros_initializer())
        p1, p2 = module.greater(x, 0.5), module.less(v, 2.0)

        def default() -> Any:
            inner.append(module.identity(v))
            return inner[-1]

        def scoped() -> Any:
            with module.name_scope("s"):
                c = module.constant(3.0, name="c")
            module.get_variable("w", shape=[], initializer=module.zeros_initializer())
            return c

        with module.variable_scope("a"):
            outputs = [module.case([(p1, lambda: module.constant(1.0)), (p2, lambda: x + 1.0)], default=default),
                       module.case([(p1, scoped)], default=lambda: module.constant(2.0), name="case")]
            with module.name_scope("n"):
                outputs.append(module.case([(p1, lambda: x), (p2, lambda: x), (p1, lambda: x)], default=lambda: x,
                                           name="x"))
    return g, inner, [t.name for t in outputs]


def test_case_is_nested_conds_in_its_name_scope() -> None:
    """The outer graph gets one If per case, `<scope>/case/cond` (uniquified as a name scope: case_1), whose
    inputs are every capture of the nested conds; each later pair's cond is built in the previous false branch's
    function graph, at the root of its name stack (`cond`); a branch variable is lifted under the outer scope."""
    g, inner, outputs = _case_in_scopes(tf)
    assert outputs == ["a/case/cond/Identity:0", "a/case_1/cond/Identity:0", "a/n/x/cond/Identity:0"]
    ops = [(name, kind, inputs) for name, kind, inputs in operations(g) if name.startswith("a/")]
    assert ops == [
        ("a/case/cond", "If", ["Greater:0", "Less:0", "x:0", "v:0"]),
        ("a/case/cond/Identity", "Identity", ["a/case/cond:0"]),
        ("a/w/Initializer/zeros", "Const", []), ("a/w", "VarHandleOp", []),
        ("a/w/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp", ["a/w:0"]),
        ("a/w/Assign", "AssignVariableOp", ["a/w:0", "a/w/Initializer/zeros:0"]),
        ("a/w/Read/ReadVariableOp", "ReadVariableOp", ["a/w:0"]),
        ("a/case_1/cond", "StatelessIf", ["Greater:0"]),
        ("a/case_1/cond/Identity", "Identity", ["a/case_1/cond:0"]),
        ("a/n/x/cond", "StatelessIf", ["Greater:0", "x:0", "Less:0", "Greater:0"]),
        ("a/n/x/cond/Identity", "Identity", ["a/n/x/cond:0"])]
    # the default of the first case: traced in the innermost cond's false branch, at the root of its name stack
    assert inner[0].name == "Identity:0"


@pytest.mark.parametrize(("pairs", "error", "message"), [
    ("not a list", TypeError, "'pred_fn_pairs' must be a list, tuple, or dict. Received: <class 'str'>"),
    ([(True, None)], TypeError, "pred must be a Tensor, got: True"),
    ([("x", None)], TypeError, "pred must be Tensor of type bool: x:0"),
    ([("p", None)], TypeError, "fn for pred Greater:0 must be callable."),
    ([("q", "r", "s")], TypeError, "Each entry in 'pred_fn_pairs' must be a 2-tuple. Received ('q', 'r', 's')."),
    ([], ValueError, "not enough values to unpack (expected 2, got 0)"),
])
def test_case_checks_its_pairs_before_it_opens_its_scope(pairs: Any, error: type, message: str) -> None:
    """_case_verify_and_canonicalize_args: TF's messages; nothing is built (a Python bool is refused by tf.case
    itself, allow_python_preds=False). An empty list fails unpacking `zip(*pred_fn_pairs)`."""
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0, name="x")
        p = tf.greater(x, 0.0)
        known = {"x": x, "p": p}
        if isinstance(pairs, list):
            pairs = [tuple(known.get(item, item) if isinstance(item, str) else item for item in pair)
                     for pair in pairs]
        before = len(g.get_operations())
        with pytest.raises(error) as raised:
            tf.case(pairs, default=lambda: x)
    assert str(raised.value) == message
    assert len(g.get_operations()) == before


def test_case_branch_outputs_must_agree_as_conds_do() -> None:
    """The nested conds check the outputs: a default returning None against a pair returning a tensor is the
    innermost cond's error."""
    with tf.Graph().as_default():
        x = tf.constant(1.0, name="x")
        with pytest.raises(ValueError) as raised:
            tf.case([(tf.greater(x, 0.0), lambda: x)], default=lambda: None)
    assert str(raised.value) == ("Lengths of branch outputs of cond must match.\nlen(graphs[0].outputs): 1\n"
                                 "len(graphs[1].outputs): 0\n")


def test_branches_returning_lists_get_an_output_per_leaf() -> None:
    """Each leaf of a returned list or tuple is converted on its own (Const, Const_1, ...), the If gets an output
    per leaf and an Identity each, packed as the true branch's structure (a singleton list stays a list)."""
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0, 2.0], name="x")
        p = tf.greater(1.0, 0.0)
        listed = tf.cond(p, lambda: 2 * [1.0], lambda: [3.0, x[0] if False else 4.0])
        single = tf.cond(p, lambda: [x], lambda: [x])
        paired = tf.cond(p, lambda: (x, 1.0), lambda: (x, 2.0))
    assert [t.name for t in listed] == ["cond/Identity:0", "cond/Identity_1:0"]
    assert [t.name for t in single] == ["cond_1/Identity:0"]
    assert isinstance(paired, tuple) and [str(t.shape) for t in paired] == ["(2,)", "()"]
    assert [(op.name, [t.name for t in op.inputs]) for op in g.get_operations() if op.name.startswith("cond/")] == [
        ("cond/Identity", ["cond:0"]), ("cond/Identity_1", ["cond:1"])]
    assert [len(g.get_operation_by_name(name).outputs) for name in ("cond", "cond_1", "cond_2")] == [2, 1, 2]


@pytest.mark.parametrize(("true_value", "false_value", "counts"), [
    (2 * [1.0, 2.0, 3.0], None, "[6, 1]"), ([1.0, 2.0], 1.0, "[2, 1]"), ([], None, "[0, 1]")])
def test_unequal_flattened_outputs_fail_a_bare_assert(true_value: Any, false_value: Any, counts: str) -> None:
    """cond_v2._make_indexed_slices_indices_types_match asserts the flattened counts agree before the outputs are
    checked: an AssertionError whose message is the counts."""
    with tf.Graph().as_default(), pytest.raises(AssertionError) as raised:
        tf.cond(tf.greater(1.0, 0.0), lambda: true_value, lambda: false_value)
    assert str(raised.value) == counts


def test_a_saver_in_a_branch_cannot_assign_a_captured_reference_variable() -> None:
    """The branch captures the reference variable as a float32 Placeholder; its restore `Assign` wants float32_ref
    (Operation.from_node_def), after the Saver's save ops and RestoreV2 were built in the branch graph."""
    g = tf.Graph()
    built: list[list[str]] = []
    with g.as_default():
        v = tf.get_variable("v", shape=[2], use_resource=False, initializer=tf.zeros_initializer())

        def branch() -> None:
            with pytest.raises(TypeError) as raised:
                tf.train.Saver(var_list=[v])
            assert str(raised.value) == ("In op 'save/Assign', input types ([tf.float32, tf.float32]) are not "
                                         "compatible with expected types ([tf.float32_ref, tf.float32])")
            built.append([op.name for op in tf.get_default_graph().get_operations()])

        tf.cond(tf.greater(1.0, 0.0), branch, lambda: None)
    assert built == [["save/filename/input", "save/filename", "save/Const", "save/SaveV2/tensor_names",
                      "save/SaveV2/shape_and_slices", "save/SaveV2/v", "save/SaveV2", "save/control_dependency",
                      "save/RestoreV2/tensor_names", "save/RestoreV2/shape_and_slices", "save/RestoreV2"]]


def test_case_sorts_a_dict_by_the_predicates_names() -> None:
    """_case_verify_and_canonicalize_args in graph mode: a dict's items sorted by the predicates' names, so the
    outer cond tests `a` although `b` was written first; a repeated predicate keeps its last function (the first
    is never traced); a Python bool key has no name to sort on."""
    g = tf.Graph()
    traced: list[int] = []
    with g.as_default():
        x = tf.constant(1.0, name="x")
        b, a = tf.greater(x, 0.5, name="b"), tf.less(x, 2.0, name="a")

        def returning(n: int) -> Any:
            return lambda: (traced.append(n), tf.constant(float(n)))[1]

        tf.case({b: returning(1), a: returning(2)}, default=returning(3))
        tf.case({b: returning(4), b: returning(5)}, default=returning(6))  # noqa: F602 - a repeated predicate
        with pytest.raises(AttributeError) as raised:
            tf.case({True: returning(7), a: returning(8)}, default=returning(9))
    assert traced == [2, 1, 3, 5, 6]
    assert [(op.name, [t.name for t in op.inputs]) for op in g.get_operations() if op.type == "StatelessIf"] == [
        ("case/cond", ["a:0", "b:0"]), ("case_1/cond", ["b:0"])]
    assert str(raised.value) == "'bool' object has no attribute 'name'"


def test_a_branch_with_the_save_ops_of_a_failed_saver_makes_a_stateful_if() -> None:
    """SaveV2 and RestoreV2 are stateful ops (OpDef.is_stateful): a branch holding them, though its Saver failed at
    `save/Assign`, makes the cond an `If` (TF 2.21.0, 2.12.1 and nightly)."""
    g = tf.Graph()
    with g.as_default():
        v = tf.get_variable("v", shape=[2], use_resource=False, initializer=tf.zeros_initializer())

        def branch() -> None:
            with pytest.raises(TypeError):
                tf.train.Saver(var_list=[v])

        tf.cond(tf.greater(1.0, 0.0), lambda: None, branch)
    assert [op.type for op in g.get_operations()][-1] == "If"


# ---- rules the nightly matrix found (2.12.1 and 2.13.1; checked on 2.12.1 to 2.21.0) ---------------------------

def _outer_run_error(kind: str) -> str:
    """Build a cond or a while_loop whose function makes `a/>` (a node name the C++ rule refuses, under a name scope
    the Python rule accepts), then run an outer constant."""
    graph = tf.Graph()
    with graph.as_default():
        c = tf.constant(1.0, name="c")

        def with_invalid_node() -> None:
            with tf.name_scope("a"):
                tf.less(c, 0, name=">")

        if kind == "cond":
            tf.cond(tf.less(c, 2.0), lambda: (with_invalid_node(), tf.constant(1))[1], lambda: tf.constant(2))
        elif kind == "cond without outputs":
            tf.cond(tf.less(c, 2.0), with_invalid_node, lambda: None)
        else:
            tf.while_loop(lambda i: tf.less(i, 3), lambda i: (with_invalid_node(), i + 1)[1], [0])
    with tf.Session(graph=graph) as session:
        try:
            session.run(c)
        except tf.errors.InvalidArgumentError as error:
            return str(error)
    return "ran"


@pytest.mark.parametrize(("kind", "outcome"), [
    ("cond", "Graph execution error:\n\nNode 'a/>/y': Node name contains invalid characters"),
    ("while_loop", "Graph execution error:\n\nNode 'a/>/y': Node name contains invalid characters"),
    ("cond without outputs", "ran"),  # a StatelessIf without outputs is pruned, never inlined
])
def test_an_invalid_node_name_in_an_inlined_function_fails_the_outer_session(kind: str, outcome: str) -> None:
    assert _outer_run_error(kind) == outcome


def test_a_caching_device_shows_in_the_cached_read() -> None:
    """ResourceVariable and RefVariable place the cached read / the `read` snapshot under ops.device(caching_device):
    Tensor.__str__ prints its canonical name."""
    with tf.Graph().as_default():
        resource = tf.get_variable("r", shape=[2], caching_device="/cpu:0", use_resource=True)
        ref = tf.get_variable("v", shape=[2], caching_device="/cpu:0", use_resource=False)
        plain = tf.get_variable("p", shape=[2], use_resource=False)
        assert str(resource.value()) == 'Tensor("r/Read/Identity:0", shape=(2,), dtype=float32, device=/device:CPU:0)'
        assert str(ref.value()) == 'Tensor("v/read:0", shape=(2,), dtype=float32, device=/device:CPU:0)'
        assert str(plain.value()) == 'Tensor("p/read:0", shape=(2,), dtype=float32)'
