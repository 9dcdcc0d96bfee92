"""tf.compat.v1.train.Saver's mapping of checkpoint keys to variables (training/saving/saveable_object_util.py)
and the Saver's save/restore ops (training/saver.py)."""

from __future__ import annotations

from typing import Any

from reference_impl.graph_collections import GraphKeys, get_collection
from reference_impl.ops import convert_to_tensor
from reference_impl.partitioned_variables import PartitionedVariable
from reference_impl.tensors import Tensor
from reference_impl.variables import ResourceVariable, _BaseVariable

#: saveable_object_util._VARIABLE_OPS: the op types whose outputs a Saver accepts as variables
VARIABLE_OPS = frozenset({"Variable", "VariableV2", "AutoReloadVariable", "VarHandleOp", "ReadVariableOp"})
#: saveable_object_util._REF_VARIABLE_OPS
REF_VARIABLE_OPS = frozenset({"Variable", "VariableV2", "AutoReloadVariable"})


class SaveSpec:
    """saveable_object.SaveSpec: the tensor written under `name`, a slice of it when `slice_spec` is set."""

    def __init__(self, tensor: Any, slice_spec: str, name: str, dtype: Any) -> None:
        self.tensor = tensor
        self.slice_spec = slice_spec
        self.name = name
        self.dtype = dtype


class SaveableObject:
    """saveable_object.SaveableObject: the variable (`op`) and the specs that save it."""

    def __init__(self, op: Any, specs: list[SaveSpec], name: str) -> None:
        self.op = op
        self.specs = specs
        self.name = name


def save_slice_spec(variable: Any) -> str:
    """variables.Variable.SaveSliceInfo.spec: "<full shape> <offset,length>:<offset,length>..." of a part."""
    _, full_shape, offset, shape = variable._save_slice_info
    return " ".join("%d" % d for d in full_shape) + " " + ":".join("%d,%d" % (o, s) for o, s in zip(offset, shape, strict=True))


def save_slice_name(variable: Any) -> str:
    """variables.Variable.SaveSliceInfo.full_name: the partitioned variable's name, shared by its parts."""
    return variable._save_slice_info[0]


def slice_info(variable: Any) -> Any:
    """variable._save_slice_info: set on the parts of a partitioned variable only."""
    return getattr(variable, "_save_slice_info", None)


def is_resource_variable(value: Any) -> bool:
    """resource_variable_ops.BaseResourceVariable."""
    return isinstance(value, ResourceVariable)


def tensor_comes_from_variable(value: Any) -> bool:
    """saveable_object_util._tensor_comes_from_variable."""
    return isinstance(value, Tensor) and value.op.type in VARIABLE_OPS


def op_list_to_dict(op_list: Any) -> dict[str, Any]:
    """saveable_object_util.op_list_to_dict: checkpoint key -> variable (a list of parts for a partitioned one),
    the variables taken in name order. A variable's key is its op's name (a resource variable's: its handle's)."""
    if not isinstance(op_list, (list, tuple, set)):
        raise TypeError(f"Variables to save should be passed in a dict or a list. Got {op_list}")
    op_list = sorted(_flatten(list(op_list)), key=lambda x: x.name)
    names_to_saveables: dict[str, Any] = {}
    for var in op_list:
        if isinstance(var, PartitionedVariable):
            if var.name in names_to_saveables:
                raise ValueError(f"At least two variables have the same name: {var.name}")
            names_to_saveables[var.name] = var
        elif isinstance(var, _BaseVariable) and slice_info(var):
            name = save_slice_name(var)
            if name in names_to_saveables:
                if not isinstance(names_to_saveables[name], list):
                    raise ValueError(f"Mixing slices and non-slices with the same name: {name}")
                names_to_saveables[name].append(var)
            else:
                names_to_saveables[name] = [var]
        else:
            var = var._graph_element if is_resource_variable(var) else convert_to_tensor(var, as_ref=True)
            if not tensor_comes_from_variable(var):
                raise TypeError(f"Variable to save is not a Variable: {var}")
            name = var.op.inputs[0].op.name if var.op.type == "ReadVariableOp" else var.op.name
            if name in names_to_saveables:
                raise ValueError(f"At least two variables have the same name: {name}")
            names_to_saveables[name] = var
    return names_to_saveables


def _flatten(values: list[Any]) -> list[Any]:
    """nest.flatten over lists and tuples (a variable or tensor is a leaf)."""
    flat: list[Any] = []
    for value in values:
        if isinstance(value, (list, tuple)):
            flat.extend(_flatten(list(value)))
        else:
            flat.append(value)
    return flat


def saveable_objects_for_op(op: Any, name: Any) -> list[SaveableObject]:
    """saveable_object_util.saveable_objects_for_op: one saveable per variable, or per part of a sliced one."""
    if not isinstance(name, str):
        raise TypeError("names_to_saveables must be a dict mapping string names to trackable operations. "
                        f"Name is not a string: {name}")
    if isinstance(op, (list, tuple, PartitionedVariable)):
        return _slice_saveables(list(op), name)
    if is_resource_variable(op):
        return [_variable_saveable(op._graph_element, "", name)]
    variable = convert_to_tensor(op, as_ref=True)
    if not tensor_comes_from_variable(variable):
        raise TypeError("names_to_saveables must be a dict mapping string names to Tensors/Variables. "
                        f"Not a variable: {variable}")
    return [_variable_saveable(variable, "", name)]


def _slice_saveables(parts: list[Any], name: str) -> list[SaveableObject]:
    """The parts of a sliced variable: all variables, all slices, of one full tensor."""
    saveables = []
    slice_name = None
    for variable in parts:
        if not isinstance(variable, _BaseVariable):
            raise ValueError(f"Slices must all be Variables: {variable}")
        if not slice_info(variable):
            raise ValueError(f"Slices must all be slices: {variable}")
        if slice_name is None:
            slice_name = save_slice_name(variable)
        elif slice_name != save_slice_name(variable):
            raise ValueError(f"Slices must all be from the same tensor: {slice_name} != {save_slice_name(variable)}")
        saveables.append(SaveableObject(variable, [SaveSpec(variable, save_slice_spec(variable), name,
                                                             variable.dtype.base_dtype)], name))
    return saveables


def _variable_saveable(tensor: Tensor, slice_spec: str, name: str) -> SaveableObject:
    """ReferenceVariableSaveable / ResourceVariableSaveable of a whole variable: its tensor, in its dtype."""
    return SaveableObject(tensor, [SaveSpec(tensor, slice_spec, name, tensor.dtype.base_dtype)], name)


def validate_and_slice_inputs(names_to_saveables: dict[str, Any]) -> list[SaveableObject]:
    """saveable_object_util.validate_and_slice_inputs: the saveables in key order; one variable saved under two
    keys is refused."""
    saveables: list[SaveableObject] = []
    seen_ops: list[Any] = []
    for name, op in sorted(names_to_saveables.items(), key=lambda x: x[0]):
        for saveable in saveable_objects_for_op(op, name):
            if saveable.op is not None and any(saveable.op is seen for seen in seen_ops):
                raise ValueError(f"The same saveable will be restored with two names: {saveable.name}")
            saveables.append(saveable)
            seen_ops.append(saveable.op)
    return saveables


def all_saveable_objects() -> list[Any]:
    """variables._all_saveable_objects: GLOBAL_VARIABLES, then SAVEABLE_OBJECTS."""
    return get_collection(GraphKeys.GLOBAL_VARIABLES) + get_collection(GraphKeys.SAVEABLE_OBJECTS)
