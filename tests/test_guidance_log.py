"""The short guidance block after painlog log: content, --quiet, --json, speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painlog.errors import PainlogError
from painlog.models import Entry, RemedyAttempt
from painlog.render.guide_brief import DISCLAIMER, brief_block
from painlog.services.guidance_brief import MAX_LINES, brief_lines
from painlog.vocab import Vocabulary, builtin_terms
from tests.conftest import CliRun

pytestmark = pytest.mark.clock

VOCABULARY = Vocabulary(builtin_terms())
KEYS = {
    kind: [t.key for t in VOCABULARY.terms(kind)] for kind in ("pain_type", "trigger", "remedy")
}


def block_of(output: str) -> list[str]:
    """The lines after "Logged entry N: ..."."""
    lines = output.rstrip("\n").splitlines()
    assert lines[0].startswith("Logged entry ")
    return lines[1:]


def test_the_issue_scenario_block(cli: CliRun) -> None:
    result = cli(
        "log", "-p", "8", "-t", "neuropathic", "-Q", "burning", "-w", "lower-back",
        "--trigger", "heat", "-r", "ibuprofen",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert block_of(result.stdout) == [
        "  Neuropathic (nerve) pain: Pain from MS-damaged nerves; sharp, stabbing, shooting or "
        "burning [ms-back-pain]",
        "  To discuss with your clinician: Anti-seizure medicine, Antidepressant (not FDA-approved "
        "for pain caused by MS, per the National MS Society as the ms-back-pain article cites) "
        "[ms-back-pain]",
        # The summary cites what it rests on, not every source of the topic's statements.
        "  Extreme heat: Very hot temperatures; listed as making spasticity worse [ms-back-pain]",
        "  In your diary's last 90 days: extreme heat in 1 of your 1 entries. "
        f"More, with sources: painlog guide --entry 1. {DISCLAIMER}",
    ]


def test_a_tension_with_a_remedy_the_person_uses_comes_first(cli: CliRun) -> None:
    cli("log", "-p", "3", "-w", "lower-back", "-r", "heat pack", "--at", "20 days ago", "--quiet")
    result = cli("log", "-p", "6", "-t", "spasticity", "-w", "lower-back", "--trigger", "heat")
    lines = block_of(result.stdout)
    assert lines[0] == (
        "  Pulls two ways: Extreme heat can worsen spasticity, yet heat therapy and a heated pool "
        "are listed remedies [ms-back-pain, keeping-control]"
    )
    assert lines[1].startswith("  Spasticity: ")
    assert lines[2].startswith("  To discuss with your clinician: Baclofen, Tizanidine")
    assert len(lines) == 4


def test_remedies_already_in_the_diary_are_not_suggested(cli: CliRun) -> None:
    cli("log", "-p", "3", "-w", "lower-back", "-r", "baclofen", "--quiet")
    result = cli("log", "-p", "6", "-t", "spasticity", "-w", "lower-back", "-r", "tizanidine")
    assert "To discuss" not in result.stdout


def test_a_long_list_to_discuss_is_cut_short(cli: CliRun) -> None:
    result = cli("log", "-p", "6", "-t", "lhermitte", "-w", "neck")
    lines = block_of(result.stdout)
    assert lines[1] == (
        "  To discuss with your clinician: Carbamazepine, Oxcarbazepine, Gabapentin (some evidence "
        "of benefit for some people); and 4 more [ms-back-pain]"
    )


def test_an_entry_with_only_a_place_gets_the_overview(cli: CliRun) -> None:
    lines = block_of(cli("log", "-p", "2", "-w", "neck").stdout)
    assert len(lines) == 2
    assert lines[0].startswith("  Back pain in MS: Back pain is common in MS")
    assert lines[1].endswith(DISCLAIMER)


def test_own_terms_are_left_out_of_the_block(cli: CliRun) -> None:
    cli("vocab", "add", "pain-type", "Rib pain")
    lines = block_of(cli("log", "-p", "4", "-t", "rib pain", "-w", "mid-back").stdout)
    assert not any("Rib pain" in line for line in lines)
    assert lines[0].startswith("  Back pain in MS: ")


def test_quiet_leaves_only_the_logged_line(cli: CliRun) -> None:
    result = cli("log", "-p", "8", "-t", "neuropathic", "-w", "lower-back", "--quiet")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith("Logged entry 1: ")


def test_json_output_stays_pure_json(cli: CliRun) -> None:
    result = cli("log", "-p", "8", "-t", "neuropathic", "-w", "lower-back", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pain_type"] == "neuropathic"


def test_a_broken_guidance_index_never_costs_the_entry(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> list[tuple[str, tuple[str, ...]]]:
        raise PainlogError("painlog's reference file guidance-brief.json is missing")

    monkeypatch.setattr("painlog.cli.journal.brief_lines", broken)
    result = cli("log", "-p", "5", "-w", "neck", "-t", "lhermitte")
    assert result.exit_code == 0
    assert result.stdout.startswith("Logged entry 1:")
    [line] = result.stderr.strip().splitlines()
    assert "the entry is saved" in line and "guidance-brief.json is missing" in line
    shown = cli("show", "1", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["pain_type"] == "lhermitte"


def test_log_help_mentions_quiet_and_ends_with_an_example(cli: CliRun) -> None:
    out = cli("log", "--help").stdout
    assert "--quiet" in out and "painlog guide --entry N" in out
    assert "Example: painlog log" in out


@settings(max_examples=150, deadline=None)
@given(
    pain_type=st.none() | st.sampled_from(KEYS["pain_type"]),
    triggers=st.lists(st.sampled_from(KEYS["trigger"]), unique=True, max_size=5),
    remedies=st.lists(st.sampled_from(KEYS["remedy"]), unique=True, max_size=5),
    used=st.sets(st.sampled_from(KEYS["remedy"]), max_size=10),
)
def test_the_block_is_always_two_to_four_lines_with_a_citation_each(
    pain_type: str | None, triggers: list[str], remedies: list[str], used: set[str]
) -> None:
    entry = Entry(id=7, pain_type=pain_type, tags=[], remedies=[])
    entry.set_tags("trigger", triggers)
    entry.remedies = [RemedyAttempt(remedy=key) for key in remedies]
    lines = brief_lines(entry=entry, vocabulary=VOCABULARY, remedies_used=used | set(remedies))
    assert 1 <= len(lines) <= MAX_LINES
    for text, sources in lines:
        assert text and sources and set(sources) <= {"ms-back-pain", "keeping-control"}
    block = brief_block(lines, 7).splitlines()
    assert 2 <= len(block) <= 4
    assert block[-1] == f"  More, with sources: painlog guide --entry 7. {DISCLAIMER}"


# The logging path must stay light: no heavy libraries, no parsing of guidance.toml.
HEAVY = ("pandas", "matplotlib", "numpy", "scipy", "alembic", "painlog.guidance")
PROBE = """
import sys
from painlog.launch import main
sys.argv = ["painlog", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
heavy = sorted(name for name in sys.modules if name.split(".")[0] in {HEAVY_ROOTS})
heavy += [name for name in sys.modules if name in {HEAVY}]
print("LOADED", heavy)
"""


def test_logging_loads_no_heavy_module_and_not_the_full_guidance(tmp_path: Path) -> None:
    env = {**os.environ, "PAINLOG_DB": str(tmp_path / "probe.db")}
    # A first run creates the diary, which needs Alembic; logging after that must not.
    first = subprocess.run(
        [sys.executable, "-m", "painlog", "log", "-p", "1", "-w", "neck", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    roots = {name.split(".")[0] for name in HEAVY if not name.startswith("painlog")}
    code = PROBE.replace("{HEAVY_ROOTS}", repr(roots)).replace("{HEAVY}", repr(set(HEAVY)))
    args = ["-p", "8", "-t", "neuropathic", "-w", "lower-back", "--trigger", "heat"]
    result = subprocess.run(
        [sys.executable, "-c", code, "log", *args, "-r", "ibuprofen"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "To discuss with your clinician" in result.stdout  # the block did run
    assert result.stdout.strip().splitlines()[-1] == "LOADED []"


def test_the_block_says_how_often_each_trigger_came_up_lately(cli: CliRun) -> None:
    for when in ("1 day ago", "2 days ago", "3 days ago", "100 days ago", "4 days ago"):
        assert (
            cli(
                "log", "-p", "5", "-w", "neck", "--trigger", "heat", "--quiet", "--at", when
            ).exit_code
            == 0
        )
    assert (
        cli("log", "-p", "3", "-w", "neck", "--quiet").exit_code == 0
    )  # no trigger: counts in the total
    assert cli("delete", "5").exit_code == 0  # deleted entries do not count
    result = cli(
        "log",
        "-p",
        "8",
        "-t",
        "neuropathic",
        "-w",
        "lower-back",
        "--trigger",
        "heat",
        "--trigger",
        "stress",
    )
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-1]
    assert "In your diary's last 90 days: extreme heat in 4 of your 5 entries; stress in 1." in last
    assert last.endswith(DISCLAIMER)
    quiet = cli("log", "-p", "2", "-w", "neck", "--quiet")
    assert "90 days" not in quiet.stdout
