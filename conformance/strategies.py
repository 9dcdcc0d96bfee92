"""Hypothesis strategies for scope programs: a collision-heavy name alphabet and one swarm knob per kind.

Every drawn program counts (issue 14):

- it is complete: at least MIN_STATEMENTS statements, one of them of the family's own kinds (its focus); a kind
  is drawn only where it can be (kinds.py `needs`, the nesting depth), so no pick is dropped;
- different choice sequences give different programs, as far as the knobs allow: every choice shows in the
  program (`Coin` for weighted decisions, pools without repeats), and a knob enters the choice sequence only
  when it first shows (`Knobs`). Hypothesis deduplicates choice sequences, so the programs are then distinct
  too (tests/meta/test_generator_yield.py measures it);
- each statement is one Hypothesis span with the coin that decided it, so that the shrinker deletes
  statements whole and reaches short programs.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hypothesis import strategies as st

from conformance.kinds import KINDS, branch_roles, kinds_of_family
from conformance.program import FAMILIES, FORMAT

#: Names that collide: case twins, suffix look-alikes, and TF's own default and internal names.
VALID_NAMES = ("a", "A", "b", "x", "x_1", "X_1", "v", "vs", "foo", "foo_1", "Const", "Add", "add", "mul",
               "Variable", "read", "Assign", "Initializer", "Read", "random_uniform", "zeros")
#: Names TF must refuse somewhere (root or inner scope, op or scope) — or accept where the rules allow.
INVALID_NAMES = ("", "_x", "a b", "-x", "a/", "/x", "/", "x:0", ">", "é", "<script>\"q", "a/b/", "zzz/yyy/")

DTYPES = ("float32", "int32")
#: a keyword left out of the call
ABSENT = "absent"
#: `reuse=` of variable_scope and variable_op_scope, by weight (1, a truthy non-bool, rarely)
REUSE_WEIGHTS = ((ABSENT, 14), (True, 5), (False, 5), (None, 5), ("AUTO_REUSE", 5), (1, 1))
#: the partitioned family reuses more (AUTO_REUSE scopes), so that partitioned variables are created, then reused
PARTITIONED_REUSE_WEIGHTS = ((ABSENT, 10), (True, 5), (False, 3), (None, 3), ("AUTO_REUSE", 12), (1, 1))
#: `reuse=` in the custom_getter family: mostly reusing, as a layer built a second time is (real code's
#: `variable_scope(scope, reuse=True)` and AUTO_REUSE), so that regularizers and getters meet reuse
GETTERS_REUSE_WEIGHTS = ((ABSENT, 8), (True, 8), (False, 2), (None, 2), ("AUTO_REUSE", 10))
#: the families that draw `reuse=` with their own weights
FAMILY_REUSE_WEIGHTS = {"partitioned": PARTITIONED_REUSE_WEIGHTS, "custom_getter": GETTERS_REUSE_WEIGHTS}
#: `auxiliary_name_scope=` of variable_scope, by weight
AUXILIARY_NAME_SCOPE_WEIGHTS = ((ABSENT, 19), (True, 5), (False, 5), (1, 1))

#: the kinds each family's test forces on, where that is not simply the family's own kinds (conformance/kinds.py)
FORCED_KINDS: dict[str, list[str]] = {
    "multi_graph": ["new_graph", "as_default", "constant", "binary", "name_scope", "variable_scope"],
    "get_variable": ["get_variable", "variable_scope"],
    "partitioned": ["get_variable", "variable_scope", "set_partitioner", "reuse_variables"],
    "invalid_names": ["name_scope", "variable_scope", "constant", "get_variable", "variable", "identity"],
    # variables made in scopes, then the collections queried (the focus is drawn uniformly, half of the time;
    # the rarer collection kinds are drawn among the others)
    "collections": ["variable_scope", "get_variable", "get_collection", "trainable_variables", "global_variables",
                    "add_to_collection", "get_local_variable"],
    # getters and regularizers meet scopes (nested: getters compose), captured scopes and reuse
    "custom_getter": ["variable_scope", "get_variable", "enter_again", "set_custom_getter"],
    # a block run in a new thread: its own name stack, variable scope and default graph, the graph's names shared
    "threads": ["thread", "name_scope", "variable_scope", "get_variable", "as_default", "constant"],
    "layers": ["variable_scope", "get_variable", "original_name_scope", "init_scope", "variable_creator_scope"],
    # variables of every kind (partitioned, not trainable, moved by collections=, local) in scopes, then Savers
    "checkpoint": ["variable_scope", "get_variable", "variable", "saver"],
    # tf.cond with its predicates, among the scopes and variables real code builds around and inside branches
    "control_flow": ["cond", "case", "greater", "less", "variable_scope", "name_scope", "get_variable", "variable",
                     "while_loop"],
}
#: The generator's effort, where it is not even (conformance/kinds.py's kinds, weight 1 unless listed): how often
#: a kind is picked against the others that can be drawn at that point. Real TF1 code (issue 15: the scoping
#: calls of eight TF1 code bases) is mostly variable_scope (55% of its scoping calls), v1 name_scope and
#: get_variable; none of eight code bases calls op_scope, variable_op_scope, Graph.unique_name or
#: Graph.name_scope, drawn a fifth as often as the other kinds.
KIND_WEIGHTS: dict[str, float] = {
    "variable_scope": 3, "get_variable": 3, "name_scope": 2,
    "op_scope": 1 / 5, "variable_op_scope": 1 / 5, "unique_name": 1 / 5, "graph_name_scope": 1 / 5,
    # rarely called in real code: get_collection_ref 12 calls, local/model_variables 6 (get_collection 106);
    # threads never appear in the counted code bases (their family forces them on)
    "get_collection_ref": 1 / 3, "local_variables": 1 / 3, "model_variables": 1 / 3, "thread": 1 / 5,
    # the control_flow family's own call (tf.cond: 90 real calls) before its predicates
    "cond": 4,
    # tf.while_loop: 19 real calls (needs no predicate first, so it comes up sooner than cond)
    "while_loop": 1 / 2,
    # tf.case: 6 real calls, drawn a quarter as often as tf.cond (more than its share, for its nested names)
    "case": 1,
}
#: the control-flow kinds: drawn only in their own family, so that the other families' programs stay as they were
CONTROL_FLOW_KINDS = frozenset(kinds_of_family("control_flow"))
#: the kinds never drawn inside a tf.cond branch: they change or name the default graph, or start a thread (a
#: branch is traced in its own function graph, and real branch functions do neither)
NOT_IN_BRANCHES = frozenset({"new_graph", "as_default", "finalize", "reset_default_graph", "thread", "enter_again",
                             "graph_name_scope", "unique_name"})
#: kinds a family never draws: control_flow builds its program in a new graph (`_in_a_new_graph`), as on the
#: global default graph TF <= 2.14 traces a function's variables (and a nested loop's names) in eager mode, which
#: the model does not imitate; a `thread` block's body runs on the global default graph, so the family draws none
FAMILY_EXCLUDED_KINDS = {"control_flow": frozenset({"thread"})}
#: how variable_scope is called, by weight: "plain" (a name, a captured scope, or None with a default name);
#: "layer", as layers write it, `variable_scope(scope, "Conv", [inputs])` with `scope` a name, a captured scope
#: or None (165 of the 168 real default_name uses pass a scope too, which TF then ignores); "reentry", as
#: tf.compat.v1.layers re-enters a layer's captured scope: `auxiliary_name_scope=False`, then its body opens
#: `name_scope(scope.original_name_scope)` first (`_layer_body_head`). The layers family draws the last two more.
VARIABLE_SCOPE_FORM_WEIGHTS = {"plain": 4, "layer": 1, "reentry": 1}
LAYERS_VARIABLE_SCOPE_FORM_WEIGHTS = {"plain": 1, "layer": 2, "reentry": 2}
#: how often, in the layers family, a named or captured variable_scope's body starts with a sub-layer
LAYERS_SUBLAYER = 2 / 3
#: the default names layers give their scopes: few, so that they repeat
LAYER_DEFAULT_NAMES = ("Conv", "dense")
#: kinds that every program may use to give the scopes something to name
FILLER_KINDS = tuple(name for name, kind in KINDS.items() if kind.filler)


class Coin(st.SearchStrategy[bool]):
    """True with probability `p`, as one boolean choice.

    Every choice of a program's draw changes the program (one-to-one), so that Hypothesis's distinct choice
    sequences give distinct programs: `integers(0, 4) > 0` would map four values to one outcome, and Hypothesis's
    mutations and small first examples would then repeat programs. (Hypothesis has no public weighted boolean:
    this draws its own, `draw_boolean(p)`.)"""

    def __init__(self, p: float, forced: bool | None = None) -> None:
        super().__init__()
        self.p = p
        #: a forced coin keeps its place in the choice sequence (what follows stays aligned when the shrinker
        #: deletes a statement before it) but is no choice: its value is always `forced`
        self.forced = forced

    def do_draw(self, data: Any) -> bool:
        return data.draw_boolean(self.p, forced=self.forced)

    def __repr__(self) -> str:
        return f"Coin({self.p}, forced={self.forced})"


T = TypeVar("T")


def _weighted(draw: Any, options: Sequence[tuple[T, float]]) -> T:
    """One of the options, with probability proportional to its weight, one coin per option passed over (so
    one-to-one); it shrinks to the first option."""
    remaining = sum(weight for _, weight in options)
    for value, weight in reversed(options[1:]):
        if draw(Coin(weight / remaining)):
            return value
        remaining -= weight
    return options[0][0]


def _put(s: dict[str, Any], key: str, value: Any) -> None:
    """An optional argument: set unless None (the key is then absent, and the call passes no such keyword)."""
    if value is not None:
        s[key] = value


def _maybe(draw: Any, p: float, strategy: st.SearchStrategy[T]) -> T | None:
    """A value of `strategy` with probability p, else None."""
    return draw(strategy) if draw(Coin(p)) else None


def _add_if_new(items: list[Any], item: Any) -> None:
    """Append unless present: a pool drawn from with sampled_from holds each thing once (one-to-one)."""
    if item not in items:
        items.append(item)


@dataclass
class Pools:
    """What earlier statements produced, by kind, so later statements can refer to them."""

    tensors: list[str] = field(default_factory=list)
    #: bool tensors (greater, less), the predicates of tf.cond
    preds: list[str] = field(default_factory=list)
    constants: list[str] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    #: lists of variables an earlier query returned (tf.global_variables(), get_collection), for a Saver's var_list
    var_lists: list[str] = field(default_factory=list)
    vscopes: list[str] = field(default_factory=list)
    nscopes: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=lambda: ["g0"])
    managers: list[str] = field(default_factory=list)
    #: earlier scope heads (and get_variable calls) by kind, arguments only, for opening the same scope (making
    #: the same call) later
    heads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: names given to get_variable so far, so a later call can ask for the same variable (reuse, shape, dtype)
    variable_names: list[str] = field(default_factory=list)
    #: partitioners drawn so far, so a later call can pass the same one (reuse needs the same partitions)
    partitioners: list[dict[str, Any]] = field(default_factory=list)
    #: the arguments of the first get_variable call of each name, for calling it the same way again
    first_calls: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the layer-style variable_scopes (`_layer_scope`): the scopes a layer captures and re-enters when called again
    layer_scopes: list[str] = field(default_factory=list)
    #: a scope's arguments (JSON) -> the default name of the sub-layer its body opened first (`_sublayer`)
    sublayers: dict[str, str] = field(default_factory=dict)
    #: statements that bind a Python list, not a tensor (`operator` of two literal lists concatenates them): a
    #: tf.cond branch never returns one (the model's cond has one output; TF's `nest.flatten`s a list into several)
    python_lists: list[str] = field(default_factory=list)
    count: int = 0

    def new_id(self) -> str:
        self.count += 1
        return f"s{self.count}"


#: the fewest statements a program has, like the frozen corpus (conformance/corpus/store.py MIN_STATEMENTS)
MIN_STATEMENTS = 2
#: how many names (each with its `_1` twin) a small alphabet holds at most
SMALL_ALPHABET = 3
#: how often a name is invalid, per cent, outside the invalid_names family (which always uses its own)
INVALID_PERCENTS = (0, 5, 15)
INVALID_NAMES_PERCENT = 40


@dataclass
class Knobs:
    """Swarm testing: which kinds are enabled in this program, and how its names are drawn.

    A knob enters the choice sequence only when it first shows in the program (a kind's switch when the kind
    is first picked, the small alphabet at the second valid name; the invalid-name rate never, see
    `_invalid_probability`): a knob that has no effect on the program would let different choice sequences
    give the same program.
    """

    #: the family's own kinds, drawn half of the time so that their interactions are dense; always enabled
    focus: tuple[str, ...]
    #: variable_scope's call forms, by weight (VARIABLE_SCOPE_FORM_WEIGHTS)
    variable_scope_forms: dict[str, float]
    #: how often a named or captured variable_scope's body starts with a sub-layer (`_layer_body_head`)
    sublayer_probability: float
    #: the kinds enabled in every program: the focus and the fillers
    always: frozenset[str]
    max_statements: int = 12
    max_depth: int = 3
    #: kind -> switched on, for the optional kinds picked so far
    switches: dict[str, bool] = field(default_factory=dict)
    #: how often a name is invalid, per cent, when fixed for the family (else see `_invalid_probability`)
    invalid_percent: int | None = None
    #: names drawn so far, and how many of them were invalid
    names_drawn: int = 0
    invalid_drawn: int = 0
    #: the program draws its valid names from a small alphabet (None: not drawn yet)
    small_alphabet: bool | None = None
    #: the valid names so far, each with its `_1` twin: the small alphabet (2 * SMALL_ALPHABET names at most)
    alphabet: list[str] = field(default_factory=list)
    #: how often get_variable and variable_scope pass a partitioner (PARTITIONER_RATES)
    partitioner_rates: tuple[float, float] = (0.0, 0.0)
    #: `reuse=` of variable_scope and variable_op_scope, by weight
    reuse_weights: tuple[tuple[Any, float], ...] = REUSE_WEIGHTS
    #: how often get_variable asks for a name given to it before
    name_reuse_rate: float = 1 / 3
    #: how often get_variable and tf.Variable pass collections= (None: as often as real code, 1/12 and 1/20)
    collections_rate: float | None = None
    #: kinds the family never draws (FAMILY_EXCLUDED_KINDS)
    excluded: frozenset[str] = frozenset()


def swarm_knobs(family: str) -> Knobs:
    """The family's kinds forced on; every other kind is switched on or off when it is first picked."""
    focus = tuple(FORCED_KINDS.get(family) or kinds_of_family(family))
    invalid = INVALID_NAMES_PERCENT if family == "invalid_names" else None
    layers = family == "layers"
    forms = LAYERS_VARIABLE_SCOPE_FORM_WEIGHTS if layers else VARIABLE_SCOPE_FORM_WEIGHTS
    return Knobs(focus=focus, excluded=FAMILY_EXCLUDED_KINDS.get(family, frozenset()),
                 variable_scope_forms=forms, sublayer_probability=LAYERS_SUBLAYER if layers else 0,
                 always=frozenset(focus) | set(FILLER_KINDS), invalid_percent=invalid,
                 partitioner_rates=PARTITIONER_RATES.get(family, PARTITIONER_RATES[None]),
                 reuse_weights=FAMILY_REUSE_WEIGHTS.get(family, REUSE_WEIGHTS),
                 name_reuse_rate=2 / 3 if family == "partitioned" else 1 / 3,
                 collections_rate=COLLECTIONS_RATES.get(family))


