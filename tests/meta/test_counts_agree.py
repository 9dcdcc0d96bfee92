"""One results file, three readers: `make matrix`'s table, the terminal summary and the HTML report count it the
same way: distinct programs (a program seen in several rows counts once, with its worst row's status: broken >
diverge > xfail > pass), the rows beside them, and xfail programs counted apart (never as passed)."""

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
#: family -> (program_id, status) rows, in the order the suite wrote them; a program id repeats when Hypothesis
#: ran the program again; "-" is a row without a program (a worker that died outside any program)
ROWS = {
    "ops": [("o1", "pass"), ("o2", "diverge"), ("o3", "pass"), ("o4", "xfail"), ("o2", "pass"), ("o1", "pass"),
            ("o3", "xfail")],
    "graph": [("g1", "broken"), ("g2", "xfail"), ("g3", "pass"), ("g4", "xfail"), ("g1", "diverge"),
              ("g3", "pass"), ("-", "broken"), ("-", "broken")],
    "name_scope": [("n1", "pass")],
    "variable": [("v1", "pass"), ("v1", "diverge"), ("v1", "broken"), ("v1", "xfail")],
}
#: what every reader must report: family -> (rows, programs, passed, diverge, broken, xfail), programs distinct
EXPECTED = {
    "graph": (8, 6, 1, 0, 3, 2),  # g1 broken (broken > diverge), g3 once, each "-" row on its own
    "name_scope": (1, 1, 1, 0, 0, 0),
    "ops": (7, 4, 1, 1, 0, 2),  # o2 diverge (diverge > pass), o3 xfail (xfail > pass)
    "variable": (4, 1, 0, 0, 1, 0),  # the worst of all four statuses
}
#: run_end's `counts` count rows: family -> (programs, diverge, broken, xfail)
ROW_COUNTS = {"graph": (8, 1, 3, 2), "name_scope": (1, 0, 0, 0), "ops": (7, 1, 0, 2), "variable": (4, 1, 1, 1)}


def write_results(directory: Path) -> Path:
    """A complete run with pass, diverge, broken and xfail rows, programs repeated; run_end's counts made as the
    plugin makes them."""
    path = directory / f"tf-{VERSION}.jsonl"
    writer = ResultsWriter(path)
    writer.write({"kind": "run_start", "run_id": RUN, "tf_version": VERSION, "started": "2026-11-30T09:00:00Z"})
    for family, rows in ROWS.items():
        for program, status in rows:
            writer.write({"kind": "program", "run_id": RUN, "family": family, "status": status,
                          "program_id": program, "test": f"test_family[{family}]",
                          "reason": "a reason" if status in ("broken", "xfail") else None})
    writer.write({"kind": "run_end", "run_id": RUN, "status": "complete", "reason": None, "duration_s": 1.0,
                  "counts": plugin.family_counts(path)})
    writer.close()
    return path


def statuses(text: str) -> tuple[int, int, int]:
    """`n diverge`, `n broken` and `n xfail` found in a text (0 when absent)."""
    found = {what: int(n) for n, what in re.findall(r"(\d+)\s*(diverge|broken|xfail)", text)}
    return found.get("diverge", 0), found.get("broken", 0), found.get("xfail", 0)


def matrix_counts(path: Path) -> dict[str, tuple[int, ...]]:
    """`make matrix`'s cells for the file: `passed/programs (n diverge, n broken, n xfail; n rows)` per family."""
    header, _, row = summary_table([(VERSION, path)]).splitlines()[:3]
    families = header.split()[2:]
    cells = re.split(r"\s{2,}", row.strip())[2:]
    counts = {}
    for family, text in zip(families, cells, strict=True):
        passed, programs = map(int, re.match(r"(\d+)/(\d+)", text).groups())
        rows = int(re.search(r"(\d+) rows?\)", text).group(1))
        counts[family] = (rows, programs, passed, *statuses(text))
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
    """The plugin's terminal summary for the file, as printed: family, rows, programs, passed, diverge, broken,
    xfail."""
    monkeypatch.setattr(plugin, "run_state_of", lambda config: SimpleNamespace(is_worker=False, writer=object(),
                                                                           finished=None))
    monkeypatch.setattr(plugin, "results_path", lambda version: path)
    reporter = TerminalReporter()
    plugin.pytest_terminal_summary(reporter, 0, SimpleNamespace())
    assert reporter.lines[1].split() == ["family", "rows", "programs", "passed", "diverge", "broken", "xfail"]
    counts = {}
    for line in reporter.lines:
        fields = line.split()
        if len(fields) == 7 and fields[1].isdigit() and fields[0] != "total":
            counts[fields[0]] = tuple(map(int, fields[1:]))
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
    """The report's family × version cells for the file: `N programs · M rows · d diverge · b broken [· x xfail]`."""
    build_report(results, out, changes_path=out / "absent.json", tensorboard=False)
    parser = Cells()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    counts = {}
    for (family, version), text in parser.cells.items():
        assert version == VERSION
        programs = int(re.search(r"(\d+) programs?", text).group(1))
        rows = int(re.search(r"(\d+) rows?", text).group(1))
        diverge, broken, xfail = statuses(text)
        counts[family] = (rows, programs, programs - diverge - broken - xfail, diverge, broken, xfail)
    return counts


def test_matrix_terminal_summary_and_report_count_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same results file gives the same rows, distinct programs, passed, diverge, broken and xfail in all
    three."""
    results = tmp_path / "results"
    path = write_results(results)
    assert matrix_counts(path) == EXPECTED
    assert terminal_counts(path, monkeypatch) == EXPECTED
    assert report_counts(results, tmp_path / "out") == EXPECTED


def test_run_end_counts_count_rows(tmp_path: Path) -> None:
    """run_end's `counts` (written by the plugin) keep counting every row, xfail included."""
    counts = plugin.family_counts(write_results(tmp_path))
    assert {family: (c["programs"], c["diverge"], c["broken"], c["xfail"]) for family, c in counts.items()} == \
        ROW_COUNTS


def test_distinct_counts_are_the_same_counts() -> None:
    """conformance.runs.distinct_counts, which all three readers show, gives the expected numbers."""
    from conformance.runs import distinct_counts, passed

    rows = [{"family": family, "status": status, "program_id": program}
            for family, some in ROWS.items() for program, status in some]
    assert {family: (c["rows"], c["programs"], passed(c), c["diverge"], c["broken"], c["xfail"])
            for family, c in distinct_counts(rows).items()} == EXPECTED
