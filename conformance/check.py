"""One differential check: run a program on TF and on the model, diff the traces, make a result row."""

from __future__ import annotations

import time
from typing import Any

from conformance.diff import first_difference
from conformance.program import program_id
from conformance.render import render_script
from conformance.runner import execute


def check_program(program: dict[str, Any], tf: Any, model: Any) -> dict[str, Any]:
    """A `program` result row: pass, diverge (with the first difference and the repro), or broken."""
    started = time.perf_counter()
    row: dict[str, Any] = {"kind": "program", "family": program["family"], "program_id": program_id(program),
                           "program": program, "diff": None, "tf_trace": None, "model_trace": None,
                           "repro": None, "reason": None}
    try:
        tf_trace = execute(program, tf).trace
    except Exception as error:  # noqa: BLE001 - a harness or TF crash is `broken`, never a pass
        row.update(status="broken", reason=f"TF run crashed: {type(error).__name__}: {error}",
                   repro=render_script(program))
        return _timed(row, started)
    try:
        model_trace = execute(program, model).trace
    except Exception as error:  # noqa: BLE001
        row.update(status="broken", reason=f"model run crashed: {type(error).__name__}: {error}",
                   tf_trace=tf_trace, repro=render_script(program))
        return _timed(row, started)
    difference = first_difference(tf_trace, model_trace)
    if difference is None:
        row["status"] = "pass"
    else:
        row.update(status="diverge", diff=difference, tf_trace=tf_trace, model_trace=model_trace,
                   repro=render_script(program))
    return _timed(row, started)


def _timed(row: dict[str, Any], started: float) -> dict[str, Any]:
    row["duration_s"] = round(time.perf_counter() - started, 4)
    return row