def _switched_on(draw: Any, knobs: Knobs, kind: str) -> bool:
    """Swarm testing: an optional kind is on or off for the whole program, decided when it is first picked."""
    if kind in knobs.always:
        return True
    if kind not in knobs.switches:
        # drawn as "off" so that the simplest choice (False) keeps the kind that was picked
        knobs.switches[kind] = not draw(st.booleans(), label=f"switch off {kind}")
    return knobs.switches[kind]


def _invalid_probability(knobs: Knobs) -> float:
    """The chance that the next name is invalid.

    The program's invalid-name rate is a knob, one of INVALID_PERCENTS, but it is never drawn: this is the
    chance given the names drawn so far, the rate averaged over the knob's values weighted by how likely each
    makes what was drawn. The names come out exactly as if the knob had been drawn first, but a program whose
    knob would not show (no name, or no invalid name where 5 and 15 % look alike) has no choice for it."""
    if knobs.invalid_percent is not None:
        return knobs.invalid_percent / 100
    rates = [percent / 100 for percent in INVALID_PERCENTS]
    valid_drawn = knobs.names_drawn - knobs.invalid_drawn
    likelihoods = [rate ** knobs.invalid_drawn * (1 - rate) ** valid_drawn for rate in rates]
    return sum(rate * likelihood for rate, likelihood in zip(rates, likelihoods, strict=True)) / sum(likelihoods)


