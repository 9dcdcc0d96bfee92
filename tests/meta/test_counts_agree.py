"""One results file, three readers: `make matrix`'s table, the terminal summary and the HTML report count it the
same way, with xfail programs counted apart (never as passed)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from conformance import plugin
from conformance.matrix.summary import summary_table
from conformance.report import build_report
from conformance.results import ResultsWriter

VERSION = "2.21.0"
RUN = "tf-2.21.0-ci-seed0"
#: family -> program statuses, in the order the suite wrote them
STATUSES = {
    "ops": ["pass", "diverge", "pass", "xfail"],
    "graph": ["broken", "xfail", "pass", "xfail"],
    "name_scope": ["pass"],
}
#: what every reader must report: family -> (passed, programs, diverge, broken, xfail)
EXPECTED = {"graph": (1, 4, 0, 1, 2), "name_scope": (1, 1, 0, 0, 0), "ops": (2, 4, 1, 0, 1)}


def write_results(directory: Path) -> Path:
    """A complete run with pass, diverge, broken and xfail rows; run_end's counts made as the plugin makes them."""
    path = directory / f"tf-{VERSION}.jsonl"
    writer = ResultsWriter(path)
    writer.write({"kind": "run_start", "run_id": RUN, "tf_version": VERSION, "started": "2026-11-30T09:00:00Z"})
    for family, statuses in STATUSES.items():
        for number, status in enumerate(statuses):
            writer.write({"kind": "program", "run_id": RUN, "family": family, "status": status,
                          "program_id": f"{family}{number}", "test": f"test_family[{family}]",
                          "reason": "a reason" if status in ("broken", "xfail") else None})
    writer.write({"kind": "run_end", "run_id": RUN, "status": "complete", "reason": None, "duration_s": 1.0,
                  "counts": plugin.family_counts(path)})
    writer.close()
    return path


def matrix_counts(path: Path) -> dict[str, tuple[int, ...]]:
    """`make matrix`'s cells for the file: `passed/programs (n diverge, n broken, n xfail)` per family."""
    header, _, row = summary_table([(VERSION, path)]).splitlines()[:3]
    families = header.split()[2:]
    cells = re.split(r"\s{2,}", row.strip())[2:]
    counts = {}
    for family, text in zip(families, cells, strict=True):
        passed, programs = map(int, re.match(r"(\d+)/(\d+)", text).groups())
        extra = {what: int(n) for n, what in re.findall(r"(\d+) (diverge|broken|xfail)", text)}
        counts[family] = (passed, programs, extra.get("diverge", 0), extra.get("broken", 0), extra.get("xfail", 0))
    return counts


class TerminalReporter:
    """Collects what the plugin writes to the terminal."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write_sep(self, sep: str, title: str) -> None:
        self.lines.append(title)

    def write_line(self, line: str) -> None:
        self.lines.extend(line.splitlines())


def terminal_counts(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[int, ...]]:
    """The plugin's terminal summary for the file, as printed: family, programs, diverge, broken, xfail."""
    monkeypatch.setattr(plugin, "run_state_of", lambda config: SimpleNamespace(is_worker=False, writer=object()))
    monkeypatch.setattr(plugin, "results_path", lambda version: path)
    reporter = TerminalReporter()
    plugin.pytest_terminal_summary(reporter, 0, SimpleNamespace())
    counts = {}
    for line in reporter.lines:
        fields = line.split()
        if len(fields) == 5 and fields[1].isdigit() and fields[0] != "total":
            programs, diverge, broken, xfail = map(int, fields[1:])
            counts[fields[0]] = (programs - diverge - broken - xfail, programs, diverge, broken, xfail)
    return counts


class Cells(HTMLParser):
    """The text of each matrix cell of a report page, keyed by (family, version)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], str] = {}
        self._open: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "td" and "cell" in (found.get("class") or "").split():
            self._open = (found["data-family"] or "", found["data-version"] or "")
            self.cells[self._open] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.cells[self._open] += data


def report_counts(results: Path, out: Path) -> dict[str, tuple[int, ...]]:
    """The report's family × version cells for the file: `N programs · d diverge · b broken [· x xfail]`."""
    build_report(results, out, changes_path=out / "absent.json", tensorboard=False)
    parser = Cells()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    counts = {}
    for (family, version), text in parser.cells.items():
        assert version == VERSION
        programs = int(re.search(r"(\d+) programs?", text).group(1))
        found = {what: int(n) for n, what in re.findall(r"(\d+)\s*(diverge|broken|xfail)", text)}
        diverge, broken, xfail = (found.get(what, 0) for what in ("diverge", "broken", "xfail"))
        counts[family] = (programs - diverge - broken - xfail, programs, diverge, broken, xfail)
    return counts


def test_matrix_terminal_summary_and_report_count_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same results file gives the same passed/programs/diverge/broken/xfail in all three."""
    results = tmp_path / "results"
    path = write_results(results)
    assert matrix_counts(path) == EXPECTED
    assert terminal_counts(path, monkeypatch) == EXPECTED
    assert report_counts(results, tmp_path / "out") == EXPECTED


def test_run_end_counts_are_the_same_counts() -> None:
    """run_end's `counts` (written by the plugin) hold the same numbers, xfail included."""
    from conformance.runs import family_counts

    rows = [{"family": family, "status": status} for family, statuses in STATUSES.items() for status in statuses]
    assert {family: (c["programs"] - c["diverge"] - c["broken"] - c["xfail"], c["programs"], c["diverge"],
                     c["broken"], c["xfail"]) for family, c in family_counts(rows).items()} == EXPECTED
