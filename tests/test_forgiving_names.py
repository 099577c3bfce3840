"""Forgiving names: unique prefixes everywhere, questions only at a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from painlog.cli import ask
from painlog.services.vocabulary import load_vocabulary
from painlog.vocab import Vocabulary, builtin_terms
from tests.conftest import CliRun, dump


def vocabulary() -> Vocabulary:
    return Vocabulary(builtin_terms())


@pytest.mark.parametrize(
    ("kind", "name", "key"),
    [
        ("pain_type", "spast", "spasticity"),
        ("pain_type", "SPAST", "spasticity"),
        ("location", "low back", "lower-back"),
        ("location", "lower b", "lower-back"),
        ("trigger", "tight cl", "tight-clothing"),
        ("remedy", "bacl", "baclofen"),
        ("quality", "stab", "stabbing"),
    ],
)
def test_a_unique_prefix_means_its_term(kind: str, name: str, key: str) -> None:
    assert vocabulary().resolve(kind, name).key == key


@pytest.mark.parametrize(
    ("kind", "name", "words"),
    [
        ("remedy", "stre", "could be more than one remedy (stretching or stress-management)"),
        ("trigger", "st", 'Unknown trigger "st"'),  # two letters never stand for a term
    ],
)
def test_a_prefix_that_fits_several_or_too_short_is_refused(
    kind: str, name: str, words: str
) -> None:
    from painlog.errors import UnknownTerm

    with pytest.raises(UnknownTerm) as caught:
        vocabulary().resolve(kind, name)
    assert words in caught.value.message


def test_an_exact_name_wins_over_a_prefix(session: Session) -> None:
    from painlog.services.vocabulary import add_term

    add_term(session=session, kind="trigger", name="str")
    assert load_vocabulary(session=session).resolve("trigger", "str").key == "str"


def test_prefixes_work_off_a_terminal_on_every_command(cli: CliRun) -> None:
    result = cli("log", "6", "-t", "spast", "-w", "low back", "-T", "tight cl", "-r", "bacl", "-q")
    assert result.exit_code == 0, result.output
    assert cli("edit", "1", "--add-trigger", "sudden").exit_code == 0
    listed = json.loads(cli("list", "--trigger", "sudd", "--json").stdout)
    assert listed[0]["pain_type"] == "spasticity"
    assert listed[0]["triggers"] == ["tight-clothing", "sudden-movement"]
    assert listed[0]["remedies"][0]["remedy"] == "baclofen"
    assert cli("config", "set", "where", "low back").exit_code == 0
    assert "lower-back" in cli("config").stdout


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ask, "on_terminal", lambda: True)


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_the_nearest_name_is_offered(cli: CliRun) -> None:
    result = cli("log", "6", "-w", "lower-back", "-T", "hwat", "-q", input="y\n")
    assert result.exit_code == 0, result.output
    assert 'painlog knows no trigger "hwat"; did you mean Extreme heat? [Y/n]' in result.output
    assert json.loads(cli("show", "1", "--json").stdout)["triggers"] == ["heat"]


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_a_new_word_can_be_added_as_your_own(cli: CliRun) -> None:
    result = cli("log", "6", "-w", "lower-back", "-T", "tight jeans", "-q", input="n\ny\n")
    assert result.exit_code == 0, result.output
    assert 'Add "tight jeans" as your own trigger? [y/N]' in result.output
    assert json.loads(cli("show", "1", "--json").stdout)["triggers"] == ["tight-jeans"]
    assert "tight jeans" in cli("vocab", "trigger").stdout


@pytest.mark.usefixtures("terminal")
def test_at_a_terminal_saying_no_twice_changes_nothing(cli: CliRun, db_path: Path) -> None:
    assert cli("log", "3", "-w", "neck", "-q").exit_code == 0
    before = dump(db_path)
    result = cli("log", "6", "-w", "lower-back", "-T", "tight jeans", "-q", input="n\nn\n")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith('painlog: --trigger: Unknown trigger "tight jeans"')
    assert dump(db_path) == before


def test_off_a_terminal_nothing_is_asked(cli: CliRun, db_path: Path) -> None:
    assert cli("log", "3", "-w", "neck", "-q").exit_code == 0
    before = dump(db_path)
    result = cli("log", "6", "-w", "lower-back", "-T", "hwat", "-q", input="y\n")
    assert result.exit_code == 2
    assert "[Y/n]" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(db_path) == before
