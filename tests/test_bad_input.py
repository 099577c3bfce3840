"""Every bad input is refused with one plain line, a non-zero exit, and no change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import CliRun, dump

pytestmark = pytest.mark.clock


@pytest.fixture
def seeded(cli: CliRun, db_path: Path) -> Path:
    """A diary with one entry (id 1, baclofen tried) and one check-in."""
    result = cli(
        "log",
        "--pain",
        "6",
        "--type",
        "spasticity",
        "--where",
        "lower-back",
        "--remedy",
        "baclofen:10 mg",
        "--at",
        "2026-11-20 21:30",
    )
    assert result.exit_code == 0, result.output
    assert cli("day", "--date", "2026-11-20", "--avg", "4").exit_code == 0
    return db_path


def _make_read_only(path: Path) -> None:
    path.chmod(0o400)


def _followed_up(path: Path) -> None:
    from painlog.services.entries import record_relief
    from tests.exchange_helpers import session_on

    with session_on(path) as session:
        record_relief(session=session, entry_id=1, remedy="baclofen", pain_after=4, at_text="22:00")


def _not_a_diary(path: Path) -> None:
    path.unlink()
    path.write_bytes(b"just some notes\n" * 100)


def _open_relapse(path: Path) -> None:
    """A relapse recorded from 1 March 2026 with no end day yet."""
    from datetime import date

    from painlog.services.events import EventInput, add_event
    from painlog.storage.diary import diary_session, open_diary

    opened = open_diary(path)
    with diary_session(opened) as session:
        add_event(session=session, event=EventInput(kind="relapse", start_day=date(2026, 3, 1)))
    opened.engine.dispose()


CASES: list[tuple[str, list[str], int, str, Callable[[Path], None] | None]] = [
    (
        "pain above 10",
        ["log", "--pain", "11", "--where", "neck"],
        2,
        "--pain: Pain must be from 0 to 10",
        None,
    ),
    (
        "pain below 0",
        ["log", "--pain", "-1", "--where", "neck"],
        2,
        "--pain: Pain must be from 0 to 10",
        None,
    ),
    ("pain not a number", ["log", "--pain", "bad", "--where", "neck"], 2, "whole number", None),
    ("pain with decimals", ["log", "--pain", "5.5", "--where", "neck"], 2, "whole number", None),
    ("pain missing", ["log", "--where", "neck"], 2, "--pain", None),
    ("serve on a port that is none", ["serve", "--port", "70000"], 2, "--port", None),
    ("location missing", ["log", "--pain", "5"], 2, "--where", None),
    (
        "unknown pain type",
        ["log", "-p", "5", "-w", "neck", "--type", "spastisity"],
        2,
        'Unknown pain type "spastisity" (did you mean spasticity',
        None,
    ),
    (
        "unknown trigger",
        ["log", "-p", "5", "-w", "neck", "--trigger", "hot wether"],
        2,
        'Unknown trigger "hot wether" (did you mean heat',
        None,
    ),
    (
        "unknown remedy",
        ["log", "-p", "5", "-w", "neck", "--remedy", "baclofem"],
        2,
        'Unknown remedy "baclofem" (did you mean baclofen',
        None,
    ),
    (
        "unknown location",
        ["log", "-p", "5", "-w", "lowerback"],
        2,
        'Unknown location "lowerback"',
        None,
    ),
    (
        "unknown quality",
        ["log", "-p", "5", "-w", "neck", "-Q", "fizzy"],
        2,
        'Unknown quality "fizzy"',
        None,
    ),
    (
        "remedy without name",
        ["log", "-p", "5", "-w", "neck", "--remedy", ":10 mg"],
        2,
        "no remedy name",
        None,
    ),
    (
        "remedy with empty dose",
        ["log", "-p", "5", "-w", "neck", "--remedy", "baclofen:"],
        2,
        "empty dose",
        None,
    ),
    (
        "remedy with bad time",
        ["log", "-p", "5", "-w", "neck", "--remedy", "baclofen@soon"],
        2,
        '--remedy: "soon" is not a time',
        None,
    ),
    (
        "unparseable --at",
        ["log", "-p", "5", "-w", "neck", "--at", "teatime"],
        2,
        '--at: "teatime" is not a time',
        None,
    ),
    (
        "--at in the future",
        ["log", "-p", "5", "-w", "neck", "--at", "2099-01-01 10:00"],
        2,
        "from now; the diary records what has happened",
        None,
    ),
    (
        "--at a spoken day with no time",
        ["log", "-p", "5", "-w", "neck", "--at", "monday"],
        2,
        '--at: "monday" is not a time painlog can read; use a form such as 21:30, 9pm',
        None,
    ),
    (
        "--at a 12-hour clock past 12",
        ["log", "-p", "5", "-w", "neck", "--at", "13pm"],
        2,
        '--at: "13pm" is not a time painlog can read',
        None,
    ),
    (
        "--at a day that no month has",
        ["log", "-p", "5", "-w", "neck", "--at", "31 Nov 21:30"],
        2,
        '--at: "31 Nov 21:30" is not a time painlog can read',
        None,
    ),
    (
        "pain given twice",
        ["log", "6", "-p", "5", "-w", "neck"],
        2,
        "--pain: The pain is given twice",
        None,
    ),
    (
        "pain first not a number",
        ["log", "lots", "-w", "neck"],
        2,
        "--pain: Pain must be a whole",
        None,
    ),
    ("again without a pain", ["log", "--again"], 2, "--pain: Say how bad the pain is now", None),
    ("again and a bad pain", ["log", "--again", "12"], 2, "--pain: Pain must be", None),
    (
        "take away a trigger the entry lacks",
        ["edit", "1", "--remove-trigger", "heat"],
        2,
        "--remove-trigger: Entry 1 has no trigger extreme heat to take away (it has none).",
        None,
    ),
    (
        "add an unknown remedy",
        ["edit", "1", "--add-remedy", "unobtainium"],
        2,
        '--add-remedy: Unknown remedy "unobtainium"',
        None,
    ),
    (
        "replace and add at once",
        ["edit", "1", "--where", "neck", "--add-where", "hip"],
        2,
        "--where: The location list is both given whole and added to",
        None,
    ),
    (
        "take away the only place",
        ["edit", "1", "--remove-where", "lower-back"],
        2,
        "--where: Say where it hurts",
        None,
    ),
    (
        "config unknown setting",
        ["config", "set", "colour", "red"],
        2,
        'There is no setting "colour"; painlog config knows where, type, dose.NAME',
        None,
    ),
    (
        "config unknown place",
        ["config", "set", "where", "moon"],
        2,
        'Unknown location "moon"',
        None,
    ),
    ("config unknown type", ["config", "set", "type", "spastisity"], 2, "(did you mean", None),
    (
        "config dose of an unknown remedy",
        ["config", "set", "dose.unobtainium", "10 mg"],
        2,
        'Unknown remedy "unobtainium"',
        None,
    ),
    (
        "config dose without a remedy",
        ["config", "set", "dose", "10 mg"],
        2,
        "A dose setting names its remedy: dose.baclofen",
        None,
    ),
    (
        "config empty value",
        ["config", "set", "type", " "],
        2,
        "The value for type is empty; painlog config unset type removes it.",
        None,
    ),
    (
        "config bad locale",
        ["config", "set", "locale", "english"],
        2,
        '"english" is not a locale',
        None,
    ),
    (
        "config bad check-in time",
        ["config", "set", "checkin-time", "25:00"],
        2,
        '"25:00" is not a time of day; give one such as 21:30 or 9pm.',
        None,
    ),
    ("config unset what is not set", ["config", "unset", "type"], 2, "type is not set", None),
    (
        "config unset unknown",
        ["config", "unset", "colour"],
        2,
        'There is no setting "colour"',
        None,
    ),
    (
        "a second follow-up without --replace",
        ["relief", "1", "--remedy", "baclofen", "--pain-after", "2", "--at", "23:00"],
        2,
        "--replace: Entry 1 already has a follow-up for baclofen (pain 4 at 22:00)",
        _followed_up,
    ),
    (
        "a follow-up days after the remedy",
        ["relief", "1", "--remedy", "baclofen", "--pain-after", "2", "--at", "2026-11-23 09:00"],
        2,
        "--at: The follow-up for baclofen (2026-11-23T09:00",
        None,
    ),
    (
        "revert to a version that is not one",
        ["revert", "1", "--to", "two"],
        2,
        '--to: "two" is not a version; give one as painlog history prints it, such as v2.',
        None,
    ),
    ("revert to v0", ["revert", "1", "--to", "v0"], 2, '--to: "v0" is not a version', None),
    (
        "revert to a version not there",
        ["revert", "1", "--to", "v9"],
        2,
        "versions 1 to 1, not 9",
        None,
    ),
    (
        "history of a version not there",
        ["history", "1", "v9"],
        2,
        "VERSION: Entry 1 has no version v9; painlog history lists its versions.",
        None,
    ),
    ("history of a bad version", ["history", "1", "vv"], 2, 'VERSION: "vv" is not a version', None),
    ("bad duration", ["log", "-p", "5", "-w", "neck", "--duration", "long"], 2, "--duration", None),
    (
        "relief for a remedy the entry lacks",
        ["relief", "1", "--remedy", "ibuprofen", "--pain-after", "3"],
        2,
        "Entry 1 has no remedy ibuprofen",
        None,
    ),
    (
        "relief rating out of range",
        ["relief", "1", "--remedy", "baclofen", "--pain-after", "12"],
        2,
        "--pain-after: Pain afterwards must be from 0 to 10",
        None,
    ),
    (
        "relief with no remedy on an entry that records one",
        ["relief", "1", "--pain-after", "3"],
        2,
        "Entry 1 records baclofen; name the remedy",
        None,
    ),
    (
        "remedies window ends before it starts",
        ["remedies", "--follow-up-from", "60", "--follow-up-to", "30"],
        2,
        "must be later than --follow-up-from",
        None,
    ),
    (
        "remedies window from below zero",
        ["remedies", "--follow-up-from", "-5"],
        2,
        "--follow-up-from must be 0 minutes or more",
        None,
    ),
    (
        "remedies window longer than a week",
        ["remedies", "--follow-up-to", "20000"],
        2,
        "more than a week",
        None,
    ),
    (
        "relief for a missing entry",
        ["relief", "99", "--remedy", "baclofen", "--pain-after", "3"],
        2,
        "There is no entry 99",
        None,
    ),
    ("show a missing entry", ["show", "99"], 2, "There is no entry 99", None),
    ("edit a missing entry", ["edit", "99", "--pain", "3"], 2, "There is no entry 99", None),
    ("delete a missing entry", ["delete", "99"], 2, "There is no entry 99", None),
    ("restore a missing entry", ["restore", "99"], 2, "There is no entry 99", None),
    ("entry id not a number", ["show", "one"], 2, "is not a valid int", None),
    ("edit with nothing", ["edit", "1"], 2, "Nothing to change", None),
    (
        "edit clearing the location",
        ["edit", "1", "--clear", "where"],
        2,
        "--clear: Only type, quality",
        None,
    ),
    (
        "list from after to",
        ["list", "--from", "2026-11-20", "--to", "2026-11-01"],
        2,
        "--from: The first day, 2026-11-20, is after the last day",
        None,
    ),
    (
        "days from after to",
        ["days", "--from", "2026-11-20", "--to", "2026-11-01"],
        2,
        "--from: The first day, 2026-11-20, is after the last day",
        None,
    ),
    ("list with unknown type", ["list", "--type", "bogus"], 2, 'Unknown pain type "bogus"', None),
    (
        "unreadable day",
        ["day", "--date", "someday", "--avg", "3"],
        2,
        '--date: "someday" is not a day',
        None,
    ),
    (
        "day rating out of range",
        ["day", "--avg", "12"],
        2,
        "--avg: Average pain must be from 0 to 10",
        None,
    ),
    ("day with nothing", ["day"], 2, "Nothing to record", None),
    (
        "day with a blank note",
        ["day", "--avg", "3", "--note", "  "],
        2,
        "--note needs some text",
        None,
    ),
    (
        "day with a blank exposure",
        ["day", "--exposure", " , "],
        2,
        "An exposure needs a name",
        None,
    ),
    (
        "unknown exposure",
        ["day", "--avg", "3", "--exposure", "moon"],
        2,
        'Unknown trigger "moon"',
        None,
    ),
    ("own remedy without kind", ["vocab", "add", "remedy", "cold pack"], 2, "--kind", None),
    ("unknown vocabulary kind", ["vocab", "feelings"], 2, "not a kind of term", None),
    ("unknown option", ["log", "--pian", "5"], 2, "No such option", None),
    ("huge entry id", ["show", "99999999999999999999"], 2, "not in the range", None),
    ("huge limit", ["list", "--limit", "99999999999999999999"], 2, "not in the range", None),
    (
        "huge ago",
        ["log", "-p", "5", "-w", "neck", "--at", "99999999 days ago"],
        2,
        '--at: "',
        None,
    ),
    (
        "year 1",
        ["log", "-p", "5", "-w", "neck", "--at", "0001-01-01 00:00"],
        2,
        '--at: "',
        None,
    ),
    (
        "year 1800",
        ["log", "-p", "5", "-w", "neck", "--at", "1800-01-01 10:00"],
        2,
        "before 1900",
        None,
    ),
    ("5000-digit pain", ["log", "-p", "9" * 5000, "-w", "neck"], 2, "whole number", None),
    (
        "5000-digit duration",
        ["log", "-p", "5", "-w", "neck", "-d", "9" * 5000],
        2,
        "--duration",
        None,
    ),
    ("huge days ago", ["list", "--from", "99999999 days ago"], 2, '--from: "', None),
    ("empty --db", ["list", "--db", ""], 2, "--db was given an empty path", None),
    (
        "relief in the future",
        ["relief", "1", "--remedy", "baclofen", "--pain-after", "3", "--at", "2099-01-01 10:00"],
        2,
        "from now; the diary records what has happened",
        None,
    ),
    (
        "edit into the future",
        ["edit", "1", "--at", "2099-01-01 10:00"],
        2,
        "from now; the diary records what has happened",
        None,
    ),
    ("day tomorrow", ["day", "--date", "2099-01-01", "--avg", "3"], 2, "in the future", None),
    (
        "set and clear at once",
        ["edit", "1", "--note", "new", "--clear", "note"],
        2,
        "both given and cleared",
        None,
    ),
    (
        "exposure added and removed",
        ["day", "--exposure", "heat", "--remove-exposure", "extreme heat"],
        2,
        "both added and removed",
        None,
    ),
    ("own name with a comma", ["vocab", "add", "trigger", "hot, humid day"], 2, "separator", None),
    (
        "own remedy with a colon",
        ["vocab", "add", "remedy", "TENS: low", "--kind", "device"],
        2,
        "separator",
        None,
    ),
    (
        "remedy taken days away",
        [
            "log",
            "-p",
            "5",
            "-w",
            "neck",
            "--at",
            "2026-11-20 10:00",
            "--remedy",
            "baclofen@2026-11-10 10:00",
        ],
        2,
        "more than a day away",
        None,
    ),
    (
        "report from after to",
        ["report", "--from", "2026-11-20", "--to", "2026-11-01"],
        2,
        "--from: The first day, 2026-11-20, is after the last day",
        None,
    ),
    ("report unknown format", ["report", "--format", "docx"], 2, "--format must be", None),
    ("report unknown paper", ["report", "--paper", "a3"], 2, "--paper must be a4 or letter", None),
    (
        "report into a missing folder",
        ["report", "-o", "/no/such/painlog/folder/summary.pdf"],
        2,
        "does not exist",
        None,
    ),
    (
        "report empty question",
        ["report", "--question", " "],
        2,
        "--question: A question is empty",
        None,
    ),
    ("weeks beyond 1900", ["trends", "--weeks", "200000"], 2, "weeks reach back before 1900", None),
    ("to after 2100", ["triggers", "--lag", "1", "--to", "9999-12-31"], 2, "after 2100", None),
    ("report to an unknown ending", ["report", "-o", "summary.txt"], 2, "end it in .pdf", None),
    (
        "report onto a device",
        ["report", "-o", "/dev/null", "--force"],
        2,
        "not an ordinary file",
        None,
    ),
    (
        "unknown event kind",
        ["event", "add", "relaps", "--from", "2026-03-01"],
        2,
        'Unknown event kind "relaps" (did you mean relapse?)',
        None,
    ),
    (
        "event ending before it starts",
        ["event", "add", "infection", "--from", "2026-03-10", "--to", "2026-03-01"],
        2,
        "The end day 2026-03-01 is before the start day 2026-03-10",
        None,
    ),
    (
        "event starting in the future",
        ["event", "add", "mri", "--from", "2099-01-01"],
        2,
        "The start day 2099-01-01 is in the future",
        None,
    ),
    (
        "second relapse over an open one",
        ["event", "add", "relapse", "--from", "2026-03-05"],
        2,
        "no end day yet, and this one overlaps it",
        _open_relapse,
    ),
    ("event without --from", ["event", "add", "fall"], 2, "Say when it started with --from", None),
    (
        "dose on a fall",
        ["event", "add", "fall", "--from", "2026-03-01", "--dose", "1 g"],
        2,
        "A dose belongs to a steroid course only, not to a fall.",
        None,
    ),
    (
        "unknown kind of visit",
        ["event", "add", "visit", "--from", "2026-03-01", "--with", "neurolgist"],
        2,
        'Unknown kind of visit "neurolgist" (did you mean neurologist?)',
        None,
    ),
    ("edit a missing event", ["event", "edit", "9", "--to", "2026-03-01"], 2, "no event 9", None),
    (
        "exclude an unknown kind",
        ["triggers", "--exclude", "relapse,flu"],
        2,
        'Unknown event kind "flu"',
        None,
    ),
    (
        "since-visit with no visit",
        ["report", "--since-visit"],
        2,
        "No visit is recorded yet",
        None,
    ),
    (
        "blank trigger on edit",
        ["edit", "1", "--trigger", " "],
        2,
        "Give at least one trigger, or use --clear trigger",
        None,
    ),
    ("comma as quality", ["edit", "1", "--quality", ","], 2, "use --clear quality", None),
    ("blank note on edit", ["edit", "1", "--note", "   "], 2, "use --clear note", None),
    ("note not UTF-8", ["log", "-p", "5", "-w", "neck", "--note", "\udcff"], 2, "UTF-8", None),
    ("history limit huge", ["history", "--limit", "9" * 20], 2, "--limit", None),
    ("from year 9999", ["trends", "--from", "9999-12-31"], 2, "after 2100", None),
    ("diary in memory", ["--db", ":memory:", "list"], 2, "not a file", None),
    ("name too long", ["export", "-o", "n" * 300 + ".json"], 2, "at most 255", None),
    (
        "skipped clock time",
        ["log", "-p", "5", "-w", "neck", "--at", "2026-03-29 02:30"],
        2,
        "give 01:59 or 03:00 instead",
        None,
    ),
    ("read-only diary", ["log", "-p", "5", "-w", "neck"], 1, "read-only", _make_read_only),
    ("not a painlog diary", ["list"], 1, "is not a painlog diary", _not_a_diary),
]


# Times refused for lying ahead, typed at a fixed moment: a Wednesday, 11:00 in Berlin.
LATER_TODAY = datetime(2026, 11, 25, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))
LATER_CASES: list[tuple[str, list[str], int, str, Callable[[Path], None] | None]] = [
    (
        "--at later today",
        ["log", "-p", "5", "-w", "neck", "--at", "today 14:00"],
        2,
        '--at: "today 14:00" is 3 hours from now; did you mean "yesterday 14:00"?',
        None,
    ),
    (
        "--at this evening in the morning",
        ["log", "-p", "5", "-w", "neck", "--at", "this evening"],
        2,
        '--at: "this evening" is 8 hours from now; did you mean "yesterday 19:00"?',
        None,
    ),
    (
        "--at a spoken date later today",
        ["log", "-p", "5", "-w", "neck", "--at", "25 Nov 9pm"],
        2,
        '--at: "25 Nov 9pm" is 10 hours from now; did you mean "yesterday 21:00"?',
        None,
    ),
    (
        "remedy taken later today",
        ["log", "-p", "5", "-w", "neck", "-r", "baclofen@21:00", "--at", "10:00"],
        2,
        '--remedy: "21:00" is 10 hours from now; did you mean "yesterday 21:00"?',
        None,
    ),
    (
        "relief later today",
        ["relief", "1", "--remedy", "baclofen", "--pain-after", "3", "--at", "today 11:30"],
        2,
        '--at: "today 11:30" is 30 minutes from now; did you mean "yesterday 11:30"?',
        None,
    ),
]


@pytest.mark.parametrize(
    ("args", "status", "message", "prepare"),
    [case[1:] for case in LATER_CASES],
    ids=[case[0] for case in LATER_CASES],
)
@pytest.mark.usefixtures("berlin")
def test_a_time_ahead_is_refused_with_its_likely_meaning(
    cli: CliRun,
    seeded: Path,
    args: list[str],
    status: int,
    message: str,
    prepare: Callable[[Path], None] | None,
) -> None:
    with time_machine.travel(LATER_TODAY, tick=False):
        test_bad_input_is_refused_and_changes_nothing(seeded, cli, args, status, message, prepare)


@pytest.mark.parametrize(
    ("args", "status", "message", "prepare"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
@pytest.mark.usefixtures("berlin")  # a row gives a time Berlin's spring change skips
def test_bad_input_is_refused_and_changes_nothing(
    seeded: Path,
    cli: CliRun,
    args: list[str],
    status: int,
    message: str,
    prepare: Callable[[Path], None] | None,
) -> None:
    if prepare is not None:
        prepare(seeded)
    before = seeded.read_bytes() if prepare is _not_a_diary else dump(seeded)
    try:
        result = cli(*args)
        assert result.exit_code == status, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("painlog: ")
        assert message in lines[0]
        assert "Traceback" not in result.output
        after = seeded.read_bytes() if prepare is _not_a_diary else dump(seeded)
        assert after == before
    finally:
        seeded.chmod(0o600)


def test_a_folder_that_cannot_be_created(cli: CliRun, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    result = cli("log", "-p", "5", "-w", "neck", "--db", str(blocker / "sub" / "diary.db"))
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("painlog: Cannot create the diary")
    assert len(result.stderr.strip().splitlines()) == 1
    assert blocker.read_text() == "a file where a folder should be"


def test_debug_shows_the_traceback(cli: CliRun) -> None:
    result = cli("--debug", "show", "99")
    assert result.exit_code != 0
    assert result.exception is not None  # raised, not turned into one line


def test_interrupt_is_exit_130(cli: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    from painlog.services import entries

    def interrupted(**_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(entries, "list_entries", interrupted)
    result = cli("list")
    assert result.exit_code == 130
    assert "interrupted" in result.stderr


def test_a_file_that_is_not_ordinary_is_never_replaced(
    seeded: Path, cli: CliRun, tmp_path: Path
) -> None:
    import os

    pipe = tmp_path / "a-pipe.pdf"
    os.mkfifo(pipe)  # stands for a device: --force must not replace it
    for args in (["report", "-o", str(pipe), "--force"], ["export", "-o", str(pipe), "--force"]):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert "not an ordinary file" in result.stderr
        assert pipe.is_fifo()
