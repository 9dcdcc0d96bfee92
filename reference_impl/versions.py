"""Which TensorFlow version the model imitates, and every behaviour that is keyed by version.

All version differences live here, in one visible place (see docs/tf-naming-notes.md, section 2).
"""

from __future__ import annotations

import importlib.metadata
import os
import re
from functools import cache

#: The versions the model knows, oldest first.
MODELLED_VERSIONS: tuple[str, ...] = (
    "2.12.1", "2.13.1", "2.14.1", "2.15.1", "2.16.2", "2.17.1", "2.18.1", "2.19.1", "2.20.0", "2.21.0",
)
#: The nightly checked against (tf-nightly 2.23.0.dev20261026); keys for it use at_least("2.23.0").
NIGHTLY_CHECKED = "2.23.0.dev20261026"
NEWEST_MODELLED = MODELLED_VERSIONS[-1]
_TF_DISTRIBUTIONS = ("tensorflow-cpu", "tensorflow", "tf-nightly-cpu", "tf-nightly", "tensorflow-intel")
#: A version the model can imitate: major.minor[.patch], then an optional rc and dev part (2.16.0rc0,
#: 2.23.0.dev20261026). Versions before the oldest modelled one behave like it.
VERSION_FORMAT = re.compile(r"\d+\.\d+(\.\d+)?(rc\d+)?(\.dev\d+)?")


def parse_version(text: str) -> tuple[int, int, int]:
    """'2.13.1' -> (2, 13, 1); a dev/rc suffix is dropped ('2.22.0.dev2026' -> (2, 22, 0))."""
    parts: list[int] = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit()) if piece[:1].isdigit() else ""
        parts.append(int(digits or 0))
    while len(parts) < 3:
        parts.append(0)
    return parts[0], parts[1], parts[2]


def installed_tf_version() -> str | None:
    """The version of the installed TensorFlow distribution, read from metadata (never by importing TF)."""
    for dist in _TF_DISTRIBUTIONS:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def is_tf_version(text: str) -> bool:
    """Whether `text` is a version the model can imitate (see VERSION_FORMAT)."""
    return VERSION_FORMAT.fullmatch(text) is not None


@cache
def default_version() -> str:
    """The version imitated when REFERENCE_TF_VERSION is unset: the installed TF's, else the newest modelled."""
    return installed_tf_version() or NEWEST_MODELLED


@cache
def _resolve(env_value: str | None) -> str:
    if not env_value:
        return default_version()
    if not is_tf_version(env_value):
        raise ValueError(f"REFERENCE_TF_VERSION: not a TF version, got {env_value!r} (e.g. 2.13.1)")
    return env_value


def imitated_version() -> str:
    """REFERENCE_TF_VERSION, else the installed TF's version, else the newest modelled version."""
    return _resolve(os.environ.get("REFERENCE_TF_VERSION") or None)


def at_least(text: str) -> bool:
    """True when the imitated version is `text` or newer."""
    return _at_least(imitated_version(), text)


@cache
def _at_least(imitated: str, text: str) -> bool:
    return parse_version(imitated) >= parse_version(text)


# ---- the version-keyed behaviours -------------------------------------------------------------

def missing_initializer_message(name: str) -> str:
    """get_variable with no shape and no initializer: the message changed in 2.15 (2.12-2.14 used the old one)."""
    if at_least("2.15.0"):
        return f"Variable {name} did not get an initializer, so its `shape` argument must be specified."
    return (
        "The initializer passed is not valid. It should be a callable with no arguments and the shape "
        "should not be provided or an instance of `tf.keras.initializers.*' and `shape` should be fully defined."
    )


def variable_accepts_unknown_kwargs() -> bool:
    """tf.Variable(..., bogus=1): 2.12 raises TypeError, 2.13+ ignores unknown keywords."""
    return at_least("2.13.0")


def ref_traceback_has_source_lines() -> bool:
    """RefVariable 'Originally defined at:' prints source lines on 2.12-2.13; from 2.14 only the File lines."""
    return not at_least("2.14.0")


def scalar_operands_converted_before_scope() -> bool:
    """tf.multiply/tf.subtract (and `*`, `-`) convert a Python operand before the op scope from 2.23 (nightly)."""
    return at_least("2.23.0")


def symbolic_tensor_has_index() -> bool:
    """A graph tensor with a constant integer value is a Python index from 2.23 (nightly): `int32_tensor * [1.0, 2.0]`
    then falls back to list.__rmul__ and repeats the list; up to 2.21 SymbolicTensor has no __index__."""
    return at_least("2.23.0")


def graph_repr_is_pybind() -> bool:
    """repr(Graph) on 2.13 is pybind's `PyGraph<id>` (Graph subclasses PyGraph with no __repr__); else object repr."""
    return at_least("2.13.0") and not at_least("2.14.0")


def saver_read_disables_copy_on_read() -> bool:
    """A Saver reads a resource variable's slice with read_value_no_copy, which emits `Read/DisableCopyOnRead` before
    `Read/ReadVariableOp` once forward_compatible(2022, 5, 3) holds: since 2.10 (checked on 2.12.1, 2.13.1, 2.15.1,
    2.16.2, 2.21.0 and nightly 2.23: every modelled version has it)."""
    return at_least("2.10.0")


def op_not_registered_hint_has_example_first() -> bool:
    """The C++ "Op type not registered" hint reads "tf.contrib (e.g. `tf.contrib.resampler`), accessing should be
    done" since 2.14; on 2.12-2.13 it reads "tf.contrib, accessing (e.g.) `tf.contrib.resampler` should be done"."""
    return at_least("2.14.0")


def failed_trace_keeps_resource_variables() -> bool:
    """func_graph_from_py_func sets the current variable scope's use_resource back after tracing only when tracing
    succeeded since 2.13 (a plain statement); on 2.12 it does in a `finally`, so a function that raises leaves the
    scope as it was."""
    return at_least("2.13.0")
