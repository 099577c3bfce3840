"""The page in a real browser: Debian's Chromium, driven by Playwright, on a real
``painlog serve``. Logging by keyboard alone and by mouse, the week page, a check-in,
a PDF downloaded and read back, and axe-core's accessibility check on every page.

One browser and one server (with its signed-in browser context) for the whole
module keep the set short. Nothing here pins a clock:
the server runs on the real one, and every check holds at any hour (an entry
logged "now" is in "this week" whenever it is logged; the seeded diary is read
by explicit periods).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_harness import CHROMIUM_ARGS, Server, require_browser, running_server
from tests.web_seed import copy_diary, seeded_template

__all__ = ["seeded_template"]  # a fixture

BROWSER_PAGES = (
    "/",
    "/week",
    "/checkin",
    "/trends?weeks=days&from=2026-08-03&to=2026-11-22",
    "/guide",
    "/guide/topic/spasticity",
    "/guide/entry/1",
    "/report",
    "/transfer",
    "/entry/1",
    "/entry/1/edit",
    "/entry/1/relief",
)
NARROW_PAGES = (BROWSER_PAGES[0], BROWSER_PAGES[3])  # the Log and Trends pages at 375 px too
SERIOUS = ("serious", "critical")
# The WCAG 2.0-2.2 A and AA rules (axe's best-practice rules are left out).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One browser for the whole set (they all live in this module). Not session-wide:
    Playwright's sync API holds an event loop in this thread while it runs, and a later
    test that runs painlog serve in-process must find none."""
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield launched
    launched.close()
    playwright.stop()


@pytest.fixture(scope="module")
def server(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, seeded_template: Path
) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("served")
    copy_diary(seeded_template, folder / "diary.db")  # entries 1.. from the seeded 16 weeks
    # The person's usual answers: a pain number and Save is a whole entry.
    (folder / "config.toml").write_text('where = ["lower-back"]\ntype = "spasticity"\n')
    with running_server(folder) as running:
        yield running


