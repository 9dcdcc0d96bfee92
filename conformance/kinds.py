"""The statement-kind registry: one entry per kind, read by every module that handles statements.

An entry says which family a kind belongs to, whether it is a with-block, what its result is when a Session can
fetch it (`Value`), which generator pools it joins, and its **call spec**: a small expression over the
statement's fields. The interpreter (conformance/runner.py) evaluates the spec on a backend and the renderer
(conformance/render.py) prints the same spec as Python, so the mapping from program keys to TF arguments exists
once. A kind's draw function is registered beside it in conformance/strategies.py (`@draws(kind)`).

Adding a kind: one `Kind(...)` below and one draw function; then `python -m conformance.kinds --write` rewrites
the two tables of docs/formats.md from the registry (a test compares them).
"""

from __future__ import annotations

import copy
import operator
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol


class Bindings(Protocol):
    """What evaluating a call spec needs: the module under test and the objects earlier statements bound."""

    tf: Any

    def ref(self, sid: str) -> Any:
        """The object statement `sid` bound; NameError, as in the rendered script, if it bound nothing."""

    def branch_function(self, stmt: dict[str, Any]) -> Callable[[], Any]:
        """A `branch` statement as a function of no arguments: it runs the body, then returns its `returns`."""

    def loop_function(self, stmt: dict[str, Any]) -> Callable[[Any], Any]:
        """A `loop_function` statement as a function of the loop var (bound to its id): it runs the body, then
        returns its `returns`."""


# ---- value kinds: how a statement field becomes a Python value and Python source ---------------------------

@dataclass(frozen=True)
class ValueKind:
    """One way to turn a field of a program into an argument: evaluated on a backend, or printed as source."""

    name: str
    evaluate: Callable[[Any, Bindings], Any]
    source: Callable[[Any], str]
    #: how the docs show a field of this kind in a call, `key` standing for the field's key
    outline: str = "{key}"


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and "ref" in value


def _literal_or_ref(value: Any, env: Bindings) -> Any:
    return env.ref(value["ref"]) if _is_ref(value) else value


def _literal_or_ref_source(value: Any) -> str:
    return value["ref"] if _is_ref(value) else repr(value)


def manager_id(sid: str) -> str:
    """The name a with-block's context manager is bound to (interpreter and script), beside its value s<N>."""
    return "m" + sid[1:]


def thread_graph_id(sid: str) -> str:
    """The name a thread block's own default graph is bound to (interpreter and script), as g0 is the main one's."""
    return "g" + sid[1:]


#: initializer spec {"kind": k} -> the tf factory (a "value" key is its argument)
INITIALIZER_FACTORIES = {"zeros": "zeros_initializer", "ones": "ones_initializer", "constant": "constant_initializer",
                         "glorot": "glorot_uniform_initializer"}


#: initializer spec {"kind": "callable", "value": v}: a callable of no arguments returning v, `lambda: v`
CALLABLE_INITIALIZER = "callable"


def _is_factory(spec: Any) -> bool:
    return isinstance(spec, dict) and spec.get("kind") in INITIALIZER_FACTORIES


def _is_callable(spec: Any) -> bool:
    return isinstance(spec, dict) and spec.get("kind") == CALLABLE_INITIALIZER


def _initializer(spec: Any, env: Bindings) -> Any:
    if _is_callable(spec):
        value = spec["value"]
        return lambda: copy.copy(value)
    if _is_factory(spec):
        factory = getattr(env.tf, INITIALIZER_FACTORIES[spec["kind"]])
        return factory(spec["value"]) if "value" in spec else factory()
    return _literal_or_ref(spec, env)


def _initializer_source(spec: Any) -> str:
    if _is_callable(spec):
        return f"lambda: {spec['value']!r}"
    if _is_factory(spec):
        return f"tf.{INITIALIZER_FACTORIES[spec['kind']]}({repr(spec['value']) if 'value' in spec else ''})"
    return _literal_or_ref_source(spec)


#: partitioner spec {"kind": k, ...} -> the tf factory; its other keys are the factory's keyword arguments
PARTITIONER_FACTORIES = {"fixed_size": "fixed_size_partitioner", "min_max": "min_max_variable_partitioner",
                         "axis_size": "variable_axis_size_partitioner"}


def _partitioner(spec: dict[str, Any], env: Bindings) -> Any:
    factory = getattr(env.tf, PARTITIONER_FACTORIES[spec["kind"]])
    return factory(**{key: value for key, value in spec.items() if key != "kind"})


def _partitioner_source(spec: dict[str, Any]) -> str:
    arguments = ", ".join(f"{key}={value!r}" for key, value in spec.items() if key != "kind")
    return f"tf.{PARTITIONER_FACTORIES[spec['kind']]}({arguments})"


LITERAL = ValueKind("literal", lambda value, env: value, repr)
REF = ValueKind("id of an earlier statement (its object)", lambda sid, env: env.ref(sid), str)
OPERAND = ValueKind("literal, or {\"ref\": id}", _literal_or_ref, _literal_or_ref_source)
SCOPE = ValueKind("scope name, or {\"ref\": id} of a captured VariableScope", _literal_or_ref, _literal_or_ref_source)
REFS = ValueKind("list of ids", lambda sids, env: [env.ref(sid) for sid in sids],
                 lambda sids: "[" + ", ".join(sids) + "]")
