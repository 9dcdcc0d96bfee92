"""`python -m conformance.matrix` (`make matrix`)."""

import sys

from conformance.matrix.run import main

if __name__ == "__main__":
    sys.exit(main())
