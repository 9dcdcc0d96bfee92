"""Hypothesis strategies for scope programs: a collision-heavy name alphabet and one swarm knob per kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from conformance.kinds import BLOCK_KINDS, KINDS, kinds_of_family
from conformance.program import FAMILIES, FORMAT

#: Names that collide: case twins, suffix look-alikes, and TF's own default and internal names.
VALID_NAMES = ("a", "A", "b", "x", "x_1", "X_1", "v", "vs", "foo", "foo_1", "Const", "Add", "add", "mul",
               "Variable", "read", "Assign", "Initializer", "Read", "random_uniform", "zeros")
#: Names TF must refuse somewhere (root or inner scope, op or scope) — or accept where the rules allow.
INVALID_NAMES = ("", "_x", "a b", "-x", "a/", "/x", "/", "x:0", ">", "é", "<script>\"q", "a/b/", "zzz/yyy/")

#: the kinds each family's test forces on, where that is not simply the family's own kinds (conformance/kinds.py)
FORCED_KINDS: dict[str, list[str]] = {
    "multi_graph": ["new_graph", "as_default", "constant", "binary", "name_scope", "variable_scope"],
    "get_variable": ["get_variable", "variable_scope"],
    "invalid_names": ["name_scope", "variable_scope", "constant", "get_variable", "variable", "identity"],
}
#: kinds that every program may use to give the scopes something to name
FILLER_KINDS = tuple(name for name, kind in KINDS.items() if kind.filler)


@dataclass
class Pools:
    """What earlier statements produced, by kind, so later statements can refer to them."""

    tensors: list[str] = field(default_factory=list)
    constants: list[str] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    vscopes: list[str] = field(default_factory=list)
    nscopes: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=lambda: ["g0"])
    managers: list[str] = field(default_factory=list)
    #: earlier scope heads by kind (arguments only), for re-entering the same scope later
    heads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: names given to get_variable so far, so a later call can ask for the same variable (reuse, shape, dtype)
    variable_names: list[str] = field(default_factory=list)
    count: int = 0

    def new_id(self) -> str:
        self.count += 1
        return f"s{self.count}"


@dataclass
class Knobs:
    """Swarm testing: which kinds are enabled in this program, and how often names are invalid."""

    kinds: list[str]
    invalid_percent: int
    max_statements: int
    max_depth: int = 3
    #: the valid names this program draws from: the whole alphabet, or a few names and their `_1` twins
    names: tuple[str, ...] = VALID_NAMES
    #: the family's own kinds, drawn half of the time so that their interactions are dense
    focus: tuple[str, ...] = ()


def swarm_knobs(family: str) -> st.SearchStrategy[Knobs]:
    """Force the family's kinds on, switch every other kind on or off at random."""
    forced = FORCED_KINDS.get(family) or kinds_of_family(family)
    optional = [k for k in KINDS if k not in forced]

    @st.composite
    def build(draw: Any) -> Knobs:
        enabled = list(forced) + [k for k in FILLER_KINDS if k not in forced]
        for kind in optional:
            if kind not in enabled and draw(st.booleans(), label=f"enable {kind}"):
                enabled.append(kind)
        enabled.sort(key=list(KINDS).index)
        invalid = 40 if family == "invalid_names" else draw(st.sampled_from([0, 5, 15]), label="invalid %")
        names = VALID_NAMES
        if draw(st.booleans(), label="small alphabet"):
            few = draw(st.lists(st.sampled_from(VALID_NAMES), min_size=1, max_size=3, unique=True), label="names")
            names = tuple(dict.fromkeys([*few, *(f"{n}_1" for n in few)]))
        return Knobs(kinds=enabled, invalid_percent=invalid, max_statements=12, names=names, focus=tuple(forced))

    return build()


def _name(draw: Any, knobs: Knobs) -> str:
    if knobs.invalid_percent and draw(st.integers(0, 99)) < knobs.invalid_percent:
        return draw(st.sampled_from(INVALID_NAMES))
    return draw(st.sampled_from(knobs.names))


