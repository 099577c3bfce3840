"""The journal commands through the CLI: output, JSON shapes, prompts, help."""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

import pytest
from typer._click.core import Command
from typer.core import TyperGroup as Group
from typer.main import get_command

from painlog import __version__
from painlog.cli import COMMANDS, build_app
from tests.conftest import CliRun

pytestmark = pytest.mark.clock

SHOW_KEYS = [
    "id",
    "occurred_at",
    "day",
    "intensity",
    "pain_type",
    "locations",
    "qualities",
    "triggers",
    "duration_minutes",
    "note",
    "remedies",
    "pain_after",
    "pain_after_at",
]
REMEDY_KEYS = ["remedy", "dose", "taken_at", "pain_after", "pain_after_at"]
DAY_KEYS = [
    "day",
    "average_pain",
    "worst_pain",
    "enjoyment",
    "activity",
    "sleep_quality",
    "fatigue",
    "spasticity",
    "exposures",
    "remedies",
    "note",
    "peg",
]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def log_full(cli: CliRun) -> None:
    ok(
        cli(
            "log",
            "--pain",
            "7",
            "--type",
            "spasticity",
            "--where",
            "lower-back",
            "--quality",
            "tight",
            "--trigger",
            "heat",
            "--trigger",
            "tight clothing",
            "--remedy",
            "baclofen:10 mg",
            "--at",
            "2026-11-20 21:30",
            "--duration",
            "45",
            "--note",
            "hot evening",
        )
    )


def test_log_prints_id_and_summary(cli: CliRun) -> None:
    result = ok(
        cli(
            "log", "-p", "7", "-t", "spasticity", "-w", "lower-back,hip", "--at", "2026-11-20 21:30"
        )
    )
    assert result.stdout.startswith(
        "Logged entry 1: Fri 20 Nov 2026 21:30 · pain 7/10 · spasticity"
    )
    assert "lower back, hip" in result.stdout


@pytest.mark.usefixtures("berlin")
def test_show_json_has_exactly_the_documented_keys(cli: CliRun) -> None:
    log_full(cli)
    ok(cli("relief", "1", "--remedy", "baclofen", "--pain-after", "3", "--at", "2026-11-20 22:30"))
    data = json.loads(ok(cli("show", "1", "--json")).stdout)
    assert list(data) == SHOW_KEYS
    assert data["occurred_at"] == "2026-11-20T21:30:00+01:00"
    assert data["day"] == "2026-11-20"
    assert data["locations"] == ["lower-back"]
    assert data["triggers"] == ["heat", "tight-clothing"]
    assert data["duration_minutes"] == 45
    [remedy] = data["remedies"]
    assert list(remedy) == REMEDY_KEYS
    assert remedy == {
        "remedy": "baclofen",
        "dose": "10 mg",
        "taken_at": "2026-11-20T21:30:00+01:00",
        "pain_after": 3,
        "pain_after_at": "2026-11-20T22:30:00+01:00",
    }


@pytest.mark.usefixtures("berlin")
def test_show_text(cli: CliRun) -> None:
    log_full(cli)
    text = ok(cli("show", "1")).stdout
    assert "Entry 1  Fri 20 Nov 2026 21:30 (UTC+01:00)" in text
    assert re.search(r"Triggers\s+Extreme heat, Tight clothing", text)
    assert "Baclofen 10 mg at 21:30" in text


def test_list_table_json_and_limit(cli: CliRun) -> None:
    for hour in range(8, 13):
        ok(cli("log", "--pain", str(hour - 5), "--where", "neck", "--at", f"2026-11-20 {hour}:00"))
    table = ok(cli("list", "--limit", "3")).stdout
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["ID", "When", "Pain"]
    assert [line.split()[0] for line in lines[2:5]] == ["5", "4", "3"]
    assert "3 of 5 entries shown" in table
    data = json.loads(ok(cli("list", "--json", "--limit", "0")).stdout)
    assert [d["id"] for d in data] == [5, 4, 3, 2, 1]
    assert all(list(d) == SHOW_KEYS for d in data)
    assert ok(cli("list", "--from", "2026-11-21")).stdout.strip() == "No entries match."


def test_days_json_keys_and_peg(cli: CliRun) -> None:
    ok(
        cli(
            "day",
            "--date",
            "2026-11-20",
            "--avg",
            "4",
            "--worst",
            "7",
            "--enjoyment",
            "5",
            "--activity",
            "6",
            "--sleep",
            "5",
            "--fatigue",
            "6",
            "--spasticity",
            "5",
            "--exposure",
            "heat",
            "--note",
            "hot and humid",
        )
    )
    ok(cli("day", "--date", "2026-11-19", "--avg", "3"))
    data = json.loads(ok(cli("days", "--json")).stdout)
    assert [d["day"] for d in data] == ["2026-11-20", "2026-11-19"]
    assert list(data[0]) == DAY_KEYS
    assert data[0]["peg"] == 5.0
    assert data[0]["exposures"] == ["heat"]
    assert data[1]["peg"] is None
    text = ok(cli("days")).stdout
    assert "Fri 2026-11-20" in text and "Extreme heat" in text


