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
    traces: dict[str, list[dict[str, Any]]] = {}
    for side, backend in (("TF", tf), ("model", model)):
        # One call site for both backends: TF quotes its caller's stack in some messages (RefVariable's
        # "Originally defined at:"), so both sides must be called from the same line.
        try:
            traces[side] = execute(program, backend).trace
        except Exception as error:  # noqa: BLE001 - a harness, TF or model crash is `broken`, never a pass
            row.update(status="broken", reason=f"{side} run crashed: {type(error).__name__}: {error}",
                       tf_trace=traces.get("TF"), repro=render_script(program))
            return _timed(row, started)
    tf_trace, model_trace = traces["TF"], traces["model"]
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
