"""The HTML report: built from hand-made results that follow docs/formats.md, without a browser."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conformance.errors import BadInput
from conformance.report import build_report
from conformance.report.__main__ import main
from conformance.report.changes import load_changes
from conformance.report.compat import load_compat
from conformance.report.history import DISTINCT_KEYS, HISTORY_KEYS
from conformance.report.loading import ReportInputError, load_file
from conformance.report.suite import report_suite
from conformance.report.svgtree import build_tree, graph_ops, tree_pair
from conformance.report.tensorboard import write_boards
from conformance.report.tracediff import field_differences, first_difference, trace_diff
from conformance.runs import version_key

FIXTURES = Path(__file__).parents[1] / "fixtures" / "report"
MATRIX = FIXTURES / "matrix"
COMPAT = FIXTURES / "compat" / "checkpoint-compat.json"
BAD_INPUTS = [
    ("empty", "tf-2.21.0.jsonl: empty results file"),
    ("corrupt", "tf-2.21.0.jsonl:2: not valid JSON"),
    ("badrow", "tf-2.21.0.jsonl:3: program row: unknown status 'exploded'"),
    ("orphan", "tf-2.21.0.jsonl:1: program row of run 'run-bad' before its run_start"),
]


class Elements(HTMLParser):
    """Collects every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        """Start with no tags and no text."""
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a start tag."""
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        """Record text."""
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        """Start tags of a kind whose attributes include the given ones (class_ matches one class)."""
        wanted_class = attrs.pop("class_", None)
        return [
            a
            for t, a in self.tags
            if t == tag
            and all(a.get(k) == v for k, v in attrs.items())
            and (wanted_class is None or wanted_class in (a.get("class") or "").split())
        ]


def parse(html: str) -> Elements:
    """Parse a page."""
    elements = Elements()
    elements.feed(html)
    return elements


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The report of the matrix fixture, built into a temporary directory."""
    out = tmp_path / "out"
    build_report(MATRIX, out, changes_path=tmp_path / "absent.json", tensorboard=False)
    return out


def page_text(out: Path) -> str:
    """The built page's HTML."""
    return (out / "index.html").read_text(encoding="utf-8")


def test_page_has_a_matrix_cell_per_family_and_version(built: Path) -> None:
    """Families × versions, coloured by state, linking to their details."""
    page = parse(page_text(built))
    cells = page.find("td", class_="cell")
    versions = sorted({c["data-version"] for c in cells}, key=lambda v: version_key(v or ""))
    families = {c["data-family"] for c in cells}
    assert versions == ["2.12.1", "2.13.1", "2.21.0"]
    assert families == {"name_scope", "variable_scope", "ops", "graph", "invalid_names"}
    assert len(cells) == 15
    state = {(c["data-family"], c["data-version"]): c["class"] for c in cells}
    assert "state-diverge" in (state[("variable_scope", "2.12.1")] or "")
    assert "state-broken" in (state[("ops", "2.12.1")] or "")
    assert "state-pass" in (state[("graph", "2.12.1")] or "")
    assert "state-none" in (state[("name_scope", "2.13.1")] or "")
    anchors = {a["href"] for a in page.find("a") if (a.get("href") or "").startswith("#cell-")}
    assert anchors and all(page.find("section", id=(href or "")[1:]) for href in anchors)


def test_page_shows_run_metadata_and_warns_of_incomplete_and_broken_runs(built: Path) -> None:
    """The header names TF, Python, Hypothesis, seed and profile, and flags incomplete and broken runs."""
    html = page_text(built)
    text = " ".join(parse(html).text)
    for expected in ("3.11.7", "6.170.17", "2026-11-21T09:00:00Z", "fixture-host", "12.5 s"):
        assert expected in text
    assert "Incomplete run on TF 2.21.0" in text
    assert "Broken run on TF 2.13.1" in text and "pip could not install tensorflow-cpu==2.13.1" in text
    assert "1 older run" in text


