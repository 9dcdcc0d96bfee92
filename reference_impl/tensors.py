"""Operations and tensors: names, types, graph membership, and how TF prints them."""

from __future__ import annotations

from typing import Any

from reference_impl.dtypes import DType
from reference_impl.shapes import TensorShape


class Operation:
    """A node of the graph: an exact name, an op type, and its output tensors."""

    #: an If/StatelessIf op's then_branch and else_branch function names (reference_impl/control_flow.py)
    branch_functions: tuple[str, str] = ("", "")
    #: the function graphs an If/StatelessIf (then, else) or While/StatelessWhile (cond, body) calls
    function_graphs: tuple[Any, ...] = ()
    #: Operation.device: the canonical device the op was placed on by `ops.device` (the model places only a
    #: caching device's reads, reference_impl/variables.py), "" when none
    device: str = ""

    def __init__(self, graph: Any, name: str, op_type: str, inputs: list[Tensor]) -> None:
        self._graph = graph
        self._name = name
        self._type = op_type
        self._inputs = list(inputs)
        self._outputs: list[Tensor] = []
        self._control_inputs: list[Operation] = []

    @property
    def name(self) -> str:
        return self._name

    @property
    def type(self) -> str:
        return self._type

    @property
    def graph(self) -> Any:
        return self._graph

    @property
    def inputs(self) -> list[Tensor]:
        return list(self._inputs)

    @property
    def outputs(self) -> list[Tensor]:
        return list(self._outputs)

    @property
    def control_inputs(self) -> list[Operation]:
        """Operations that run before this one without feeding it (e.g. the initializers grouped by `init`)."""
        return list(self._control_inputs)

    def __repr__(self) -> str:
        return f"<tf.Operation '{self._name}' type={self._type}>"

    def __str__(self) -> str:
        return f'name: "{self._name}"\nop: "{self._type}"'


class GraphValue:
    """What tensors and variables share: an op in a graph, a dtype and a static shape."""

    _dtype: DType
    _shape: TensorShape

    @property
    def op(self) -> Operation:
        raise NotImplementedError

    @property
    def graph(self) -> Any:
        return self.op.graph

    @property
    def dtype(self) -> DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape


class Tensor(GraphValue):
    """A symbolic graph tensor `<op>:<index>`."""

    def __init__(self, op: Operation, value_index: int, dtype: DType, shape: TensorShape,
                 value: Any = None) -> None:
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = shape
        self._value = value

    @property
    def graph(self) -> Any:
        """Tensor.graph: its op's graph (read straight from the op, as every op input is checked through it)."""
        return self._op._graph

    @property
    def op(self) -> Operation:
        return self._op

    @property
    def name(self) -> str:
        return f"{self._op.name}:{self._value_index}"

    @property
    def value_index(self) -> int:
        return self._value_index

    def __repr__(self) -> str:
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    @property
    def device(self) -> str:
        return self._op.device

    def __str__(self) -> str:
        """Tensor.__str__: the shape only when its rank is known, the device only when the op has one."""
        shape = f", shape={self._shape}" if self._shape.rank is not None else ""
        device = f", device={self._op.device}" if self._op.device else ""
        return f'Tensor("{self.name}"{shape}, dtype={self._dtype.name}{device})'

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    # Python operators are installed by reference_impl.operators.
