"""Bad input: one error class for every file, setting or argument the tool cannot use, and how a command reports it.

A command that meets bad input prints one line naming the file (and line) or the variable, and the problem, then
exits with status 2; never a traceback. `BadInput` is the base of the corpus, report and bench errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: the exit status of every command that refuses bad input
BAD_INPUT_EXIT = 2


class BadInput(ValueError):
    """Input that cannot be used: the message is one line, `where:line: problem`, `where: problem`, or only
    `problem` when no one file or setting is at fault.

    `where` is a file path, or the name of a setting or argument (e.g. `CONFORMANCE_SEED`, `--out`).
    """

    def __init__(self, where: Path | str | None, problem: str, line: int | None = None) -> None:
        self.path = "" if where is None else str(where)
        self.line = line
        self.problem = problem
        place = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{place}: {problem}" if place else problem)


def refuse(tool: str, error: BadInput) -> int:
    """Print `tool: error: <the one-line message>` on stderr and return the bad-input exit status."""
    print(f"{tool}: error: {error}", file=sys.stderr, flush=True)
    return BAD_INPUT_EXIT
