"""painlog undo: the latest change of any kind is reversed, and undo again walks further back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine

from tests.conftest import WEDNESDAY, CliRun, count_rows, dump

pytestmark = pytest.mark.usefixtures("fixed_wednesday")  # its days are written for that moment


@pytest.fixture
def step() -> Iterator[object]:
    """Move the clock on a minute per command, so changes in two tables have an order."""
    minutes = [0]

    def advance() -> None:
        minutes[0] += 1
        traveller.move_to(WEDNESDAY + timedelta(minutes=minutes[0]))

    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield advance


def ok(cli: CliRun, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.output.strip()


def show(cli: CliRun, entry: str) -> dict[str, object]:
    data = json.loads(ok(cli, "show", entry, "--json"))
    assert isinstance(data, dict)
    return data


def test_undo_walks_back_through_log_edit_relief_delete(cli: CliRun, step, db_path: Path) -> None:
    ok(
        cli,
        "log",
        "6",
        "-t",
        "spasticity",
        "-w",
        "lower-back",
        "-T",
        "heat",
        "-r",
        "baclofen",
        "--at",
        "09:00",
    )
    step()
    ok(cli, "edit", "1", "--pain", "8", "--add-trigger", "stress")
    step()
    ok(cli, "relief", "1", "-r", "baclofen", "--pain-after", "3", "--at", "10:00")
    step()
    ok(cli, "delete", "1")
    step()

    assert ok(cli, "undo") == "Undid deleting entry 1; it is back."
    assert [e["id"] for e in json.loads(ok(cli, "list", "--json"))] == [1]
    step()

    line = ok(cli, "undo")
    assert line.startswith("Undid the follow-up on entry 1 (")
    remedies = show(cli, "1")["remedies"]
    assert isinstance(remedies, list)
    assert [r["pain_after"] for r in remedies] == [None]
    step()

    line = ok(cli, "undo")
    assert line.startswith("Undid the edit of entry 1 (")
    assert "pain" in line
    entry = show(cli, "1")
    assert entry["intensity"] == 6
    assert entry["triggers"] == ["heat"]
    step()

    assert ok(cli, "undo") == "Undid logging entry 1 (pain 6); painlog restore 1 brings it back."
    assert "1" not in ok(cli, "list").split()
    step()

    before = dump(db_path)
    result = cli("undo")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "painlog: There is nothing to undo: no change in this diary is left to reverse."
    )
    assert dump(db_path) == before


def test_undo_is_kept_in_the_history(cli: CliRun, step) -> None:
    ok(cli, "log", "5", "-w", "lower-back", "--at", "09:00")
    step()
    ok(cli, "edit", "1", "--pain", "7")
    step()
    ok(cli, "undo")
    history = ok(cli, "history", "1")
    assert "undo of change 2" in history
    assert show(cli, "1")["intensity"] == 5


def test_undo_of_a_new_check_in_removes_it_and_of_an_edit_puts_ratings_back(
    cli: CliRun, step, db_path: Path
) -> None:
    ok(cli, "day", "--avg", "4", "--worst", "7")
    step()
    ok(cli, "day", "--fatigue", "8", "--avg", "5")
    step()
    line = ok(cli, "undo")
    assert line.startswith("Undid the change to the check-in for Wed 25 Nov 2026 (")
    days = json.loads(ok(cli, "days", "--json"))
    assert days[0]["average_pain"] == 4
    assert days[0]["fatigue"] is None
    step()
    assert ok(cli, "undo") == (
        "Undid the check-in for Wed 25 Nov 2026; that day has no check-in now."
    )
    assert count_rows(db_path, "day_checkins") == 0
    step()
    ok(cli, "day", "--avg", "3")
    assert count_rows(db_path, "day_checkins") == 1


def test_undo_of_an_event_and_across_tables(cli: CliRun, step) -> None:
    ok(cli, "log", "5", "-w", "lower-back", "--at", "09:00")
    step()
    ok(cli, "event", "add", "relapse", "--from", "2026-11-20")
    step()
    ok(cli, "edit", "1", "--pain", "6")
    step()
    assert ok(cli, "undo").startswith("Undid the edit of entry 1")
    step()
    assert ok(cli, "undo") == (
        "Undid adding event 1 (relapse from 2026-11-20); painlog event restore 1 brings it back."
    )
    assert "relapse" not in ok(cli, "event", "list")
    step()
    assert ok(cli, "undo").startswith("Undid logging entry 1")


def test_undo_of_an_import_reverses_all_of_it_and_nothing_else(
    cli: CliRun, step, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "source.db"
    monkeypatch.setenv("PAINLOG_DB", str(source))
    ok(cli, "log", "5", "-w", "lower-back", "--at", "08:00")
    ok(cli, "log", "7", "-w", "neck", "--at", "09:00")
    ok(cli, "day", "--avg", "4")
    ok(cli, "export", "-o", str(tmp_path / "out.json"))

    target = tmp_path / "target.db"
    monkeypatch.setenv("PAINLOG_DB", str(target))
    step()
    ok(cli, "log", "3", "-w", "hip", "--at", "07:00")
    step()
    ok(cli, "import", str(tmp_path / "out.json"))
    step()
    assert ok(cli, "undo") == (
        "Undid the import from out.json: 2 entries and 1 check-in as they were before it."
    )
    listed = json.loads(ok(cli, "list", "--json"))
    assert [e["intensity"] for e in listed] == [3]
    assert count_rows(target, "day_checkins") == 0
    step()
    assert ok(cli, "undo").startswith("Undid logging entry 1 (pain 3)")
