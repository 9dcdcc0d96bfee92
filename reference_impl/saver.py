"""tf.compat.v1.train.Saver's mapping of checkpoint keys to variables (training/saving/saveable_object_util.py)
and the Saver's save/restore ops (training/saver.py)."""

from __future__ import annotations

from typing import Any

from reference_impl import versions
from reference_impl.dtypes import DType, string
from reference_impl.graph import get_default_graph
from reference_impl.graph_collections import GraphKeys, get_collection
from reference_impl.math_ops import identity
from reference_impl.ops import convert_to_tensor, create_op_internal, group, name_scope
from reference_impl.partitioned_variables import PartitionedVariable
from reference_impl.shapes import TensorShape
from reference_impl.tensors import Operation, Tensor
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


# ---- training/saver.py: tf.compat.v1.train.Saver ----------------------------------------------------------

class SaverDef:
    """saver_pb2.SaverDef, the names a Saver is used by: feed the filename, run save or restore."""

    def __init__(self, filename_tensor_name: str, save_tensor_name: str, restore_op_name: str) -> None:
        self.filename_tensor_name = filename_tensor_name
        self.save_tensor_name = save_tensor_name
        self.restore_op_name = restore_op_name


class Saver:
    """tf.compat.v1.train.Saver in a graph: its save and restore ops are built at once (BulkSaverBuilder, V2)."""

    def __init__(self, var_list: Any = None, name: str | None = None) -> None:
        self._var_list = var_list
        self._name = name
        self.saver_def = self._build()

    def _build(self) -> SaverDef:
        """Saver._build: var_list None means every saveable object of the default graph; none at all is refused."""
        if self._var_list is None:
            self._var_list = all_saveable_objects()
        if not self._var_list:
            raise ValueError("No variables to save")
        return build_internal(self._var_list, self._name)


def build_internal(names_to_saveables: Any, name: str | None, filename: str = "model") -> SaverDef:
    """BaseSaverBuilder._build_internal (not sharded): the saveables in key order, then, in a `save` name scope
    (from the saveables' graph), the filename placeholders, the save ops and the restore ops."""
    if not isinstance(names_to_saveables, dict):
        names_to_saveables = op_list_to_dict(names_to_saveables)
    saveables = validate_and_slice_inputs(names_to_saveables)
    with name_scope(name, "save", [saveable.op for saveable in saveables]):
        filename_tensor = placeholder_with_default(filename, "filename")
        filename_tensor = placeholder_with_default(filename_tensor, "Const")
        save_tensor = add_save_ops(filename_tensor, saveables)
        restore_op = add_restore_ops(filename_tensor, saveables)
    concat_partitioned_variables_in_collections()
    return SaverDef(filename_tensor.name, save_tensor.name, restore_op.name)


def placeholder_with_default(value: Any, name: str) -> Tensor:
    """array_ops.placeholder_with_default: a string value becomes the Const `<name>/input` inside the op's scope."""
    with name_scope(name) as scope:
        if not isinstance(value, Tensor):
            value = string_constant(value, "input")
        return gen_op("PlaceholderWithDefault", scope, [value], string, TensorShape([]))


def string_constant(value: Any, name: str) -> Tensor:
    """constant_op.constant of a string or a list of strings."""
    shape = TensorShape([len(value)] if isinstance(value, list) else [])
    return gen_op("Const", name, [], string, shape, value)


def gen_op(op_type: str, name: str, inputs: list[Tensor], out_dtype: DType | None = None,
           out_shape: TensorShape | None = None, value: Any = None) -> Operation | Any:
    """A gen_*_ops call whose inputs are tensors already: its scope `name`, then the op; its first output, if any."""
    graph = get_default_graph()
    with name_scope(name) as scope:
        op = create_op_internal(graph, op_type, inputs, scope, out_dtype, out_shape, value)
    return op.outputs[0] if out_dtype is not None else op


