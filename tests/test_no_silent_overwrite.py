"""A follow-up is never replaced without a word; versions are given as history prints them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from painlog.cli import journal
from tests.conftest import CliRun

pytestmark = [pytest.mark.clock, pytest.mark.usefixtures("berlin")]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def followed_up(cli: CliRun, berlin: None) -> None:
    ok(cli("log", "7", "-w", "lower-back", "-r", "baclofen:10 mg", "--at", "2026-11-20 21:00"))
    ok(cli("relief", "1", "-r", "baclofen", "--pain-after", "4", "--at", "22:00"))


def _after(cli: CliRun) -> tuple[int, str]:
    (remedy,) = json.loads(ok(cli("show", "1", "--json")).stdout)["remedies"]
    return remedy["pain_after"], remedy["pain_after_at"]


@pytest.mark.usefixtures("followed_up")
def test_a_second_follow_up_needs_replace_off_a_terminal(cli: CliRun) -> None:
    refused = cli("relief", "1", "-r", "baclofen", "--pain-after", "2", "--at", "23:00")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "painlog: --replace: Entry 1 already has a follow-up for baclofen (pain 4 at 22:00); "
        "replacing it must be asked for."
    )
    assert _after(cli) == (4, "2026-11-20T22:00:00+01:00")
    out = ok(
        cli("relief", "1", "-r", "baclofen", "--pain-after", "2", "--at", "23:00", "--replace")
    )
    assert "pain 7 → 2 (-5)" in out.stdout
    assert _after(cli) == (2, "2026-11-20T23:00:00+01:00")


@pytest.mark.usefixtures("followed_up")
@pytest.mark.parametrize(("answer", "expected"), [("y\n", 2), ("n\n", 4), ("\n", 4)])
def test_on_a_terminal_it_is_asked(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch, answer: str, expected: int
) -> None:
    monkeypatch.setattr(journal, "on_terminal", lambda: True)
    result = ok(cli("relief", "1", "-r", "baclofen", "--pain-after", "2", "--at", "23:00",
                    input=answer))  # fmt: skip
    assert "already has a follow-up for baclofen (pain 4 at 22:00); replace it? [y/N]" in (
        result.output
    )
    assert _after(cli)[0] == expected
    if expected == 4:
        assert "Nothing changed." in result.output


def test_a_follow_up_more_than_a_day_after_the_remedy_is_refused(cli: CliRun) -> None:
    ok(cli("log", "7", "-w", "lower-back", "-r", "baclofen", "--at", "2026-11-18 21:00"))
    ok(cli("relief", "1", "-r", "baclofen", "--pain-after", "5", "--at", "2026-11-19 21:00"))
    refused = cli("relief", "1", "-r", "baclofen", "--pain-after", "1", "--replace",
                  "--at", "2026-11-19 21:01")  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "painlog: --at: The follow-up for baclofen (2026-11-19T21:01+01:00) would come 24 hours "
        "after it was taken (2026-11-18T21:00+01:00); a follow-up tells how the remedy worked, "
        "so give one within 24 hours of it."
    )
    assert _after(cli) == (5, "2026-11-19T21:00:00+01:00")


def test_revert_and_history_take_the_version_as_printed(cli: CliRun) -> None:
    ok(cli("log", "7", "-w", "neck", "--at", "2026-11-20 21:00"))
    ok(cli("edit", "1", "--pain", "5"))
    listed = ok(cli("history", "1")).stdout
    assert "v1" in listed and "v2" in listed
    one = ok(cli("history", "1", "v1")).stdout
    assert "v1" in one and "v2" not in one
    assert [c["version"] for c in json.loads(ok(cli("history", "1", "V2", "--json")).stdout)] == [2]
    out = ok(cli("revert", "1", "--to", "v1")).stdout
    assert "Brought entry 1 back to version 1 (saved as version 3)" in out
    assert json.loads(ok(cli("show", "1", "--json")).stdout)["intensity"] == 7
    ok(cli("revert", "1", "--to", "2"))  # a plain number still works
    assert json.loads(ok(cli("show", "1", "--json")).stdout)["intensity"] == 5
