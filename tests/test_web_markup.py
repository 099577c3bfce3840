"""The pages' markup for every body: labels, language, skip link, headings, focus, targets,
and nothing loaded from anywhere but the page's own server."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from painlog.api import Diary
from tests.web_helpers import post_form

pytestmark = pytest.mark.usefixtures("fixed_now")  # days and times spelled out

PAGES = ("/", "/week", "/checkin", "/entry/1", "/entry/1/edit", "/entry/1/relief", "/nowhere")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.controls: list[dict[str, str]] = []
        self.labels_for: set[str] = set()
        self.wrapped: set[int] = set()  # controls inside a <label>
        self.ids: list[str] = []
        self.h1 = 0
        self.html_lang: str | None = None
        self.links: list[str] = []
        self.inline_styles = 0
        self.inline_scripts = 0
        self._script_src: bool | None = None
        self.buttons: list[str] = []
        self._button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if "style" in a:
            self.inline_styles += 1
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and "for" in a:
            self.labels_for.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            if "label" in self.stack:
                self.wrapped.add(len(self.controls))
            self.controls.append(a)
        elif tag == "button":
            self._button = []
        elif tag == "script":
            self._script_src = "src" in a
        for key in ("href", "src", "action"):
            if key in a:
                self.links.append(a[key])
        if tag not in ("input", "br", "meta", "link", "img", "rect", "circle", "ellipse", "path"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None:
            self.buttons.append(" ".join("".join(self._button).split()))
            self._button = None
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)
        if self.stack and self.stack[-1] == "script" and data.strip() and not self._script_src:
            self.inline_scripts += 1


@pytest.fixture
def pages(web: TestClient, db_path: Path) -> dict[str, str]:
    post_form(
        web,
        "/log",
        {"pain": "6", "where": "lower-back", "remedy": "baclofen", "dose-baclofen": "10 mg"},
    )
    with Diary.open(db_path) as diary:
        diary.day(ratings={"average_pain": 4})
    return {path: web.get(path).text for path in PAGES}


def test_every_control_has_a_label(pages: dict[str, str]) -> None:
    for path, page in pages.items():
        parsed = _Page()
        parsed.feed(page)
        for index, control in enumerate(parsed.controls):
            labelled = (
                control.get("id") in parsed.labels_for
                or index in parsed.wrapped
                or control.get("aria-label")
            )
            assert labelled, f"{path}: {control} has no label"
        for text in parsed.buttons:
            assert text, f"{path}: a button without words"


def test_ids_are_unique(pages: dict[str, str]) -> None:
    for path, page in pages.items():
        parsed = _Page()
        parsed.feed(page)
        repeated = {i for i in parsed.ids if parsed.ids.count(i) > 1}
        assert not repeated, f"{path}: {sorted(repeated)}"


def test_language_skip_link_and_one_main_heading(pages: dict[str, str]) -> None:
    for path, page in pages.items():
        parsed = _Page()
        parsed.feed(page)
        assert parsed.html_lang == "en", path
        assert parsed.h1 == 1, path
        assert '<a class="skip" href="#main">' in page, path
        assert '<main id="main"' in page, path
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_nothing_is_loaded_from_elsewhere_and_nothing_inline_the_policy_would_block(
    pages: dict[str, str],
) -> None:
    for path, page in pages.items():
        parsed = _Page()
        parsed.feed(page)
        outside = [link for link in parsed.links if re.match(r"^(https?:)?//", link)]
        assert not outside, f"{path}: {outside}"
        assert parsed.inline_styles == 0, path
        assert parsed.inline_scripts == 0, path
        assert "<style" not in page, path
        assert not re.search(r"<[^>]+\son[a-z]+=", page), f"{path}: an inline event handler"


def test_errors_are_tied_to_their_field(web: TestClient) -> None:
    answer = post_form(web, "/log", {"pain": "5"})
    assert 'aria-describedby="where-error" aria-invalid="true"' in answer.text
    assert 'role="alert"' in answer.text


def test_the_style_sheet_covers_focus_targets_dark_theme_and_narrow_screens(
    web: TestClient,
) -> None:
    css = web.get("/static/painlog.css").text
    assert ":focus-visible" in css and "outline: 3px solid" in css
    sizes = [int(n) for n in re.findall(r"min-height: (\d+)px", css)]
    assert sizes and min(sizes) >= 44
    assert "@media (prefers-color-scheme: dark)" in css
    assert "@media (max-width: 30rem)" in css  # 375 px wide is 23.4rem at the default size
    assert "font-size: 100%" in css  # the person's own text size, zoomable
    assert not re.search(r"font-size: \d+px", css)
