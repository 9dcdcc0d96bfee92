"""Replaying programs in chosen orders, to check a program's trace does not depend on what ran before it.

`python -m tests.support.isolation PROGRAMS.json --order given --order shuffled:1` runs the programs (a JSON
list) on TF and on the model, once per order, all in this one process, and prints one JSON object: for each
backend and order, the trace of every program by program id. Every program runs from the same call site, so
messages that quote their caller's stack (RefVariable's "Originally defined at:") are comparable.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from conformance.backend import load_backend
from conformance.program import program_id
from conformance.results import BadInput
from conformance.runner import execute

Trace = list[dict[str, Any]]


def ordered(programs: list[dict[str, Any]], order: str) -> list[dict[str, Any]]:
    """The programs in an order: `given`, `reversed`, or `shuffled:SEED`."""
    if order == "given":
        return list(programs)
    if order == "reversed":
        return programs[::-1]
    if order.startswith("shuffled:") and order[len("shuffled:"):].isdigit():
        shuffled = list(programs)
        random.Random(int(order[len("shuffled:"):])).shuffle(shuffled)
        return shuffled
    raise ValueError(f"unknown order {order!r} (expected given, reversed or shuffled:SEED)")


def replay(programs: list[dict[str, Any]], backend: Any) -> dict[str, Trace]:
    """Each program's trace by program id, run one after another in this process."""
    return {program_id(program): execute(program, backend).trace for program in programs}


def load_programs(path: Path) -> list[dict[str, Any]]:
    """A JSON list of programs; anything else is BadInput naming the file."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BadInput(path, f"cannot read ({error.strerror})") from None
    except ValueError as error:
        raise BadInput(path, f"not valid JSON ({error})") from None
    if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
        raise BadInput(path, "expected a JSON list of programs")
    return value


def main(argv: list[str] | None = None) -> int:
    """Print {backend: {order: {program id: trace}}} for every order asked for."""
    parser = argparse.ArgumentParser(prog="python -m tests.support.isolation", description=__doc__.splitlines()[0])
    parser.add_argument("programs", type=Path)
    parser.add_argument("--order", action="append", default=[], help="given, reversed or shuffled:SEED")
    parser.add_argument("--backend", action="append", choices=("tf", "model"), default=[])
    args = parser.parse_args(argv)
    try:
        programs = load_programs(args.programs)
        orders = [(order, ordered(programs, order)) for order in args.order or ["given"]]
    except (BadInput, ValueError) as error:
        print(f"isolation: {error}", file=sys.stderr)
        return 2
    traces = {name: {order: replay(sequence, load_backend(name)) for order, sequence in orders}
              for name in args.backend or ["tf", "model"]}
    json.dump(traces, sys.stdout, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
