"""list fits the terminal, shows the start of the note where there is room, and colours pain."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from painlog.cli import build_app
from painlog.render import colour
from tests.conftest import CliRun

pytestmark = pytest.mark.usefixtures("fixed_wednesday")  # its days are written for that moment

NOTE = "after the long walk to the shop, legs heavy all evening"


@pytest.fixture
def logged(cli: CliRun) -> None:
    for args in (
        [
            *("log", "5", "-t", "spasticity", "-w", "lower-back,hip", "-T", "heat,sudden-movement"),
            *(
                "-r",
                "baclofen:10 mg",
                "-r",
                "stretching",
                "--note",
                NOTE,
                "--at",
                "2026-11-24 21:00",
            ),
        ],
        ["log", "8", "-w", "neck", "-T", "stress", "--at", "2026-11-24 08:00"],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output


def listed(cli: CliRun, monkeypatch: pytest.MonkeyPatch, columns: int) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = cli("list")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.usefixtures("logged")
@pytest.mark.parametrize("columns", [60, 80, 100, 120, 160])
def test_list_fits_the_width_and_wraps_rather_than_cutting(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    lines = listed(cli, monkeypatch, columns)
    assert max(len(line) for line in lines) <= columns
    if columns < 80:
        return  # words may break across lines on a very narrow terminal
    text = " ".join(" ".join(lines).split())
    for word in ("Spasticity", "Sudden", "movement", "Baclofen", "stretching"):
        assert word in text  # wrapped onto more lines, not cut short
    if "Note" not in lines[0]:
        assert "…" not in text


@pytest.mark.usefixtures("logged")
def test_list_shows_the_start_of_the_note_only_where_there_is_room(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Note" not in listed(cli, monkeypatch, 80)[0]
    wide = listed(cli, monkeypatch, 140)
    assert wide[0].split()[-1] == "Note"
    assert wide[2].endswith("…")
    assert wide[2].split("  ")[-1].removesuffix("…") == NOTE[: len(wide[2].split("  ")[-1]) - 1]
    assert NOTE in listed(cli, monkeypatch, 220)[2]


@pytest.mark.usefixtures("logged")
def test_pain_is_coloured_by_severity_only_when_colour_is_on(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = cli("list").stdout
    assert "\x1b[" not in plain
    monkeypatch.setattr(colour, "colour_on", lambda: True)
    runner, app = CliRunner(), build_app()

    def coloured(*args: str) -> str:
        # color=True: a terminal, where Click leaves the escapes in.
        return runner.invoke(app, list(args), color=True).stdout

    painted = coloured("list")
    assert "\x1b[1mID\x1b[0m" in painted  # bold header
    assert "\x1b[33m5\x1b[0m" in painted  # moderate: yellow
    assert "\x1b[31m8\x1b[0m" in painted  # severe: red
    assert "\x1b[31m8/10\x1b[0m" in coloured("show", "2")


def test_no_color_and_dumb_terminals_turn_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert colour.colour_on()
    assert colour.paint("7", "red") == "\x1b[31m7\x1b[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour.colour_on()
    assert colour.paint("7", "red") == "7"
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not colour.colour_on()