def _operand(draw: Any, pools: Pools, allow_literal: bool = True) -> Any:
    refs = pools.tensors + pools.variables
    if refs and (not allow_literal or draw(st.integers(0, 3)) > 0):
        return {"ref": draw(st.sampled_from(refs))}
    return draw(st.sampled_from([1.0, 2, 0.5]))


def _values(draw: Any, pools: Pools) -> list[str]:
    refs = pools.tensors + pools.variables
    if not refs:
        return []
    return draw(st.lists(st.sampled_from(refs), max_size=2))


def _initializer(draw: Any, pools: Pools) -> Any:
    choice = draw(st.sampled_from(["none", "zeros", "ones", "constant", "glorot", "value", "ref"]))
    if choice == "none":
        return None
    if choice == "constant":
        return {"kind": "constant", "value": draw(st.sampled_from([1.0, 2, 1.5]))}
    if choice == "value":
        return draw(st.sampled_from([1.0, 2, [1.0, 2.0]]))
    if choice == "ref":
        # Only constants: a value that reads a reference variable goes through
        # variables._try_guard_against_uninitialized_dependencies (a cond), which the model does not cover.
        return {"ref": draw(st.sampled_from(pools.constants))} if pools.constants else 1.0
    return {"kind": choice}


#: A draw function fills a fresh statement {"op": kind, "id": sid} with its arguments, or returns None when the
#: kind cannot be drawn yet (nothing to refer to). The statement's id then joins the kind's pools (kinds.py).
DrawFunction = Callable[[Any, dict[str, Any], Pools, Knobs], dict[str, Any] | None]
DRAWS: dict[str, DrawFunction] = {}


def draws(kind: str) -> Callable[[DrawFunction], DrawFunction]:
    """Register the draw function of a kind of conformance/kinds.py."""
    def register(function: DrawFunction) -> DrawFunction:
        DRAWS[kind] = function
        return function
    return register


def join_pools(pools: Pools, kind: str, sid: str) -> None:
    """A drawn statement's id joins the pools its kind names, for later statements to refer to."""
    for pool in KINDS[kind].pools:
        getattr(pools, pool).append(sid)


# ---- ops ------------------------------------------------------------------------------------------------------