TF_NAME = ValueKind("name of a tf attribute", lambda name, env: getattr(env.tf, name), lambda name: f"tf.{name}",
                    "tf.<{key}>")
REUSE = ValueKind("literal, or \"AUTO_REUSE\" for `tf.AUTO_REUSE`",
                  lambda value, env: env.tf.AUTO_REUSE if value == "AUTO_REUSE" else value,
                  lambda value: "tf.AUTO_REUSE" if value == "AUTO_REUSE" else repr(value))
INITIALIZER = ValueKind("{\"kind\": zeros, ones, glorot, or constant or callable (`lambda: value`) with a \"value\"}, "
                        "a literal, or {\"ref\": id}",
                        _initializer, _initializer_source)
#: the standard collection keys a program may name, as attributes of tf.GraphKeys
STANDARD_COLLECTION_KEYS = ("GLOBAL_VARIABLES", "TRAINABLE_VARIABLES", "LOCAL_VARIABLES", "MODEL_VARIABLES",
                            "REGULARIZATION_LOSSES")


def _collection_key(key: str, env: Bindings) -> str:
    return getattr(env.tf.GraphKeys, key) if key in STANDARD_COLLECTION_KEYS else key


def _collection_key_source(key: str) -> str:
    return f"tf.GraphKeys.{key}" if key in STANDARD_COLLECTION_KEYS else repr(key)


COLLECTION_KEY = ValueKind("collection key: a GraphKeys attribute name (`tf.GraphKeys.<name>`), else a string",
                           _collection_key, _collection_key_source)
#: a fresh list each time: get_local_variable appends to the list it is given
COLLECTION_KEYS = ValueKind("list of collection keys, each as for a collection key",
                            lambda keys, env: [_collection_key(key, env) for key in keys],
                            lambda keys: "[" + ", ".join(_collection_key_source(key) for key in keys) + "]")


def _var_list(spec: Any, env: Bindings) -> Any:
    """A Saver's var_list; a dict in key order (stored programs are JSON with sorted keys, so a drawn program and
    its stored copy run, and print, alike)."""
    if isinstance(spec, list):
        return [env.ref(sid) for sid in spec]
    if "dict" in spec:
        return {key: env.ref(spec["dict"][key]) for key in sorted(spec["dict"])}
    return env.ref(spec["ref"])


def _var_list_source(spec: Any) -> str:
    if isinstance(spec, list):
        return "[" + ", ".join(spec) + "]"
    if "dict" in spec:
        return "{" + ", ".join(f"{key!r}: {spec['dict'][key]}" for key in sorted(spec["dict"])) + "}"
    return spec["ref"]


#: a Saver's var_list: the variables of earlier statements, an earlier query's list (`tf.global_variables()`), or
#: a dict of checkpoint keys to variables
VAR_LIST = ValueKind("list of ids, {\"ref\": id} of a list an earlier statement returned, or {\"dict\": {key: id}}",
                     _var_list, _var_list_source)
PARTITIONER = ValueKind("{\"kind\": fixed_size, min_max or axis_size, plus the factory's keyword arguments}",
                        _partitioner, _partitioner_source)


# Regularizers and custom getters: a program names one by a spec; the interpreter builds the function that the
# renderer prints as a lambda (or a tf function), so that both behave the same.

def _regularizer(spec: dict[str, Any], env: Bindings) -> Any:
    tf = env.tf
    if spec["kind"] == "scale":
        factor = spec["factor"]
        return lambda w: tf.multiply(w, factor)
    if spec["kind"] == "l2":
        return tf.nn.l2_loss
    return lambda w: None


def _regularizer_source(spec: dict[str, Any]) -> str:
    if spec["kind"] == "scale":
        return f"lambda w: tf.multiply(w, {spec['factor']!r})"
    if spec["kind"] == "l2":
        return "tf.nn.l2_loss"
    return "lambda w: None"


#: custom getter spec kind -> its source: the lambda real code writes (TF's variable_scope_test.py, Sonnet)
GETTER_SOURCES = {
    "pass": "lambda getter, *args, **kwargs: getter(*args, **kwargs)",
    "rename": "lambda getter, name, *args, **kwargs: getter(name + {suffix!r}, *args, **kwargs)",
    "share": "lambda getter, name, *args, **kwargs: getter({target!r}, *args, **kwargs)",
    "identity": "lambda getter, *args, **kwargs: tf.identity(getter(*args, **kwargs))",
    "reuse_identity": "lambda getter, *args, **kwargs: tf.identity(getter(*args, **kwargs), "
                      "name='reused' if kwargs['reuse'] else 'not_reused')",
    "sum": "lambda getter, name, *args, **kwargs: "
           "tf.add(getter(name + '/0', *args, **kwargs), getter(name + '/1', *args, **kwargs))",
}


#: the custom getters that return a tensor (an op over the variable), not the variable
TENSOR_GETTERS = frozenset({"identity", "reuse_identity", "sum"})


def _custom_getter(spec: dict[str, Any], env: Bindings) -> Any:
    """The function GETTER_SOURCES prints for the spec, built on the backend."""
    tf, kind = env.tf, spec["kind"]
    if kind == "rename":
        suffix = spec["suffix"]
        return lambda getter, name, *args, **kwargs: getter(name + suffix, *args, **kwargs)
    if kind == "share":
        target = spec["target"]
        return lambda getter, name, *args, **kwargs: getter(target, *args, **kwargs)
    if kind == "identity":
        return lambda getter, *args, **kwargs: tf.identity(getter(*args, **kwargs))
    if kind == "reuse_identity":
        return lambda getter, *args, **kwargs: tf.identity(getter(*args, **kwargs),
                                                           name="reused" if kwargs["reuse"] else "not_reused")
    if kind == "sum":
        return lambda getter, name, *args, **kwargs: tf.add(getter(name + "/0", *args, **kwargs),
                                                            getter(name + "/1", *args, **kwargs))
    return lambda getter, *args, **kwargs: getter(*args, **kwargs)


