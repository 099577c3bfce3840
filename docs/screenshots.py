"""Take the README's screenshots of ``painlog serve`` at 375 and 1280 pixels wide.

    .venv/bin/python docs/screenshots.py

A throwaway diary (16 simulated weeks ending Wednesday 25 November 2026, a
relapse and a visit recorded), a real ``painlog serve`` on it under
libfaketime at 10:30 that morning (so "this week" is the same on every run),
and Debian's Chromium through Playwright, as in the browser tests. Writes
docs/screenshots/PAGE-WIDTH.png. Needs chromium and faketime (apt-get).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_harness import CHROMIUM_ARGS, find_chromium, running_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
MOMENT = "2026-11-25 10:30:00"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SHOTS = [  # (name, path, widths)
    ("log", "/", (375, 1280)),
    ("week", "/week", (375, 1280)),
    ("trends", "/trends", (375, 1280)),
    ("checkin", "/checkin", (375,)),
    ("guide", "/guide/entry/{entry}", (1280,)),
    ("report", "/report", (1280,)),
]
HEIGHTS = {375: 1000, 1280: 1100}
TALL = {"trends": {375: 1500, 1280: 1500}}  # to show the chart and the table under it


def build(folder: Path) -> None:
    import time_machine

    from painlog.services.events import EventInput, add_event
    from painlog.simulate import record, simulate
    from painlog.storage.diary import diary_session, open_diary

    days = list(
        simulate(days=7 * 16, end=NOW.date(), entries_per_day=2.0, checkin_rate=0.85, seed=25)
    )
    with time_machine.travel(NOW, tick=False):
        opened = open_diary(folder / "diary.db", write=True)
        with diary_session(opened) as session:
            record(session=session, days=days, now=NOW)
            add_event(
                session=session,
                event=EventInput(
                    kind="relapse", start_day=date(2026, 9, 7), end_day=date(2026, 9, 20)
                ),
                today=NOW.date(),
            )
            add_event(
                session=session,
                event=EventInput(
                    kind="visit", start_day=date(2026, 10, 5), with_whom="neurologist"
                ),
                today=NOW.date(),
            )
        opened.engine.dispose()
    (folder / "config.toml").write_text(
        'where = ["lower-back"]\ntype = "spasticity"\n\n[dose]\nbaclofen = "10 mg"\n'
    )


def main() -> int:
    chromium = find_chromium()
    if chromium is None or shutil.which("faketime") is None:
        print("screenshots need chromium and faketime: apt-get install chromium faketime")
        return 2
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="painlog-shots-") as tmp:
        folder = Path(tmp)
        build(folder)
        with running_server(folder, moment=MOMENT) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 1100})
            page = context.new_page()
            page.goto(server.signin_url)
            # One entry logged on the page itself, for the guidance screenshot.
            page.click("label[for=pain-6]")
            page.click("text=All triggers")
            page.click("label[for=trigger-heat]")
            page.click("#save")
            entry = page.url.split("/entry/")[1].split("?")[0]
            for name, path, widths in SHOTS:
                for width in widths:
                    page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
                    page.goto(server.base + path.format(entry=entry))
                    target = OUT / f"{name}-{width}.png"
                    height = TALL.get(name, {}).get(width)
                    clip = {"x": 0, "y": 0, "width": width, "height": height} if height else None
                    page.screenshot(path=str(target), full_page=bool(height), clip=clip)
                    print(f"wrote {target.relative_to(ROOT)}")
            dark = browser.new_context(viewport={"width": 375, "height": 1000}, color_scheme="dark")
            dark_page = dark.new_page()
            dark_page.goto(server.base + "/")  # signed out: the key worked once
            dark_page.close()
            dark.add_cookies(context.cookies())
            dark_page = dark.new_page()
            dark_page.goto(server.base + "/trends")
            dark_page.screenshot(path=str(OUT / "trends-dark-375.png"))
            print("wrote docs/screenshots/trends-dark-375.png")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
