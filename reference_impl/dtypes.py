"""DTypes: the few that the modelled subset needs, printed the way TF prints them."""

from __future__ import annotations


class DType:
    """A TF dtype such as float32; `_ref` dtypes belong to reference variables."""

    def __init__(self, name: str, kind: str, is_ref: bool = False) -> None:
        self._name = name
        self._kind = kind
        self._is_ref = is_ref

    @property
    def name(self) -> str:
        return self._name + ("_ref" if self._is_ref else "")

    @property
    def base_dtype(self) -> DType:
        return _BASE[self._name]

    @property
    def is_floating(self) -> bool:
        return self._kind == "float"

    @property
    def is_integer(self) -> bool:
        return self._kind == "int"

    @property
    def is_bool(self) -> bool:
        return self._kind == "bool"

    @property
    def is_unsigned(self) -> bool:
        return False

    def _as_ref(self) -> DType:
        return _REF[self._name]

    def is_compatible_with(self, other: DType) -> bool:
        """TF: dtypes are compatible when their base types are equal."""
        return as_dtype(other).base_dtype is self.base_dtype

    @property
    def core_name(self) -> str:
        """TF's C++ DataTypeString, used in kernel messages: float32 is 'float'."""
        return _CORE_NAMES.get(self._name, self._name)

    @property
    def datatype_enum_name(self) -> str:
        """The DataType enum's name, as a NodeDef's attr prints it: float32 is DT_FLOAT (refs as their base)."""
        return "DT_" + self.base_dtype.core_name.upper()

    def __repr__(self) -> str:
        return f"tf.{self.name}"

    def __str__(self) -> str:
        return f"<dtype: '{self.name}'>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DType) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


_BASE = {name: DType(name, kind) for name, kind in (("float32", "float"), ("int32", "int"), ("bool", "bool"),
                                                    ("string", "string"))}
_CORE_NAMES = {"float32": "float"}
_REF = {name: DType(name, base._kind, is_ref=True) for name, base in _BASE.items()}
float32 = _BASE["float32"]
int32 = _BASE["int32"]
bool = _BASE["bool"]  # noqa: A001 - TF's own name
string = _BASE["string"]


def as_dtype(value: object) -> DType:
    """Accept a DType or a dtype name such as 'float32'."""
    if isinstance(value, DType):
        return value
    if isinstance(value, str) and value in _BASE:
        return _BASE[value]
    raise TypeError(f"Cannot convert the argument `type_value`: {value!r} to a TensorFlow DType.")