def _custom_getter_source(spec: dict[str, Any]) -> str:
    return GETTER_SOURCES[spec["kind"]].format(**spec)


REGULARIZER = ValueKind("{\"kind\": scale with a \"factor\" (tf.multiply), l2 (tf.nn.l2_loss), or none (no loss)}",
                        _regularizer, _regularizer_source)
CUSTOM_GETTER = ValueKind("{\"kind\": " + ", ".join(GETTER_SOURCES) + "} (rename: a \"suffix\"; share: a \"target\")",
                          _custom_getter, _custom_getter_source)
def _creator(spec: dict[str, Any], env: Bindings) -> Callable[..., Any]:
    """The function `_creator_source` writes: it hands its arguments to the next creator, one of them set."""
    if "key" not in spec:
        return lambda next_creator, **kwargs: next_creator(**kwargs)
    key, value = spec["key"], spec["value"]
    return lambda next_creator, **kwargs: next_creator(**{**kwargs, key: value})


def _creator_source(spec: dict[str, Any]) -> str:
    if "key" not in spec:
        return "lambda next_creator, **kwargs: next_creator(**kwargs)"
    return f"lambda next_creator, **kwargs: next_creator(**{{**kwargs, {spec['key']!r}: {spec['value']!r}}})"


CREATOR = ValueKind("{} (passes its arguments on), or {\"key\": k, \"value\": v} (sets the argument k to v)",
                    _creator, _creator_source, "<creator {key}>")
MANAGER = ValueKind("id of an earlier with-block (its context manager, m<N>)",
                    lambda sid, env: env.ref(manager_id(sid)), manager_id, "<manager of {key}>")


# ---- call specs: expressions over a statement's fields ---------------------------------------------------

Evaluator = Callable[[dict[str, Any], Bindings], Any]


class Expr:
    """A piece of a call spec: evaluated on a backend by the interpreter, printed as Python by the renderer.

    Each expression compiles once into a closure `(stmt, env) -> value` (the interpreter's hot path: no method
    dispatch or attribute lookups per statement); `evaluate` runs it.
    """

    def evaluate(self, stmt: dict[str, Any], env: Bindings) -> Any:
        return self.evaluator()(stmt, env)

    def evaluator(self) -> Evaluator:
        """The compiled closure, built on first use and kept."""
        compiled = self.__dict__.get("_evaluator")
        if compiled is None:
            compiled = self.__dict__["_evaluator"] = self.compile()
        return compiled

    def compile(self) -> Evaluator:
        raise NotImplementedError

    def source(self, stmt: dict[str, Any]) -> str:
        raise NotImplementedError

    def outline(self) -> str:
        """The expression with the program's keys in place of their values (for the docs)."""
        raise NotImplementedError

    def fields(self) -> Iterator[Field]:
        """Every statement field the expression reads, in evaluation order."""
        return iter(())


@dataclass(frozen=True)
class Const(Expr):
    """A fixed Python value (a fresh copy each time: a callee may keep or change a list it was given)."""

    value: Any

    def compile(self) -> Evaluator:
        value = self.value
        if isinstance(value, (list, dict, set)):
            return lambda stmt, env: copy.copy(value)
        return lambda stmt, env: value

    def source(self, stmt: dict[str, Any]) -> str:
        return repr(self.value)

    def outline(self) -> str:
        return repr(self.value)


@dataclass(frozen=True)
class Tf(Expr):
    """An attribute of the module under test: `tf.<name>`."""

    name: str

    def compile(self) -> Evaluator:
        name = self.name
        return lambda stmt, env: getattr(env.tf, name)

    def source(self, stmt: dict[str, Any]) -> str:
        return f"tf.{self.name}"

    def outline(self) -> str:
        return f"tf.{self.name}"


@dataclass(frozen=True)
class Field(Expr):
    """A field of the statement, converted by its value kind; `default` stands in when it is absent or null."""

    key: str
    kind: ValueKind = LITERAL
    default: Expr = Const(None)

    def compile(self) -> Evaluator:
        key, convert, default = self.key, self.kind.evaluate, self.default.evaluator()
        if self.kind is LITERAL:
            def literal(stmt: dict[str, Any], env: Bindings) -> Any:
                value = stmt.get(key)
                return default(stmt, env) if value is None else value
            return literal

        def converted(stmt: dict[str, Any], env: Bindings) -> Any:
            value = stmt.get(key)
            return default(stmt, env) if value is None else convert(value, env)
        return converted

    def source(self, stmt: dict[str, Any]) -> str:
        value = stmt.get(self.key)
        return self.default.source(stmt) if value is None else self.kind.source(value)

    def outline(self) -> str:
        return self.kind.outline.format(key=self.key)

    def fields(self) -> Iterator[Field]:
        yield self
        yield from self.default.fields()


