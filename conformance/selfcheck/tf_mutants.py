"""Mutation check: alter one naming rule inside the installed TF's Python code and see whether the suite fails.

`python -m conformance.selfcheck.tf_mutants [--profile ci] [--only NAME]` runs the differential suite once per mutant, with
the mutant applied in every pytest-xdist worker (`-p conformance.selfcheck.tf_mutants`), and reports how many it catches.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from conformance.launch import Suite, run_suite
from conformance.results import read_rows
from conformance.selfcheck.mutation import Mutant, apply, by_name, load_mutants

MUTANT_ENV = "CONFORMANCE_MUTANT"


MUTANTS: tuple[Mutant, ...] = load_mutants("tf")


def pytest_configure(config: object) -> None:
    """As a pytest plugin (-p conformance.selfcheck.tf_mutants): apply $CONFORMANCE_MUTANT in this process."""
    name = os.environ.get(MUTANT_ENV)
    if name:
        import tensorflow  # noqa: F401 - the mutant alters TF itself
        apply(by_name(MUTANTS, name), "TF mutant")


def run_mutant(mutant: Mutant, profile: str) -> tuple[bool, float]:
    """Run the differential suite with one mutant; caught when pytest reports failures (exit 1)."""
    results_dir = Path(tempfile.mkdtemp())
    started = time.time()
    result = run_suite(Suite(results_dir, profile=profile, env={MUTANT_ENV: mutant.name},
                             args=("-x", "-q", "-p", "conformance.selfcheck.tf_mutants",
                                   "tests/suite/test_differential.py")), capture_output=True)
    diverged = any(row.get("status") == "diverge"
                   for path in results_dir.glob("*.jsonl") for row in read_rows(path))
    # -x under xdist ends with "Interrupted" (exit 2) once a divergence is found; that is a catch too.
    if result.returncode not in (0, 1) and not diverged:
        raise RuntimeError(f"mutant {mutant.name}: pytest exited {result.returncode}\n{result.stdout[-2000:]}")
    return diverged, time.time() - started


def main(argv: list[str] | None = None) -> int:
    from tabulate import tabulate
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", default="ci")
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args(argv)
    rows = []
    for mutant in MUTANTS:
        if args.only and mutant.name not in args.only:
            continue
        caught, seconds = run_mutant(mutant, args.profile)
        rows.append([mutant.name, mutant.what, "caught" if caught else "MISSED", f"{seconds:.0f}s"])
        print(tabulate([rows[-1]], tablefmt="plain"), flush=True)
    print(tabulate(rows, headers=["mutant", "alteration", "suite", "time"]))
    caught_count = sum(1 for r in rows if r[2] == "caught")
    print(f"{caught_count}/{len(rows)} mutants caught")
    return 0 if caught_count == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
