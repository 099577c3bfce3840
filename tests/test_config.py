"""Settings: painlog config set, list, unset; the defaults painlog log uses."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest

from painlog.settings import settings_path
from tests.conftest import CliRun

pytestmark = pytest.mark.clock


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def test_set_list_and_unset(cli: CliRun) -> None:
    assert "No settings yet" in ok(cli("config")).stdout
    assert (
        ok(cli("config", "set", "where", "Lower back, hip")).stdout
        == "Set where to lower-back,hip.\n"
    )
    ok(cli("config", "set", "type", "Spasticity"))
    assert (
        "Set dose.baclofen to 10 mg." in ok(cli("config", "set", "dose.Baclofen", "10 mg")).stdout
    )
    assert "to en_GB." in ok(cli("config", "set", "locale", "en-gb")).stdout
    assert "to 21:30." in ok(cli("config", "set", "checkin-time", "9:30 pm")).stdout
    listed = ok(cli("config")).stdout.splitlines()
    assert listed[:5] == [
        "where          lower-back,hip",
        "type           spasticity",
        "dose.baclofen  10 mg",
        "locale         en_GB",
        "checkin-time   21:30",
    ]
    path = settings_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tomllib.loads(path.read_text()) == {
        "where": ["lower-back", "hip"],
        "type": "spasticity",
        "locale": "en_GB",
        "checkin-time": "21:30",
        "dose": {"baclofen": "10 mg"},
    }
    assert ok(cli("config", "unset", "dose.baclofen")).stdout == "Removed dose.baclofen.\n"
    ok(cli("config", "unset", "where"))
    assert json.loads(ok(cli("config", "--json")).stdout) == {
        "type": "spasticity",
        "locale": "en_GB",
        "checkin-time": "21:30",
    }


def test_text_that_needs_escaping_round_trips(cli: CliRun) -> None:
    dose = 'half a "tab" \\ then 5 ml'
    ok(cli("config", "set", "dose.ibuprofen", dose))
    assert tomllib.loads(settings_path().read_text())["dose"] == {"ibuprofen": dose}


def test_log_6_with_defaults(cli: CliRun) -> None:
    refused = cli("log", "6", "-q")
    assert refused.exit_code == 2
    assert "painlog config set where lower-back makes it your default" in refused.stderr
    ok(cli("config", "set", "where", "lower-back"))
    ok(cli("config", "set", "type", "spasticity"))
    ok(cli("config", "set", "dose.baclofen", "10 mg"))
    ok(cli("log", "6", "-r", "baclofen", "-r", "ibuprofen:400 mg", "-q"))
    ok(cli("log", "5", "-w", "neck", "-t", "neuropathic", "-r", "baclofen:5 mg", "-q"))
    first = json.loads(ok(cli("show", "1", "--json")).stdout)
    assert first["locations"] == ["lower-back"]
    assert first["pain_type"] == "spasticity"
    assert [(r["remedy"], r["dose"]) for r in first["remedies"]] == [
        ("baclofen", "10 mg"),
        ("ibuprofen", "400 mg"),
    ]
    second = json.loads(ok(cli("show", "2", "--json")).stdout)  # what is typed wins
    assert (second["locations"], second["pain_type"]) == (["neck"], "neuropathic")
    assert second["remedies"][0]["dose"] == "5 mg"


def test_again_keeps_the_last_entry_over_the_defaults(cli: CliRun) -> None:
    ok(cli("log", "5", "-w", "neck", "-q"))
    ok(cli("config", "set", "where", "lower-back"))
    ok(cli("log", "--again", "4", "-q"))
    assert json.loads(ok(cli("show", "2", "--json")).stdout)["locations"] == ["neck"]


def test_a_refused_setting_leaves_the_file_as_it_was(cli: CliRun) -> None:
    ok(cli("config", "set", "where", "neck"))
    before = settings_path().read_bytes()
    assert cli("config", "set", "where", "moon").exit_code == 2
    assert cli("config", "set", "dose.baclofen", "x" * 500).exit_code == 2
    assert cli("config", "unset", "type").exit_code == 2
    assert settings_path().read_bytes() == before


@pytest.mark.parametrize(
    "text",
    ["where = [", 'colour = "red"\n', "where = 3\n", "[dose]\nbaclofen = 10\n", b"\xff\xfe"],
)
def test_a_broken_file_is_named_in_one_line(cli: CliRun, text: str | bytes) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    result = cli("log", "5", "-w", "neck")
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"painlog: The settings file {path} cannot be read (")
    assert "delete it" in line
    assert cli("list").stdout.strip() == "No entries match."  # nothing was logged


def test_painlog_config_names_another_file(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "elsewhere" / "painlog.toml"
    monkeypatch.setenv("PAINLOG_CONFIG", str(other))
    ok(cli("config", "set", "type", "spasticity"))
    assert tomllib.loads(other.read_text()) == {"type": "spasticity"}