def _valid_name(draw: Any, knobs: Knobs) -> str:
    """From the whole alphabet or (small-alphabet knob) from a few names and their `_1` twins, so that names
    collide. The first name comes from the whole alphabet either way, so the knob is drawn at the second; a
    small alphabet then grows as names are drawn: a name it holds, or a new one (its twin joins too)."""
    if knobs.alphabet and knobs.small_alphabet is None:
        knobs.small_alphabet = draw(st.booleans(), label="small alphabet")
    if knobs.small_alphabet is False:
        return draw(st.sampled_from(VALID_NAMES))
    room = len(knobs.alphabet) < 2 * SMALL_ALPHABET
    if knobs.alphabet and not (room and draw(Coin(1 / 3), label="new name")):
        return draw(st.sampled_from(knobs.alphabet))
    name = draw(st.sampled_from([n for n in VALID_NAMES if n not in knobs.alphabet]))
    knobs.alphabet += [n for n in (name, f"{name}_1") if n not in knobs.alphabet]
    return name


def _name(draw: Any, knobs: Knobs) -> str:
    invalid = draw(Coin(_invalid_probability(knobs)), label="invalid name")
    knobs.names_drawn += 1
    knobs.invalid_drawn += invalid
    return draw(st.sampled_from(INVALID_NAMES)) if invalid else _valid_name(draw, knobs)


def _operand(draw: Any, pools: Pools, allow_literal: bool = True) -> Any:
    refs = pools.tensors + pools.variables
    if refs and (not allow_literal or draw(Coin(3 / 4))):
        return {"ref": draw(st.sampled_from(refs))}
    return draw(st.sampled_from([1.0, 2, 0.5, [1.0, 2.0, 3.0], [1.0, 2.0]]))


def _values(draw: Any, pools: Pools) -> list[str]:
    refs = pools.tensors + pools.variables
    if not refs:
        return []
    return draw(st.lists(st.sampled_from(refs), max_size=2))


#: initializer choices; "ref" (a constant's tensor) only once a constant exists
INITIALIZER_CHOICES = ("none", "zeros", "ones", "constant", "glorot", "value", "ref")


#: regularizers by weight: a scaled copy (Sonnet's and slim's l1/l2 regularizers end in a multiply), TF's own
#: l2_loss, and one that returns None (no loss: TF adds nothing to the collection)
REGULARIZER_WEIGHTS = (({"kind": "scale", "factor": 0.01}, 3), ({"kind": "l2"}, 3), ({"kind": "none"}, 1),
                       ({"kind": "scale", "factor": 2}, 1))
#: custom getters by weight (conformance/kinds.py GETTER_SOURCES)
GETTER_WEIGHTS = (({"kind": "pass"}, 1), ({"kind": "rename", "suffix": "_c"}, 2),
                  ({"kind": "rename", "suffix": "/ema"}, 1), ({"kind": "identity"}, 2),
                  ({"kind": "reuse_identity"}, 1), ({"kind": "sum"}, 1), ({"kind": "share", "target": "shared"}, 1))
#: how often a statement carries a regularizer or a custom getter: (in the custom_getter family, elsewhere), after
#: real use (get_variable: regularizer= in 51 of 284 real calls, custom_getter= in none; variable_scope:
#: custom_getter= in 15 of about 2,400, regularizer= in none)
REGULARIZER_RATES = {"get_variable": (1 / 3, 1 / 6), "variable_scope": (1 / 4, 1 / 40)}
GETTER_RATES = {"get_variable": (1 / 6, 1 / 40), "variable_scope": (1 / 2, 1 / 40)}


#: the caching device real code names (tf.compat.v1 docs and tests: the CPU)
CACHING_DEVICE = "/cpu:0"
#: how often get_variable and variable_scope pass caching_device= (1 real call each of about 280 and 2,400)
CACHING_DEVICE_RATE = 1 / 40


def _getters_family(knobs: Knobs) -> bool:
    """The program is of the custom_getter family (its focus holds the getter setter)."""
    return "set_custom_getter" in knobs.focus


def _regularizer_and_getter(draw: Any, s: dict[str, Any], knobs: Knobs) -> None:
    """get_variable and variable_scope: at most one of a regularizer, a custom getter and a caching device, at
    the kind's rates (real code hardly combines them); one coin when there is none, so that the shrinker's
    choices stay aligned as in programs without them."""
    family = 0 if _getters_family(knobs) else 1
    rates = (("regularizer", REGULARIZER_RATES[s["op"]][family]), ("custom_getter", GETTER_RATES[s["op"]][family]),
             ("caching_device", CACHING_DEVICE_RATE))
    if not draw(Coin(sum(rate for _, rate in rates))):
        return
    key = _weighted(draw, rates)
    if key == "regularizer":
        s[key] = dict(_weighted(draw, REGULARIZER_WEIGHTS))
    elif key == "custom_getter":
        s[key] = dict(_weighted(draw, GETTER_WEIGHTS))
    else:
        s[key] = CACHING_DEVICE


def _initializer(draw: Any, pools: Pools, no_arguments: bool = False) -> Any:
    """An initializer; `no_arguments`: also a callable of no arguments (`lambda: [2]`), which get_variable takes
    only without a shape (with one it is called with the shape: a Python TypeError naming the lambda)."""
    choices = INITIALIZER_CHOICES if pools.constants else INITIALIZER_CHOICES[:-1]
    choice = draw(st.sampled_from(choices + ("callable",) if no_arguments else choices))
    if choice == "none":
        return None
    if choice == "callable":
        return {"kind": "callable", "value": draw(st.sampled_from([2, [2], 1.5, [1.0, 2.0]]))}
    if choice == "constant":
        return {"kind": "constant", "value": draw(st.sampled_from([1.0, 2, 1.5, [1.0, 2.0]]))}
    if choice == "value":
        return draw(st.sampled_from([1.0, 2, [1.0, 2.0]]))
    if choice == "ref":
        # Only constants: a value that reads a reference variable goes through
        # variables._try_guard_against_uninitialized_dependencies (a cond), which the model does not cover.
        return {"ref": draw(st.sampled_from(pools.constants))}
    return {"kind": choice}


#: A draw function fills a fresh statement {"op": kind, "id": sid} with its arguments. It is called only when
#: the pools its kind `needs` hold something (kinds.py); the statement's id then joins the kind's pools. A kind
#: whose call reads no statement field has no draw function.
DrawFunction = Callable[[Any, dict[str, Any], Pools, Knobs], dict[str, Any]]
DRAWS: dict[str, DrawFunction] = {}


def draws(kind: str) -> Callable[[DrawFunction], DrawFunction]:
    """Register the draw function of a kind of conformance/kinds.py."""
    def register(function: DrawFunction) -> DrawFunction:
        DRAWS[kind] = function
        return function
    return register


