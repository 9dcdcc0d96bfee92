"""`make matrix`: one uv venv per TF version, the suite run in each on pytest-xdist, then a summary.

Exit status: 0 when every version ran and its suite passed; 1 when at least one version ran but some
version is broken (unknown, failed to install, suite crashed) or its suite failed; 2 when no version ran.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from tabulate import tabulate

from conformance.errors import BadInput
from conformance.launch import Suite, start_suite
from conformance.matrix.summary import summary_table
from conformance.matrix.venv import BuildResult, build_venv, venv_dir, venv_python
from conformance.matrix.versions import (
    RegistryLookup,
    TFRelease,
    UnknownVersion,
    default_labels,
    file_label,
    parse_versions,
    registry_versions,
    resolve,
)
from conformance.paths import REPO_ROOT, results_dir
from conformance.results import ResultsWriter, results_path
from conformance.runs import Run, family_counts, last_run, parse_time

PROFILES = ("ci", "nightly")


@dataclass(frozen=True)
class MatrixConfig:
    """Where and how the matrix runs."""

    profile: str = "ci"
    results_dir: Path = field(default_factory=results_dir)
    matrix_dir: Path = REPO_ROOT / ".matrix"
    repo_root: Path = REPO_ROOT
    python: str = sys.executable
    pytest_args: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What happened to one version of the matrix."""

    label: str
    tf_version: str
    results: Path
    ran: bool = False
    broken: bool = False
    build: BuildResult | None = None
    suite_s: float | None = None
    exit_code: int | None = None
    notes: list[str] = field(default_factory=list)


Builder = Callable[[TFRelease, MatrixConfig], BuildResult]
SuiteRunner = Callable[[TFRelease, MatrixConfig], int]


def now_iso() -> str:
    """The current UTC time, ISO 8601 with a Z (the `started` format of docs/formats.md)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def package_version(name: str) -> str | None:
    """The installed version of a distribution in this interpreter, or None."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def broken_start_row(run_id: str, tf_version: str, profile: str) -> dict:
    """The run_start row of a run that could not start."""
    return {
        "kind": "run_start", "run_id": run_id, "tf_version": tf_version, "model_version": None,
        "python": platform.python_version(), "hypothesis": package_version("hypothesis"), "packages": {},
        "seed": None, "profile": profile, "started": now_iso(), "host": socket.gethostname(),
    }


def broken_end_row(run_id: str, reason: str, duration_s: float, counts: dict | None = None) -> dict:
    """The run_end row that marks a run broken, with its reason."""
    return {"kind": "run_end", "run_id": run_id, "status": "broken", "reason": reason,
            "duration_s": round(duration_s, 3), "counts": counts or {}}


def write_broken_run(path: Path, tf_version: str, profile: str, reason: str, duration_s: float) -> None:
    """Append run_start + run_end (status broken) for a version that never reached the suite."""
    run_id = uuid.uuid4().hex
    writer = ResultsWriter(path)
    try:
        writer.write(broken_start_row(run_id, tf_version, profile))
        writer.write(broken_end_row(run_id, reason, duration_s))
    finally:
        writer.close()


def close_unfinished_run(path: Path, run: Run, reason: str, duration_s: float) -> None:
    """Append a broken run_end to a run the suite started but never ended (it crashed, it was not killed)."""
    writer = ResultsWriter(path)
    try:
        writer.write(broken_end_row(run.run_id, reason, duration_s, family_counts(run.programs)))
    finally:
        writer.close()


def suite_log(config: MatrixConfig, label: str) -> Path:
    """Where the suite output of one label is kept."""
    return config.matrix_dir / "logs" / f"tf-{file_label(label)}-suite.log"


def suite_for(release: TFRelease, config: MatrixConfig) -> Suite:
    """The suite in a version's venv: venv first on PATH, the model set to the version, on xdist."""
    venv = venv_dir(config.matrix_dir, release.label)
    base = {name: value for name, value in os.environ.items() if name != "PYTHONHOME"}
    return Suite(results_dir=config.results_dir, profile=config.profile, args=config.pytest_args,
                 python=str(venv_python(venv)), base_env=base, cwd=config.repo_root,
                 env={"VIRTUAL_ENV": str(venv), "PATH": f"{venv / 'bin'}{os.pathsep}{base.get('PATH', '')}",
                      "REFERENCE_TF_VERSION": release.version,
                      "PYTHONHASHSEED": base.get("PYTHONHASHSEED", "0")})


