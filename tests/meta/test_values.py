"""Values: what a Session computes, on TF and on the model; the model's dtype arithmetic; which values are recorded."""

from __future__ import annotations

import math
import struct
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.backend import load_backend
from conformance.determinism import RANDOM_DEFAULT, RANDOM_GLOROT, value_reasons
from conformance.diff import first_difference
from conformance.runner import execute
from conformance.trace import describe_fetched
from reference_impl import numerics

BACKENDS = [pytest.param("tf", marks=pytest.mark.tf), "model"]


@pytest.fixture(scope="module")
def tf() -> ModuleType:
    """The module under test ($CONFORMANCE_TF_MODULE); skip when it is not importable."""
    try:
        return load_backend("tf")
    except ImportError as error:
        pytest.skip(f"the module under test is not importable: {error}")


@pytest.fixture(scope="module")
def model() -> ModuleType:
    return load_backend("model")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> ModuleType:
    return request.getfixturevalue("tf" if request.param == "tf" else "model")


# ---- the seed's example ------------------------------------------------------------------------------

def seed_example(tf: Any) -> list[Any]:
    """The seed's `scoping` example, then `sess.run(tf.global_variables_initializer())` and `sess.run([d1, d2])`."""

    def scoping(fn: Any, scope1: str, scope2: str, vals: list[int]) -> Any:
        with fn(scope1):
            a = tf.Variable(vals[0], name="a")
            b = tf.get_variable("b", initializer=vals[1])
            c = tf.constant(vals[2], name="c")
            with fn(scope2):
                d = tf.add(a * b, c, name="res")
        return d

    with tf.Graph().as_default():
        d1 = scoping(tf.variable_scope, "scope_vars", "res", [1, 2, 3])
        d2 = scoping(tf.name_scope, "scope_name", "res", [1, 2, 3])
        init = tf.global_variables_initializer()
        with tf.Session() as sess:
            assert sess.run(init) is None
            return [init.name, init.type, sorted(op.name for op in init.control_inputs),
                    [describe_fetched(value) for value in sess.run([d1, d2])]]


def test_seed_example_values(backend: Any) -> None:
    """a * b + c = 1 * 2 + 3 in both scopings, as int32; `init` groups the four initializers."""
    assert seed_example(backend) == [
        "init", "NoOp", ["b/Assign", "scope_name/a/Assign", "scope_vars/a/Assign", "scope_vars/b/Assign"],
        [{"dtype": "int32", "value": 5}, {"dtype": "int32", "value": 5}],
    ]


# ---- Session behaviour, the same on both sides -------------------------------------------------------

def test_reading_an_uninitialized_variable_fails_on_both(backend: Any) -> None:
    with backend.Graph().as_default():
        resource = backend.Variable(1.0, name="v")
        ref = backend.Variable(2.0, name="r", use_resource=False)
        with backend.Session() as sess:
            for variable in (resource, ref):
                with pytest.raises(Exception) as raised:
                    sess.run(variable + 1.0)
                assert type(raised.value).__name__ == "FailedPreconditionError"
            assert sess.run(ref.initializer) is None
            assert sess.run(ref).tolist() == 2.0


def test_session_refuses_other_graphs_and_closed_use(backend: Any) -> None:
    other = backend.Graph()
    with other.as_default():
        foreign = backend.constant(1.0)
    with backend.Graph().as_default():
        sess = backend.Session()
        with pytest.raises(RuntimeError, match=r"^The Session graph is empty\. Add operations to the graph"):
            sess.run(foreign)
        backend.constant(2.0)
        with pytest.raises(ValueError, match="is not an element of this graph"):
            sess.run(foreign)
        sess.close()
        with pytest.raises(RuntimeError, match="^Attempted to use a closed Session.$"):
            sess.run(foreign)


def test_an_op_with_a_foreign_input_added_after_a_run_fails_every_later_run(backend: Any) -> None:
    """TF quirk foreign_input_corrupts_the_graph, on a Session that already ran the graph clean: the model checks
    each op's inputs once per Session, so the op added later must still be found, on every later run."""
    with backend.Graph().as_default():
        parted = backend.get_variable("p", shape=[4], initializer=backend.zeros_initializer(),
                                      partitioner=backend.fixed_size_partitioner(2))
    with backend.Graph().as_default():
        one = backend.constant(1.0)
        sess = backend.Session()
        assert describe_fetched(sess.run(one)) == {"dtype": "float32", "value": 1.0}
        backend.greater(one, parted, name="mixed")
        for _ in range(2):
            with pytest.raises(Exception, match="contains a cycle with 1 nodes, including: mixed$") as raised:
                sess.run(one)
            assert type(raised.value).__name__ == "InvalidArgumentError"