def test_divergence_details_have_repro_diff_and_name_trees(built: Path) -> None:
    """Each divergence has a repro with a copy button, a side-by-side trace with the first difference, two trees."""
    page = parse(page_text(built))
    details = page.find("details", class_="detail")
    assert {d["data-status"] for d in details} == {"diverge", "broken", "xfail"}
    assert len([d for d in details if d["data-status"] == "diverge"]) == 3
    assert len(page.find("button", class_="copy")) == len(details)
    assert len(page.find("tr", class_="first-diff")) == 3
    assert len(page.find("svg", class_="tree")) == 2 * len(details)
    text = " ".join(page.text)
    assert "a_1/Const:0" in text and "First difference at event 2." in text
    assert 'ok.g0["vs/v/IsInitialized/VarIsInitializedOp"]' in text


def test_name_tree_groups_on_slashes_and_marks_one_sided_nodes() -> None:
    """Ops split on "/" like TensorBoard; a name that is op and scope is one node; extra nodes are marked."""
    tf_trace = [{"id": "end", "op": "graphs", "phase": "end", "ok": {"g0": [["v", "VarHandleOp"], ["v/read", "Identity"]]}}]
    model_trace = [{"id": "end", "op": "graphs", "phase": "end", "ok": {"g0": [["v", "VarHandleOp"]]}}]
    root = build_tree(graph_ops(tf_trace))
    v = root.children["g0"].children["v"]
    assert v.op_type == "VarHandleOp" and list(v.children) == ["read"]
    tf_tree, model_tree = tree_pair(tf_trace, model_trace)
    assert [(n.text, n.state) for n in tf_tree.nodes] == [
        ("graph g0", "same"),
        ("v (VarHandleOp)", "same"),
        ("read (Identity)", "only"),
    ]
    assert [n.state for n in model_tree.nodes] == ["same", "same"]
    assert len(tf_tree.edges) == 2


def test_trace_diff_finds_the_first_difference_and_its_fields() -> None:
    """The first differing event is found, and the fields that differ are listed."""
    tf = [{"id": "s1", "ok": {"name": "a:0"}}, {"id": "s2", "ok": {"name": "a_1:0"}}]
    model = [{"id": "s1", "ok": {"name": "a:0"}}, {"id": "s2", "ok": {"name": "a:0"}}, {"id": "s3"}]
    assert first_difference(tf, model) == 1
    diff = trace_diff(tf, model)
    assert diff.first_index == 1 and [p.first for p in diff.pairs] == [False, True, False]
    assert [(f.path, f.tf, f.model) for f in diff.fields] == [("ok.name", '"a_1:0"', '"a:0"')]
    assert diff.pairs[2].tf == "—"
    assert first_difference(tf, tf) is None
    graphs = {"id": "end", "op": "graphs", "phase": "end", "ok": {"g0": [["a", "Const"]]}}
    other = {**graphs, "ok": {"g0": [["a", "Const"]], "g1": []}}
    assert [f.path for f in field_differences(graphs, other)] == ["ok.g1"]


def test_claims_of_the_seed_are_shown_per_version_and_stale_ones_named(built: Path) -> None:
    """The claims table says which claims are stale on which version."""
    page = parse(page_text(built))
    text = " ".join(page.text)
    assert "captured-scope-keeps-name-scope" in text
    assert re.search(r"Stale \(they do not hold\):\s*captured-scope-keeps-name-scope\s*on TF 2\.12\.1, 2\.21\.0", text)
    assert "No claims recorded for TF 2.13.1." in text
    assert len(page.find("td", class_="claim-stale")) == 2
    assert len(page.find("td", class_="claim-holds")) == 30
    assert "bar/foo/c" in text and "Lorsque vous ouvrez une étendue de variable" in text


CHANGE_LOG = {
    "versions": ["2.12.1", "2.13.1", "2.14.1"], "programs": 7,
    "pairs": [
        {"from": "2.12.1", "to": "2.13.1", "compared": 7, "changed": 1, "groups": [
            {"what": "binary (call): differs in message", "count": 1, "programs": [
                {"program_id": "17ec93c57c0f5496", "family": "multi_graph", "kind": "corpus", "event": "s14",
                 "summary": "s14 (binary, call): differs in message",
                 "before": "ValueError: graphs are <object> and <object>", "after": "<b>PyGraph<…></b>"}]}]},
        {"from": "2.13.1", "to": "2.14.1", "compared": 7, "changed": 0, "groups": []},
    ],
}


