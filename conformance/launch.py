"""Launching the suite in a subprocess: the one builder of its pytest command line and environment.

`make matrix` (in each version's venv), `make report` (when there are no results yet), the bench, the TF
mutants and the reliability tests all run the suite through a `Suite`: which interpreter, how many xdist
workers, which Hypothesis profile, which extra pytest arguments, and the results directory its rows go to.

`make test` is `python -m conformance.launch [--profile P]`: the fast lane first (`make_test_stages`), then the
whole suite, which starts only when the fast lane passes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.paths import REPO_ROOT, RESULTS_DIR_ENV, results_dir

#: set by pytest-xdist in its workers; a suite started from a worker (a test) must not inherit them
_XDIST_WORKER_VARIABLES = ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID",
                           "PYTEST_CURRENT_TEST")


@dataclass(frozen=True)
class Suite:
    """One run of the suite in a subprocess.

    `workers` is pytest-xdist's `-n` (None: no xdist option); `profile` the Hypothesis profile (None: none
    given); `args` any further pytest arguments (options, plugins, test ids); `env` variables set on top of
    `base_env` (default: this process's environment).
    """

    results_dir: Path
    profile: str | None = "ci"
    workers: str | None = "auto"
    args: tuple[str, ...] = ()
    python: str = sys.executable
    env: Mapping[str, str] = field(default_factory=dict)
    base_env: Mapping[str, str] | None = None
    cwd: Path = REPO_ROOT

    def command(self) -> list[str]:
        """`python -m pytest [-n W] [--hypothesis-profile=P] ARGS...`."""
        workers = ["-n", self.workers] if self.workers is not None else []
        profile = [f"--hypothesis-profile={self.profile}"] if self.profile is not None else []
        return [self.python, "-m", "pytest", *workers, *profile, *self.args]

    def environment(self) -> dict[str, str]:
        """The base environment without xdist's worker variables, the results directory and profile set, then
        `env` on top."""
        base = dict(os.environ if self.base_env is None else self.base_env)
        for name in _XDIST_WORKER_VARIABLES:
            base.pop(name, None)
        base[RESULTS_DIR_ENV] = str(self.results_dir.absolute())  # the suite runs from `cwd`
        if self.profile is not None:
            base["HYPOTHESIS_PROFILE"] = self.profile
        return {**base, **self.env}


def run_suite(suite: Suite, **options: Any) -> subprocess.CompletedProcess[str]:
    """Run the suite to its end (`options` go to subprocess.run, e.g. capture_output, timeout)."""
    return subprocess.run(suite.command(), cwd=suite.cwd, env=suite.environment(), text=True, check=False,
                          **options)


def start_suite(suite: Suite, **options: Any) -> subprocess.Popen[str]:
    """Start the suite and return at once (`options` go to subprocess.Popen, e.g. stdout, bufsize)."""
    return subprocess.Popen(suite.command(), cwd=suite.cwd, env=suite.environment(), text=True, **options)


#: The fast lane: every stored program replayed on the model against the recorded TF traces, in one process
#: (no xdist workers to start) and without TensorFlow; `-x` stops it at the first failing test.
FAST_LANE_ARGS: tuple[str, ...] = ("-m", "corpus", "-x", "-q", "tests/suite/test_corpus.py")


def fast_lane(results_dir: Path, profile: str | None = "ci", args: tuple[str, ...] = (),
              env: Mapping[str, str] | None = None) -> Suite:
    """The fast lane as `make test` runs it first (`args` go after its own, e.g. `-p PLUGIN`)."""
    return Suite(results_dir, profile=profile, workers="0", args=FAST_LANE_ARGS + args, env=dict(env or {}))


def make_test_stages(results_dir: Path, profile: str = "ci") -> tuple[Suite, Suite]:
    """What `make test` runs, in order: the fast lane, then the whole suite on xdist exactly as before (the fast
    lane's tests included, so the run records and judges the known divergences as one run of every test).

    The second stage starts only when the first passes: a model bug stops `make test` in seconds, before any
    TensorFlow is imported."""
    return fast_lane(results_dir, profile), Suite(results_dir, profile=profile)


def main(argv: list[str] | None = None) -> int:
    """`python -m conformance.launch [--profile P]` (`make test`): the fast lane, then the whole suite."""
    parser = argparse.ArgumentParser(prog="python -m conformance.launch", description=main.__doc__)
    parser.add_argument("--profile", default=os.environ.get("HYPOTHESIS_PROFILE", "ci"),
                        help="the Hypothesis profile of the whole suite (default: $HYPOTHESIS_PROFILE, else ci)")
    args = parser.parse_args(argv)
    first, whole = make_test_stages(results_dir(), args.profile)
    print("make test: the fast lane (no TensorFlow): " + " ".join(first.command()[1:]), flush=True)
    lane = run_suite(first)
    if lane.returncode != 0:
        print(f"make test: the fast lane failed (exit {lane.returncode}, see above: usually the model disagrees "
              "with a recorded TF trace); the TF suite was not started", file=sys.stderr, flush=True)
        return lane.returncode
    print("make test: the whole suite: " + " ".join(whole.command()[1:]), flush=True)
    return run_suite(whole).returncode


if __name__ == "__main__":
    sys.exit(main())