@pytest.fixture(scope="module")
def context(browser: Any, server: Server) -> Iterator[Any]:
    """A browser signed in with the printed address (its key works once)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    page.goto(server.signin_url)
    assert page.url == f"{server.base}/", page.url  # the key is exchanged and dropped
    assert page.locator("h1").inner_text() == "Log pain"
    page.close()
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    opened.close()


def _focused(page: Any) -> dict[str, str]:
    return dict(
        page.evaluate(
            "() => { const e = document.activeElement;"
            " return {tag: e.tagName, name: e.name || '', value: e.value || '',"
            " text: (e.innerText || '').trim()}; }"
        )
    )


def _tab_to(page: Any, wanted: Any, limit: int = 60) -> dict[str, str]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = _focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the control; last focus {_focused(page)}")


def _entry_id(page: Any) -> int:
    found = re.search(r"/entry/(\d+)\?saved=1$", page.url)
    assert found, (page.url, page.locator("main").inner_text()[:600])
    return int(found.group(1))


def test_log_an_episode_by_keyboard_alone(page: Any, server: Server) -> None:
    page.goto(f"{server.base}/")
    focus = _tab_to(page, lambda f: f["name"] == "pain")
    assert focus["tag"] == "INPUT"
    # In a radio group the arrow keys choose; from nothing chosen, Right lands on 1.
    page.keyboard.press("Space")
    for _ in range(7 - int(_focused(page)["value"] or 0)):
        page.keyboard.press("ArrowRight")
    assert _focused(page)["value"] == "7"
    # The focus ring is visible on the chosen number's button.
    ring = page.evaluate(
        "() => getComputedStyle(document.querySelector('label[for=pain-7]')).outlineStyle"
    )
    assert ring != "none"
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Save")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    entry = _entry_id(page)
    saved = page.locator("#saved").inner_text()
    assert f"Saved entry {entry}:" in saved and "pain 7/10" in saved and "lower back" in saved
    # It is on the week page.
    page.goto(f"{server.base}/week")
    assert "pain 7/10" in page.locator(f"#entry-{entry} .what").inner_text()


def test_log_an_episode_by_mouse(page: Any, server: Server) -> None:
    page.goto(f"{server.base}/")
    page.click("label[for=pain-4]")
    page.click("label[for=where-neck]")
    page.select_option("#type", "neuropathic")
    page.click("text=All triggers")
    page.fill("#trigger-filter", "stress")
    page.click("label[for=trigger-stress]")
    page.fill("#note", "typed in the browser")
    with page.expect_navigation():
        page.click("#save")
    entry = _entry_id(page)
    saved = page.locator("#saved").inner_text()
    assert "pain 4/10" in saved and "neck" in saved and "triggers: stress" in saved
    page.click("text=More, with sources")
    assert page.url.endswith(f"/guide/entry/{entry}")
    assert "not medical advice" in page.locator("main").inner_text()
    page.goto(f"{server.base}/week")
    item = page.locator(f"#entry-{entry} .what").inner_text()
    assert "pain 4/10" in item and "stress" in item.lower(), item


def test_record_a_check_in(page: Any, server: Server) -> None:
    page.goto(f"{server.base}/checkin")
    page.click("label[for=average_pain-5]")
    page.click("label[for=worst_pain-8]")
    page.click("label[for=enjoyment-4]")
    page.click("label[for=activity-6]")
    with page.expect_navigation():
        page.click("text=Save the check-in")
    said = page.locator("main").inner_text()
    assert "PEG 5.0" in said or "5.0" in said, said[:400]


def test_download_the_pdf_summary_and_read_it(page: Any, server: Server) -> None:
    from pypdf import PdfReader

    page.goto(f"{server.base}/report")
    page.click("label[for=weeks-days]")
    page.fill("#from", "2026-08-03")
    page.fill("#to", "2026-11-22")
    page.fill("#name", "Ada Example")
    page.fill("#questions", "Could the evening spasms be the heat?")
    with page.expect_download() as info:
        page.click("text=PDF summary")
    download = info.value
    assert download.suggested_filename == "painlog-summary-2026-08-03-2026-11-22.pdf"
    data = Path(download.path()).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Ada Example" in text and "Could the evening spasms be the heat?" in text
    assert "3 Aug 2026" in text


def test_trends_chart_is_drawn_in_the_page(page: Any, server: Server) -> None:
    page.goto(f"{server.base}/trends?weeks=days&from=2026-08-03&to=2026-11-22")
    chart = page.locator(".chart-wide svg.trends-chart")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 300
    assert page.locator(".chart-wide circle[data-daily]").count() >= 12
    assert not page.locator(".chart-narrow svg").is_visible()
    page.set_viewport_size({"width": 375, "height": 900})  # a phone: the narrow drawing
    assert page.locator(".chart-narrow svg").is_visible()
    assert not page.locator(".chart-wide svg").is_visible()
    assert chart.get_attribute("aria-labelledby") == "trends-title trends-desc"


def test_no_serious_accessibility_violations_on_any_page(page: Any, server: Server) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found: dict[str, list[str]] = {}
    for width, paths in ((1280, BROWSER_PAGES), (375, NARROW_PAGES)):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(f"{server.base}{path}")
            results = axe.run(page, options=AXE_OPTIONS)
            serious = [
                f"{v['id']} ({v['impact']}): {v['help']} at "
                + ", ".join(str(n["target"]) for n in v["nodes"][:3])
                for v in results.response["violations"]
                if v["impact"] in SERIOUS
            ]
            if serious:
                found[f"{path} at {width}px"] = serious
    assert not found, found


def test_the_page_needs_nothing_from_elsewhere(page: Any, server: Server) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    for path in ("/", "/trends?weeks=all", "/report", "/guide"):
        page.goto(f"{server.base}{path}")
    assert asked and all(url.startswith(server.base) for url in asked), asked