def test_behaviour_changes_are_read_from_the_json_log(tmp_path: Path) -> None:
    """generated/tf-behaviour-changes.json is shown when present (escaped), and its absence is said."""
    changes = tmp_path / "changes.json"
    changes.write_text(json.dumps(CHANGE_LOG))
    build_report(MATRIX, tmp_path / "out", changes_path=changes, tensorboard=False)
    html = page_text(tmp_path / "out")
    assert "2.12.1 → 2.13.1: 1 of 7 programs changed" in html
    assert "binary (call): differs in message — 1 program" in html
    assert "<code>17ec93c57c0f5496</code>" in html and "<td>multi_graph</td>" in html
    assert "<code>ValueError: graphs are &lt;object&gt; and &lt;object&gt;</code>" in html
    assert "&lt;b&gt;PyGraph&lt;…&gt;&lt;/b&gt;" in html and "<b>PyGraph" not in html
    assert "No naming, reuse or error change on the corpus." in html
    build_report(MATRIX, tmp_path / "out2", changes_path=tmp_path / "none.json", tensorboard=False)
    assert "none.json is not present" in page_text(tmp_path / "out2")


def test_the_generated_change_log_loads() -> None:
    """The log `make corpus` wrote loads, with a version pair per consecutive recorded versions."""
    from conformance.corpus.changes import CHANGES_JSON

    log = load_changes(CHANGES_JSON)
    assert log is not None and len(log.pairs) == len(log.versions) - 1
    assert all(sum(len(g.programs) for g in pair.groups) == pair.changed for pair in log.pairs)


@pytest.mark.parametrize(("content", "problem"), [
    ("{", "changes.json:1: not valid JSON"),
    ('{"versions": [], "programs": 1}', "changes.json: not a behaviour-change log ('pairs' missing"),
    ('{"versions": [], "programs": 1, "pairs": [{"from": "a"}]}', "('to' missing or of the wrong type)"),
])
def test_a_bad_change_log_is_bad_input(content: str, problem: str, tmp_path: Path) -> None:
    """A change log that is not JSON, or not shaped like one, is a one-line error naming the file."""
    path = tmp_path / "changes.json"
    path.write_text(content)
    with pytest.raises(ReportInputError, match=re.escape(problem)):
        load_changes(path)


def test_checkpoint_compatibility_lists_each_pair_with_the_programs_that_would_not_restore(tmp_path: Path) -> None:
    """Each consecutive pair's counts, then each program that would not restore with its graph and first key
    (escaped), and apart, the resource variables that restore with another shape; its absence is said."""
    build_report(MATRIX, tmp_path / "out", changes_path=tmp_path / "absent.json", tensorboard=False, compat_path=COMPAT)
    html = page_text(tmp_path / "out")
    section = html[html.index('<section id="compat">'):html.index("</section>", html.index('<section id="compat">'))]
    elements = parse(section)
    assert [(r["data-from"], r["data-to"], r["class"]) for r in elements.find("tr", class_="compat-ok")
            + elements.find("tr", class_="compat-breaks")] == [("2.20.0", "2.21.0", "compat-ok"),
                                                               ("2.21.0", "2.23.0.dev20261026", "compat-breaks")]
    assert "<td>TF 2.21.0</td><td>tf-nightly 2.23.0.dev20261026</td><td>5 <span class=\"muted\">(1 more without a checkpoint event)</span></td><td>4</td>" in section
    assert "TF 2.21.0 → tf-nightly 2.23.0.dev20261026: 3 programs would not restore, 1 would restore with another shape" in section
    assert [r["data-problem"] for r in elements.find("tr")  if r.get("data-problem")] == ["missing", "partition_shape", "missing"]
    assert "<td><code title=\"generated/programs/multi_graph/cp0001missing.py\">cp0001missing</code></td><td>multi_graph</td><td>g1</td><td><code>a_1</code></td>" in section
    assert "<code>&lt;script&gt;window.__xss=1&lt;/script&gt;/x</code>" in section and "<script>" not in section
    assert "partitioned variable: shape [8, 2] → [6, 2]" in section
    assert "resource variable: shape [2] → [3]; restores the checkpoint&#39;s value in its shape, without an error" in section
    assert "Every checkpoint written on TF 2.20.0 restores on TF 2.21.0." in section
    build_report(MATRIX, tmp_path / "out2", changes_path=tmp_path / "absent.json", tensorboard=False,
                 compat_path=tmp_path / "none.json")
    assert "none.json is not present" in page_text(tmp_path / "out2")


