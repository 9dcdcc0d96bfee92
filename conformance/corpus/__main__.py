"""`python -m conformance.corpus build|record|changes|upcoming` (`make corpus`): regenerate the programs, record each
matrix version's TF traces, write TF's behaviour-change log, the checkpoint compatibility table and the upcoming
tf-nightly changes as issue texts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from conformance.compat import derive as compat_table
from conformance.corpus import changes as tf_changes
from conformance.corpus import traces as corpus_traces
from conformance.corpus import upcoming as nightly_upcoming
from conformance.corpus.store import PER_FAMILY, CorpusError, build_programs
from conformance.errors import refuse


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.corpus", description=__doc__.splitlines()[0].strip("`"))
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="regenerate programs, record missing or stale traces, write the changes")
    build.add_argument("--versions", default="", help="TF versions to record (default: the matrix, plus nightly when the registry serves it)")
    build.add_argument("--per-family", type=int, default=PER_FAMILY)
    build.add_argument("--skip-programs", action="store_true", help="keep generated/programs as it is")
    record = sub.add_parser("record", help="(inside a TF venv) record this TF's traces into a file")
    record.add_argument("--out", type=Path, required=True)
    sub.add_parser("changes", help="rewrite generated/tf-behaviour-changes.md from the recorded traces")
    sub.add_parser("upcoming", help="rewrite generated/upcoming/: the release → nightly changes as issue texts")
    args = parser.parse_args(argv)
    try:
        if args.command == "record":
            return corpus_traces.record_here(args.out)
        if args.command == "changes":
            tf_changes.write_changes()
            return 0
        if args.command == "upcoming":
            nightly_upcoming.write_upcoming()
            return 0
        if not args.skip_programs:
            build_programs(args.per_family)
        status = corpus_traces.record_versions(args.versions)
        tf_changes.write_changes()
        compat_table.write_table()
        nightly_upcoming.write_upcoming()
        return status
    except CorpusError as error:
        return refuse("corpus", error)


if __name__ == "__main__":
    sys.exit(main())