def run_suite(release: TFRelease, config: MatrixConfig) -> int:
    """Run the suite in the release's venv from the repo root, teeing its output to the terminal and a log."""
    log = suite_log(config, release.label)
    log.parent.mkdir(parents=True, exist_ok=True)
    suite = suite_for(release, config)
    with log.open("w") as fh, start_suite(suite, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                          bufsize=1) as proc:
        fh.write(f"$ {' '.join(suite.command())}\n")
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            fh.write(line)
        return proc.wait()


def default_builder(release: TFRelease, config: MatrixConfig) -> BuildResult:
    """Build or reuse the release's venv."""
    return build_venv(release, config.matrix_dir, config.repo_root, config.python)


def error(message: str) -> None:
    """Print a one-line error to stderr."""
    print(f"matrix: error: {message}", file=sys.stderr, flush=True)


def say(message: str) -> None:
    """Print a one-line progress note."""
    print(f"matrix: {message}", flush=True)


def run_since(path: Path, since: datetime) -> Run | None:
    """The file's last run if it started at `since` or later (the suite may truncate or append)."""
    run = last_run(path)
    if run is None:
        return None
    when = parse_time(run.started)
    return run if when is not None and when >= since.replace(microsecond=0) else None


def check_suite_rows(outcome: Outcome, since: datetime, config: MatrixConfig, started: float) -> None:
    """Make sure the suite left a finished run; record a broken one when it did not."""
    log = suite_log(config, outcome.label)
    duration = time.monotonic() - started
    try:
        run = run_since(outcome.results, since)
    except BadInput as unreadable:
        outcome.broken = True
        outcome.notes.append(f"unreadable results: {unreadable}")
        error(f"TF {outcome.label}: unreadable results: {unreadable}")
        return
    if run is None:
        reason = f"the suite exited {outcome.exit_code} without writing a run_start row (log: {log})"
        write_broken_run(outcome.results, outcome.tf_version, config.profile, reason, duration)
    elif run.end is None:
        reason = f"the suite exited {outcome.exit_code} without writing run_end (log: {log})"
        close_unfinished_run(outcome.results, run, reason, duration)
    elif run.status == "complete":
        return
    else:
        reason = run.reason or "the suite marked its run broken"
    outcome.broken = True
    outcome.notes.append(reason)
    error(f"TF {outcome.label}: {reason}")


def run_version(
    label: str,
    config: MatrixConfig,
    lookup: RegistryLookup = registry_versions,
    builder: Builder = default_builder,
    runner: SuiteRunner | None = run_suite,
) -> Outcome:
    """Resolve, build and test one version (no test without a runner); a failure before the suite is a broken run."""
    started = time.monotonic()
    try:
        release = resolve(label, lookup)
    except UnknownVersion as exc:
        return broken_before_suite(label, label, str(exc), config, started)
    outcome = Outcome(label=label, tf_version=release.version, results=results_path(release.version, config.results_dir))
    say(f"TF {label}: {release.requirement} in {venv_dir(config.matrix_dir, label)}")
    outcome.build = builder(release, config)
    if not outcome.build.ok:
        return broken_before_suite(label, release.version, outcome.build.reason or "install failed", config,
                                   started, outcome.build)
    if runner is None:
        return outcome
    since = datetime.now(timezone.utc)
    suite_started = time.monotonic()
    outcome.exit_code = runner(release, config)
    outcome.suite_s = time.monotonic() - suite_started
    outcome.ran = True
    check_suite_rows(outcome, since, config, suite_started)
    return outcome


def broken_before_suite(label: str, tf_version: str, reason: str, config: MatrixConfig, started: float,
                        build: BuildResult | None = None) -> Outcome:
    """Report and record a version that could not reach the suite."""
    error(reason)
    path = results_path(file_label(tf_version), config.results_dir)
    write_broken_run(path, tf_version, config.profile, reason, time.monotonic() - started)
    return Outcome(label=label, tf_version=tf_version, results=path, broken=True, build=build, notes=[reason])