def spec_tensor(spec: SaveSpec) -> Tensor:
    """SaveSpec.tensor: a whole variable's tensor; a resource part is read by ResourceVariableSaveable's closure:
    read_value_no_copy (`Read/` [DisableCopyOnRead], ReadVariableOp, then `Identity`), then an `Identity` on CPU."""
    variable = spec.tensor
    if not is_resource_variable(variable):
        return variable if isinstance(variable, Tensor) else variable.value()
    with name_scope("Read"):
        if versions.saver_read_disables_copy_on_read():
            gen_op("DisableCopyOnRead", "DisableCopyOnRead", [variable._handle])
        read = gen_op("ReadVariableOp", "ReadVariableOp", [variable._handle], variable.dtype, variable.shape)
    return identity(identity(read))


def add_save_ops(filename_tensor: Tensor, saveables: list[SaveableObject]) -> Tensor:
    """BaseSaverBuilder._AddSaveOps: save_op (io_ops.save_v2: `SaveV2` with its `tensor_names` and
    `shape_and_slices` constants), then the filename with that dependency (`control_dependency`)."""
    specs = [spec for saveable in saveables for spec in saveable.specs]
    tensors = [spec_tensor(spec) for spec in specs]
    with name_scope("SaveV2") as scope:
        names = string_constant([spec.name for spec in specs], "tensor_names")
        slices = string_constant([spec.slice_spec for spec in specs], "shape_and_slices")
        save = gen_op("SaveV2", scope, [filename_tensor, names, slices, *tensors])
    with name_scope(None, "control_dependency", [save, filename_tensor]) as scope:
        output = gen_op("Identity", scope, [filename_tensor], string, TensorShape([]))
        output.op._control_inputs = [save]
        return output


def add_restore_ops(filename_tensor: Tensor, saveables: list[SaveableObject]) -> Operation:
    """BaseSaverBuilder._AddRestoreOps: BulkSaverBuilder.bulk_restore (one `RestoreV2` for every spec), each
    saveable's restore, then a `restore_all` NoOp grouping them."""
    specs = [spec for saveable in saveables for spec in saveable.specs]
    with name_scope("RestoreV2") as scope:
        names = string_constant([spec.name for spec in specs], "tensor_names")
        slices = string_constant([spec.slice_spec for spec in specs], "shape_and_slices")
        restore = gen_op("RestoreV2", scope, [filename_tensor, names, slices])
    for index, spec in enumerate(specs):
        restore._outputs.append(Tensor(restore, index, spec.dtype.base_dtype, TensorShape(None)))
    restored = iter(restore.outputs)
    assign_ops = [restore_saveable(saveable, [next(restored) for _ in saveable.specs]) for saveable in saveables]
    return group(*assign_ops, name="restore_all")


def restore_saveable(saveable: SaveableObject, restored_tensors: list[Tensor]) -> Operation:
    """ResourceVariableSaveable.restore (an `Identity`, then `AssignVariableOp` on the handle) or
    ReferenceVariableSaveable.restore (state_ops.assign: `Assign`)."""
    variable = saveable.op
    if is_resource_variable(variable) or variable.op.type == "ReadVariableOp":
        handle = variable._handle if is_resource_variable(variable) else variable.op.inputs[0]
        value = identity(restored_tensors[0])
        return gen_op("AssignVariableOp", "AssignVariableOp", [handle, value])
    ref = variable if isinstance(variable, Tensor) else variable._as_graph_element()
    return gen_op("Assign", "Assign", [ref, restored_tensors[0]], ref.dtype, ref.shape).op


def concat_partitioned_variables_in_collections() -> None:
    """_build_internal's check: a PartitionedVariable in any collection of the default graph gets its concatenation
    (`as_tensor`) unless an op already has its name."""
    graph = get_default_graph()
    for key in graph.get_all_collection_keys():
        for element in graph.get_collection(key):
            if isinstance(element, PartitionedVariable):
                try:
                    graph.get_operation_by_name(element.name)
                except KeyError:
                    element.as_tensor()