@pytest.mark.parametrize(("content", "problem"), [
    ("[", "compat.json:1: not valid JSON"),
    ('{"versions": [], "programs": 1, "pairs": [{"from": "a", "to": "b", "compared": 1, "without_event": 0, '
     '"differ": 0, "breaking": [{"program_id": "p"}], "silent": []}]}', "('family' missing or of the wrong type)"),
])
def test_a_bad_compat_table_is_bad_input(content: str, problem: str, tmp_path: Path) -> None:
    """A compatibility table that is not JSON, or not shaped like one, is a one-line error naming the file."""
    path = tmp_path / "compat.json"
    path.write_text(content)
    with pytest.raises(ReportInputError, match=re.escape(problem)):
        load_compat(path)


def test_same_results_give_the_same_page(tmp_path: Path) -> None:
    """Rebuilding from the same results, here or elsewhere, gives byte-identical HTML and JUnit."""
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        build_report(MATRIX, out, changes_path=tmp_path / "absent.json", tensorboard=False)
    first = (outs[0] / "index.html").read_bytes()
    build_report(MATRIX, outs[0], changes_path=tmp_path / "absent.json", tensorboard=False)
    assert (outs[0] / "index.html").read_bytes() == first == (outs[1] / "index.html").read_bytes()
    assert (outs[0] / "junit.xml").read_bytes() == (outs[1] / "junit.xml").read_bytes()


def test_history_appends_one_row_per_new_or_changed_run_and_charts_it(tmp_path: Path) -> None:
    """Each run is summarised once; a run that later ends gets a new row; the chart has a series per version."""
    results = tmp_path / "results"
    shutil.copytree(MATRIX, results)
    out = tmp_path / "out"
    build_report(results, out, changes_path=tmp_path / "absent.json", tensorboard=False)
    history = out / "history.jsonl"
    rows = [json.loads(line) for line in history.read_text().splitlines()]
    assert [r["run_id"] for r in rows] == ["run-2.12.1-a", "run-2.13.1-a", "run-2.21.0-a", "run-2.21.0-b"]
    assert set(rows[0]) == set(HISTORY_KEYS)
    assert rows[0]["pass_rate"] == 0.625 and rows[1]["pass_rate"] is None and rows[3]["status"] == "incomplete"
    build_report(results, out, changes_path=tmp_path / "absent.json", tensorboard=False)
    assert len(history.read_text().splitlines()) == 4
    end = {"kind": "run_end", "run_id": "run-2.21.0-b", "status": "complete", "reason": None, "duration_s": 30.0}
    with (results / "tf-2.21.0.jsonl").open("a") as f:
        f.write(json.dumps(end) + "\n")
    build_report(results, out, changes_path=tmp_path / "absent.json", tensorboard=False)
    last = json.loads(history.read_text().splitlines()[-1])
    assert len(history.read_text().splitlines()) == 5 and last["status"] == "complete"
    page = parse(page_text(out))
    series = {g["data-version"] for g in page.find("g", class_="series")}
    assert series == {"2.12.1", "2.21.0"}
    assert len(page.find("polyline")) == 1


def test_a_reused_run_id_with_a_new_start_is_a_new_point(tmp_path: Path) -> None:
    """The plugin reuses run ids across runs (tf-2.21.0-ci-seed0): a new start time makes a new history row."""
    results = tmp_path / "results"
    results.mkdir()
    run = "tf-2.21.0-ci-seed0"
    path = results / "tf-2.21.0.jsonl"
    out = tmp_path / "out"
    for day, status in (("21", "pass"), ("22", "diverge")):
        rows = [
            {"kind": "run_start", "run_id": run, "tf_version": "2.21.0", "started": f"2026-11-{day}T09:00:00Z"},
            {"kind": "program", "run_id": run, "family": "ops", "status": status, "program_id": "p1"},
            {"kind": "run_end", "run_id": run, "status": "complete", "duration_s": 1.0},
        ]
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        build_report(results, out, changes_path=tmp_path / "absent.json", tensorboard=False)
    history = [json.loads(line) for line in (out / "history.jsonl").read_text().splitlines()]
    assert [(r["started"], r["pass_rate"]) for r in history] == [("2026-11-21T09:00:00Z", 1.0), ("2026-11-22T09:00:00Z", 0.0)]
    assert len(parse(page_text(out)).find("circle")) == 2