@dataclass(frozen=True)
class Attr(Expr):
    """An attribute of an object, e.g. a method of a graph: `<obj>.<name>`."""

    obj: Expr
    name: str

    def compile(self) -> Evaluator:
        obj, name = self.obj.evaluator(), self.name
        return lambda stmt, env: getattr(obj(stmt, env), name)

    def source(self, stmt: dict[str, Any]) -> str:
        return f"{self.obj.source(stmt)}.{self.name}"

    def outline(self) -> str:
        return f"{self.obj.outline()}.{self.name}"

    def fields(self) -> Iterator[Field]:
        return self.obj.fields()


class When(Enum):
    """When a keyword argument is passed."""

    ALWAYS = "always"
    PRESENT = "if present"  # the key is in the statement, whatever its value (null too)
    SET = "if set"  # the key holds a value other than null


_ALWAYS, _SET = When.ALWAYS, When.SET


@dataclass(frozen=True)
class Keyword:
    """`name=<field>`, passed according to `when`."""

    name: str
    value: Field
    when: When = When.SET

    def applies(self, stmt: dict[str, Any]) -> bool:
        if self.when is When.ALWAYS:
            return True
        if self.when is When.PRESENT:
            return self.value.key in stmt
        return stmt.get(self.value.key) is not None


@dataclass(frozen=True)
class Call(Expr):
    """`func(*args, **keywords)`: the function first, then the arguments left to right, as Python does."""

    func: Expr
    args: tuple[Expr, ...] = ()
    keywords: tuple[Keyword, ...] = ()

    def compile(self) -> Evaluator:
        func = self.func.evaluator()
        args = tuple(arg.evaluator() for arg in self.args)
        keywords = tuple((kw.name, kw.value.key, kw.value.evaluator(), kw.when) for kw in self.keywords)

        def call(stmt: dict[str, Any], env: Bindings) -> Any:
            function = func(stmt, env)
            values = [arg(stmt, env) for arg in args]
            kwargs = {}
            for name, key, value, when in keywords:  # Keyword.applies, unrolled
                if when is _ALWAYS or (stmt.get(key) is not None if when is _SET else key in stmt):
                    kwargs[name] = value(stmt, env)
            return function(*values, **kwargs)
        return call

    def source(self, stmt: dict[str, Any]) -> str:
        parts = [arg.source(stmt) for arg in self.args]
        parts += [f"{kw.name}={kw.value.source(stmt)}" for kw in self.keywords if kw.applies(stmt)]
        return f"{self.func.source(stmt)}({', '.join(parts)})"

    def outline(self) -> str:
        parts = [arg.outline() for arg in self.args] + [f"{kw.name}={kw.value.outline()}" for kw in self.keywords]
        return f"{self.func.outline()}({', '.join(parts)})"

    def fields(self) -> Iterator[Field]:
        yield from self.func.fields()
        for arg in self.args:
            yield from arg.fields()
        for kw in self.keywords:
            yield from kw.value.fields()


#: the Python operators a program may apply, by symbol
OPERATORS: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


@dataclass(frozen=True)
class BinaryOperator(Expr):
    """`x <symbol> y` with a Python operator (tensor overloads), the symbol read from a field."""

    symbol: Field
    x: Expr
    y: Expr

    def compile(self) -> Evaluator:
        symbol, x, y = self.symbol.evaluator(), self.x.evaluator(), self.y.evaluator()

        def apply(stmt: dict[str, Any], env: Bindings) -> Any:
            operator_, left, right = symbol(stmt, env), x(stmt, env), y(stmt, env)
            return OPERATORS[operator_](left, right)
        return apply

    def source(self, stmt: dict[str, Any]) -> str:
        return f"{self.x.source(stmt)} {stmt[self.symbol.key]} {self.y.source(stmt)}"

    def outline(self) -> str:
        return f"{self.x.outline()} <{self.symbol.key}> {self.y.outline()}"

    def fields(self) -> Iterator[Field]:
        for part in (self.symbol, self.x, self.y):
            yield from part.fields()


@dataclass(frozen=True)
class Negative(Expr):
    """`-x` (a tensor's __neg__, or a Python number's)."""

    x: Expr

    def compile(self) -> Evaluator:
        x = self.x.evaluator()
        return lambda stmt, env: -x(stmt, env)

    def source(self, stmt: dict[str, Any]) -> str:
        return f"-{self.x.source(stmt)}"

    def outline(self) -> str:
        return f"-{self.x.outline()}"

    def fields(self) -> Iterator[Field]:
        return self.x.fields()


@dataclass(frozen=True)
class Then(Expr):
    """Evaluate `first` for its effect, then `result`: `(first, result)[1]`."""

    first: Expr
    result: Expr

    def compile(self) -> Evaluator:
        first, result = self.first.evaluator(), self.result.evaluator()

        def then(stmt: dict[str, Any], env: Bindings) -> Any:
            first(stmt, env)
            return result(stmt, env)
        return then

    def source(self, stmt: dict[str, Any]) -> str:
        return f"({self.first.source(stmt)}, {self.result.source(stmt)})[1]"

    def outline(self) -> str:
        return f"({self.first.outline()}, {self.result.outline()})[1]"

    def fields(self) -> Iterator[Field]:
        yield from self.first.fields()
        yield from self.result.fields()


@dataclass(frozen=True)
class NewThread(Expr):
    """`threading.Thread`: the class a `thread` block starts with its body as target, then joins."""

    def compile(self) -> Evaluator:
        return lambda stmt, env: threading.Thread

    def source(self, stmt: dict[str, Any]) -> str:
        return "threading.Thread"

    def outline(self) -> str:
        return "threading.Thread(target=<body>)"