def draws_reference(kind: str, key: str, pool: str, optional: bool = False) -> None:
    """Register the draw function of a kind whose one argument `key` refers to an earlier statement of `pool`
    (`optional`: on a coin flip, and never while the pool is empty)."""
    def draw_reference(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
        earlier = getattr(pools, pool)
        if not optional or (earlier and draw(st.booleans())):
            s[key] = draw(st.sampled_from(earlier))
        return s
    draws(kind)(draw_reference)


def draw_function(kind: str) -> DrawFunction:
    """The kind's registered draw function; a kind whose call reads no field (e.g. `tf.Graph()`) needs none."""
    if kind in DRAWS or KINDS[kind].fields():
        return DRAWS[kind]
    return _no_arguments


def _no_arguments(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    return s


def join_pools(pools: Pools, kind: str, sid: str) -> None:
    """A drawn statement's id joins the pools its kind names, for later statements to refer to."""
    for pool in KINDS[kind].pools:
        getattr(pools, pool).append(sid)


# ---- kinds whose one argument refers to an earlier statement ------------------------------------------------

draws_reference("enter_again", "manager", "managers")
draws_reference("reuse_variables", "scope", "vscopes", optional=True)
draws_reference("as_default", "graph", "graphs")
draws_reference("finalize", "graph", "graphs", optional=True)


# ---- ops ------------------------------------------------------------------------------------------------------

@draws("constant")
def _constant(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    # lists of 1 to 3 items: binary ops meet operands that broadcast ([1] against [3]) and that do not
    s["value"] = draw(st.sampled_from([1.0, 2, [1.0, 2.0], 0.5, [1.0], [1.0, 2.0, 3.0]]))
    if draw(st.booleans()):
        s["name"] = _name(draw, knobs) + ("/" if draw(Coin(1 / 3)) else "")
    _put(s, "dtype", _maybe(draw, 1 / 2, st.sampled_from(DTYPES)))
    return s


#: literal operands of 1 to 3 items
LIST_OPERANDS = ([1.0], [1.0, 2.0], [1.0, 2.0, 3.0])


@draws("binary")
def _binary(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["fn"] = draw(st.sampled_from(["add", "multiply", "subtract"]))
    if draw(Coin(1 / 5)):  # two lists, as `tf.add([1, 2], [1, 2, 3])`: the shapes broadcast, or TF refuses them
        s.update(x=draw(st.sampled_from(LIST_OPERANDS)), y=draw(st.sampled_from(LIST_OPERANDS)))
    else:
        s.update(x=_operand(draw, pools), y=_operand(draw, pools))
    if draw(Coin(1 / 4)):
        s["name"] = _name(draw, knobs) + draw(st.sampled_from(["", "/"]))
    return s


@draws("operator")
def _operator(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s.update(sym=draw(st.sampled_from(["+", "-", "*"])), x=_operand(draw, pools, allow_literal=False),
             y=_operand(draw, pools))
    if s["x"] != s["y"] and draw(st.booleans()):
        s["x"], s["y"] = s["y"], s["x"]
    if isinstance(s["x"], list) and isinstance(s["y"], list):
        pools.python_lists.append(s["id"])
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


#: the literal thresholds a comparison draws
THRESHOLDS = (0, 1, 2, 0.5)


@draws("greater")
@draws("less")
def _comparison(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    """A predicate as real code writes one: a tensor against a literal threshold (an int converts to a float or
    an int tensor alike), or two tensors."""
    x = _operand(draw, pools, allow_literal=False)
    y = draw(st.sampled_from(THRESHOLDS)) if draw(Coin(1 / 2), label="threshold") else _operand(draw, pools)
    s.update(x=x, y=y)
    if draw(Coin(1 / 4)):
        s["name"] = _name(draw, knobs)
    return s


#: how a cond's predicate is drawn, by weight: a comparison's result (a vector one is squeezed), or a Python bool
#: (which TF refuses). Not a float or int tensor: TF builds the cond (If takes any Tcond), but then lowers it to a
#: Switch that takes a bool only, and every Session run on the graph fails; the model has no such lowering.
PRED_FORMS = (("pred", 9), ("python_bool", 1))
#: how often tf.cond gets `name=` (1 of 90 real calls: drawn more, so that names and their uniquification show)
COND_NAME_RATE = 1 / 8
#: how often a branch returns its last new tensor, when it made one; else (or when it made none) how often it
#: returns a tensor from outside the branch (captured): mostly when the true branch returned one (real branches
#: return alike; a branch returning None against one returning a tensor is refused); else it returns None
BRANCH_RETURNS_OWN = 7 / 8
BRANCH_RETURNS_OUTER = {True: 3 / 4, False: 1 / 4}


@draws("cond")
def _cond(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    """The predicate and name; `_next_statement` then draws the two branches as the cond's body (`_branch`)."""
    if _weighted(draw, PRED_FORMS) == "python_bool":
        s["pred"] = draw(st.booleans())
    else:
        s["pred"] = {"ref": draw(st.sampled_from(pools.preds))}
    if draw(Coin(COND_NAME_RATE)):
        s["name"] = _name(draw, knobs)
    return s


#: a while_loop's counter as real code starts it (`tf.constant(0)`, passed as the literal), its bound
#: `i < N` and how often `maximum_iterations=` and `name=` are passed
LOOP_VARS = (0, 0.0)
LOOP_BOUNDS = (3, 10)
MAXIMUM_ITERATIONS = (1, 5)
MAXIMUM_ITERATIONS_RATE = 1 / 4
WHILE_NAME_RATE = 1 / 8


@draws("while_loop")
def _while_loop(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    """The loop var and the keywords; `_next_statement` then draws the cond and body functions (`_loop_functions`)."""
    s["loop_var"] = draw(st.sampled_from(LOOP_VARS))
    if draw(Coin(MAXIMUM_ITERATIONS_RATE)):
        s["maximum_iterations"] = draw(st.sampled_from(MAXIMUM_ITERATIONS))
    if draw(Coin(WHILE_NAME_RATE)):
        s["name"] = _name(draw, knobs)
    return s


#: how many predicate/function pairs a tf.case gets, by weight (real calls pass 1 to 3 pairs)
CASE_PAIRS = ((1, 2), (2, 3), (3, 1))
#: how a tf.case predicate is drawn, by weight: a comparison's result, or a Python bool (which tf.case refuses)
CASE_PRED_FORMS = (("pred", 19), ("python_bool", 1))
#: how often tf.case gets its pairs as a dict `{pred: fn}` (TF's docs show both forms; graph mode sorts the items
#: by the predicates' names, so the nested conds follow the names, not the order written)
CASE_DICT_RATE = 1 / 4
#: how often tf.case gets `name=` (1 of 6 real calls)
CASE_NAME_RATE = 1 / 6


@draws("case")
def _case(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    """The predicates (one per pair), always a default, the name; `_next_statement` then draws a branch per pair
    and one for the default as the case's body (`_branch`).

    Always a default (every real call passes one): without it TF adds Asserts the model does not build; nor is
    `exclusive=True` drawn, for the same reason."""
    preds = []
    for _ in range(_weighted(draw, CASE_PAIRS)):
        if _weighted(draw, CASE_PRED_FORMS) == "python_bool":
            preds.append(draw(st.booleans()))
        else:
            preds.append({"ref": draw(st.sampled_from(pools.preds))})
    s["preds"] = preds
    if draw(Coin(CASE_DICT_RATE)):
        s["as_dict"] = True
    s["default"] = True
    if draw(Coin(CASE_NAME_RATE)):
        s["name"] = _name(draw, knobs)
    return s


# ---- variables ------------------------------------------------------------------------------------------------

#: the custom_getter family's get_variable repeats an earlier call, as a layer built twice does (under reuse: the
#: regularizer adds no second loss, the getter sees `reuse`), this often
REPEATED_CALL = 1 / 2


@draws("get_variable")
def _get_variable(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    calls = pools.heads.setdefault("get_variable", [])
    if _getters_family(knobs) and calls and draw(Coin(REPEATED_CALL), label="repeat call"):
        return {**s, **copy.deepcopy(draw(st.sampled_from(calls)))}
    s = _new_get_variable(draw, s, pools, knobs)
    _add_if_new(calls, {k: v for k, v in s.items() if k not in ("op", "id")})
    return s


def _new_get_variable(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    earlier = pools.variable_names
    reused = bool(earlier) and draw(Coin(knobs.name_reuse_rate))
    s["name"] = draw(st.sampled_from(earlier)) if reused else _name(draw, knobs)
    _add_if_new(pools.variable_names, s["name"])
    if reused and s["name"] in pools.first_calls and draw(Coin(1 / 2), label="same call"):
        # the name's first call again, argument for argument, as a layer built twice calls it
        return {**pools.first_calls[s["name"]], **s}
    s["shape"] = draw(st.sampled_from([[2], None, [], [1, 2], [4], [3, 2]]))
    _put(s, "dtype", _maybe(draw, 1 / 2, st.sampled_from(DTYPES)))
    _put(s, "initializer", _initializer(draw, pools, no_arguments=s["shape"] is None))
    _put(s, "use_resource", _maybe(draw, 1 / 2, st.booleans()))
    _trainable_and_collections(draw, s, GET_VARIABLE_TRAINABLE_WEIGHTS, knobs.collections_rate or 1 / 12)
    if draw(Coin(knobs.partitioner_rates[0])):
        s["partitioner"] = _partitioner(draw, pools)
    _regularizer_and_getter(draw, s, knobs)
    pools.first_calls.setdefault(s["name"], {key: value for key, value in s.items() if key not in ("op", "id")})
    return s


#: (get_variable, variable_scope) chance of a partitioner: real code passes one to 47 of 284 get_variable calls
#: and to no variable_scope (so other families never draw it there); the partitioned family passes them often, to
#: create and reuse partitioned variables
PARTITIONER_RATES: dict[str | None, tuple[float, float]] = {None: (1 / 6, 0.0), "partitioned": (3 / 4, 1 / 3),
                                                            "checkpoint": (1 / 3, 0.0)}


def _partitioner(draw: Any, pools: Pools) -> dict[str, Any]:
    """An earlier partitioner again (half of the time), or a new one of the three."""
    if pools.partitioners and draw(st.booleans()):
        return draw(st.sampled_from(pools.partitioners))
    spec = _new_partitioner(draw)
    _add_if_new(pools.partitioners, spec)
    return spec


def _new_partitioner(draw: Any) -> dict[str, Any]:
    """One of the three partitioners, with arguments that split the drawn shapes (first dimension 2 to 4); rarely
    a byte size that variable_axis_size_partitioner refuses."""
    kind = draw(st.sampled_from(["fixed_size", "min_max", "axis_size"]))
    if kind == "fixed_size":
        return {"kind": kind, "num_shards": draw(st.sampled_from([2, 3, 1]))}
    if kind == "min_max":
        return {"kind": kind, "max_partitions": draw(st.sampled_from([2, 3])),
                "min_slice_size": draw(st.sampled_from([4, 8]))}
    spec = {"kind": kind, "max_shard_bytes": 0 if draw(Coin(1 / 20)) else draw(st.sampled_from([8, 4, 16]))}
    _put(spec, "max_shards", _maybe(draw, 1 / 4, st.sampled_from([2, 1])))
    return spec


@draws("set_partitioner")
def _set_partitioner(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    if pools.vscopes and draw(st.booleans()):
        s["scope"] = draw(st.sampled_from(pools.vscopes))
    s["partitioner"] = _partitioner(draw, pools) if draw(Coin(3 / 4)) else None
    return s


@draws("variable")
def _variable(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["initial_value"] = (draw(st.sampled_from([1.0, 2, [1.0, 2.0]])) if not pools.constants
                          or draw(st.booleans()) else {"ref": draw(st.sampled_from(pools.constants))})
    if draw(Coin(3 / 4)):
        s["name"] = _name(draw, knobs) + ("/" if draw(Coin(1 / 3)) else "")
    _put(s, "use_resource", _maybe(draw, 1 / 2, st.booleans()))
    _trainable_and_collections(draw, s, VARIABLE_TRAINABLE_WEIGHTS, knobs.collections_rate or 1 / 20)
    return s


# ---- collections ----------------------------------------------------------------------------------------------

#: `trainable=` of get_variable, by weight: real code passes it to about one call in ten, mostly False
GET_VARIABLE_TRAINABLE_WEIGHTS = ((ABSENT, 16), (False, 3), (True, 1))
#: `trainable=` of tf.Variable, by weight (real code: False in 30 of 31 calls that pass it)
VARIABLE_TRAINABLE_WEIGHTS = ((ABSENT, 12), (False, 4), (True, 1))
#: custom collection keys (strings); "variables" is GLOBAL_VARIABLES's value, written as a literal
CUSTOM_COLLECTION_KEYS = ("outputs", "my_vars", "variables")
CUSTOM = "custom"
#: the key of get_collection / get_collection_ref, by weight as real code names them
QUERY_KEY_WEIGHTS = (("GLOBAL_VARIABLES", 15), ("TRAINABLE_VARIABLES", 11), (CUSTOM, 6),
                     ("REGULARIZATION_LOSSES", 4), ("MODEL_VARIABLES", 3), ("LOCAL_VARIABLES", 2))
#: the key of add_to_collection: mostly a custom collection
ADD_KEY_WEIGHTS = ((CUSTOM, 6), ("REGULARIZATION_LOSSES", 2), ("GLOBAL_VARIABLES", 1), ("TRAINABLE_VARIABLES", 1),
                   ("MODEL_VARIABLES", 1), ("LOCAL_VARIABLES", 1))
#: `collections=` of a variable, by weight: slim's model variables, a local one, an extra custom one, none at all
COLLECTIONS_LISTS = ((["GLOBAL_VARIABLES", "MODEL_VARIABLES"], 4), (["LOCAL_VARIABLES"], 2),
                     (["GLOBAL_VARIABLES", CUSTOM], 2), ([CUSTOM], 1), (["TRAINABLE_VARIABLES"], 1), ([], 1),
                     (["GLOBAL_VARIABLES", "GLOBAL_VARIABLES"], 1))
#: how a scope filter is formed from a scope name `n` (and `m`, another one)
SCOPE_FILTER_FORMS = (("exact", 4), ("prefix", 4), ("sibling", 3), ("initial", 2), ("nested", 2), ("regex", 1), ("empty", 1),
                      ("invalid", 1))


def _collection_key(draw: Any, weights: Sequence[tuple[str, float]]) -> str:
    key = _weighted(draw, weights)
    return draw(st.sampled_from(CUSTOM_COLLECTION_KEYS)) if key == CUSTOM else key


def _trainable_and_collections(draw: Any, s: dict[str, Any], trainable_weights: Sequence[tuple[Any, float]],
                               p_collections: float) -> None:
    """`trainable=` and `collections=` of a variable-creating call, as often as real code passes them."""
    trainable = _weighted(draw, trainable_weights)
    if trainable != ABSENT:
        s["trainable"] = trainable
    if draw(Coin(p_collections)):
        s["collections"] = _collections_list(draw)


def _collections_list(draw: Any) -> list[str]:
    keys = _weighted(draw, COLLECTIONS_LISTS)
    return [draw(st.sampled_from(CUSTOM_COLLECTION_KEYS)) if key == CUSTOM else key for key in keys]


def scope_names_so_far(pools: Pools) -> list[str]:
    """The names scopes were opened with so far (name, scope or default name of every scope head), and the
    names given to get_variable: what a scope filter is written from."""
    names: list[str] = []
    for heads in pools.heads.values():
        for head in heads:
            for key in ("scope", "name", "default_name"):
                if isinstance(head.get(key), str) and head[key]:
                    _add_if_new(names, head[key])
    for name in pools.variable_names:
        _add_if_new(names, name)
    return names


def _scope_filter(draw: Any, pools: Pools, knobs: Knobs) -> str:
    """A `scope=` filter as real code writes it: a scope's name with "/" (exact), or bare, which as a regex prefix
    also matches siblings ("a" matches "ab/…"), its first letter, a nested path, or a regex (rarely invalid)."""
    names = scope_names_so_far(pools) or [_valid_name(draw, knobs)]
    name = draw(st.sampled_from(names))
    form = _weighted(draw, SCOPE_FILTER_FORMS)
    siblings = [n for n in names if any(m != n and m.startswith(n) for m in names)]
    if form == "sibling" and siblings:  # a name that is a proper prefix of another one ("x" and "x_1")
        name = draw(st.sampled_from(siblings))
    if form == "exact":
        return name + "/"
    if form == "initial":
        return name[:1]
    if form == "nested":
        return name + "/" + draw(st.sampled_from(names))
    if form == "regex":
        return draw(st.sampled_from([".*" + name, name + "|" + draw(st.sampled_from(names)), "[a-z]+/" + name]))
    if form == "empty":
        return ""
    if form == "invalid":
        return name + "("
    return name


@draws("get_collection")
def _get_collection(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["key"] = _collection_key(draw, QUERY_KEY_WEIGHTS)
    if draw(Coin(1 / 2)):
        s["scope"] = _scope_filter(draw, pools, knobs)
    return s


@draws("get_collection_ref")
def _get_collection_ref(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["key"] = _collection_key(draw, QUERY_KEY_WEIGHTS)
    return s


@draws("add_to_collection")
def _add_to_collection(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["key"] = _collection_key(draw, ADD_KEY_WEIGHTS)
    s["value"] = draw(st.sampled_from(pools.tensors + pools.variables))
    return s


def _variables_query(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    """global_variables(scope) and its siblings: the scope filter on a coin flip."""
    if draw(Coin(1 / 2)):
        s["scope"] = _scope_filter(draw, pools, knobs)
    return s


for _query in ("global_variables", "trainable_variables", "local_variables", "model_variables"):
    draws(_query)(_variables_query)


@draws("get_local_variable")
def _get_local_variable(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    earlier = pools.variable_names
    s["name"] = draw(st.sampled_from(earlier)) if earlier and draw(Coin(1 / 3)) else _name(draw, knobs)
    _add_if_new(pools.variable_names, s["name"])
    if draw(Coin(3 / 4)):  # as real code writes it: a shape and an initializer factory (or none)
        s["shape"] = draw(st.sampled_from([[2], [], [1, 2]]))
        _put(s, "initializer", _maybe(draw, 2 / 3, st.sampled_from([{"kind": "zeros"}, {"kind": "ones"}])))
    else:
        s["shape"] = draw(st.sampled_from([[2], None, [], [1, 2]]))
        _put(s, "initializer", _initializer(draw, pools))
    _put(s, "dtype", _maybe(draw, 1 / 4, st.sampled_from(DTYPES)))
    _put(s, "use_resource", _maybe(draw, 1 / 2, st.booleans()))
    if draw(Coin(1 / 6)):
        s["collections"] = _collections_list(draw)
    return s


# ---- checkpoints ----------------------------------------------------------------------------------------------

#: the checkpoint family passes collections= more often, so that variables leave GLOBAL_VARIABLES (not saved)
COLLECTIONS_RATES = {"checkpoint": 1 / 4}
#: a Saver's var_list, by weight: real code passes one to 19 of 33 Saver calls, mostly a list (often a query's,
#: tf.global_variables() or tf.trainable_variables()) and sometimes a dict that renames keys
VAR_LIST_FORMS = (("none", 14), ("list", 8), ("query", 6), ("dict", 5))
#: how often a Saver is named (1 of 33 real calls)
SAVER_NAME_RATE = 1 / 10
#: the scope a dict var_list may put a key under (a checkpoint written by another model's scopes)
RENAMED_SCOPES = ("old", "a")
#: how often a checkpoint program ends with a Saver, as real code builds one once the model is built
CLOSING_SAVER_RATE = 3 / 4


def _closing_saver(draw: Any, pools: Pools, knobs: Knobs) -> list[dict[str, Any]]:
    """The checkpoint family's last statement, most of the time: a Saver of the variables made so far."""
    if not (pools.variables and draw(Coin(CLOSING_SAVER_RATE), label="closing saver")):
        return []
    return [_statement(draw, "saver", pools.new_id(), pools, knobs)]


@draws("saver")
def _saver(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    form = _weighted(draw, VAR_LIST_FORMS if pools.var_lists else VAR_LIST_FORMS[:2] + VAR_LIST_FORMS[3:])
    if form == "list":
        s["var_list"] = draw(st.lists(st.sampled_from(pools.variables), min_size=1, max_size=3, unique=True))
    elif form == "query":
        s["var_list"] = {"ref": draw(st.sampled_from(pools.var_lists))}
    elif form == "dict":
        keys = pools.variable_names or ["v"]
        entries = draw(st.lists(st.tuples(st.sampled_from(keys), st.sampled_from(("",) + RENAMED_SCOPES),
                                          st.sampled_from(pools.variables)), min_size=1, max_size=2,
                                unique_by=lambda entry: entry[2]))
        s["var_list"] = {"dict": {(f"{scope}/{key}" if scope else key): sid for key, scope, sid in entries}}
    if draw(Coin(SAVER_NAME_RATE)):
        s["name"] = _name(draw, knobs)
    return s


# ---- name scopes ----------------------------------------------------------------------------------------------

@draws("name_scope")
def _name_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    form = draw(st.sampled_from(["name", "default", "none", "values"]))
    s["name"] = None if form in ("default", "none") else _name(draw, knobs)
    if form == "default" or draw(Coin(1 / 5)):
        s["default_name"] = 1 if draw(Coin(1 / 20)) else _name(draw, knobs)
    if form == "values" or (form == "none" and draw(st.booleans())):
        s["values"] = _values(draw, pools)
    return s


@draws("graph_name_scope")
def _graph_name_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["name"] = _name(draw, knobs) if draw(Coin(5 / 6)) else None
    if draw(st.booleans()):
        s["graph"] = draw(st.sampled_from(pools.graphs))
    return s


@draws("reenter_scope")
def _reenter_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["scope"] = draw(st.sampled_from(pools.nscopes))
    return s


# ---- variable scopes ------------------------------------------------------------------------------------------

def _scope_and_reuse(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> None:
    """variable_scope and variable_op_scope: a name, a captured scope or a default name; then maybe a reuse."""
    form = draw(st.sampled_from(["name", "object", "default"] if pools.vscopes else ["name", "default"]))
    if form == "object":
        s["scope"] = {"ref": draw(st.sampled_from(pools.vscopes))}
    elif form == "default":
        s["scope"] = None
        s["default_name"] = _name(draw, knobs)
    else:
        s["scope"] = _name(draw, knobs)
    reuse = _weighted(draw, knobs.reuse_weights)
    if reuse != ABSENT:
        s["reuse"] = reuse


def _layer_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> None:
    """`variable_scope(scope, "Conv", [inputs])`: the scope a layer was given (a name, a captured scope, or None),
    its default name."""
    form = draw(st.sampled_from(["none", "name", "object"] if pools.vscopes else ["none", "name"]))
    s["scope"] = ({"ref": draw(st.sampled_from(pools.vscopes))} if form == "object"
                  else _name(draw, knobs) if form == "name" else None)
    s["default_name"] = draw(st.sampled_from(LAYER_DEFAULT_NAMES))
    s["values"] = _values(draw, pools)
    pools.layer_scopes.append(s["id"])


def _reentry_scope(draw: Any, s: dict[str, Any], pools: Pools) -> None:
    """A layer's captured scope re-entered, without a name scope of its own (its body opens the original one)."""
    layers = pools.layer_scopes
    earlier = layers if layers and draw(Coin(3 / 4), label="a layer's scope") else pools.vscopes
    s["scope"] = {"ref": draw(st.sampled_from(earlier))}
    s["auxiliary_name_scope"] = False
    reuse = _weighted(draw, REUSE_WEIGHTS)
    if reuse != ABSENT:
        s["reuse"] = reuse


@draws("variable_scope")
def _variable_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    forms = {form: weight for form, weight in knobs.variable_scope_forms.items()
             if pools.vscopes or form != "reentry"}
    form = _weighted(draw, list(forms.items()))
    if form == "reentry":
        _reentry_scope(draw, s, pools)
        return s
    if form == "layer":
        _layer_scope(draw, s, pools, knobs)
    else:
        _scope_and_reuse(draw, s, pools, knobs)
    aux = _weighted(draw, AUXILIARY_NAME_SCOPE_WEIGHTS)
    if aux != ABSENT:
        s["auxiliary_name_scope"] = aux
    if draw(Coin(1 / 5)):
        s["initializer"] = _initializer(draw, pools)
    if "values" not in s and draw(Coin(1 / 4)):
        s["values"] = _values(draw, pools)
    if knobs.partitioner_rates[1] and draw(Coin(knobs.partitioner_rates[1])):
        s["partitioner"] = _partitioner(draw, pools)
    _regularizer_and_getter(draw, s, knobs)
    return s


def _scope_to_set(draw: Any, s: dict[str, Any], pools: Pools) -> None:
    """A VariableScope.set_* call: on a captured scope (real code: `with variable_scope(...) as scope:`
    then `scope.set_*`) or on tf.get_variable_scope()."""
    if pools.vscopes and draw(Coin(2 / 3)):
        s["scope"] = draw(st.sampled_from(pools.vscopes))


@draws("set_initializer")
def _set_initializer(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    _scope_to_set(draw, s, pools)
    s["initializer"] = _initializer(draw, pools)
    return s


@draws("set_dtype")
def _set_dtype(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    _scope_to_set(draw, s, pools)
    s["dtype"] = draw(st.sampled_from(DTYPES))
    return s


@draws("set_use_resource")
def _set_use_resource(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    _scope_to_set(draw, s, pools)
    s["use_resource"] = draw(st.booleans())
    return s


@draws("set_caching_device")
def _set_caching_device(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    _scope_to_set(draw, s, pools)
    s["caching_device"] = None if draw(Coin(1 / 6)) else CACHING_DEVICE
    return s


@draws("set_regularizer")
def _set_regularizer(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    _scope_to_set(draw, s, pools)
    s["regularizer"] = None if draw(Coin(1 / 6)) else dict(_weighted(draw, REGULARIZER_WEIGHTS))
    return s


@draws("set_custom_getter")
def _set_custom_getter(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    _scope_to_set(draw, s, pools)
    s["custom_getter"] = None if draw(Coin(1 / 6)) else dict(_weighted(draw, GETTER_WEIGHTS))
    return s


@draws("original_name_scope")
def _original_name_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["scope"] = draw(st.sampled_from(pools.vscopes))
    return s


@draws("variable_creator_scope")
def _variable_creator_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    """A creator that passes its arguments on, renames the variable, or makes it not trainable."""
    form = draw(st.sampled_from(["pass", "name", "trainable"]))
    s["creator"] = ({} if form == "pass" else {"key": "name", "value": _name(draw, knobs)} if form == "name"
                    else {"key": "trainable", "value": False})
    return s


# ---- op scopes ------------------------------------------------------------------------------------------------

@draws("op_scope")
def _op_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["values"] = _values(draw, pools)
    s["name"] = _name(draw, knobs) if draw(Coin(2 / 3)) else None
    if draw(st.booleans()):
        s["default_name"] = _name(draw, knobs)
    return s


@draws("variable_op_scope")
def _variable_op_scope(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    _scope_and_reuse(draw, s, pools, knobs)
    s["values"] = _values(draw, pools)
    return s


# ---- graphs ---------------------------------------------------------------------------------------------------

@draws("unique_name")
def _unique_name(draw: Any, s: dict[str, Any], pools: Pools, knobs: Knobs) -> dict[str, Any]:
    s["name"] = _name(draw, knobs)
    s["mark_as_used"] = draw(st.booleans())
    if draw(st.booleans()):
        s["graph"] = draw(st.sampled_from(pools.graphs))
    return s


# ---- bodies ---------------------------------------------------------------------------------------------------

@dataclass
class Draft:
    """The program being drawn: what earlier statements produced, the knobs, and what it still needs."""

    pools: Pools
    knobs: Knobs
    #: statements that may still be drawn
    budget: int
    statements: int = 0
    #: a statement of the family's own (focus) kinds was drawn in the body
    has_focus: bool = False
    #: how many tf.cond branches the statements being drawn are inside
    in_branch: int = 0

    def complete(self) -> bool:
        """At least MIN_STATEMENTS statements, one of them of the family's own kinds."""
        return self.statements >= MIN_STATEMENTS and self.has_focus

    def last_slot_needs_focus(self) -> bool:
        """Only one statement may still be drawn, and it must be of the family's own kinds."""
        return not self.has_focus and self.budget <= 1


def _drawable(draft: Draft, kind: str, depth: int) -> bool:
    """Whether `kind` can be drawn here: a with-block only above the deepest level, and only once the pools it
    refers to hold something. (Whether it is switched on is decided when it is picked: `_switched_on`.)"""
    spec = KINDS[kind]
    if (spec.block or spec.branching) and depth >= draft.knobs.max_depth:
        return False
    if spec.part_of is not None or (draft.in_branch and kind in NOT_IN_BRANCHES) or kind in draft.knobs.excluded:
        return False
    return all(getattr(draft.pools, pool) for pool in spec.needs)


def _focus_kinds(draft: Draft, depth: int) -> list[str]:
    return [k for k in draft.knobs.focus if _drawable(draft, k, depth)]


def _other_kinds(draft: Draft, depth: int) -> list[str]:
    """The drawable kinds outside the family's own, but those switched off in this program, in registry order."""
    switched_off = {k for k, on in draft.knobs.switches.items() if not on}
    return [k for k in KINDS if k not in draft.knobs.focus and k not in switched_off and k not in CONTROL_FLOW_KINDS
            and _drawable(draft, k, depth)]


def _focus_share(focus: list[str], others: list[str]) -> float:
    """How often the pick is among the family's own kinds: half of the time, plus their share of the other
    half (a pick among every kind)."""
    return (1 + len(focus) / (len(focus) + len(others))) / 2


#: how often a rare kind is picked, against a common one (it ends or resets the program's graph)
RARE_WEIGHT = 1 / 4


def _pick_one(draw: Any, candidates: list[str]) -> str:
    """A candidate, a rare kind RARE_WEIGHT times as often as a common one: first whether the pick is rare
    (a coin, only when there are both), then which one, by KIND_WEIGHTS."""
    rare = [k for k in candidates if KINDS[k].rare]
    common = [k for k in candidates if not KINDS[k].rare]
    if rare and common:
        weight = RARE_WEIGHT * len(rare)
        group = rare if draw(Coin(weight / (weight + len(common))), label="rare kind") else common
    else:
        group = rare or common
    return _weighted(draw, [(kind, KIND_WEIGHTS.get(kind, 1)) for kind in group])


def _pick(draw: Any, knobs: Knobs, candidates: list[str]) -> str | None:
    """A kind among the candidates; one switched off falls back to another pick among the rest, so a pick
    gives a statement. None if every candidate is switched off."""
    while candidates:
        kind = _pick_one(draw, candidates)
        if _switched_on(draw, knobs, kind):
            return kind
        candidates = [k for k in candidates if k != kind]
    return None


def _choose_kind(draw: Any, draft: Draft, depth: int) -> str:
    """The family's own kinds (when the last slot needs one, else by `_focus_share`) or the others. The fillers
    are always on, so one of the two lists always gives a kind."""
    focus, others = _focus_kinds(draft, depth), _other_kinds(draft, depth)
    if draft.last_slot_needs_focus() or not others or (focus and not draw(Coin(1 - _focus_share(focus, others)),
                                                                          label="other kinds")):
        kind = _pick(draw, draft.knobs, focus)
    else:
        kind = _pick(draw, draft.knobs, others) or _pick(draw, draft.knobs, focus)
    assert kind is not None, "the fillers are always on"
    return kind


def _statement(draw: Any, kind: str, sid: str, pools: Pools, knobs: Knobs) -> dict[str, Any]:
    """A fresh statement of `kind`, drawn by its draw function."""
    stmt = draw_function(kind)(draw, {"op": kind, "id": sid}, pools, knobs)
    join_pools(pools, kind, sid)
    return stmt


def _repeated_head(draw: Any, kind: str, sid: str, pools: Pools) -> dict[str, Any] | None:
    """Sometimes open a scope exactly as an earlier one was opened: same name, default name, reuse (counts!)."""
    earlier = pools.heads.get(kind)
    if not earlier or not draw(Coin(1 / 3), label="repeat scope"):
        return None
    head = {**draw(st.sampled_from(earlier)), "id": sid}
    join_pools(pools, kind, sid)
    return head


#: how often a body goes on after each statement
MORE = 4 / 5


def _must_go_on(draft: Draft, depth: int) -> bool | None:
    """True: the program's body goes on while it is not complete. False: the budget is spent, or only the
    last slot is left, it needs one of the family's own kinds and none can be drawn here (a nested body: the
    program's body draws it). None: the body may go on or end."""
    if draft.budget <= 0 or (draft.last_slot_needs_focus() and not _focus_kinds(draft, depth)):
        return False
    if depth == 0 and not draft.complete():
        return True
    return None


def _another_statement(draw: Any, draft: Draft, depth: int) -> bool:
    """Whether a body goes on: a coin, forced where `_must_go_on` decides (so every statement of a body
    follows one coin, and the shrinker can delete a statement with its coin)."""
    return draw(Coin(MORE, forced=_must_go_on(draft, depth)), label="more")


def _next_statement(draw: Any, draft: Draft, depth: int) -> list[dict[str, Any]]:
    kind = _choose_kind(draw, draft, depth)
    draft.budget -= 1
    draft.statements += 1
    draft.has_focus = draft.has_focus or kind in draft.knobs.focus
    sid = draft.pools.new_id()
    repeatable = KINDS[kind].repeatable
    stmt = ((repeatable and _repeated_head(draw, kind, sid, draft.pools))
            or _statement(draw, kind, sid, draft.pools, draft.knobs))
    if repeatable:
        _add_if_new(draft.pools.heads.setdefault(kind, []), {k: v for k, v in stmt.items() if k != "id"})
    if KINDS[kind].block:
        stmt["body"] = _layer_body_head(draw, draft, stmt, depth + 1) + _body(draw, draft, depth + 1)
    if kind == "while_loop":  # its output joins the tensors once the loop is built, not inside its functions
        draft.pools.tensors.remove(sid)
        stmt["body"] = _loop_functions(draw, draft, depth + 1)
        draft.pools.tensors.append(sid)
    elif KINDS[kind].branching:
        first = _branch(draw, draft, depth + 1, other_returns=True)
        stmt["body"] = [first] + [_branch(draw, draft, depth + 1, other_returns="returns" in first)
                                  for _ in branch_roles(stmt)[1:]]
        if all("returns" in branch for branch in stmt["body"]):
            draft.pools.tensors.append(sid)
    return [stmt, *_layer_called_again(draw, draft, depth, stmt)]


#: the pools whose statements a branch's own statements join only for the branch: what a branch binds is of its
#: function graph (or, for a variable, lifted out of it), and real code uses only what the cond returns
BRANCH_LOCAL_POOLS = ("tensors", "preds", "constants", "variables", "vscopes", "nscopes", "managers", "layer_scopes")


def _branch(draw: Any, draft: Draft, depth: int, other_returns: bool) -> dict[str, Any]:
    """A `branch` statement: its body drawn as any body (one level deeper), then what it returns: mostly its
    last new tensor, else sometimes a tensor from outside (more often when the other branch returns one, or
    for the true branch), else None (`BRANCH_RETURNS_*`)."""
    pools = draft.pools
    before = {name: list(getattr(pools, name)) for name in BRANCH_LOCAL_POOLS}
    branch: dict[str, Any] = {"op": "branch", "id": pools.new_id()}
    draft.in_branch += 1
    branch["body"] = _body(draw, draft, depth)
    draft.in_branch -= 1
    own = [t for t in pools.tensors if t not in before["tensors"] and t not in pools.python_lists]
    for name, items in before.items():
        setattr(pools, name, items)
    outer = [t for t in pools.tensors if t not in pools.python_lists]
    if own and draw(Coin(BRANCH_RETURNS_OWN), label="returns own"):
        branch["returns"] = own[-1]
    elif outer and draw(Coin(BRANCH_RETURNS_OUTER[other_returns]), label="returns outer"):
        branch["returns"] = draw(st.sampled_from(outer))
    return branch


def _loop_functions(draw: Any, draft: Draft, depth: int) -> list[dict[str, Any]]:
    """A while_loop's two `loop_function` statements, each naming the loop var by its id: the cond `i < N`
    (`tf.less`), the body its drawn statements (the loop var among the tensors they may use) then `i + 1`."""
    pools = draft.pools
    before = {name: list(getattr(pools, name)) for name in BRANCH_LOCAL_POOLS}
    cond_id = pools.new_id()
    less = {"op": "less", "id": pools.new_id(), "x": {"ref": cond_id}, "y": draw(st.sampled_from(LOOP_BOUNDS))}
    cond = {"op": "loop_function", "id": cond_id, "body": [less], "returns": less["id"]}
    body_id = pools.new_id()
    pools.tensors.append(body_id)
    draft.in_branch += 1
    inner = _body(draw, draft, depth)
    draft.in_branch -= 1
    step = {"op": "operator", "id": pools.new_id(), "sym": "+", "x": {"ref": body_id}, "y": 1}
    body = {"op": "loop_function", "id": body_id, "body": [*inner, step], "returns": step["id"]}
    for name, items in before.items():
        setattr(pools, name, items)
    return [cond, body]


#: the layers family calls a layer with a sub-layer again right after it this often (a shared tower: the scope
#: opened again holds the same sub-layer), and then adds another layer of the sub-layer's kind outside it this often
LAYER_AGAIN = 1 / 2
LAYER_ELSEWHERE = 1 / 2
#: the statements the two add at most: the layer's scope, its original name scope, its sub-layer, the other layer
LAYER_AGAIN_STATEMENTS = 4


def _sublayer_default_name(stmt: dict[str, Any]) -> str | None:
    """The default name of the sub-layer a layer block opens first (`_layer_body_head`), if it opens one."""
    body = stmt.get("body") or []
    if body and body[0]["op"] == "original_name_scope":
        body = body[0]["body"]
    if body and body[0]["op"] == "variable_scope" and body[0].get("scope") is None:
        return body[0].get("default_name")
    return None


def _layer_called_again(draw: Any, draft: Draft, depth: int, stmt: dict[str, Any]) -> list[dict[str, Any]]:
    """In the layers family, after a layer block with a sub-layer: the same layer again (its scope reopened, so
    the sub-layer's default name is numbered again where TF reset or restored the counts), then another layer
    of the sub-layer's kind outside it; each on a coin, within the budget."""
    default_name = _sublayer_default_name(stmt) if draft.knobs.sublayer_probability else None
    if default_name is None:
        return []
    again: list[dict[str, Any]] = []
    draft.budget += LAYER_AGAIN_STATEMENTS  # a layer comes whole, as a called layer builds it: past the budget
    if draw(Coin(LAYER_AGAIN), label="layer again"):
        fields = {k: v for k, v in stmt.items() if k not in ("op", "id", "body")}
        again += _forced_block(draw, draft, depth, "variable_scope", fields, body=False,
                               head=lambda draw, draft, inner: _layer_body_head(
                                   draw, draft, {"op": "variable_scope", **fields}, inner))
    if draw(Coin(LAYER_ELSEWHERE), label="layer elsewhere"):
        again += _forced_block(draw, draft, depth, "variable_scope",
                               {"scope": None, "default_name": default_name, "values": _values(draw, draft.pools)},
                               body=False)
    draft.budget = max(0, draft.budget - LAYER_AGAIN_STATEMENTS)
    return again


def _layer_body_head(draw: Any, draft: Draft, stmt: dict[str, Any], depth: int) -> list[dict[str, Any]]:
    """The first statement of a variable_scope block's body, where layers put one; [] elsewhere.

    - A captured scope re-entered with `auxiliary_name_scope=False`, as tf.compat.v1.layers' `__call__` does
      (base.py): `name_scope(scope.original_name_scope)`, whose body starts with a sub-layer (below).
    - A scope opened by name or from a captured scope: sometimes (knobs.sublayer_probability) a sub-layer, a
      `variable_scope(None, "Conv", [inputs])` numbered by its default name. Opening the scope again
      (`_repeated_head`) then opens the same default name again, in a scope whose sub-scope counts TF resets
      (`close_variable_subscopes`) or restores (a captured scope) when it is left."""
    scope = stmt.get("scope")
    if stmt["op"] != "variable_scope" or scope is None or scope == "":
        return []
    head = json.dumps({k: v for k, v in stmt.items() if k not in ("id", "body")}, sort_keys=True)
    if isinstance(scope, dict) and stmt.get("auxiliary_name_scope") is False:
        fields = {"scope": scope["ref"]}
        return _forced_block(draw, draft, depth, "original_name_scope", fields,
                             lambda draw, draft, depth: _sublayer(draw, draft, depth, head))
    return _sublayer(draw, draft, depth, head)


def _sublayer(draw: Any, draft: Draft, depth: int, head: str) -> list[dict[str, Any]]:
    """A sub-layer's `variable_scope(None, "Conv", [inputs])` or []: on a coin (knobs.sublayer_probability) the
    first time a scope is opened with these arguments (`head`); opened again, as a layer is called again, the
    scope holds the same sub-layer."""
    default_name = draft.pools.sublayers.get(head)
    if default_name is None:
        if not (draft.knobs.sublayer_probability
                and draw(Coin(draft.knobs.sublayer_probability), label="sublayer")):
            return []
        default_name = draw(st.sampled_from(LAYER_DEFAULT_NAMES))
    fields = {"scope": None, "default_name": default_name, "values": _values(draw, draft.pools)}
    block = _forced_block(draw, draft, depth, "variable_scope", fields, body=False)
    if block:
        draft.pools.sublayers.setdefault(head, default_name)
    return block


def _forced_block(draw: Any, draft: Draft, depth: int, kind: str, fields: dict[str, Any],
                  head: Callable[[Any, Draft, int], list[dict[str, Any]]] | None = None,
                  body: bool = True) -> list[dict[str, Any]]:
    """A with-block of `kind` with the given arguments, its body `head` then (`body`) drawn statements; [] where
    it cannot be drawn (budget, pools, switched off, or the last slot needs one of the family's own kinds). It
    may go one or two levels deeper than knobs.max_depth: a layer's blocks come whole."""
    if not (draft.budget > 0 and (kind in draft.knobs.focus or not draft.last_slot_needs_focus())
            and _drawable(draft, kind, 0) and _switched_on(draw, draft.knobs, kind)):
        return []
    draft.budget -= 1
    draft.statements += 1
    draft.has_focus = draft.has_focus or kind in draft.knobs.focus
    sid = draft.pools.new_id()
    block = {"op": kind, "id": sid, **fields}
    join_pools(draft.pools, kind, sid)
    block["body"] = ((head(draw, draft, depth + 1) if head else [])
                     + (_body(draw, draft, depth + 1) if body else []))
    return [block]


@st.composite
def _body_item(draw: Any, draft: Draft, depth: int) -> list[dict[str, Any]] | None:
    """Whether the body goes on and, if so, its next statement (a with-block with its body, and a layer called
    again after it): one Hypothesis span, so that the shrinker deletes a statement whole and the choices after it
    stay aligned. None ends the body."""
    return _next_statement(draw, draft, depth) if _another_statement(draw, draft, depth) else None


def _body(draw: Any, draft: Draft, depth: int) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = []
    while (statements := draw(_body_item(draft, depth))) is not None:
        body += statements
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
    """A random program that exercises `family`: at least MIN_STATEMENTS statements, one of its own kinds."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}")
    knobs = swarm_knobs(family)
    pools = Pools()
    prelude: list[dict[str, Any]] = []
    if family == "multi_graph":
        prelude += _graphs_with_a_tensor_each(draw, pools)
    draft = Draft(pools, knobs, budget=knobs.max_statements, statements=pools.count)
    if family == "control_flow":
        return {"format": FORMAT, "family": family, "body": _in_a_new_graph(draw, draft)}
    body = prelude + _body(draw, draft, 0)
    if family == "checkpoint":
        body += _closing_saver(draw, pools, knobs)
    return {"format": FORMAT, "family": family, "body": body}


def _in_a_new_graph(draw: Any, draft: Draft) -> list[dict[str, Any]]:
    """`g = tf.Graph()` then the drawn body in `with g.as_default():`, as TF1 code builds a model with control flow
    (an Estimator's model_fn, tf_slim's and baselines' training scripts).

    Not the global default graph: there, on TF <= 2.14, a variable made in a tf.cond branch is made in *eager*
    mode (init_scope crawls context_switches, whose bottom entry is still `eager_mode` after
    disable_eager_execution, before the last-resort global graph), with graph-less names and uid-named captures
    that the model does not imitate (see the report of issue 16, item 3)."""
    graph_id, block_id = draft.pools.new_id(), draft.pools.new_id()
    join_pools(draft.pools, "new_graph", graph_id)
    draft.statements += 2
    return [{"op": "new_graph", "id": graph_id},
            {"op": "as_default", "id": block_id, "graph": graph_id, "body": _body(draw, draft, 0)}]
