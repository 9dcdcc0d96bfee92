"""Command line: `python -m conformance.report [--profile ci] [--results-dir reports/results] [--out reports]`.

Runs the suite first when there are no results yet. Bad input (empty or corrupt results) prints one line
naming the file and line and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conformance.errors import BadInput, refuse
from conformance.paths import REPORTS_DIR, results_dir
from conformance.report.build import build_report
from conformance.report.changes import DEFAULT_PATH
from conformance.report.compat import DEFAULT_PATH as COMPAT_PATH
from conformance.report.loading import ReportInputError
from conformance.report.suite import has_results, run_suite


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(prog="python -m conformance.report", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="ci", help="Hypothesis profile if the suite has to run (default: ci)")
    parser.add_argument("--results-dir", type=Path, default=None, help="where the JSONL results are")
    parser.add_argument("--out", type=Path, default=REPORTS_DIR, help="where index.html goes (default: reports)")
    parser.add_argument("--behaviour-changes", type=Path, default=DEFAULT_PATH, help="TF behaviour changes (the JSON log of `python -m conformance.corpus changes`)")
    parser.add_argument("--checkpoint-compat", type=Path, default=COMPAT_PATH, help="the checkpoint compatibility table (`python -m conformance.compat table`)")
    parser.add_argument("--no-suite", action="store_true", help="never run the suite, even without results")
    parser.add_argument("--no-tensorboard", action="store_true", help="do not write TensorBoard event files")
    return parser.parse_args(argv)


def ensure_results(directory: Path, profile: str, allow_suite: bool) -> None:
    """Run the suite if the directory has no results yet; fail if there are still none."""
    if has_results(directory) or not allow_suite:
        return
    print(f"report: no results in {directory}; running the suite (profile {profile})", file=sys.stderr)
    code = run_suite(profile, directory)
    if not has_results(directory):
        raise ReportInputError(directory, f"the suite wrote no results (pytest exited {code})")


def main(argv: list[str] | None = None) -> int:
    """Build the report; return 0, or 2 on bad input after printing one line."""
    args = parse_args(argv)
    directory = args.results_dir or results_dir()
    try:
        ensure_results(directory, args.profile, not args.no_suite)
        built = build_report(directory, args.out, args.behaviour_changes, tensorboard=not args.no_tensorboard,
                             compat_path=args.checkpoint_compat)
    except BadInput as error:
        return refuse("report", error)
    print(f"report: {built.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