def branch_function_name(sid: str) -> str:
    """The name a `branch` statement's function has in the rendered script: branch<N> for s<N>."""
    return "branch" + sid[1:]


@dataclass(frozen=True)
class Branch(Expr):
    """The function a control-flow call is given for one of its branches: the statement's `body[index]`, a
    `branch` statement, as a function of no arguments (the interpreter's `branch_function`, the script's
    `def branch<N>():`)."""

    index: int
    role: str

    def compile(self) -> Evaluator:
        index = self.index
        return lambda stmt, env: env.branch_function(stmt["body"][index])

    def source(self, stmt: dict[str, Any]) -> str:
        return branch_function_name(stmt["body"][self.index]["id"])

    def outline(self) -> str:
        return f"<{self.role} branch: body[{self.index}]>"


@dataclass(frozen=True)
class LoopFunction(Expr):
    """The cond or body function a tf.while_loop is given: the statement's `body[index]`, a `loop_function`
    statement, as a function of the one loop var, which its id names (the interpreter's `loop_function`, the
    script's `def branch<N>(s<N>):`)."""

    index: int
    role: str

    def compile(self) -> Evaluator:
        index = self.index
        return lambda stmt, env: env.loop_function(stmt["body"][index])

    def source(self, stmt: dict[str, Any]) -> str:
        return branch_function_name(stmt["body"][self.index]["id"])

    def outline(self) -> str:
        return f"<{self.role} function: body[{self.index}]>"


@dataclass(frozen=True)
class ListOf(Expr):
    """`[item]`: a list of one argument (tf.while_loop's loop_vars)."""

    item: Expr

    def compile(self) -> Evaluator:
        item = self.item.evaluator()
        return lambda stmt, env: [item(stmt, env)]

    def source(self, stmt: dict[str, Any]) -> str:
        return f"[{self.item.source(stmt)}]"

    def outline(self) -> str:
        return f"[{self.item.outline()}]"

    def fields(self) -> Iterator[Field]:
        return self.item.fields()


@dataclass(frozen=True)
class PredFnPairs(Expr):
    """tf.case's `pred_fn_pairs`: a list of `(predicate, function)` tuples, or when the `as_dict` field is true a
    dict `{predicate: function}` (TF sorts its items by the predicates' names; a repeated predicate keeps its
    last function). The predicates come from a field (each a literal or {"ref": id}), the functions are the
    statement's first `branch` statements, in order."""

    preds: Field
    as_dict: Field

    def compile(self) -> Evaluator:
        preds, as_dict = self.preds.evaluator(), self.as_dict.evaluator()

        def pairs(stmt: dict[str, Any], env: Bindings) -> Any:
            items = [(pred, env.branch_function(branch))
                     for pred, branch in zip(preds(stmt, env), stmt["body"], strict=False)]
            return dict(items) if as_dict(stmt, env) else items
        return pairs

    def source(self, stmt: dict[str, Any]) -> str:
        items = [(_literal_or_ref_source(pred), branch_function_name(branch["id"]))
                 for pred, branch in zip(stmt[self.preds.key], stmt["body"], strict=False)]
        if stmt.get(self.as_dict.key):
            return "{" + ", ".join(f"{pred}: {function}" for pred, function in items) + "}"
        return "[" + ", ".join(f"({pred}, {function})" for pred, function in items) + "]"

    def outline(self) -> str:
        return (f"[({self.preds.key}[i], <branch: body[i]>), ...] (or {{{self.preds.key}[i]: <branch: body[i]>, ...}} "
                f"if {self.as_dict.key})")

    def fields(self) -> Iterator[Field]:
        yield from self.preds.fields()
        yield from self.as_dict.fields()


@dataclass(frozen=True)
class DefaultBranch(Field):
    """tf.case's `default=`: when the field is true, the statement's last `branch` statement as a function."""

    def compile(self) -> Evaluator:
        return lambda stmt, env: env.branch_function(stmt["body"][-1])

    def source(self, stmt: dict[str, Any]) -> str:
        return branch_function_name(stmt["body"][-1]["id"])

    def outline(self) -> str:
        return "<default branch: body[-1]>"


def branch_roles(stmt: dict[str, Any]) -> list[str]:
    """What each function statement of a branching call's body is for, in body order (the renderer's comments, and
    how many branches the generator draws): a cond's true and false branch, a case's pairs then its default when
    `default` is set, a loop's cond and body."""
    if stmt["op"] == "case":
        return ([f"pair {index} branch" for index in range(len(stmt["preds"]))]
                + (["default branch"] if stmt.get("default") else []))
    if stmt["op"] == "while_loop":
        return ["loop's cond", "loop's body"]
    return ["true branch", "false branch"]


PREDS = ValueKind("list of literals or {\"ref\": id}", lambda values, env: [_literal_or_ref(v, env) for v in values],
                  lambda values: "[" + ", ".join(map(_literal_or_ref_source, values)) + "]")


# ---- the registry -------------------------------------------------------------------------------------------

#: the feature axis of the report matrix: every kind belongs to one; the last two force ways of drawing programs
FAMILIES: tuple[str, ...] = (
    "name_scope", "variable_scope", "op_scope", "get_variable", "variable", "ops", "graph", "layers",
    "collections", "partitioned", "custom_getter", "checkpoint", "threads", "multi_graph", "invalid_names",
    "control_flow",
)