def test_day_again_updates(cli: CliRun) -> None:
    assert ok(cli("day", "--date", "yesterday", "--avg", "4")).stdout.startswith("Recorded")
    assert ok(cli("day", "--date", "yesterday", "--worst", "8")).stdout.startswith("Updated")
    [data] = json.loads(ok(cli("days", "--json")).stdout)
    assert (data["average_pain"], data["worst_pain"]) == (4, 8)


def test_edit_delete_restore(cli: CliRun) -> None:
    log_full(cli)
    ok(cli("edit", "1", "--pain", "5", "--trigger", "stress", "--clear", "note"))
    data = json.loads(ok(cli("show", "1", "--json")).stdout)
    assert (data["intensity"], data["triggers"], data["note"]) == (5, ["stress"], None)
    assert "restore 1" in ok(cli("delete", "1")).stdout
    assert ok(cli("list")).stdout.strip() == "No entries match."
    assert [e["id"] for e in json.loads(ok(cli("list", "--deleted", "--json")).stdout)] == [1]
    ok(cli("restore", "1"))
    assert json.loads(ok(cli("list", "--json")).stdout)[0]["id"] == 1


@pytest.mark.usefixtures("berlin")
def test_interactive_log_asks_and_reasks(cli: CliRun) -> None:
    answers = "\n".join(
        [
            "eleven",  # refused, asked again
            "6",
            "nerve pain",
            "",  # required: asked again
            "lower back, hip",
            "burning",
            "hot weather",
            "2026-11-20 21:30",
            "ibuprofen:400 mg@21:45",
            "30",
            "typed at the prompt",
        ]
    )
    result = ok(cli("log", "--interactive", input=answers + "\n"))
    assert "must be a whole number" in result.output
    assert "This one is needed" in result.output
    data = json.loads(ok(cli("show", "1", "--json")).stdout)
    assert data["intensity"] == 6
    assert data["pain_type"] == "neuropathic"
    assert data["locations"] == ["lower-back", "hip"]
    assert data["triggers"] == ["heat"]
    assert data["remedies"][0]["dose"] == "400 mg"
    assert data["remedies"][0]["taken_at"] == "2026-11-20T21:45:00+01:00"  # near the episode
    assert data["duration_minutes"] == 30
    assert data["note"] == "typed at the prompt"


def test_interactive_log_asks_only_for_what_options_did_not_give(cli: CliRun) -> None:
    answers = ["5", "lower back", "", "", "", "", ""]  # pain, where, then skip the rest
    result = ok(
        cli(
            "log",
            "-i",
            "--type",
            "neuropathic",
            "--trigger",
            "heat",
            "--note",
            "x",
            input="\n".join(answers) + "\n",
        )
    )
    assert "Pain type" not in result.output and "Triggers" not in result.output
    data = json.loads(ok(cli("show", "1", "--json")).stdout)
    assert (data["pain_type"], data["triggers"], data["note"]) == ("neuropathic", ["heat"], "x")
    assert (data["intensity"], data["locations"]) == (5, ["lower-back"])


def test_version(cli: CliRun) -> None:
    assert ok(cli("--version")).stdout.strip() == f"painlog {__version__}"


def _all_commands(group: Group, prefix: str = "") -> dict[str, Command]:
    found: dict[str, Command] = {}
    for name, command in group.commands.items():
        found[f"{prefix}{name}"] = command
        if isinstance(command, Group):
            found.update(_all_commands(command, f"{prefix}{name} "))
    return found


def _command_paths() -> list[str]:
    group = get_command(build_app())
    assert isinstance(group, Group)
    return sorted(_all_commands(group))


def test_the_help_test_sees_every_command_and_subcommand() -> None:
    paths = _command_paths()
    assert set(COMMANDS) <= set(paths)
    assert {"db backup", "db check", "vocab add", "vocab list"} <= set(paths)


@pytest.mark.parametrize("path", _command_paths())
def test_every_command_has_help_ending_with_an_example(cli: CliRun, path: str) -> None:
    """Every command and subcommand, groups too: --help ends with a runnable example."""
    group = get_command(build_app())
    assert isinstance(group, Group)
    command = _all_commands(group)[path]
    assert "Example: painlog" in ok(cli(*path.split(), "--help")).stdout, path
    if not isinstance(command, Group):
        docstring = inspect.cleandoc(command.callback.__doc__ or "") if command.callback else ""
        last_paragraph = docstring.split("\n\n")[-1]
        assert last_paragraph.startswith(f"Example: painlog {path}"), path


def test_every_command_is_registered_for_lazy_building() -> None:
    group = get_command(build_app())
    assert isinstance(group, Group)
    assert set(group.commands) == set(COMMANDS)
    for name in COMMANDS:
        single = get_command(build_app(name))
        assert isinstance(single, Group)
        assert name in single.commands


def test_table_cells_keep_their_indent_and_show_a_multi_line_note_on_one_line() -> None:
    from painlog.render.table import render_table

    text = render_table(
        ["Name", "Note"], [["Remedy", "first line\nsecond  line"], ["  by type", "-"]]
    )
    lines = text.splitlines()
    assert lines[2].endswith("first line second  line")
    assert lines[3].startswith("  by type")
    assert len(lines) == 4
