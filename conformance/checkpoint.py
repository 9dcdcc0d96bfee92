"""What a tf.compat.v1.train.Saver would write: the checkpoint keys, with their shapes and dtypes.

The keys are read from the backend's own mapping of names to variables (TF's saveable_object_util, or the
model's reference_impl.saver), which builds no op; `saved_keys` does a real save with TF and reads it back.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from typing import Any

from conformance.trace import describe_error

#: where each backend keeps the Saver's mapping (op_list_to_dict, validate_and_slice_inputs)
TF_MAPPING = "tensorflow.python.training.saving.saveable_object_util"
MODEL_MAPPING = "reference_impl.saver"

#: one checkpoint entry: [key, [dims...], dtype name]
Entry = list[Any]


def is_model(tf: Any) -> bool:
    """The backend is the model (reference_impl.v1), not TensorFlow."""
    return tf.__name__.startswith("reference_impl")


def saver_mapping(tf: Any) -> Any:
    """The module holding the backend's op_list_to_dict and validate_and_slice_inputs."""
    return importlib.import_module(MODEL_MAPPING if is_model(tf) else TF_MAPPING)


def default_saveables(tf: Any, graph: Any) -> list[Any]:
    """variables._all_saveable_objects of `graph`: what tf.train.Saver() with no var_list saves."""
    return (graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)
            + graph.get_collection(tf.GraphKeys.SAVEABLE_OBJECTS))


def saver_keys(tf: Any, graph: Any) -> list[Entry]:
    """The sorted [key, dims, dtype name] a default Saver of `graph` would write, from the backend's mapping.

    A partitioned variable is one key with its full shape. Nothing saveable: []. A mapping error propagates.
    """
    var_list = default_saveables(tf, graph)
    if not var_list:
        return []
    mapping = saver_mapping(tf)
    saveables = mapping.validate_and_slice_inputs(mapping.op_list_to_dict(var_list))
    return entries_of_specs(spec for saveable in saveables for spec in saveable.specs)


def entries_of_specs(specs: Any) -> list[Entry]:
    """One entry per key (a sliced variable's parts share theirs), sorted by key."""
    entries: dict[str, Entry] = {}
    for spec in specs:
        entries[spec.name] = [spec.name, spec_dims(spec), spec.dtype.base_dtype.name]
    return [entries[key] for key in sorted(entries)]


def spec_dims(spec: Any) -> list[int | None]:
    """A SaveSpec's full shape: a slice's from its slice spec ("<full dims> <offset,length>:..."), else the
    tensor's static shape (a whole variable's spec holds its tensor, not a function)."""
    if spec.slice_spec:
        return full_shape_of_slice_spec(spec.slice_spec)
    return list(spec.tensor.shape.as_list())


def full_shape_of_slice_spec(slice_spec: str) -> list[int]:
    """Variable.SaveSliceInfo.spec's full shape: the dims before the last (offset,length) field."""
    return [int(dim) for dim in slice_spec.split(" ")[:-1]]


def keys_by_graph(tf: Any, graphs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The `checkpoint` end event: each graph's saver_keys, in gN order; a graph whose mapping raised, as
    {"raised": its error}."""
    event: dict[str, Any] = {}
    for gid, graph in graphs:
        try:
            event[gid] = saver_keys(tf, graph)
        except Exception as error:  # noqa: BLE001 - the Saver's refusal is part of what is compared
            event[gid] = {"raised": describe_error(error)}
    return event


# ---- a real save (TF only: corpus recording) ------------------------------------------------------------------

def saved_keys(tf: Any, graph: Any, directory: str) -> tuple[list[Entry], dict[str, list[int]]]:
    """What a default Saver of `graph` really writes: a Saver built in the graph, a Session that runs the saved
    variables' initializers (in collection order), a save under `directory`, then tf.train.list_variables and
    the reader's dtype map; also each whole variable's value shape, by its key. Nothing saveable: [] (Saver()
    would refuse). Adds ops to the graph (a finalized one is unfinalized first): call it once the trace is taken."""
    from conformance.values import session_config

    var_list = default_saveables(tf, graph)
    if not var_list:
        return [], {}
    if graph.finalized:
        graph._unsafe_unfinalize()
    with graph.as_default():
        saver = tf.train.Saver()
    with tf.Session(graph=graph, config=session_config(tf)) as session:
        for variable in var_list:
            session.run(variable.initializer)
        path = saver.save(session, os.path.join(directory, "model"), write_meta_graph=False)
        value_shapes = {key: list(session.run(variable).shape)
                        for key, variable in saver_mapping(tf).op_list_to_dict(var_list).items()
                        if not isinstance(variable, list) and getattr(variable, "_save_slice_info", None) is None}
    dtypes = tf.train.load_checkpoint(path).get_variable_to_dtype_map()
    saved = [[key, list(shape), dtypes[key].name] for key, shape in sorted(tf.train.list_variables(path))]
    return saved, value_shapes


def with_value_shapes(entries: list[Entry], value_shapes: dict[str, list[int]]) -> list[Entry]:
    """TF quirk saved_shape_is_the_value_shape: a whole variable is written with its value's shape, which differs
    from its declared shape when another variable's initializer set its resource (resource variables named ""
    share one, VarHandleOp shared_name ""); the Saver's mapping gives the declared one."""
    return [[key, value_shapes.get(key, dims), dtype] for key, dims, dtype in entries]


def real_save_disagreements(tf: Any, graphs: list[tuple[str, Any]],
                            event: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each graph whose real save (or its error) differs from the `checkpoint` event's mapping: [{graph, mapping,
    saved}], empty when all agree; and, apart, each graph the mapping accepts but that cannot be saved because its
    own variables cannot be initialized in a Session (nothing to compare): [{graph, raised}]."""
    disagreements, unsaveable = [], []
    for gid, graph in graphs:
        with tempfile.TemporaryDirectory(prefix="conformance-ckpt-") as directory:
            try:
                saved, value_shapes = saved_keys(tf, graph, directory)
            except Exception as error:  # noqa: BLE001 - compared with the mapping's error
                saved, value_shapes = {"raised": describe_error(error)}, {}
        mapping = event[gid]
        if isinstance(saved, dict) and isinstance(mapping, list):
            unsaveable.append({"graph": gid, "raised": saved["raised"]})
        elif saved != mapping and (isinstance(mapping, dict) or saved != with_value_shapes(mapping, value_shapes)):
            disagreements.append({"graph": gid, "mapping": mapping, "saved": saved})
    return disagreements, unsaveable