class Value(Enum):
    """What a Session would fetch from a statement's result, and what its value depends on (determinism.py)."""

    CONSTANT = "constant"  # a literal: deterministic, reads no variable
    OPERANDS = "operands"  # an op: deterministic (and variable-free) when its OPERAND fields are
    INITIAL_VALUE = "initial value"  # a new variable, initialised from its OPERAND field
    VARIABLE_STORE = "variable store"  # get_variable: its initializer, or an earlier variable of the store


@dataclass(frozen=True)
class Kind:
    """One statement kind."""

    name: str
    family: str
    #: a leaf's result, or a with-block's context manager
    call: Expr
    block: bool = False
    #: None: the result is nothing a Session fetches
    value: Value | None = None
    #: the generator pools (strategies.Pools) the statement's id joins, for later statements to refer to
    pools: tuple[str, ...] = ()
    #: the generator pools that must hold something before the kind can be drawn (it refers to an earlier one)
    needs: tuple[str, ...] = ()
    #: a block the generator may open again exactly as an earlier one (same arguments)
    repeatable: bool = False
    #: enabled in every program, to give the scopes something to name
    filler: bool = False
    #: drawn a quarter as often (it ends or resets the program's graph, or real code hardly calls it)
    rare: bool = False
    #: a block whose body runs in a new thread, started and joined where the block stands (no context manager)
    in_thread: bool = False
    #: a call given functions made from the statements of its body (`branch` statements, see `Branch`)
    branching: bool = False
    #: made only as part of a statement of this kind (a `branch` of a `cond`), never drawn on its own
    part_of: str | None = None

    @property
    def binds_value(self) -> bool:
        return self.value is not None

    def fields(self) -> list[Field]:
        """The statement fields its call reads."""
        return list(self.call.fields())

    def operands(self) -> tuple[Field, ...]:
        """The fields that hold tensor inputs (a literal or an earlier tensor or variable); computed once."""
        found = self.__dict__.get("_operands")
        if found is None:
            found = self.__dict__["_operands"] = tuple(f for f in self.fields() if f.kind is OPERAND)
        return found


def _name(when: When = When.SET) -> Keyword:
    return Keyword("name", Field("name"), when)


def _graph_or_default() -> Field:
    return Field("graph", REF, default=Call(Tf("get_default_graph")))


def _kw(key: str, kind: ValueKind = LITERAL, when: When = When.SET) -> Keyword:
    return Keyword(key, Field(key, kind), when)


def _scope_setter(method: str, value: Field) -> Kind:
    """`<scope>.<method>(<value>)` on a captured VariableScope, else on tf.get_variable_scope(): family
    custom_getter (the defaults a scope hands to get_variable), and rare (9 calls in the real code bases)."""
    scope = Field("scope", REF, default=Call(Tf("get_variable_scope")))
    return Kind(method, "custom_getter", Call(Attr(scope, method), (value,)), rare=True)


X = Field("x", OPERAND)
Y = Field("y", OPERAND)
VALUES_OR_EMPTY = Field("values", REFS, default=Const([]))

