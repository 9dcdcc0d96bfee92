"""Which statements have a deterministic value, decided from the program JSON alone (so both sides agree).

A statement's value is recorded in the trace's `values` event only if it cannot depend on a random initializer.
The decision is per statement, conservative, and made before anything runs. A kind's rule is its `Value` in the
registry (conformance/kinds.py); kinds whose Value is None bind nothing a Session fetches.

* CONSTANT (`constant`) is deterministic and *pure* (reads no variable).
* OPERANDS (`binary`, `operator`, `identity`, `neg`) is deterministic when every operand field is; pure when
  every operand is pure.
* INITIAL_VALUE (`variable`, tf.Variable) is deterministic when its initial value is a literal or a pure
  deterministic tensor.
* VARIABLE_STORE (`get_variable`) *creates* deterministically when its initializer is zeros, ones, constant, a
  literal or a pure deterministic tensor, or when it has none but its dtype is an integer one (the default is then
  `zeros`) and no earlier with-block (variable_scope) or `set_initializer` carried a non-deterministic
  initializer. Without an initializer a float variable gets its scope's initializer or glorot_uniform, which
  cannot be told apart statically, so it counts as random. Because get_variable may return *any* earlier variable of the store, it is
  deterministic only if it and every earlier get_variable create deterministically.

A custom getter may return a tensor that reads the variable (conformance/kinds.py TENSOR_GETTERS) instead of the
variable: the values step runs only variables' initializers, so once a statement has carried such a getter (a
scope keeps it, a captured scope passes it on, `set_custom_getter` sets it), no later get_variable is fetched.

Variables are never pure, so an initial value that reads a variable (whose order of initialization would matter)
is not recorded either.
"""

from __future__ import annotations

from typing import Any

from conformance.kinds import BRANCHING_KINDS, KINDS, TENSOR_GETTERS, Value
from conformance.program import walk

#: dtypes whose default get_variable initializer is zeros_initializer (TF's _get_default_initializer)
ZEROS_BY_DEFAULT = frozenset({"int32", "int64", "bool"})
RANDOM_DEFAULT = "no initializer: a float variable gets its scope's initializer or glorot_uniform (random)"
RANDOM_SCOPE = "no initializer, and an earlier variable_scope has a random or unrecorded initializer"
RANDOM_GLOROT = "glorot_uniform initializer (random)"
TENSOR_GETTER = "a custom getter may return a tensor that reads the variable, not the variable"


class _Analysis:
    """Walks the statements in execution order, tracking reasons and purity."""

    def __init__(self) -> None:
        self.reason: dict[str, str | None] = {}
        self.pure: dict[str, bool] = {}
        self.scope_initializer_reason: str | None = None
        self.store_reason: str | None = None
        self.getter_reason: str | None = None

    def operand(self, spec: Any) -> tuple[str | None, bool]:
        """A literal is deterministic and pure; a ref inherits what its statement has."""
        if isinstance(spec, dict) and "ref" in spec:
            ref = spec["ref"]
            if ref not in self.reason:
                return f"{ref} is not a tensor statement", False
            return self.reason[ref], self.pure[ref]
        return None, True

    def initial_value(self, spec: Any) -> str | None:
        """An initial value must be deterministic and pure (it runs in any order with the other initializers)."""
        reason, pure = self.operand(spec)
        if reason is None and not pure:
            return f"initial value {spec['ref']} reads a variable"
        return reason

    def initializer(self, spec: Any) -> str | None:
        """Why an initializer spec is not deterministic, or None."""
        if isinstance(spec, dict) and "kind" in spec:
            return RANDOM_GLOROT if spec["kind"] == "glorot" else None
        return self.initial_value(spec)

    def get_variable(self, s: dict[str, Any]) -> str | None:
        """Deterministic creation, and no earlier get_variable whose variable it might return is random."""
        if self.getter_reason is not None:
            return self.getter_reason
        if s.get("initializer") is not None:
            creation = self.initializer(s["initializer"])
        elif s.get("dtype") in ZEROS_BY_DEFAULT:
            creation = RANDOM_SCOPE if self.scope_initializer_reason else None
        else:
            creation = RANDOM_DEFAULT
        if creation is not None:
            self.store_reason = self.store_reason or f"may return the variable of {s['id']} ({creation})"
            return creation
        return self.store_reason

    def statement(self, s: dict[str, Any]) -> None:
        kind = KINDS[s["op"]]
        if (s.get("custom_getter") or {}).get("kind") in TENSOR_GETTERS:
            self.getter_reason = TENSOR_GETTER
        if (kind.block or s["op"] == "set_initializer") and s.get("initializer") is not None:
            self.scope_initializer_reason = self.scope_initializer_reason or self.initializer(s["initializer"])
        if kind.value is None:
            return
        reason: str | None
        pure = True
        if kind.value is Value.CONSTANT:
            reason = None
        elif kind.value is Value.OPERANDS:
            operands = [self.operand(s.get(f.key)) for f in kind.operands()]
            reason = next((r for r, _ in operands if r is not None), None)
            pure = all(p for _, p in operands)
        elif kind.value is Value.INITIAL_VALUE:
            reasons = [self.initial_value(s.get(f.key)) for f in kind.operands()]
            reason, pure = next((r for r in reasons if r is not None), None), False
        else:
            reason, pure = self.get_variable(s), False
        self.reason[s["id"]] = reason
        self.pure[s["id"]] = pure


IN_BRANCH = "built while a tf.cond branch is traced (a function graph's tensor: a Session cannot fetch it)"
#: a while loop's value needs a While kernel that runs the cond and body function graphs; the model's Session has
#: none (nor an If kernel), so the loop's output, and every value computed from it, is not recorded
LOOP_OUTPUT = "a tf.while_loop's output (the model's Session has no While kernel)"


IN_LOOP_FUNCTION = "built while a tf.while_loop's cond or body is traced (a function graph's tensor)"


def _branch_statements(body: list[dict[str, Any]]) -> dict[str, str]:
    """The ids of the statements inside the functions of a branching call (tf.cond, tf.while_loop), at any depth,
    with why they are not fetched (the innermost call's reason)."""
    inside: dict[str, str] = {}
    for stmt in walk(body):
        if stmt["op"] in BRANCHING_KINDS:
            reason = IN_LOOP_FUNCTION if stmt["op"] == "while_loop" else IN_BRANCH
            inside.update((inner["id"], reason) for inner in walk(stmt["body"]))
    return inside


def value_reasons(program: dict[str, Any]) -> dict[str, str | None]:
    """Every value statement's id -> None when its value is deterministic, else why it is not recorded.

    A statement inside a tf.cond branch is never fetched: what it binds is a tensor of the branch's function graph
    (a variable it creates is lifted to the outer graph, but it is skipped too, conservatively)."""
    analysis = _Analysis()
    in_branch = _branch_statements(program["body"])
    for stmt in walk(program["body"]):
        analysis.statement(stmt)
        if stmt["id"] in in_branch and stmt["id"] in analysis.reason:
            analysis.reason[stmt["id"]] = in_branch[stmt["id"]]
        elif stmt["op"] == "while_loop":
            analysis.reason[stmt["id"]] = LOOP_OUTPUT
    return analysis.reason
