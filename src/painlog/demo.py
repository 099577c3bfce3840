"""``make demo``: a throwaway diary of twelve made-up weeks, recorded and shown by painlog itself.

Every entry, follow-up and check-in goes in through the same commands a
person types (run in-process), into ``demo/painlog-demo.db``; the person's
real diary is never touched.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from painlog.cli import FIELD_OPTIONS, build_app, command_name
from painlog.simulate import SimulatedDay, SimulatedEntry, simulate
from painlog.when import local_now

DEMO_DIR = Path("demo")
# Twelve weeks: with six, every trigger comparison is still "not enough data"
# or too uncertain to show anything, which is honest but shows little.
WEEKS = 12


def run(*args: str, show: bool = True) -> None:
    """Run one painlog command as a person would; stop the demo if it fails."""
    if show:
        print(f"\n$ painlog {shlex.join(args)}", flush=True)
    app = build_app(command_name(args))
    sink = contextlib.nullcontext() if show else contextlib.redirect_stdout(io.StringIO())
    with sink:
        try:
            app(args=list(args), prog_name="painlog")
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise SystemExit(f"demo stopped: painlog {shlex.join(args)} failed") from None


def _log_args(entry: SimulatedEntry) -> list[str]:
    args = ["log", "--quiet", "--pain", str(entry.intensity), "--type", entry.pain_type]
    args += ["--at", entry.occurred_at.strftime("%Y-%m-%d %H:%M")]
    for place in entry.locations:
        args += ["--where", place]
    for quality in entry.qualities:
        args += ["--quality", quality]
    for trigger in entry.triggers:
        args += ["--trigger", trigger]
    for remedy in entry.remedies:
        spec = remedy.name + (f":{remedy.dose}" if remedy.dose else "")
        args += ["--remedy", f"{spec}@{remedy.taken_at:%Y-%m-%d %H:%M}"]
    if entry.duration_minutes is not None:
        args += ["--duration", str(entry.duration_minutes)]
    if entry.note:
        args += ["--note", entry.note]
    return args


def _day_args(day: SimulatedDay) -> list[str]:
    assert day.checkin is not None
    args = ["day", "--date", day.day.isoformat()]
    for name, value in day.checkin.items():
        args += [FIELD_OPTIONS[name], str(value)]
    for exposure in day.exposures:
        args += ["--exposure", exposure]
    if day.note:
        args += ["--note", day.note]
    return args


def record_demo_diary(now_days: int = WEEKS * 7) -> tuple[int, int, int, int]:
    now = local_now()
    days = list(simulate(days=now_days, end=now.date(), seed=2026))
    entry_id = entries = follow_ups = checkins = 0
    showcase = 0  # the latest entry with a follow-up: the richest one to show
    for day in days:
        for entry in day.entries:
            if entry.occurred_at > now:
                continue
            run(*_log_args(entry), show=False)
            entry_id += 1
            entries += 1
            at = entry.pain_after_at
            if entry.pain_after is not None and at is not None and at <= now:
                run(
                    "relief",
                    str(entry_id),
                    "--pain-after",
                    str(entry.pain_after),
                    "--at",
                    at.strftime("%Y-%m-%d %H:%M"),
                    show=False,
                )
                follow_ups += 1
            for remedy in entry.remedies:
                if remedy.pain_after is None or remedy.pain_after_at is None:
                    continue
                if remedy.pain_after_at > now:
                    continue
                run(
                    "relief",
                    str(entry_id),
                    "--remedy",
                    remedy.name,
                    "--pain-after",
                    str(remedy.pain_after),
                    "--at",
                    remedy.pain_after_at.strftime("%Y-%m-%d %H:%M"),
                    show=False,
                )
                follow_ups += 1
                showcase = entry_id
        if day.checkin is not None:
            run(*_day_args(day), show=False)
            checkins += 1
    return entries, follow_ups, checkins, showcase


def record_demo_events(today: date) -> None:
    """The MS course beside the pain: a visit, an infusion, a relapse with steroids, a fall."""

    def day(weeks_ago: float) -> str:
        return (today - timedelta(days=round(weeks_ago * 7))).isoformat()

    run("event", "add", "visit", "--from", day(11), "--with", "neurologist", show=False)
    run("event", "add", "infusion", "--from", day(9), "--therapy", "Ocrelizumab", show=False)
    run("event", "add", "relapse", "--from", day(6), "--to", day(4), show=False)
    steroids = ["--from", day(5.7), "--to", day(5.3), "--dose", "1 g daily"]
    run("event", "add", "steroids", *steroids, show=False)
    run("event", "add", "fall", "--from", day(2), "--note", "tripped on the stairs", show=False)


def show_demo(db: Path) -> None:
    print(
        f"painlog demo: a made-up diary of {WEEKS} weeks in {db} (your own diary is not touched)."
    )
    entries, follow_ups, checkins, showcase = record_demo_diary()
    print(
        f"Recorded {entries} entries, {follow_ups} follow-ups and {checkins} day check-ins "
        "with painlog's own commands."
    )
    today = local_now().date()
    run("list", "--limit", "8")
    run("show", str(showcase))
    run("days", "--from", (today - timedelta(days=6)).isoformat())
    two_weeks_ago = (today - timedelta(days=13)).isoformat()
    run("list", "--trigger", "stress", "--from", two_weeks_ago, "--limit", "5")
    run(
        *shlex.split(
            "log --pain 6 --type neuropathic --where lower-back --quality burning --trigger heat "
            "--remedy 'ibuprofen:400 mg' --note 'logged during the demo'"
        )
    )
    record_demo_events(today)
    run("event", "list")
    chart = DEMO_DIR / "trends.png"
    run("trends", "--weeks", str(WEEKS), "--chart", str(chart))
    run("triggers")
    run("remedies")
    print(f"\nThe weekly chart is {chart}.")
    print(f"The demo diary stays in {db}; try: PAINLOG_DB={db} .venv/bin/painlog list")
    # Last, the summary for a clinician: the command prints where it wrote it.
    run(
        "report",
        "--weeks",
        str(WEEKS),
        "-o",
        str(DEMO_DIR),
        "--question",
        "Could the hot, humid days be making the spasms worse?",
        "--question",
        "Is the baclofen dose still right?",
    )


@contextlib.contextmanager
def diary_setting(db: Path) -> Iterator[None]:
    """Point PAINLOG_DB at the demo diary for the demo's commands, then put it back."""
    saved = os.environ.get("PAINLOG_DB")
    os.environ["PAINLOG_DB"] = str(db.resolve())
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PAINLOG_DB", None)
        else:
            os.environ["PAINLOG_DB"] = saved


def main() -> None:
    DEMO_DIR.mkdir(exist_ok=True)
    db = DEMO_DIR / "painlog-demo.db"
    for stale in [*DEMO_DIR.glob("painlog-demo.db*"), *DEMO_DIR.glob("painlog-summary-*")]:
        stale.unlink()
    with diary_setting(db):
        show_demo(db)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
