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
from conformance.selfcheck.mutation import Mutant, apply, by_name

MUTANT_ENV = "CONFORMANCE_MUTANT"


MUTANTS: tuple[Mutant, ...] = (
    Mutant("case_sensitive_names", "tensorflow.python.framework.ops", "Graph.unique_name",
           "name_key = name.lower()", "name_key = name", "names collide case-sensitively"),
    Mutant("reuse_not_inherited", "tensorflow.python.ops.variable_scope", "_pure_variable_scope.__enter__",
           "self._old.reuse)", "None)", "sub-scopes stop inheriting reuse"),
    Mutant("default_op_name", "tensorflow.python.framework.op_def_library", "_apply_op_helper",
           "name = name if name else op_type_name", "name = name if name else op_type_name.lower()",
           "generated ops default to a lower-case name"),
    Mutant("no_same_graph_check", "tensorflow.python.framework.ops", "_assert_same_graph",
           "if original_graph and graph and original_graph is not graph:", "if False:",
           "inputs from different graphs are accepted"),
    Mutant("default_scope_count", "tensorflow.python.ops.variable_scope", "_get_unique_variable_scope",
           "idx = 1", "idx = 2", "default_name scopes are numbered from _2"),
    Mutant("suffix_format", "tensorflow.python.framework.ops", "Graph.unique_name",
           'name = "%s_%d" % (name, i - 1)', 'name = "%s_%d" % (name, i)', "duplicate suffixes are off by one"),
    Mutant("slash_scope_uniquified", "tensorflow.python.framework.ops", "Graph.name_scope",
           'elif name[-1] == "/":', "elif False:", "a trailing '/' no longer re-enters a scope exactly"),
    Mutant("name_scope_ignored_by_get_variable", "tensorflow.python.ops.variable_scope",
           "VariableScope.get_variable", "with ops.name_scope(None, skip_on_eager=False):",
           "with ops.name_scope('gv', skip_on_eager=False):", "get_variable no longer resets the name scope"),
    Mutant("mark_as_used_ignored", "tensorflow.python.framework.ops", "Graph.unique_name",
           "if mark_as_used:\n    self._names_in_use[name_key] = i + 1",
           "if True:\n    self._names_in_use[name_key] = i + 1",
           "unique_name(mark_as_used=False) still reserves the name"),
    Mutant("suffix_loop_single_step", "tensorflow.python.framework.ops", "Graph.unique_name",
           "while name_key in self._names_in_use:", "for _ in range(1):",
           "the suffix loop no longer skips suffixed names already taken"),
    Mutant("slash_op_name_uniquified", "tensorflow.python.framework.ops", "Graph._create_op_internal",
           'if name and name[-1] == "/":', "if False:", "an op name ending in '/' is uniquified, not used exactly"),
    Mutant("subscope_counts_kept", "tensorflow.python.ops.variable_scope",
           "_VariableScopeStore.close_variable_subscopes", "if k[:startswith_len] == startswith_check:",
           "if False:", "leaving a variable scope no longer resets its sub-scopes' default-name counts"),
    Mutant("reuse_false_returns_existing", "tensorflow.python.ops.variable_scope",
           "_VariableStore._get_single_variable", "if reuse is False:", "if reuse is False and False:",
           "get_variable with reuse=False returns an existing variable instead of raising"),
)


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