#: every statement kind, in the generator's order (swarm knobs and kind draws index this order)
KINDS: dict[str, Kind] = {kind.name: kind for kind in [
    Kind("constant", "ops", Call(Tf("constant"), (Field("value"),), (_name(), _kw("dtype", TF_NAME))),
         value=Value.CONSTANT, pools=("tensors", "constants"), filler=True),
    Kind("binary", "ops", Call(Field("fn", TF_NAME), (X, Y), (_name(),)),
         value=Value.OPERANDS, pools=("tensors",)),
    Kind("operator", "ops", BinaryOperator(Field("sym"), X, Y), value=Value.OPERANDS, pools=("tensors",)),
    Kind("identity", "ops", Call(Tf("identity"), (X,), (_name(),)), value=Value.OPERANDS, pools=("tensors",)),
    Kind("neg", "ops", Negative(X), value=Value.OPERANDS, pools=("tensors",)),
    Kind("get_variable", "get_variable",
         Call(Tf("get_variable"), (Field("name"),),
              (_kw("shape"), _kw("dtype", TF_NAME), _kw("initializer", INITIALIZER), _kw("use_resource"),
               _kw("trainable"), _kw("collections", COLLECTION_KEYS), _kw("partitioner", PARTITIONER),
               _kw("regularizer", REGULARIZER), _kw("custom_getter", CUSTOM_GETTER), _kw("caching_device"))),
         value=Value.VARIABLE_STORE, pools=("variables",), filler=True),
    Kind("variable", "variable",
         Call(Tf("Variable"), (Field("initial_value", OPERAND),),
              (_name(), _kw("use_resource"), _kw("dtype", TF_NAME), _kw("trainable"),
               _kw("collections", COLLECTION_KEYS))),
         value=Value.INITIAL_VALUE, pools=("variables",)),
    Kind("name_scope", "name_scope",
         Call(Tf("name_scope"), (Field("name"),),
              (_kw("default_name", when=When.PRESENT), _kw("values", REFS, When.PRESENT))),
         block=True, pools=("nscopes", "managers"), repeatable=True),
    Kind("graph_name_scope", "name_scope", Call(Attr(_graph_or_default(), "name_scope"), (Field("name"),)),
         block=True, pools=("nscopes",)),
    Kind("reenter_scope", "name_scope", Call(Tf("name_scope"), (Field("scope", REF),)), block=True,
         needs=("nscopes",)),
    Kind("get_name_scope", "name_scope", Call(Attr(Call(Tf("get_default_graph")), "get_name_scope"))),
    Kind("variable_scope", "variable_scope",
         Call(Tf("variable_scope"), (Field("scope", SCOPE),),
              (_kw("default_name", when=When.PRESENT), _kw("auxiliary_name_scope", when=When.PRESENT),
               _kw("use_resource", when=When.PRESENT), _kw("values", REFS, When.PRESENT),
               _kw("reuse", REUSE, When.PRESENT), _kw("initializer", INITIALIZER),
               _kw("partitioner", PARTITIONER), _kw("regularizer", REGULARIZER),
               _kw("custom_getter", CUSTOM_GETTER), _kw("caching_device"))),
         block=True, pools=("vscopes", "managers"), repeatable=True),
    Kind("enter_again", "variable_scope", Field("manager", MANAGER), block=True, pools=("vscopes",),
         needs=("managers",)),
    Kind("reuse_variables", "variable_scope",
         Call(Attr(Field("scope", REF, default=Call(Tf("get_variable_scope"))), "reuse_variables"))),
    Kind("get_variable_scope", "variable_scope", Call(Tf("get_variable_scope")), pools=("vscopes",)),
    Kind("op_scope", "op_scope",
         Call(Tf("op_scope"), (VALUES_OR_EMPTY, Field("name")), (_kw("default_name", when=When.PRESENT),)),
         block=True, pools=("nscopes",), repeatable=True),
    # keywords, so that the scope is evaluated before the values, as the traces were recorded
    Kind("variable_op_scope", "op_scope",
         Call(Tf("variable_op_scope"), (),
              (Keyword("name_or_scope", Field("scope", SCOPE), When.ALWAYS),
               Keyword("values", VALUES_OR_EMPTY, When.ALWAYS),
               _kw("default_name", when=When.PRESENT), _kw("reuse", REUSE, When.PRESENT))),
         block=True, pools=("vscopes",), repeatable=True),
    Kind("new_graph", "graph", Call(Tf("Graph")), pools=("graphs",)),
    Kind("as_default", "graph", Call(Attr(Field("graph", REF), "as_default")), block=True),
    Kind("finalize", "graph", Call(Attr(_graph_or_default(), "finalize")), rare=True),
    Kind("reset_default_graph", "graph", Then(Call(Tf("reset_default_graph")), Call(Tf("get_default_graph"))),
         pools=("graphs",), rare=True),
    Kind("unique_name", "graph",
         Call(Attr(_graph_or_default(), "unique_name"), (Field("name"),),
              (Keyword("mark_as_used", Field("mark_as_used", default=Const(True)), When.ALWAYS),))),
    # the queries need a variable made earlier: a collection is read after the model is built
    Kind("get_collection", "collections",
         Call(Tf("get_collection"), (Field("key", COLLECTION_KEY),), (_kw("scope"),)), pools=("var_lists",),
         needs=("variables",)),
    Kind("get_collection_ref", "collections", Call(Tf("get_collection_ref"), (Field("key", COLLECTION_KEY),))),
    Kind("add_to_collection", "collections",
         Call(Tf("add_to_collection"), (Field("key", COLLECTION_KEY), Field("value", REF))), needs=("tensors",)),
    Kind("global_variables", "collections", Call(Tf("global_variables"), (), (_kw("scope"),)), pools=("var_lists",),
         needs=("variables",)),
    Kind("trainable_variables", "collections", Call(Tf("trainable_variables"), (), (_kw("scope"),)), pools=("var_lists",),
         needs=("variables",)),
    Kind("local_variables", "collections", Call(Tf("local_variables"), (), (_kw("scope"),)), pools=("var_lists",),
         needs=("variables",)),
    Kind("model_variables", "collections", Call(Tf("model_variables"), (), (_kw("scope"),)), pools=("var_lists",),
         needs=("variables",)),
    Kind("get_local_variable", "collections",
         Call(Tf("get_local_variable"), (Field("name"),),
              (_kw("shape"), _kw("dtype", TF_NAME), _kw("initializer", INITIALIZER), _kw("use_resource"),
               _kw("collections", COLLECTION_KEYS))),
         value=Value.VARIABLE_STORE, pools=("variables",)),
    Kind("set_partitioner", "partitioned",
         Call(Attr(Field("scope", REF, default=Call(Tf("get_variable_scope"))), "set_partitioner"),
              (Field("partitioner", PARTITIONER),))),
    _scope_setter("set_initializer", Field("initializer", INITIALIZER)),
    _scope_setter("set_dtype", Field("dtype", TF_NAME)),
    _scope_setter("set_use_resource", Field("use_resource")),
    _scope_setter("set_caching_device", Field("caching_device")),
    _scope_setter("set_regularizer", Field("regularizer", REGULARIZER)),
    _scope_setter("set_custom_getter", Field("custom_getter", CUSTOM_GETTER)),
    # the Saver's own ops (save/...) join the graph; what it would write is the `checkpoint` end event
    Kind("saver", "checkpoint",
         Call(Attr(Tf("train"), "Saver"), (), (_kw("var_list", VAR_LIST), _name())), needs=("variables",)),
    Kind("thread", "threads", NewThread(), block=True, in_thread=True),
    # how tf.compat.v1.layers re-enters a layer's captured scope: its name scope, from the VariableScope
    Kind("original_name_scope", "layers",
         Call(Tf("name_scope"), (Attr(Field("scope", REF), "original_name_scope"),)), block=True,
         needs=("vscopes",)),
    Kind("init_scope", "layers", Call(Tf("init_scope")), block=True),
    Kind("variable_creator_scope", "layers", Call(Tf("variable_creator_scope"), (Field("creator", CREATOR),)),
         block=True),
    # control flow v2 (tf.cond builds an If/StatelessIf op; each branch is traced into its own function graph)
    Kind("greater", "control_flow", Call(Tf("greater"), (X, Y), (_name(),)), value=Value.OPERANDS, pools=("preds",)),
    Kind("less", "control_flow", Call(Tf("less"), (X, Y), (_name(),)), value=Value.OPERANDS, pools=("preds",)),
    # its body holds its two `branch` statements, true then false; it joins the tensors when both return one;
    # drawn once a predicate exists (as real code compares, then branches)
    Kind("cond", "control_flow",
         Call(Tf("cond"), (Field("pred", OPERAND), Branch(0, "true"), Branch(1, "false")), (_name(),)),
         branching=True, needs=("preds",)),
    # tf.case (control_flow_case: nested conds in name_scope(name, "case")): a pair per predicate (a list, or a
    # dict when `as_dict`), its function the body's `branch` of the same index, then the default's `branch` when
    # `default` is true
    Kind("case", "control_flow",
         Call(Tf("case"), (PredFnPairs(Field("preds", PREDS), Field("as_dict")),),
              (Keyword("default", DefaultBranch("default")), _name())),
         branching=True, needs=("preds",)),
    # a branch function's body (of a cond or a case) and what it returns: `return <returns>` (an earlier
    # statement's id), else None
    Kind("branch", "control_flow", Field("returns", REF), part_of="cond"),
    # tf.while_loop (while_v2): its body holds its two `loop_function` statements, cond then body, each called with
    # the loop var; one loop var, in a list
    Kind("while_loop", "control_flow",
         Call(Tf("while_loop"), (LoopFunction(0, "cond"), LoopFunction(1, "body"), ListOf(Field("loop_var", OPERAND))),
              (_name(), _kw("maximum_iterations"))),
         value=Value.OPERANDS, pools=("tensors",), branching=True),
    # a loop function's body (its id is the loop var) and what it returns: `return <returns>`
    Kind("loop_function", "control_flow", Field("returns", REF), part_of="while_loop"),
]}

