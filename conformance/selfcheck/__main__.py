"""`python -m conformance.selfcheck bench [...]` (`make bench`) or `python -m conformance.selfcheck mutants [...]`."""

import sys

from conformance.selfcheck import bench, tf_mutants

COMMANDS = {"bench": bench.main, "mutants": tf_mutants.main}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(f"usage: python -m conformance.selfcheck {{{'|'.join(COMMANDS)}}} [options]", file=sys.stderr)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
