"""The report in a real browser: Debian's headless chromium driven by Playwright (never a downloaded browser).

Skips only when chromium is absent; if chromium is there but the `playwright` package is not, it fails.
Screenshots go to reports/screenshots/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.paths import REPO_ROOT
from conformance.report import build_report

ROOT = REPO_ROOT
MATRIX = ROOT / "tests" / "fixtures" / "report" / "matrix"
UPCOMING = ROOT / "tests" / "fixtures" / "report" / "upcoming" / "index.json"
COMPAT = ROOT / "tests" / "fixtures" / "report" / "compat" / "checkpoint-compat.json"
SCREENSHOTS = ROOT / "reports" / "screenshots"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
XSS_SCOPE = "<script>window.__xss=1</script>"
XSS_CONST = '"><img src=x onerror="window.__xss=2">'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The matrix fixture's report, built once for the module."""
    out = tmp_path_factory.mktemp("report")
    build_report(MATRIX, out, changes_path=out / "absent.json", tensorboard=False, upcoming_path=UPCOMING,
                 compat_path=COMPAT)
    return out / "index.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium under Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        pytest.fail("chromium is installed but the 'playwright' package is not: pip install 'playwright>=1.40'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()


class Watched:
    """A page plus what it did: dialogs opened, script errors, console errors and non-file requests."""

    def __init__(self, page: Any) -> None:
        """Start listening to the page's dialogs, errors and requests."""
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        page.on("request", lambda req: None if req.url.startswith(("file:", "data:")) else self.requests.append(req.url))

    def _dialog(self, dialog: Any) -> None:
        """Record and dismiss any dialog (alert/confirm/prompt)."""
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser: Any, report: Path) -> Iterator[Watched]:
    """The report opened in a fresh context with clipboard access."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    seen = Watched(page)
    page.goto(report.as_uri())
    page.wait_for_selector("html[data-ready='yes']")
    yield seen
    context.close()


def expect(locator: Any) -> Any:
    """Playwright's auto-waiting assertions (they work under the page's strict CSP, unlike wait_for_function)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    """Save a screenshot under reports/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def test_matrix_renders_with_coloured_cells(watched: Watched) -> None:
    """The matrix shows 5 families × 3 versions, cells coloured by state, and the script ran cleanly."""
    page = watched.page
    assert page.locator("#matrix td.cell").count() == 15
    assert page.locator("#matrix thead th").all_inner_texts()[1:] == ["TF 2.12.1", "TF 2.13.1\nBROKEN", "TF 2.21.0\nINCOMPLETE"]
    colour = page.eval_on_selector_all(
        "#matrix td.cell", "cells => cells.map(c => [c.className, getComputedStyle(c).backgroundColor])"
    )
    by_state = {cls.split()[-1]: bg for cls, bg in colour}
    assert len(set(by_state.values())) == 4, by_state
    assert watched.errors == [] and watched.requests == []
    screenshot(page, "report-top.png")


def test_cell_link_expands_a_divergence(watched: Watched) -> None:
    """Clicking a red cell opens its first divergence: trace diff, first difference, both name trees."""
    page = watched.page
    page.click("#matrix td[data-family='name_scope'][data-version='2.21.0'] a")
    detail = page.locator("details.detail[data-status='diverge']", has_text="ns0001diverge")
    expect(detail).to_have_js_property("open", True)
    assert detail.locator("tr.first-diff").is_visible()
    assert "a_1/" in detail.locator("tr.first-diff").inner_text()
    trees = detail.locator("svg.tree")
    assert trees.count() == 2 and trees.first.is_visible()
    assert detail.locator("svg.tree .only").count() >= 2
    detail.scroll_into_view_if_needed()
    screenshot(page, "divergence-expanded.png")
    assert watched.errors == []


def test_summary_click_expands_and_copy_button_copies_the_repro(watched: Watched) -> None:
    """Clicking a summary expands the divergence; Copy puts the repro script on the clipboard."""
    page = watched.page
    detail = page.locator("details.detail", has_text="vs0001diverge")
    detail.locator(":scope > summary").click()
    assert detail.evaluate("d => d.open")
    button = detail.locator("button.copy")
    button.click()
    expect(button).to_have_attribute("data-copied", "yes")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("import tensorflow.compat.v1 as tf") and "get_variable('v'" in copied
    screenshot(page, "divergence-copied.png")


def test_script_and_quotes_in_names_show_as_text_and_never_run(watched: Watched) -> None:
    """Names with <script> and a quote are displayed literally; nothing they carry executes."""
    page = watched.page
    detail = page.locator("details.detail", has_text="in0001xss")
    detail.locator(":scope > summary").click()
    summary = detail.locator(":scope > summary .summary-text").inner_text()
    assert XSS_SCOPE in summary and XSS_CONST in summary
    assert XSS_SCOPE in detail.locator("pre code").first.inner_text()
    svg_text = " ".join(detail.locator("svg.tree text").all_text_contents())
    assert "<script>window.__xss=1<" in svg_text and XSS_CONST in svg_text  # split on "/" like TensorBoard
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("body img").count() == 0
    assert page.locator("script").count() == 1
    assert watched.dialogs == []
    screenshot(page, "escaped-names.png")


def test_filters_hide_statuses(watched: Watched) -> None:
    """Unticking 'diverge' hides every divergence and leaves broken and xfail programs."""
    page = watched.page
    page.uncheck("#filters input[data-status='diverge']")
    assert page.locator("details.detail[data-status='diverge']:visible").count() == 0
    assert page.locator("details.detail[data-status='broken']:visible").count() == 1
    page.check("#filters input[data-status='diverge']")
    assert page.locator("details.detail[data-status='diverge']:visible").count() == 3


def test_claims_and_history_render(watched: Watched) -> None:
    """The stale claim is flagged and the history chart draws its points."""
    page = watched.page
    assert page.locator("#claims-table td.claim-stale").count() == 2
    assert "captured-scope-keeps-name-scope" in page.locator("#claims .stale-summary").inner_text()
    assert page.locator("svg.chart circle").count() == 3
    page.locator("#history").scroll_into_view_if_needed()
    screenshot(page, "history.png")
    screenshot(page, "report-full.png", full_page=True)


def test_report_opens_with_the_upcoming_nightly_changes(watched: Watched) -> None:
    """The first section is tf-nightly's upcoming changes: each an issue text whose repro and outputs show."""
    page = watched.page
    assert page.locator("main > section").first.get_attribute("id") == "upcoming"
    assert page.locator("header nav a").first.inner_text() == "Upcoming in nightly"
    changes = page.locator("#upcoming details.upcoming")
    assert changes.count() == 3
    first = changes.nth(0)
    expect(first.locator("pre.repro")).to_be_visible()  # the first is open
    assert "# <-- first difference" in first.locator("pre.repro").inner_text()
    assert "+graphs" in first.locator("pre.output-diff").inner_text()
    second = changes.nth(1)
    expect(second.locator("pre.repro")).to_be_hidden()
    second.locator(":scope > summary").click()
    expect(second.locator("pre.output-new")).to_be_visible()
    assert "ValueError" in second.locator("pre.output-new").inner_text()
    assert XSS_SCOPE in changes.nth(2).locator(":scope > summary").inner_text()
    assert page.evaluate("window.__xss") is None
    assert watched.errors == [] and watched.dialogs == []


