"""The two backends a program runs on: the TensorFlow under test and the model, resolved in one place."""

from __future__ import annotations

import importlib
import os
from typing import Any


def load_backend(name: str) -> Any:
    """'tf' -> tensorflow.compat.v1 in graph mode; 'model' -> reference_impl.v1."""
    if name == "model":
        return importlib.import_module("reference_impl.v1")
    if name == "tf":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        tf = importlib.import_module("tensorflow.compat.v1")
        tf.disable_eager_execution()
        tf.logging.set_verbosity(tf.logging.ERROR)
        return tf
    raise ValueError(f"unknown backend {name!r} (expected 'tf' or 'model')")