SESSION_NAMES = [["ok", "z>-", "a>-"], ["x\\y"], ["a-b", "a>1", "a>.", "a.>b", "x/_y", "x/-y", "x//y", "x/"],
                 ["a>>b"], ["x>_y"]]


@pytest.mark.tf
def test_session_validates_node_names(tf: Any, model: Any) -> None:
    """Python accepts `a>-` as an op name; a Session then refuses the whole graph, naming its first bad node."""
    outcomes = []
    for backend in (tf, model):
        for names in SESSION_NAMES:
            with backend.Graph().as_default() as graph:
                tensors = [backend.constant(1.0, name=name) for name in names]
            try:
                outcomes.append([describe_fetched(v) for v in backend.Session(graph=graph).run(tensors)])
            except Exception as error:  # noqa: BLE001 - the error is the observation
                outcomes.append([type(error).__name__, str(error)])
    tf_outcomes, model_outcomes = outcomes[:len(SESSION_NAMES)], outcomes[len(SESSION_NAMES):]
    assert tf_outcomes == model_outcomes
    assert tf_outcomes[0] == ["InvalidArgumentError",
                              "Graph execution error:\n\nNode 'z>-': Node name contains invalid characters"]


def test_fetch_structures_and_finalized_graphs(backend: Any) -> None:
    """Lists, tuples and dicts come back in kind; a finalized graph still runs (no op is added)."""
    graph = backend.Graph()
    with graph.as_default():
        x = backend.constant([1.0, 2.0])
        v = backend.get_variable("v", shape=[1, 2], initializer=backend.ones_initializer())
        y = v * x - 0.5
    graph.finalize()
    sess = backend.Session(graph=graph)
    sess.run(v.initializer)
    got = sess.run({"pair": (x, y), "list": [v]})
    assert isinstance(got["pair"], tuple) and isinstance(got["list"], list)
    assert [describe_fetched(t) for t in (*got["pair"], *got["list"])] == [
        {"dtype": "float32", "value": [1.0, 2.0]},
        {"dtype": "float32", "value": [[0.5, 1.5]]},
        {"dtype": "float32", "value": [[1.0, 1.0]]},
    ]
    sess.close()


# ---- the model's arithmetic --------------------------------------------------------------------------

def test_float32_rounding() -> None:
    assert numerics.to_dtype(0.1, "float32") == 0.10000000149011612
    assert numerics.to_dtype(1 + 2 ** -24, "float32") == 1.0  # a tie rounds to even
    assert numerics.to_dtype(1 + 3 * 2 ** -24, "float32") == 1 + 2 ** -22
    float32_max = 2.0 ** 128 - 2.0 ** 104
    assert numerics.to_dtype(2.0 ** 128 - 2.0 ** 103 - 2.0 ** 80, "float32") == float32_max  # below the tie
    assert numerics.to_dtype(2.0 ** 128 - 2.0 ** 103, "float32") == math.inf  # the tie rounds to even: 2**128
    assert numerics.to_dtype(3.5e38, "float32") == math.inf
    assert numerics.to_dtype(-1e39, "float32") == -math.inf
    assert numerics.to_dtype(1e-46, "float32") == 0.0  # below half the smallest subnormal
    assert numerics.to_dtype(2 ** -149, "float32") == 2 ** -149


def test_float32_kernels_flush_denormals() -> None:
    """TF's CPU kernels run with DAZ and FTZ: subnormal inputs count as zero, tiny results become signed zero."""
    mul = numerics.float32_arithmetic(lambda a, b: a * b)
    add = numerics.float32_arithmetic(lambda a, b: a + b)
    subnormal = numerics.to_dtype(1e-40, "float32")
    assert mul(subnormal, 1e30) == 0.0  # DAZ: not 1e-10
    assert math.copysign(1.0, mul(-(2.0 ** -100), 2.0 ** -30)) == -1.0  # FTZ keeps the sign
    assert add(1.5 * 2.0 ** -126, -(2.0 ** -126)) == 0.0  # normal inputs, subnormal result
    assert mul(2.0 ** -126, 1.0) == 2.0 ** -126
    assert numerics.unary(lambda a: -a, subnormal, "float32") == -subnormal  # Neg flips the sign bit only


