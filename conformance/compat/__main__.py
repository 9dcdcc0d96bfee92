"""`python -m conformance.compat table|check|worker`: the checkpoint compatibility table and its real check.

* `table`: derive generated/checkpoint-compat.json from the recorded corpus traces (the report reads it);
* `check` (`make compat`): save for real on A, restore for real on B, on a sample, and compare with the table;
* `worker`: (inside a matrix venv) the real saves and restores of one version.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from conformance.compat.check import PER_FAMILY, main_check
from conformance.compat.derive import COMPAT_JSON, write_table
from conformance.compat.real import run_worker
from conformance.corpus.traces import TRACES_DIR
from conformance.errors import BadInput, refuse


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.compat", description=__doc__.splitlines()[0].strip("`"))
    sub = parser.add_subparsers(dest="command", required=True)
    table = sub.add_parser("table", help="derive generated/checkpoint-compat.json from the recorded traces")
    table.add_argument("--traces", type=Path, default=TRACES_DIR)
    table.add_argument("--out", type=Path, default=COMPAT_JSON)
    check = sub.add_parser("check", help="save on A and restore on B for real, on a sample; compare with the table")
    check.add_argument("--versions", default="", help="TF version labels, in matrix order (default: every matrix "
                                                      "release and nightly)")
    check.add_argument("--per-family", type=int, default=PER_FAMILY)
    check.add_argument("--traces", type=Path, default=TRACES_DIR, help="the recorded corpus traces")
    check.add_argument("--work", type=Path, default=None, help="keep the checkpoints and results here "
                                                               "(default: a temporary directory)")
    check.add_argument("--summary", type=Path, default=None, help="also write the counts per pair as JSON")
    worker = sub.add_parser("worker", help="(inside a matrix venv) save, and restore other versions' files")
    worker.add_argument("--label", required=True)
    worker.add_argument("--work", type=Path, required=True)
    worker.add_argument("--record", action="store_true", help="also record the sample's traces")
    args = parser.parse_args(argv)
    try:
        if args.command == "table":
            written = write_table(args.traces, args.out)
            print(f"compat: wrote {args.out} ({len(written['pairs'])} version pairs)")
            return 0
        if args.command == "worker":
            return run_worker(args.label, args.work, args.record)
        return main_check(args.versions, args.per_family, args.traces, args.work, args.summary)
    except BadInput as error:
        return refuse("compat", error)


if __name__ == "__main__":
    sys.exit(main())
