"""Fault injection for the reliability tests: a pytest plugin (`-p tests.support.faults`) that makes real TF crash.

$CONFORMANCE_FAULT lists faults as `action:family:name`, comma-separated; `family` is a family (every shard of
it) or one shard, `name_scope-shard3`. In the differential tests of that family or shard, when TF's
`Graph.unique_name` is asked for `name`, the process aborts (`abort`), segfaults (`segv`)
or hangs (`hang`); `diverge-abort` first answers one wrong name (a divergence, which Hypothesis then shrinks)
and aborts at the name's next use in another program, so the worker dies while shrinking. Nothing is mocked:
TF itself is patched inside the worker, and the worker really dies.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

import pytest

from conformance.shards import family_and_shard, parameter_of

FAULT_ENV = "CONFORMANCE_FAULT"
ACTIONS = ("abort", "segv", "hang", "diverge-abort")


@dataclass(frozen=True)
class Fault:
    """One injected fault: what happens, in which family's tests (or which shard's: `name_scope-shard3`), at which
    name."""

    action: str
    family: str
    name: str

    def targets(self, test: str) -> bool:
        """Whether the fault strikes in this differential test: a test of its family, or its shard."""
        return self.family in (family_and_shard(test)[0], parameter_of(test))


def parse_faults(text: str) -> list[Fault]:
    """`abort:name_scope:foo,hang:ops:x` -> faults; a malformed entry is a ValueError naming it."""
    faults = []
    for entry in filter(None, (part.strip() for part in text.split(","))):
        parts = entry.split(":")
        if len(parts) != 3 or parts[0] not in ACTIONS:
            raise ValueError(f"{FAULT_ENV}: bad fault {entry!r} (expected action:family:name, action one of "
                             f"{', '.join(ACTIONS)})")
        faults.append(Fault(*parts))
    return faults


def strike(action: str) -> None:
    """Really fail: abort, dereference NULL, or sleep (practically) forever."""
    if action == "abort":
        os.abort()
    if action == "segv":
        ctypes.string_at(0)
    if action == "hang":
        time.sleep(10**6)


class Injector:
    """Patches TF's Graph.unique_name once TF is loaded; strikes when the running test and the name match."""

    def __init__(self, faults: list[Fault]) -> None:
        self.faults = faults
        self.current_test = ""
        self.patched = False
        self.diverged_in: dict[Fault, Any] = {}  # fault -> the default graph of the program it diverged

    def patch(self) -> None:
        from tensorflow.python.framework import ops

        original = ops.Graph.unique_name
        injector = self

        def unique_name(graph: Any, name: str, *args: Any, **kwargs: Any) -> Any:
            for fault in injector.faults:
                if name != fault.name or not fault.targets(injector.current_test):
                    continue
                if fault.action != "diverge-abort":
                    strike(fault.action)
                elif fault not in injector.diverged_in:
                    injector.diverged_in[fault] = ops.get_default_graph()  # kept alive: its id is not reused
                    return original(graph, name + "_injected", *args, **kwargs)
                elif ops.get_default_graph() is not injector.diverged_in[fault]:
                    strike("abort")
            return original(graph, name, *args, **kwargs)

        ops.Graph.unique_name = unique_name
        self.patched = True

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_call(self, item: pytest.Item) -> None:
        self.current_test = item.nodeid
        if not self.patched and "tensorflow" in sys.modules:
            self.patch()


def pytest_configure(config: pytest.Config) -> None:
    faults = parse_faults(os.environ.get(FAULT_ENV, ""))
    if faults:
        config.pluginmanager.register(Injector(faults), "conformance-fault-injector")
