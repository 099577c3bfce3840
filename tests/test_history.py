"""Every change is kept; an earlier version can be brought back, and that is kept too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from painlog.models import Change
from tests.conftest import CliRun
from tests.exchange_helpers import session_on

pytestmark = pytest.mark.clock


def _ok(cli: CliRun, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _changes(db: Path) -> list[tuple[str, int, str]]:
    with session_on(db) as session:
        rows = session.scalars(select(Change).order_by(Change.id)).all()
        return [(c.record_kind, c.version, c.action) for c in rows]


def test_every_change_to_an_entry_is_a_version(cli: CliRun, db_path: Path) -> None:
    _ok(cli, "log", "--pain", "7", "--where", "lower-back", "--remedy", "baclofen:10 mg",
        "--at", "yesterday 08:00")  # fmt: skip
    _ok(cli, "edit", "1", "--pain", "6", "--trigger", "heat")
    _ok(cli, "relief", "1", "--remedy", "baclofen", "--pain-after", "3", "--at", "yesterday 09:00")
    _ok(cli, "delete", "1")
    _ok(cli, "restore", "1")
    assert _changes(db_path) == [
        ("entry", 1, "create"),
        ("entry", 2, "edit"),
        ("entry", 3, "relief"),
        ("entry", 4, "delete"),
        ("entry", 5, "restore"),
    ]
    with session_on(db_path) as session:
        edit = session.scalars(select(Change).where(Change.version == 2)).one()
        assert edit.before is not None
        assert (edit.before["intensity"], edit.after["intensity"]) == (7, 6)
        assert edit.after["triggers"] == ["heat"]
    shown = _ok(cli, "history", "1")
    assert "Entry 1: 5 versions" in shown
    assert "pain 7 → 6" in shown
    assert "painlog revert 1 --to VERSION" in shown


def test_a_change_that_changes_nothing_is_not_a_version(cli: CliRun, db_path: Path) -> None:
    _ok(cli, "log", "--pain", "5", "--where", "neck")
    _ok(cli, "edit", "1", "--pain", "5")
    assert _changes(db_path) == [("entry", 1, "create")]


def test_revert_brings_a_version_back_and_is_itself_kept(cli: CliRun, db_path: Path) -> None:
    _ok(cli, "log", "--pain", "7", "--where", "lower-back", "--trigger", "heat")
    _ok(cli, "edit", "1", "--pain", "3", "--where", "neck", "--clear", "trigger")
    out = _ok(cli, "revert", "1", "--to", "1")
    assert "Brought entry 1 back to version 1 (saved as version 3)" in out
    shown = json.loads(_ok(cli, "show", "1", "--json"))
    assert (shown["intensity"], shown["locations"], shown["triggers"]) == (
        7,
        ["lower-back"],
        ["heat"],
    )
    versions = json.loads(_ok(cli, "history", "1", "--json"))
    assert [v["action"] for v in versions] == ["create", "edit", "revert"]
    assert versions[2]["detail"] == "to version 1"
    assert versions[2]["before"]["intensity"] == 3
    # ...and the revert can itself be undone.
    _ok(cli, "revert", "1", "--to", "2")
    assert json.loads(_ok(cli, "show", "1", "--json"))["intensity"] == 3


def test_revert_can_bring_back_a_deleted_state(cli: CliRun) -> None:
    _ok(cli, "log", "--pain", "4", "--where", "hip")
    _ok(cli, "delete", "1")
    _ok(cli, "restore", "1")
    _ok(cli, "revert", "1", "--to", "2")
    assert "No entries" in _ok(cli, "list")


def test_revert_refusals(cli: CliRun) -> None:
    _ok(cli, "log", "--pain", "4", "--where", "hip")
    for args, message in (
        (("revert", "1", "--to", "9"), "has versions 1 to 1, not 9"),
        (("revert", "1", "--to", "1"), "already as it was in version 1"),
        (("revert", "7", "--to", "1"), "There is no entry 7"),
        (("revert", "1"), "Say which version"),
        (("revert", "--to", "1"), "Give an entry id, --day DAY or --event"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert message in result.stderr


def test_check_in_history_and_revert(cli: CliRun) -> None:
    _ok(cli, "day", "--date", "2026-03-01", "--avg", "4", "--exposure", "heat")
    _ok(cli, "day", "--date", "2026-03-01", "--avg", "6", "--remove-exposure", "heat")
    shown = _ok(cli, "history", "--day", "2026-03-01")
    assert "2 versions" in shown and "avg 4 → 6" in shown
    out = _ok(cli, "revert", "--day", "2026-03-01", "--to", "1")
    assert "saved as version 3" in out
    day = json.loads(_ok(cli, "days", "--json"))[0]
    assert (day["average_pain"], day["exposures"]) == (4, ["heat"])


def test_recent_changes_across_the_diary(cli: CliRun) -> None:
    assert "No changes recorded yet." in _ok(cli, "history")
    _ok(cli, "log", "--pain", "4", "--where", "hip")
    _ok(cli, "day", "--avg", "3")
    _ok(cli, "delete", "1")
    shown = _ok(cli, "history")
    lines = shown.splitlines()
    assert "entry 1" in lines[2] and "deleted" in lines[2]  # newest first
    recent = json.loads(_ok(cli, "history", "--json", "--limit", "2"))
    assert [r["action"] for r in recent] == ["delete", "create"]
    assert recent[0]["entry_id"] == 1 and recent[1]["record"] == "checkin"


def test_imports_are_kept_in_history(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    _ok(cli, "log", "--pain", "4", "--where", "hip")
    _ok(cli, "export", "-o", str(tmp_path / "a.json"))
    other = tmp_path / "other.db"
    result = cli("import", str(tmp_path / "a.json"), "--db", str(other))
    assert result.exit_code == 0, result.output
    versions = json.loads(_ok(cli, "history", "1", "--json", "--db", str(other)))
    assert [(v["action"], v["detail"]) for v in versions] == [("import", "from a.json")]
