"""The short ways in: the pain first, short flags, --again, adding to and taking from lists."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import CliRun

pytestmark = pytest.mark.clock


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def shown(cli: CliRun, entry_id: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli("show", str(entry_id), "--json")).stdout)
    return data


def test_the_pain_first_and_the_short_flags(cli: CliRun) -> None:
    out = ok(
        cli(
            "log",
            "6",
            "-w",
            "lower-back",
            "-t",
            "spasticity",
            "-T",
            "heat",
            "-T",
            "stress",
            "-Q",
            "tight",
            "-r",
            "baclofen:10 mg",
            "--at",
            "2026-11-24 21:00",
            "-q",
        )
    ).stdout
    assert out.startswith("Logged entry 1: ")
    assert "articles" not in out  # -q is quiet now
    entry = shown(cli, 1)
    assert entry["intensity"] == 6
    assert entry["triggers"] == ["heat", "stress"]
    assert entry["qualities"] == ["tight"]
    assert [r["remedy"] for r in entry["remedies"]] == ["baclofen"]


def test_the_same_pain_twice_is_fine_two_different_ones_are_not(cli: CliRun) -> None:
    ok(cli("log", "6", "--pain", "6", "-w", "neck", "-q"))
    refused = cli("log", "6", "--pain", "5", "-w", "neck", "-q")
    assert refused.exit_code == 2
    assert "--pain: The pain is given twice, as 6 and as 5" in refused.stderr


def test_again_copies_the_last_entry_with_a_new_pain_and_time(cli: CliRun) -> None:
    ok(
        cli(
            "log",
            "7",
            "-w",
            "lower-back,hip",
            "-t",
            "spasticity",
            "-T",
            "heat",
            "-Q",
            "tight",
            "-r",
            "baclofen:10 mg@21:40",
            "--at",
            "2026-11-24 21:30",
            "-d",
            "45",
            "-n",
            "bad one",
        )
    )
    ok(relief := cli("relief", "1", "-r", "baclofen", "--pain-after", "3", "--at", "22:30"))
    assert "7 → 3" in relief.stdout
    ok(cli("log", "--again", "4", "--at", "yesterday morning", "-q"))
    again = shown(cli, 2)
    assert again["intensity"] == 4
    yesterday = date.today() - timedelta(days=1)  # the pinned clock's
    assert again["occurred_at"].startswith(f"{yesterday.isoformat()}T08:00")
    assert again["pain_type"] == "spasticity"
    assert again["locations"] == ["lower-back", "hip"]
    assert again["qualities"] == ["tight"]
    assert again["triggers"] == ["heat"]
    (remedy,) = again["remedies"]
    assert (remedy["remedy"], remedy["dose"]) == ("baclofen", "10 mg")
    assert remedy["taken_at"] == again["occurred_at"]  # the new episode's time
    assert remedy["pain_after"] is None  # the old follow-up is not copied
    assert again["duration_minutes"] is None and again["note"] is None


def test_again_takes_the_latest_entry_and_lets_options_replace(cli: CliRun) -> None:
    ok(cli("log", "5", "-w", "neck", "-T", "stress", "--at", "2026-11-24 09:00", "-q"))
    ok(cli("log", "6", "-w", "lower-back", "-T", "heat", "--at", "2026-11-20 09:00", "-q"))
    ok(cli("log", "-a", "-p", "3", "-T", "cold", "-q"))
    again = shown(cli, 3)
    assert again["locations"] == ["neck"]  # from entry 1, the latest by time
    assert again["triggers"] == ["cold"]


def test_again_refuses_without_an_entry_or_a_pain(cli: CliRun) -> None:
    first = cli("log", "--again", "4")
    assert first.exit_code == 2
    assert "--again: There is no entry to repeat yet" in first.stderr
    ok(cli("log", "5", "-w", "neck", "-q"))
    no_pain = cli("log", "--again")
    assert no_pain.exit_code == 2
    assert "--pain: Say how bad the pain is now" in no_pain.stderr


def test_edit_adds_and_takes_away_one_name_at_a_time(cli: CliRun) -> None:
    ok(
        cli(
            "log",
            "6",
            "-w",
            "lower-back",
            "-T",
            "heat,stress",
            "-Q",
            "tight",
            "-r",
            "baclofen:10 mg",
            "--at",
            "2026-11-24 21:00",
            "-q",
        )
    )
    ok(cli("relief", "1", "-r", "baclofen", "--pain-after", "3", "--at", "22:00"))
    ok(
        cli(
            "edit",
            "1",
            "--add-trigger",
            "cold",
            "--remove-trigger",
            "heat",
            "--add-where",
            "hip",
            "--remove-quality",
            "tight",
            "--add-quality",
            "burning",
            "--add-remedy",
            "ibuprofen:400 mg",
        )
    )
    entry = shown(cli, 1)
    assert entry["triggers"] == ["stress", "cold"]
    assert entry["locations"] == ["lower-back", "hip"]
    assert entry["qualities"] == ["burning"]
    baclofen, ibuprofen = entry["remedies"]
    assert (baclofen["dose"], baclofen["pain_after"]) == ("10 mg", 3)  # its relief kept
    assert (ibuprofen["remedy"], ibuprofen["dose"]) == ("ibuprofen", "400 mg")
    ok(cli("edit", "1", "--remove-remedy", "baclofen", "--add-remedy", "ibuprofen:200 mg"))
    (left,) = shown(cli, 1)["remedies"]
    assert (left["remedy"], left["dose"]) == ("ibuprofen", "200 mg")
    history = ok(cli("history", "1")).stdout
    assert history.count("edit") >= 2  # one history step per edit


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--remove-trigger", "cold"],
            "--remove-trigger: Entry 1 has no trigger extreme cold to take away "
            "(it has extreme heat)",
        ),
        (["--add-trigger", "zzzz"], '--add-trigger: Unknown trigger "zzzz"'),
        (["--trigger", "cold", "--add-trigger", "heat"], "--trigger: The trigger list is both"),
        (["--clear", "trigger", "--remove-trigger", "heat"], "--trigger: The trigger list is"),
        (["--remove-where", "lower-back"], "--where: Say where it hurts"),
    ],
)
def test_edit_list_changes_refused(cli: CliRun, args: list[str], message: str) -> None:
    ok(cli("log", "6", "-w", "lower-back", "-T", "heat", "--at", "2026-11-24 21:00", "-q"))
    before = shown(cli, 1)
    refused = cli("edit", "1", *args)
    assert refused.exit_code == 2
    assert message in refused.stderr
    assert shown(cli, 1) == before


def test_doses_typed_differently_are_one_dose(cli: CliRun) -> None:
    for dose in ("10mg", "10 MG", "10 mg"):
        ok(cli("log", "6", "-w", "neck", "-r", f"baclofen:{dose}", "-q"))
    doses = {shown(cli, n)["remedies"][0]["dose"] for n in (1, 2, 3)}
    assert doses == {"10 mg"}