def test_integer_wrap_and_broadcasting() -> None:
    assert numerics.to_dtype(2 ** 31, "int32") == -(2 ** 31)
    assert numerics.to_dtype(-(2 ** 31) - 1, "int32") == 2 ** 31 - 1
    assert numerics.binary(lambda a, b: a * b, [65536, 3], 65536, "int32") == [0, 196608]
    assert numerics.binary(lambda a, b: a + b, [[1], [2]], [10, 20, 30], "int32") == [[11, 21, 31], [12, 22, 32]]
    assert numerics.binary(lambda a, b: a - b, 1.0, [[0.5, 2.0]], "float32") == [[0.5, -1.0]]
    with pytest.raises(ValueError, match="Incompatible shapes"):
        numerics.binary(lambda a, b: a + b, [1, 2], [1, 2, 3], "int32")


def test_non_finite_values_compare_exactly() -> None:
    class Fetched:
        dtype = type("D", (), {"name": "float32"})

        def tolist(self) -> Any:
            return [math.inf, -math.inf, math.nan, -0.0, 0.0, 1.5]

    assert describe_fetched(Fetched()) == {"dtype": "float32", "value": ["inf", "-inf", "nan", "-0.0", 0.0, 1.5]}


#: any float32, plus subnormals and values whose products are subnormal (DAZ/FTZ), plus values near overflow
FLOAT32 = st.one_of(st.floats(width=32), st.floats(-(2.0 ** -120), 2.0 ** -120, width=32),
                    st.floats(2.0 ** -66, 2.0 ** -60, width=32), st.floats(2.0 ** 64, 2.0 ** 127, width=32))
INT32 = st.integers(-(2 ** 31), 2 ** 31 - 1)


@pytest.mark.tf
@given(op=st.sampled_from(["add", "subtract", "multiply", "negative"]),
       operands=st.one_of(st.tuples(st.just("float32"), FLOAT32, FLOAT32), st.tuples(st.just("int32"), INT32, INT32)))
@settings(max_examples=100, deadline=None)
def test_kernels_match_tf_bit_for_bit(tf: Any, model: Any, op: str, operands: tuple[str, Any, Any]) -> None:
    """Arbitrary float32 (inf and nan included) and int32 (overflowing) operands: same bits from both Sessions."""
    dtype, x, y = operands
    results = []
    for backend in (tf, model):
        with backend.Graph().as_default():
            a = backend.constant(x, dtype=getattr(backend, dtype))
            b = backend.constant(y, dtype=getattr(backend, dtype))
            out = backend.negative(a) if op == "negative" else getattr(backend, op)(a, b)
            with backend.Session() as sess:
                results.append(describe_fetched(sess.run(out)))
    assert results[0] == results[1]  # nan is compared as "nan", whatever its sign bit


def test_float32_packing_matches_struct() -> None:
    for x in (1.1, -2.5e-40, 123456789.0):
        assert numerics.to_dtype(x, "float32") == struct.unpack("f", struct.pack("f", x))[0]


# ---- which values are recorded --------------------------------------------------------------------------

def _program(*body: dict[str, Any]) -> dict[str, Any]:
    return {"format": 1, "family": "ops", "body": list(body)}


def test_determinism_is_per_statement() -> None:
    """Constants stay recorded next to a glorot variable; what reads a random variable is skipped."""
    program = _program(
        {"op": "constant", "id": "s1", "value": 1.0},
        {"op": "get_variable", "id": "s2", "name": "w", "shape": [2], "initializer": {"kind": "glorot"}},
        {"op": "operator", "id": "s3", "sym": "+", "x": {"ref": "s2"}, "y": {"ref": "s1"}},
        {"op": "get_variable", "id": "s4", "name": "z", "shape": [2], "initializer": {"kind": "zeros"}},
        {"op": "variable", "id": "s5", "initial_value": {"ref": "s1"}},
        {"op": "binary", "id": "s6", "fn": "add", "x": {"ref": "s5"}, "y": 2.0},
    )
    reasons = value_reasons(program)
    assert reasons["s1"] is None and reasons["s5"] is None and reasons["s6"] is None
    assert reasons["s2"] == RANDOM_GLOROT and reasons["s3"] == RANDOM_GLOROT
    assert reasons["s4"] == "may return the variable of s2 (glorot_uniform initializer (random))"


