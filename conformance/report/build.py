"""Building the report: load results, update history, write TensorBoard graphs, the page and JUnit XML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conformance.files import write_atomically
from conformance.paths import REPO_ROOT
from conformance.report.changes import DEFAULT_PATH, load_changes
from conformance.report.claims import build_claims
from conformance.report.compat import DEFAULT_PATH as COMPAT_PATH
from conformance.report.compat import load_compat
from conformance.report.details import build_details, divergences
from conformance.report.history import build_chart, update_history
from conformance.report.junit import write_junit
from conformance.report.loading import load_results
from conformance.report.matrix import build_matrix
from conformance.report.page import PageData, render_page
from conformance.report.tensorboard import BoardOutcome, write_boards
from conformance.report.upcoming import DEFAULT_PATH as UPCOMING_PATH
from conformance.report.upcoming import load_upcoming
from conformance.runs import Run, group_runs, latest_runs, total_counts

PAGE_NAME = "index.html"
JUNIT_NAME = "junit.xml"
HISTORY_NAME = "history.jsonl"


@dataclass(frozen=True)
class Built:
    """What a build produced: the page's path and the runs it shows."""

    page: Path
    runs: list[Run]

    def summary(self) -> str:
        """One line for the terminal."""
        totals = total_counts(run.distinct_totals for run in self.runs)
        versions = ", ".join(r.tf_version for r in self.runs)
        return (f"wrote {self.page} (TF {versions}: {totals['programs']} programs in {totals.get('rows', 0)} rows, "
                f"{totals['diverge']} divergences, {totals['broken']} broken)")


def shown_path(path: Path) -> str:
    """A path as the page names it: relative to the checkout when it is inside it, so pages do not differ
    between clones."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def skipped_boards() -> BoardOutcome:
    """The TensorBoard outcome when event files were not asked for."""
    return BoardOutcome({}, "TensorBoard event files were not requested for this build (--no-tensorboard).", False)


def build_report(
    results_dir: Path, out_dir: Path, changes_path: Path = DEFAULT_PATH, tensorboard: bool = True,
    upcoming_path: Path = UPCOMING_PATH, compat_path: Path = COMPAT_PATH,
) -> Built:
    """Build index.html, junit.xml and history.jsonl (and TensorBoard graphs) in out_dir from results_dir."""
    runs = group_runs(load_results(results_dir))
    shown = latest_runs(runs)
    matrix = build_matrix(shown)
    out_dir.mkdir(parents=True, exist_ok=True)
    history = update_history(out_dir / HISTORY_NAME, runs)
    divergent = divergences(matrix)
    boards = write_boards(divergent, out_dir) if tensorboard else skipped_boards()
    data = PageData(
        runs=shown,
        superseded=[r for r in runs if r not in shown],
        sources=sorted({Path(r.source).name for r in runs}),
        matrix=matrix,
        sections=build_details(matrix, boards.notes),
        claims=build_claims(shown),
        changes=load_changes(changes_path),
        changes_path=shown_path(changes_path),
        upcoming=load_upcoming(upcoming_path),
        upcoming_path=shown_path(upcoming_path),
        compat=load_compat(compat_path),
        compat_path=shown_path(compat_path),
        history=history,
        chart=build_chart(history),
        board_summary=boards.summary,
        board_available=boards.available,
    )
    page = out_dir / PAGE_NAME
    write_atomically(page, render_page(data))
    write_junit(out_dir / JUNIT_NAME, shown)
    return Built(page, shown)
