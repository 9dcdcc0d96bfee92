"""Write-ahead records of the program a worker is running, so a crash or a hang still yields a `broken` row.

Before each program a worker writes the program, its shard and how many programs the shard still has to run
after it to a marker file, and arms a watchdog (faulthandler), which stops the worker when the program outlives its
time limit; after the program the marker keeps only the shard's progress. Fatal signals (abort, segfault) and the watchdog
write their report to the worker's fault file. When a worker dies, the xdist controller reads both files and
records the program as `broken` with the reason and the shard's programs that will not run (`not_run`); xdist
replaces the worker and the run goes on with the next test, so a crash loses at most the rest of one shard.
"""

from __future__ import annotations

import faulthandler
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from conformance.errors import BadInput
from conformance.files import read_json, write_atomically
from conformance.program import program_id
from conformance.settings import PROGRAM_TIMEOUT
from conformance.shards import family_and_shard

TIMEOUT_ENV = PROGRAM_TIMEOUT.name
DIRECTORY = ".inflight"
NO_PROGRAM_ID = "-"

#: faulthandler's names for fatal signals, and the signals themselves.
SIGNALS = {"Aborted": "SIGABRT", "Segmentation fault": "SIGSEGV", "Bus error": "SIGBUS",
           "Floating-point exception": "SIGFPE", "Floating point exception": "SIGFPE",
           "Illegal instruction": "SIGILL"}


def program_timeout() -> float:
    """The per-program time limit in seconds: $CONFORMANCE_PROGRAM_TIMEOUT (see conformance/settings.py)."""
    return PROGRAM_TIMEOUT.value()


def marker_path(results_file: Path, worker: str) -> Path:
    """The file naming the program a worker is running right now."""
    return results_file.parent / DIRECTORY / f"{results_file.stem}.{worker}.json"


def fault_path(results_file: Path, worker: str) -> Path:
    """The file a worker's fatal-signal and timeout reports go to."""
    return results_file.parent / DIRECTORY / f"{results_file.stem}.{worker}.fault"


def held_path(results_file: Path, worker: str) -> Path:
    """The file holding a worker's failing row while Hypothesis shrinks it (written at the end of the test)."""
    return results_file.parent / DIRECTORY / f"{results_file.stem}.{worker}.held.json"


def in_flight(results_file: Path, worker: str) -> bool:
    """Whether a worker's marker names a program (a missing or empty marker, or one holding only a shard's
    progress: nothing in flight)."""
    try:
        record = json.loads(marker_path(results_file, worker).read_bytes() or b"{}")
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and isinstance(record.get("program"), dict)


def clear(results_file: Path) -> None:
    """Remove the markers and fault reports of this version's runs (and their directory once it is empty)."""
    directory = results_file.parent / DIRECTORY
    for stale in directory.glob(f"{results_file.stem}.*"):
        stale.unlink(missing_ok=True)
    try:
        directory.rmdir()
    except OSError:
        pass  # absent, or holding another version's files