@pytest.mark.parametrize("stmt, recorded", [
    ({"op": "get_variable", "id": "s1", "name": "v", "shape": [2]}, False),
    ({"op": "get_variable", "id": "s1", "name": "v", "shape": [2], "dtype": "float32"}, False),
    ({"op": "get_variable", "id": "s1", "name": "v", "shape": [2], "dtype": "int32"}, True),
    ({"op": "get_variable", "id": "s1", "name": "v", "initializer": [1.0, 2.0]}, True),
    ({"op": "get_variable", "id": "s1", "name": "v", "shape": [], "initializer": {"kind": "constant", "value": 2}},
     True),
])
def test_get_variable_defaults(stmt: dict[str, Any], recorded: bool) -> None:
    """Without an initializer a float variable gets glorot_uniform (or its scope's); an int32 one gets zeros."""
    reason = value_reasons(_program(stmt))["s1"]
    assert (reason is None) is recorded
    if not recorded:
        assert reason == RANDOM_DEFAULT


def test_a_scope_initializer_taints_int_defaults() -> None:
    program = _program(
        {"op": "variable_scope", "id": "s1", "scope": "a", "initializer": {"kind": "glorot"}, "body": [
            {"op": "get_variable", "id": "s2", "name": "v", "shape": [2], "dtype": "int32"}]})
    assert value_reasons(program)["s2"] is not None


# ---- end to end: the values event on both sides ------------------------------------------------------

SANITY = _program(
    {"op": "constant", "id": "s1", "value": [1.0, 2.0]},
    {"op": "variable", "id": "s2", "initial_value": {"ref": "s1"}, "use_resource": False},
    {"op": "get_variable", "id": "s3", "name": "v", "shape": [1, 2], "initializer": {"kind": "ones"}},
    {"op": "operator", "id": "s4", "sym": "*", "x": {"ref": "s3"}, "y": {"ref": "s2"}},
    {"op": "neg", "id": "s5", "x": {"ref": "s4"}},
    {"op": "get_variable", "id": "s6", "name": "w", "shape": [2], "initializer": {"kind": "glorot"}},
    {"op": "constant", "id": "s7", "value": 2, "dtype": "int32"},
    {"op": "finalize", "id": "s8"},
    {"op": "reset_default_graph", "id": "s9"},
    {"op": "binary", "id": "s10", "fn": "subtract", "x": {"ref": "s7"}, "y": 5},
    {"op": "constant", "id": "s11", "value": 0.5},
    {"op": "identity", "id": "s12", "x": {"ref": "s11"}},
)


@pytest.mark.tf
def test_values_event_on_tf_and_model(tf: Any, model: Any) -> None:
    """A finalized graph, a reset-away graph, both variable kinds, a glorot variable: identical values events."""
    tf_trace, model_trace = execute(SANITY, tf).trace, execute(SANITY, model).trace
    assert first_difference(tf_trace, model_trace) is None
    assert tf_trace[-1] == {"id": "values", "op": "values", "phase": "end", "ok": {
        "s1": {"dtype": "float32", "value": [1.0, 2.0]},
        "s2": {"dtype": "float32", "value": [1.0, 2.0]},
        "s3": {"dtype": "float32", "value": [[1.0, 1.0]]},
        "s4": {"dtype": "float32", "value": [[1.0, 2.0]]},
        "s5": {"dtype": "float32", "value": [[-1.0, -2.0]]},
        "s6": {"skipped": RANDOM_GLOROT},
        "s7": {"dtype": "int32", "value": 2},
        "s11": {"dtype": "float32", "value": 0.5},
        "s12": {"dtype": "float32", "value": 0.5},
    }}
    s10 = next(event for event in tf_trace if event["id"] == "s10")
    assert "raised" in s10  # s7 lives in the finalized graph (2.23 fails earlier: 5 is converted in the new one)