def test_checkpoint_compatibility_link_opens_the_pairs_programs(watched: Watched) -> None:
    """The nav reaches the section; each pair's count of programs that would not restore is coloured, and its
    link opens the pair's list with each program's first missing or changed key, names shown as text."""
    page = watched.page
    page.click("header nav a[href='#compat']")
    rows = page.locator("#compat table.compat-summary tbody tr")
    assert rows.count() == 2
    assert rows.nth(1).locator("td").all_inner_texts()[:5] == [
        "TF 2.21.0", "tf-nightly 2.23.0.dev20261026", "5 (1 more without a checkpoint event)", "4", "3"]
    colours = page.eval_on_selector_all("#compat td.not-restoring", "cells => cells.map(c => getComputedStyle(c).backgroundColor)")
    assert len(set(colours)) == 2, colours
    pair = page.locator("#compat-2")
    expect(pair.locator("table.compat-programs")).to_be_hidden()
    rows.nth(1).locator("td.not-restoring a").click()
    expect(pair).to_have_js_property("open", True)
    expect(pair.locator("table.compat-programs")).to_be_visible()
    keys = pair.locator("table.compat-programs tbody tr td:nth-child(4)").all_inner_texts()
    assert keys == ["a_1", "emb", XSS_SCOPE + "/x"]
    assert pair.locator("table.compat-silent tbody tr").count() == 1
    assert "without an error" in pair.locator("table.compat-silent").inner_text()
    assert page.evaluate("typeof window.__xss") == "undefined" and page.locator("script").count() == 1
    pair.scroll_into_view_if_needed()
    screenshot(page, "checkpoint-compat.png")
    assert watched.errors == [] and watched.dialogs == []