BLOCK_KINDS = frozenset(name for name, kind in KINDS.items() if kind.block)
#: the calls given functions made from their body's `branch` statements
BRANCHING_KINDS = frozenset(name for name, kind in KINDS.items() if kind.branching)
VALUE_KINDS = frozenset(name for name, kind in KINDS.items() if kind.binds_value)


def kinds_of_family(family: str) -> list[str]:
    """The kinds of one family, in registry order."""
    return [name for name, kind in KINDS.items() if kind.family == family]


# ---- docs --------------------------------------------------------------------------------------------------

def _argument_doc(kind: Kind) -> str:
    keywords = {id(kw.value): kw.when for kw in _keywords(kind.call)}
    parts = []
    for f in kind.fields():
        text = f"`{f.key}`: {f.kind.name}"
        if id(f) in keywords and keywords[id(f)] is not When.ALWAYS:
            text += f", passed {keywords[id(f)].value}"
        if f.default != Const(None):
            text += f", else `{f.default.outline()}`"
        parts.append(text)
    return "; ".join(parts)


def _keywords(expr: Expr) -> Iterator[Keyword]:
    if isinstance(expr, Call):
        yield from expr.keywords
        for part in (expr.func, *expr.args):
            yield from _keywords(part)
    elif isinstance(expr, Attr):
        yield from _keywords(expr.obj)
    elif isinstance(expr, Field):
        yield from _keywords(expr.default)


def families_table() -> str:
    """docs/formats.md's table: family -> its kinds."""
    rows = ["| family | kinds |", "|---|---|"]
    rows += [f"| `{family}` | " + ", ".join(f"`{k}`" for k in kinds_of_family(family)) + " |"
             for family in FAMILIES if kinds_of_family(family)]
    return "\n".join(rows)


def calls_table() -> str:
    """docs/formats.md's table: each kind's call spec and arguments."""
    rows = ["| kind | with-block | Session fetches it | call (program keys in place of values) | arguments |",
            "|---|---|---|---|---|"]
    for kind in KINDS.values():
        rows.append(f"| `{kind.name}` | {'yes' if kind.block else ''} | "
                    f"{kind.value.value if kind.value else ''} | `{kind.call.outline()}` | {_argument_doc(kind)} |")
    return "\n".join(rows)


def with_tables(doc: str) -> str:
    """A document with its two kinds tables (found by their header rows) replaced by the registry's."""
    for table in (families_table(), calls_table()):
        start = doc.index(table.splitlines()[0])
        end = doc.find("\n\n", start)
        doc = doc[:start] + table + (doc[end:] if end >= 0 else "\n")
    return doc


if __name__ == "__main__":
    import sys

    from conformance.paths import REPO_ROOT

    if sys.argv[1:] == ["--write"]:
        formats = REPO_ROOT / "docs" / "formats.md"
        formats.write_text(with_tables(formats.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(families_table() + "\n\n" + calls_table())