def exit_status(outcomes: Sequence[Outcome]) -> int:
    """2 if nothing ran, 1 if anything is broken or failed, else 0."""
    if not any(o.ran for o in outcomes):
        return 2
    if any(o.broken or o.exit_code != 0 for o in outcomes):
        return 1
    return 0


def seconds(value: float | None) -> str:
    """A duration for the timings table."""
    return "-" if value is None else f"{value:.1f}"


def timings_table(outcomes: Sequence[Outcome]) -> str:
    """Per version: the venv (built / reused / failed), build and suite seconds, pytest's exit status."""
    rows = []
    for o in outcomes:
        venv = "-" if o.build is None else ("reused" if o.build.reused else "built") if o.build.ok else "failed"
        build_s = o.build.seconds if o.build else None
        rows.append([o.label, o.tf_version, venv, seconds(build_s), seconds(o.suite_s),
                     "-" if o.exit_code is None else o.exit_code])
    return tabulate(rows, headers=["TF", "version", "venv", "build s", "suite s", "pytest exit"], tablefmt="simple")


def build_matrix(labels: Sequence[str], config: MatrixConfig, lookup: RegistryLookup = registry_versions,
                 builder: Builder = default_builder) -> tuple[list[Outcome], int]:
    """Only resolve and build (or reuse) the venvs; print their timings; 0 if all built, else 1 (2 if none)."""
    started = time.monotonic()
    outcomes = [run_version(label, config, lookup, builder, runner=None) for label in labels]
    print()
    print(timings_table(outcomes))
    print(f"\nmatrix: {len(outcomes)} venv(s), {time.monotonic() - started:.1f} s")
    built = [o for o in outcomes if not o.broken]
    return outcomes, 0 if len(built) == len(outcomes) else (1 if built else 2)


def run_matrix(
    labels: Sequence[str],
    config: MatrixConfig,
    lookup: RegistryLookup = registry_versions,
    builder: Builder = default_builder,
    runner: SuiteRunner = run_suite,
) -> tuple[list[Outcome], int]:
    """Run every version in turn, print the summary, and return the outcomes and the exit status."""
    started = time.monotonic()
    outcomes = [run_version(label, config, lookup, builder, runner) for label in labels]
    print()
    print(summary_table([(o.label, o.results) for o in outcomes]))
    print()
    print(timings_table(outcomes))
    print(f"\nmatrix: {len(outcomes)} version(s), profile {config.profile}, {time.monotonic() - started:.1f} s")
    return outcomes, exit_status(outcomes)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: --profile, --versions, --results-dir, --matrix-dir, --python, --build-only, pytest args."""
    parser = argparse.ArgumentParser(prog="python -m conformance.matrix", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=PROFILES, default=os.environ.get("PROFILE", "ci"))
    parser.add_argument("--versions", default="", help='e.g. "2.12.1 2.21.0 nightly" (default: the whole matrix)')
    parser.add_argument("--results-dir", type=Path, default=None,
                        help="default: $CONFORMANCE_RESULTS_DIR or reports/results in the checkout")
    parser.add_argument("--matrix-dir", type=Path, default=REPO_ROOT / ".matrix")
    parser.add_argument("--python", default=sys.executable, help="interpreter the venvs are built from")
    parser.add_argument("--build-only", action="store_true", help="build or reuse the venvs, run no suite")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments, after --")
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> MatrixConfig:
    """A MatrixConfig from parsed arguments."""
    return MatrixConfig(profile=args.profile, results_dir=(args.results_dir or results_dir()).resolve(), matrix_dir=args.matrix_dir.resolve(),
                        python=args.python, pytest_args=tuple(args.pytest_args))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `make matrix`."""
    args = parse_args(argv)
    config = config_from(args)
    labels = parse_versions(args.versions) if args.versions.strip() else default_labels()
    _, status = build_matrix(labels, config) if args.build_only else run_matrix(labels, config)
    return status

