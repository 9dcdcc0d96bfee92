"""tf.errors: the run-time errors a Session raises (OpError and the subclasses the model can raise)."""

from __future__ import annotations

from typing import Any


class OpError(Exception):
    """A failed op at run time: TF's errors_impl.OpError, with the failing node and a message."""

    def __init__(self, node_def: Any, op: Any, message: str) -> None:
        super().__init__(message)
        self.node_def = node_def
        self.op = op
        self.message = message

    def __str__(self) -> str:
        return self.message


class FailedPreconditionError(OpError):
    """An op ran before its inputs were ready, e.g. reading a variable that was never initialized."""


class InvalidArgumentError(OpError):
    """An op got arguments it refuses at run time, e.g. shapes that do not broadcast."""


class UnimplementedError(OpError):
    """An op that the model has no kernel for (TF has one: this is a gap of the model, never TF behaviour)."""