@draws("constant")
def _constant(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["value"] = draw(st.sampled_from([1.0, 2, [1.0, 2.0], 0.5]))
    if draw(st.booleans()):
        s["name"] = _name(draw, knobs) + draw(st.sampled_from(["", "", "/"]))
    dtype = draw(st.sampled_from([None, None, "float32", "int32"]))
    if dtype:
        s["dtype"] = dtype
    return s


@draws("binary")
def _binary(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s.update(fn=draw(st.sampled_from(["add", "multiply", "subtract"])), x=_operand(draw, pools),
             y=_operand(draw, pools))
    if draw(st.integers(0, 3)) == 0:
        s["name"] = _name(draw, knobs) + draw(st.sampled_from(["", "/"]))
    return s


@draws("operator")
def _operator(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s.update(sym=draw(st.sampled_from(["+", "-", "*"])), x=_operand(draw, pools, allow_literal=False),
             y=_operand(draw, pools))
    if draw(st.booleans()):
        s["x"], s["y"] = s["y"], s["x"]
    return s


@draws("identity")
def _identity(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["x"] = _operand(draw, pools, allow_literal=False)
    if draw(st.booleans()):
        s["name"] = _name(draw, knobs) + draw(st.sampled_from(["", "/"]))
    return s


@draws("neg")
def _neg(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["x"] = _operand(draw, pools, allow_literal=False)
    return s


# ---- variables ------------------------------------------------------------------------------------------------

@draws("get_variable")
def _get_variable(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    earlier = pools.variable_names
    s["name"] = draw(st.sampled_from(earlier)) if earlier and draw(st.integers(0, 2)) == 0 else _name(draw, knobs)
    pools.variable_names.append(s["name"])
    s["shape"] = draw(st.sampled_from([[2], None, [], [1, 2]]))
    dtype = draw(st.sampled_from([None, None, "float32", "int32"]))
    if dtype:
        s["dtype"] = dtype
    init = _initializer(draw, pools)
    if init is not None:
        s["initializer"] = init
    use_resource = draw(st.sampled_from([None, None, True, False]))
    if use_resource is not None:
        s["use_resource"] = use_resource
    return s


@draws("variable")
def _variable(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["initial_value"] = (draw(st.sampled_from([1.0, 2, [1.0, 2.0]])) if not pools.constants
                          or draw(st.booleans()) else {"ref": draw(st.sampled_from(pools.constants))})
    if draw(st.integers(0, 3)) > 0:
        s["name"] = _name(draw, knobs) + draw(st.sampled_from(["", "", "/"]))
    use_resource = draw(st.sampled_from([None, None, True, False]))
    if use_resource is not None:
        s["use_resource"] = use_resource
    return s


# ---- name scopes ----------------------------------------------------------------------------------------------

@draws("name_scope")
def _name_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    form = draw(st.sampled_from(["name", "default", "none", "values"]))
    s["name"] = None if form in ("default", "none") else _name(draw, knobs)
    if form == "default" or draw(st.integers(0, 4)) == 0:
        s["default_name"] = 1 if draw(st.integers(0, 19)) == 0 else _name(draw, knobs)
    if form == "values" or (form == "none" and draw(st.booleans())):
        s["values"] = _values(draw, pools)
    return s


@draws("graph_name_scope")
def _graph_name_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["name"] = _name(draw, knobs) if draw(st.integers(0, 5)) else None
    if draw(st.booleans()):
        s["graph"] = draw(st.sampled_from(pools.graphs))
    return s


@draws("reenter_scope")
def _reenter_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any] | None:
    if not pools.nscopes:
        return None
    s["scope"] = draw(st.sampled_from(pools.nscopes))
    return s


@draws("get_name_scope")
def _get_name_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    return s


# ---- variable scopes ------------------------------------------------------------------------------------------

def _scope_and_reuse(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> None:
    """variable_scope and variable_op_scope: a name, a captured scope or a default name; then maybe a reuse."""
    form = draw(st.sampled_from(["name", "object", "default"]))
    if form == "object" and pools.vscopes:
        s["scope"] = {"ref": draw(st.sampled_from(pools.vscopes))}
    elif form == "default":
        s["scope"] = None
        s["default_name"] = _name(draw, knobs)
    else:
        s["scope"] = _name(draw, knobs)
    reuse = draw(st.sampled_from(["absent", "absent", True, False, None, "AUTO_REUSE", 1]))
    if reuse != "absent" and (reuse != 1 or draw(st.integers(0, 4)) == 0):
        s["reuse"] = reuse


@draws("variable_scope")
def _variable_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    _scope_and_reuse(draw, s, pools, knobs)
    aux = draw(st.sampled_from(["absent", "absent", "absent", True, False, 1]))
    if aux != "absent" and (aux != 1 or draw(st.integers(0, 4)) == 0):
        s["auxiliary_name_scope"] = aux
    if draw(st.integers(0, 4)) == 0:
        s["initializer"] = _initializer(draw, pools)
    if draw(st.integers(0, 3)) == 0:
        s["values"] = _values(draw, pools)
    return s


@draws("enter_again")
def _enter_again(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any] | None:
    if not pools.managers:
        return None
    s["manager"] = draw(st.sampled_from(pools.managers))
    return s


@draws("reuse_variables")
def _reuse_variables(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    if pools.vscopes and draw(st.booleans()):
        s["scope"] = draw(st.sampled_from(pools.vscopes))
    return s


@draws("get_variable_scope")
def _get_variable_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    return s


# ---- op scopes ------------------------------------------------------------------------------------------------

@draws("op_scope")
def _op_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["values"] = _values(draw, pools)
    s["name"] = _name(draw, knobs) if draw(st.integers(0, 2)) else None
    if draw(st.booleans()):
        s["default_name"] = _name(draw, knobs)
    return s


@draws("variable_op_scope")
def _variable_op_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    _scope_and_reuse(draw, s, pools, knobs)
    s["values"] = _values(draw, pools)
    return s


# ---- graphs ---------------------------------------------------------------------------------------------------

@draws("new_graph")
def _new_graph(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    return s


@draws("as_default")
def _as_default(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["graph"] = draw(st.sampled_from(pools.graphs))
    return s


@draws("finalize")
def _finalize(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    if draw(st.booleans()):
        s["graph"] = draw(st.sampled_from(pools.graphs))
    return s


@draws("reset_default_graph")
def _reset_default_graph(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    return s


@draws("unique_name")
def _unique_name(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["name"] = _name(draw, knobs)
    s["mark_as_used"] = draw(st.booleans())
    if draw(st.booleans()):
        s["graph"] = draw(st.sampled_from(pools.graphs))
    return s


# ---- bodies ---------------------------------------------------------------------------------------------------

def _statement(draw: Any, kind: str, sid: str, pools: Pools, knobs: Knobs) -> dict[str, Any] | None:
    """A fresh statement of `kind`, drawn by its draw function; None when the kind cannot be drawn yet."""
    stmt = DRAWS[kind](draw, {"op": kind, "id": sid}, pools, knobs)
    if stmt is not None:
        join_pools(pools, kind, sid)
    return stmt


def _repeated_head(draw: Any, kind: str, sid: str, pools: Pools) -> dict[str, Any] | None:
    """Sometimes open a scope exactly as an earlier one was opened: same name, default name, reuse (counts!)."""
    earlier = pools.heads.get(kind)
    if not earlier or draw(st.integers(0, 2), label="repeat scope") > 0:
        return None
    head = {**draw(st.sampled_from(earlier)), "id": sid}
    join_pools(pools, kind, sid)
    return head


def _body(draw: Any, pools: Pools, knobs: Knobs, depth: int, budget: list[int]) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = []
    kinds = [k for k in knobs.kinds if depth < knobs.max_depth or k not in BLOCK_KINDS]
    while budget[0] > 0 and draw(st.integers(0, 4), label="more") > 0:
        focus = [k for k in knobs.focus if k in kinds]
        pick_from = focus if focus and draw(st.booleans(), label="focus") else kinds
        kind = draw(st.sampled_from(pick_from), label="kind")
        if KINDS[kind].rare and draw(st.integers(0, 3)) > 0:
            continue
        budget[0] -= 1
        sid = pools.new_id()
        repeatable = KINDS[kind].repeatable
        stmt = (repeatable and _repeated_head(draw, kind, sid, pools)) or _statement(draw, kind, sid, pools, knobs)
        if stmt is None:
            continue
        if repeatable:
            pools.heads.setdefault(kind, []).append({k: v for k, v in stmt.items() if k != "id"})
        if KINDS[kind].block:
            stmt["body"] = _body(draw, pools, knobs, depth + 1, budget)
        body.append(stmt)
    return body


def _graphs_with_a_tensor_each(draw: Any, pools: Pools) -> list[dict[str, Any]]:
    """multi_graph prelude: a tensor in g0, then 1-2 new graphs with a tensor built in each, so inputs cross graphs."""
    statements: list[dict[str, Any]] = []

    def constant_in_current_graph() -> dict[str, Any]:
        sid = pools.new_id()
        join_pools(pools, "constant", sid)
        return {"op": "constant", "id": sid, "value": 1.0, "name": draw(st.sampled_from(VALID_NAMES))}

    statements.append(constant_in_current_graph())
    for _ in range(draw(st.integers(1, 2))):
        graph_id = pools.new_id()
        statements.append({"op": "new_graph", "id": graph_id})
        join_pools(pools, "new_graph", graph_id)
        block_id = pools.new_id()
        statements.append({"op": "as_default", "id": block_id, "graph": graph_id,
                           "body": [constant_in_current_graph()]})
    return statements


@st.composite
def programs(draw: Any, family: str) -> dict[str, Any]:
    """A random program that exercises `family`."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}")
    knobs = draw(swarm_knobs(family), label="knobs")
    pools = Pools()
    prelude: list[dict[str, Any]] = []
    if family == "multi_graph":
        prelude += _graphs_with_a_tensor_each(draw, pools)
    body = prelude + _body(draw, pools, knobs, 0, [knobs.max_statements])
    return {"format": FORMAT, "family": family, "body": body}
