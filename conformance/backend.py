"""The two backends a program runs on: the module under test ("TF") and the model, resolved in one place.

Every test and tool that runs "TF" gets it from `load_backend("tf")`, which honours $CONFORMANCE_TF_MODULE.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from conformance.settings import REAL_TF_MODULE, TF_MODULE

MODEL_MODULE = "reference_impl.v1"


def tf_module_name() -> str:
    """The module under test: $CONFORMANCE_TF_MODULE, default tensorflow.compat.v1."""
    return TF_MODULE.value()


def load_backend(name: str) -> Any:
    """'tf' -> the module under test (real TF in graph mode by default); 'model' -> reference_impl.v1."""
    if name == "model":
        return importlib.import_module(MODEL_MODULE)
    if name == "tf":
        return load_module_under_test()
    raise ValueError(f"unknown backend {name!r} (expected 'tf' or 'model')")


def load_module_under_test() -> Any:
    """$CONFORMANCE_TF_MODULE imported; real TensorFlow is put in graph mode with its logging quietened."""
    name = tf_module_name()
    if name != REAL_TF_MODULE:
        return importlib.import_module(name)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    tf = importlib.import_module(REAL_TF_MODULE)
    tf.disable_eager_execution()
    tf.logging.set_verbosity(tf.logging.ERROR)
    return tf