class Watch:
    """One process's watchdog: a time limit on every program and, in an xdist worker, the write-ahead files.

    A worker's files are named by its xdist id; ids restart at gw0 in every run, so a new worker first removes
    what a killed run may have left under its id. If they cannot be written (the results directory is not
    writable, which the controller reports), fault reports go to stderr and nothing is recorded ahead.
    """

    def __init__(self, results_file: Path | None = None, worker: str | None = None) -> None:
        self.marker: Path | None = None
        self._marker_fd = -1
        self.held: Path | None = None
        self.fault: IO[str] = sys.__stderr__ or sys.stderr
        self.fault_file: Path | None = None
        self._was_enabled = faulthandler.is_enabled()
        if results_file is None or worker is None:
            return
        try:
            marker_path(results_file, worker).parent.mkdir(parents=True, exist_ok=True)
            self.fault = fault_path(results_file, worker).open("w", encoding="utf-8")
            held_path(results_file, worker).unlink(missing_ok=True)
            self._marker_fd = os.open(marker_path(results_file, worker), os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        except OSError:
            return
        self.marker, self.held = marker_path(results_file, worker), held_path(results_file, worker)
        self.fault_file = fault_path(results_file, worker)
        faulthandler.enable(file=self.fault, all_threads=True)

    @contextmanager
    def running(self, program: dict[str, Any], test: str, timeout_s: float, shard: int | None = None,
                not_run: int | None = None) -> Iterator[None]:
        """Record the program as in flight and arm the time limit for as long as it runs.

        `shard` is the program's shard and `not_run` how many programs that shard still has to run after this
        one (what a crash now would lose). The marker is one file kept open and rewritten in place (creating a
        file per program costs more than a small program); once the program is done it holds only the shard's
        progress (test, shard, not_run), so a crash between two programs knows what it loses too.
        """
        progress = {"test": test, "shard": shard, "not_run": not_run}
        self._mark({**progress, "program": program, "started": time.time(), "timeout_s": timeout_s})
        faulthandler.dump_traceback_later(timeout_s, exit=True, file=self.fault)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()
            self._mark(progress)

    def _mark(self, record: dict[str, Any]) -> None:
        """Rewrite the marker in place with one record."""
        if self._marker_fd >= 0:
            data = json.dumps(record).encode()
            os.pwrite(self._marker_fd, data, 0)
            os.ftruncate(self._marker_fd, len(data))

    def hold(self, row: dict[str, Any]) -> None:
        """Keep the test's current failing row on disk until it is written, so a crash while shrinking keeps it."""
        if self.held is not None:
            write_atomically(self.held, json.dumps(row))  # the controller reads the old row or the new, never half

    def release(self) -> None:
        """The held row has been written to the results file."""
        if self.held is not None:
            self.held.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop writing fault reports to this process's fault file, and remove it: the worker ended normally."""
        if self.fault_file is not None:
            faulthandler.disable()
            if self._was_enabled and sys.__stderr__ is not None:
                faulthandler.enable(file=sys.__stderr__)
            self.fault.close()
            self.fault_file.unlink(missing_ok=True)
            os.close(self._marker_fd)
            self._marker_fd = -1
            if self.marker is not None:
                self.marker.unlink(missing_ok=True)
            try:
                self.fault_file.parent.rmdir()
            except OSError:
                pass  # other workers' files are still there
            self.fault_file = None


def innermost_frame(text: str) -> str | None:
    """`file.py:line in function` of the dying thread's innermost frame in a faulthandler report.

    A fatal signal marks the thread it hit as "Current thread"; the watchdog's report has no current thread,
    and lists the main thread (the one running the program) last.
    """
    sections = [block.strip().splitlines() for block in re.split(r"\n\s*\n", text) if block.strip()]
    threads = [lines for lines in sections if re.match(r"(Current thread|Thread) 0x", lines[0].strip())]
    if not threads:
        return None
    dying = next((lines for lines in threads if lines[0].startswith("Current thread")), threads[-1])
    for line in dying[1:]:
        match = re.match(r'\s*File "(.+)", line (\d+) in (.+)', line)
        if match:
            return f"{Path(match.group(1)).name}:{match.group(2)} in {match.group(3)}"
    return None


def describe_fault(text: str, timeout_s: float | None) -> str:
    """One line on why a worker died, from its fault report (empty if it had no chance to write one)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    frame = innermost_frame(text)
    at = f" at {frame}" if frame else ""
    if not lines:
        return "worker died without a fault report (killed, e.g. by SIGKILL or the out-of-memory killer)"
    if lines[0].startswith("Timeout ("):
        limit = f"{timeout_s:g} s" if timeout_s is not None else lines[0][len("Timeout "):].rstrip("!")
        return f"timed out after {limit} (per-program limit, {TIMEOUT_ENV}); the worker was stopped{at}"
    match = re.match(r"Fatal Python error: (.+)", lines[0])
    if match:
        signal = SIGNALS.get(match.group(1))
        named = f"signal {signal} ({match.group(1)})" if signal else match.group(1)
        return f"worker crashed: {named}{at}"
    return f"worker died: {lines[0]}"


def _read_json(path: Path) -> Any:
    """A JSON file's value, or None if it is missing or unreadable; the file is removed either way."""
    try:
        return read_json(path)
    except BadInput:
        return None
    finally:
        path.unlink(missing_ok=True)


def crash_rows(results_file: Path, worker: str, test: str, render: Any,
               shard_budget: int | None = None) -> list[dict[str, Any]]:
    """The rows a dead worker owed: the failing row it held while shrinking (if any), then a `broken` row for
    the program it was running (or for its test, if none was in flight).

    The broken row names the test's shard and `not_run`, the programs of that shard that will not run: as the
    marker recorded them, or `shard_budget` (the whole shard) when the test had not recorded any progress (it
    died while setting up). `render` turns a program into its repro script. The worker's marker, held row and
    fault report are removed.
    """
    held = _read_json(held_path(results_file, worker))
    record = _read_json(marker_path(results_file, worker))
    fault = fault_path(results_file, worker)
    try:
        fault_text = fault.read_text(encoding="utf-8", errors="replace")
    except OSError:
        fault_text = ""
    fault.unlink(missing_ok=True)
    rows = [held] if isinstance(held, dict) and held.get("kind") == "program" else []
    family, shard = family_and_shard(test)
    progress = record if isinstance(record, dict) and record.get("test") == test else {}
    not_run = progress["not_run"] if isinstance(progress.get("not_run"), int) else shard_budget
    lost = {"shard": shard, "not_run": not_run}
    if not isinstance(progress.get("program"), dict):
        reason = describe_fault(fault_text, None)
        where = "between two programs of its shard" if progress else "while setting up or between programs"
        return [*rows, {"kind": "program", "family": family, "test": test, "status": "broken",
                        "program_id": NO_PROGRAM_ID, "program": None, "diff": None, "tf_trace": None,
                        "model_trace": None, "repro": None, "duration_s": None, **lost,
                        "reason": f"{reason}, outside any program ({where})"}]
    program, started = progress["program"], progress.get("started")
    return [*rows, {"kind": "program", "family": program.get("family", family), "test": test, "status": "broken",
                    "program_id": program_id(program), "program": program, "diff": None, "tf_trace": None,
                    "model_trace": None, "repro": render(program), **lost,
                    "reason": describe_fault(fault_text, progress.get("timeout_s")),
                    "duration_s": round(time.time() - started, 4) if isinstance(started, (int, float)) else None}]