def test_a_run_that_broke_midway_keeps_its_programs(tmp_path: Path) -> None:
    """A crashed run closed with a broken run_end still shows the programs it recorded."""
    results = tmp_path / "results"
    results.mkdir()
    rows = [
        {"kind": "run_start", "run_id": "r", "tf_version": "2.20.0", "started": "2026-11-21T09:00:00Z"},
        {"kind": "program", "run_id": "r", "family": "ops", "status": "pass", "program_id": "p1"},
        {"kind": "run_end", "run_id": "r", "status": "broken", "reason": "pytest exit status 3", "duration_s": 2.0},
    ]
    (results / "tf-2.20.0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    build_report(results, tmp_path / "out", changes_path=tmp_path / "absent.json", tensorboard=False)
    text = " ".join(parse(page_text(tmp_path / "out")).text)
    assert "1 program (1 row) was recorded before it broke" in text
    assert "1 program · 1 row · 100.0% pass; run broken: pytest exit status 3" in text


def test_details_are_deduplicated_shortest_first_and_capped(tmp_path: Path) -> None:
    """A replayed program is detailed and counted once; the shortest programs come first; a cell shows at most
    50."""
    results = tmp_path / "results"
    results.mkdir()
    rows: list[dict[str, Any]] = [{"kind": "run_start", "run_id": "r", "tf_version": "2.21.0"}]
    for n in range(60):
        program = {"format": 1, "family": "ops", "body": [{"op": "constant", "id": "s1", "name": "c" * (60 - n)}]}
        rows.append({"kind": "program", "run_id": "r", "family": "ops", "status": "diverge",
                     "program_id": f"p{n:02d}", "program": program})
    rows.append(dict(rows[-1]))
    (results / "tf-2.21.0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    build_report(results, tmp_path / "out", changes_path=tmp_path / "absent.json", tensorboard=False)
    page = parse(page_text(tmp_path / "out"))
    details = page.find("details", class_="detail")
    assert len(details) == 50 and details[0]["id"] == "p-p59-0"
    assert "10 more programs in this cell are not detailed here" in " ".join(page.text)
    assert "60 programs · 61 rows" in " ".join(page.text)


def replayed_run(results: Path) -> None:
    """A run whose programs repeat: p1 passes twice, p2 diverges then passes, p3 diverges then breaks."""
    program = {"format": 1, "family": "ops", "body": [{"op": "constant", "id": "s1", "name": "c", "value": 1.0}]}
    rows: list[dict[str, Any]] = [{"kind": "run_start", "run_id": "r", "tf_version": "2.21.0",
                                   "started": "2026-11-22T09:00:00Z"}]
    for program_id, status in [("p1", "pass"), ("p2", "diverge"), ("p1", "pass"), ("p3", "diverge"), ("p2", "pass"),
                               ("p3", "broken")]:
        rows.append({"kind": "program", "run_id": "r", "family": "ops", "status": status, "program_id": program_id,
                     "program": program, "reason": "crashed" if status == "broken" else None})
    rows.append({"kind": "run_end", "run_id": "r", "status": "complete", "duration_s": 1.0})
    results.mkdir()
    (results / "tf-2.21.0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_cells_count_distinct_programs_by_their_worst_row_and_detail_each_once(tmp_path: Path) -> None:
    """A cell shows distinct programs beside rows; each non-passing program is detailed once, by its worst row."""
    replayed_run(tmp_path / "results")
    build_report(tmp_path / "results", tmp_path / "out", changes_path=tmp_path / "absent.json", tensorboard=False)
    page = parse(page_text(tmp_path / "out"))
    text = " ".join(" ".join(page.text).split())
    assert "3 programs · 6 rows 1 diverge · 1 broken" in text
    assert "3 programs · 6 rows · 33.3% pass" in text
    assert "1 TF version · 3 programs (6 rows) · 1 divergences · 1 broken" in text
    assert [d["id"] for d in page.find("details", class_="detail")] == ["p-p2-0", "p-p3-0"]
    assert "programs: distinct program_id per family, each with its worst row's status".capitalize() in text


def test_history_keeps_distinct_counts_and_loads_older_rows_without_them(tmp_path: Path) -> None:
    """New history rows count distinct programs beside rows; a row written before has none, shows "—" and is
    charted by its rows' pass rate."""
    replayed_run(tmp_path / "results")
    out = tmp_path / "out"
    out.mkdir()
    older = {"run_id": "old", "tf_version": "2.21.0", "started": "2026-11-21T09:00:00Z",
             "finished": "2026-11-21T09:01:00Z", "programs": 250, "diverge": 0, "broken": 0, "pass_rate": 1.0,
             "status": "complete"}
    (out / "history.jsonl").write_text(json.dumps(older) + "\n")
    build_report(tmp_path / "results", out, changes_path=tmp_path / "absent.json", tensorboard=False)
    old, new = [json.loads(line) for line in (out / "history.jsonl").read_text().splitlines()]
    assert old == older
    assert {key: new[key] for key in ("programs", "diverge", "broken", "pass_rate")} == \
        {"programs": 6, "diverge": 2, "broken": 1, "pass_rate": 0.5}
    assert {key: new[key] for key in DISTINCT_KEYS} == {"distinct_programs": 3, "distinct_diverge": 1,
                                                        "distinct_broken": 1, "distinct_xfail": 0,
                                                        "distinct_pass_rate": 0.333333}
    html = page_text(out)
    cells = re.findall(r"<tr><td>(2026-11-2\dT[^<]*)</td>(.*?)</tr>", html)
    assert [re.findall(r"<td>([^<]*)</td>", rest)[1:9] for _, rest in cells] == [
        ["3", "1", "1", "33.3%", "6", "2", "1", "complete"],
        ["—", "—", "—", "—", "250", "0", "0", "complete"],
    ]
    titles = re.findall(r"<circle [^>]*><title>([^<]*)</title>", html)
    assert any("100.0% of rows pass (250 rows" in t and "distinct programs not recorded" in t for t in titles)
    assert any("33.3% of distinct programs pass (3 programs in 6 rows, 1 diverge, 1 broken)" in t for t in titles)


def test_junit_xml_has_a_testcase_per_program(built: Path) -> None:
    """JUnit: diverge is a failure, broken an error, xfail skipped; a broken run is an error."""
    root = ET.parse(built / "junit.xml").getroot()
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"tf-2.12.1", "tf-2.13.1", "tf-2.21.0"}
    s12 = suites["tf-2.12.1"]
    assert (s12.get("tests"), s12.get("failures"), s12.get("errors"), s12.get("skipped")) == ("8", "1", "1", "1")
    assert suites["tf-2.13.1"].find("testcase/error") is not None
    failures = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert {c.get("name") for c in failures} == {"vs0001diverge", "ns0001diverge", "in0001xss"}


def test_names_with_script_and_quotes_are_escaped(built: Path) -> None:
    """A name holding <script> or a quote appears as text; the page's only script is allowed by its hash."""
    html = page_text(built)
    assert "<script>window.__xss" not in html and "onerror=\"window" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=&#34;window.__xss=2&#34;&gt;" in html
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html
    page = parse(html)
    assert not [a for _, a in page.tags if any(k.startswith("on") for k in a)]


def test_page_is_self_contained(built: Path) -> None:
    """No external resource: no src attributes, no stylesheets, no absolute URLs in links."""
    page = parse(page_text(built))
    assert not [a for _, a in page.tags if "src" in a]
    assert not page.find("link")
    assert not [a for a in page.find("a") if re.match(r"[a-z]+:", a.get("href") or "")]
    assert "default-src 'none'" in page_text(built)


@pytest.mark.parametrize(("fixture", "message"), BAD_INPUTS)
def test_bad_input_gives_one_line_and_exit_2(
    fixture: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Empty or corrupt results: one line naming file and line, exit 2, no traceback, no page."""
    code = main(["--results-dir", str(FIXTURES / fixture), "--out", str(tmp_path), "--no-tensorboard"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "index.html").exists()


def test_corrupt_history_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A corrupt history file is named with its line, like a corrupt results file."""
    (tmp_path / "history.jsonl").write_text('{"run_id": "x", "tf_version": "2.21.0"}\nnot json\n')
    assert main(["--results-dir", str(MATRIX), "--out", str(tmp_path), "--no-tensorboard"]) == 2
    assert "history.jsonl:2: not valid JSON" in capsys.readouterr().err


def test_a_torn_history_line_is_dropped_and_the_rewritten_history_is_whole(tmp_path: Path) -> None:
    """A report killed while writing history leaves a torn last line: the next build drops it, never keeps it inside."""
    out = tmp_path / "out"
    build_report(MATRIX, out, changes_path=tmp_path / "absent.json", tensorboard=False)
    history = out / "history.jsonl"
    whole = history.read_text()
    history.write_text(whole + '{"run_id": "run-x", "tf_ver')
    (tmp_path / "results").mkdir()
    shutil.copy(MATRIX / "tf-2.12.1.jsonl", tmp_path / "results" / "tf-2.12.1.jsonl")
    with (tmp_path / "results" / "tf-2.12.1.jsonl").open("a") as results:
        results.write(json.dumps({"kind": "run_start", "run_id": "run-new", "tf_version": "2.12.1",
                                  "started": "2027-01-01T00:00:00Z"}) + "\n")
    build_report(tmp_path / "results", out, changes_path=tmp_path / "absent.json", tensorboard=False)
    lines = history.read_text().splitlines()
    assert history.read_text().startswith(whole) and len(lines) == len(whole.splitlines()) + 1
    assert json.loads(lines[-1])["run_id"] == "run-new"


def test_a_cut_off_last_line_is_dropped_and_the_run_marked_incomplete(tmp_path: Path) -> None:
    """A killed run's unterminated last line is ignored, and the page says so."""
    loaded = load_file(FIXTURES / "truncated" / "tf-2.21.0.jsonl")
    assert loaded.torn_tail == 3 and len(loaded.rows) == 2
    build_report(FIXTURES / "truncated", tmp_path, changes_path=tmp_path / "absent.json", tensorboard=False)
    assert "its cut-off last line was ignored" in page_text(tmp_path)


def test_a_corrupt_line_that_is_not_last_is_an_error(tmp_path: Path) -> None:
    """Only an unterminated final line is forgiven."""
    path = tmp_path / "tf-2.21.0.jsonl"
    path.write_text('{"kind": "run_start", "run_id": "r", "tf_version": "2.21.0"}\n{"kind"')
    assert load_file(path).torn_tail == 2
    path.write_text('{"kind": "run_start", "run_id": "r", "tf_version": "2.21.0"}\n{"kind"\n')
    with pytest.raises(BadInput, match=r"tf-2\.21\.0\.jsonl:2: not valid JSON"):
        load_file(path)


def test_no_results_without_the_suite_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --no-suite and an empty directory, the report says there are no results."""
    (tmp_path / "results").mkdir()
    assert main(["--results-dir", str(tmp_path / "results"), "--out", str(tmp_path), "--no-suite"]) == 2
    assert "no results files" in capsys.readouterr().err


def test_no_results_runs_the_suite_then_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without results, the suite runs (writing into the results dir) and the page is built from them."""
    calls: list[tuple[str, Path]] = []

    def fake_suite(profile: str, results_dir: Path) -> int:
        """Stand in for pytest: write the matrix fixture's results."""
        calls.append((profile, results_dir))
        shutil.copytree(MATRIX, results_dir, dirs_exist_ok=True)
        return 1

    monkeypatch.setattr("conformance.report.__main__.run_suite", fake_suite)
    results = tmp_path / "results"
    code = main(["--profile", "dev", "--results-dir", str(results), "--out", str(tmp_path), "--no-tensorboard"])
    assert code == 0 and calls == [("dev", results)]
    assert (tmp_path / "index.html").exists()


def test_a_suite_that_writes_nothing_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """If the suite leaves no results, the report says so with pytest's exit code."""
    monkeypatch.setattr("conformance.report.__main__.run_suite", lambda profile, results_dir: 4)
    assert main(["--results-dir", str(tmp_path / "r"), "--out", str(tmp_path)]) == 2
    assert "the suite wrote no results (pytest exited 4)" in capsys.readouterr().err


def test_default_results_dir_comes_from_conformance_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --results-dir, CONFORMANCE_RESULTS_DIR (via conformance.results) is used."""
    monkeypatch.setenv("CONFORMANCE_RESULTS_DIR", str(MATRIX))
    assert main(["--out", str(tmp_path), "--no-tensorboard", "--no-suite"]) == 0


def test_suite_command_runs_pytest_on_xdist_with_the_profile(tmp_path: Path) -> None:
    """The suite is `python -m pytest -n auto --hypothesis-profile=<profile>`, its rows going to the results dir."""
    suite = report_suite("ci", tmp_path)
    assert suite.command()[1:] == ["-m", "pytest", "-n", "auto", "--hypothesis-profile=ci"]
    assert suite.environment()["CONFORMANCE_RESULTS_DIR"] == str(tmp_path)


def test_versions_sort_numerically() -> None:
    """2.9 sorts before 2.12, and a dev build after its release."""
    versions = ["2.21.0", "2.9.3", "2.12.1", "2.22.0.dev20260101", "2.22.0"]
    assert sorted(versions, key=version_key) == ["2.9.3", "2.12.1", "2.21.0", "2.22.0", "2.22.0.dev20260101"]


def divergence_rows() -> list[tuple[str, dict[str, Any]]]:
    """The diverge rows of the matrix fixture's TF 2.21.0 and 2.12.1 runs."""
    rows = []
    for path in sorted(MATRIX.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            if row.get("status") == "diverge":
                rows.append((path.stem.removeprefix("tf-"), row))
    return rows


def test_tensorboard_without_tf_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where TF is not importable, no event files are written and every divergence says why."""
    monkeypatch.setattr("conformance.report.tensorboard.import_tf", lambda: None)
    outcome = write_boards(divergence_rows(), tmp_path)
    assert not outcome.available and "not importable" in outcome.summary
    assert all("not importable" in note.message for note in outcome.notes.values())
    assert not (tmp_path / "tensorboard").exists()


def test_tensorboard_event_files_hold_tf_graph(tmp_path: Path) -> None:
    """With TF, each divergence of the installed version gets readable event files of TF's graphs."""
    tf = pytest.importorskip("tensorflow.compat.v1")

    class Execution:
        """What conformance.runner.execute returns: the graphs by id."""

        def __init__(self, graphs: dict[str, Any]) -> None:
            """Hold the graphs."""
            self.graphs = graphs

    def execute(program: dict[str, Any], module: Any) -> Execution:
        """Build one small graph named after the program's family."""
        graph = module.Graph()
        with graph.as_default(), module.name_scope("a"):
            module.constant(1.0, name=program["family"])
        return Execution({"g0": graph})

    outcome = write_boards(divergence_rows(), tmp_path, tf=tf, execute=execute, tf_version="2.21.0")
    written = {key: note for key, note in outcome.notes.items() if note.link}
    assert set(written) == {("2.21.0", "ns0001diverge"), ("2.21.0", "in0001xss")}
    assert "recorded on TF 2.12.1" in outcome.notes[("2.12.1", "vs0001diverge")].message
    events = list((tmp_path / "tensorboard" / "ns0001diverge" / "g0").glob("events.out.tfevents.*"))
    assert len(events) == 1
    nodes = [
        node.name
        for event in tf.train.summary_iterator(str(events[0]))
        if event.HasField("graph_def")
        for node in tf.GraphDef.FromString(event.graph_def).node
    ]
    assert nodes == ["a/name_scope"]


def test_tensorboard_links_appear_in_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page links each divergence to its event directory, or says why there is none."""
    from conformance.report import build as build_module
    from conformance.report.tensorboard import BoardNote, BoardOutcome

    def fake_boards(divergent: list[tuple[str, dict[str, Any]]], out_dir: Path) -> BoardOutcome:
        """Pretend every divergence got its event files."""
        notes = {(v, r["program_id"]): BoardNote(f"tensorboard/{r['program_id']}/", "tensorboard --logdir x", "written")
                 for v, r in divergent}
        return BoardOutcome(notes, "TensorBoard event files written for all.", True)

    monkeypatch.setattr(build_module, "write_boards", fake_boards)
    build_report(MATRIX, tmp_path, changes_path=tmp_path / "absent.json")
    page = parse(page_text(tmp_path))
    links = {a["href"] for a in page.find("a") if (a.get("href") or "").startswith("tensorboard/")}
    assert links == {"tensorboard/ns0001diverge/", "tensorboard/vs0001diverge/", "tensorboard/in0001xss/"}
