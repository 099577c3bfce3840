"""The Trends page: the period the person chooses, and the same numbers as the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliRun, dump
from tests.web_helpers import error_beside
from tests.web_seed import END, GAP, START, seeded, seeded_template, table_rows

__all__ = ["seeded", "seeded_template"]  # fixtures

PERIOD = f"weeks=days&from={START}&to={END}"
CLI_PERIOD = ("--from", str(START), "--to", str(END))


def _close(cell: str, value: float | None) -> bool:
    if value is None:
        return cell == "-"
    return abs(float(cell) - value) <= 0.051  # the page shows one decimal, the JSON two


def test_weekly_table_and_chart_hold_the_numbers_of_painlog_trends(
    web: TestClient, seeded: Path, cli: CliRun
) -> None:
    page = web.get(f"/trends?{PERIOD}")
    assert page.status_code == 200
    done = cli("trends", *CLI_PERIOD, "--json")
    assert done.exit_code == 0, done.output
    weeks = json.loads(done.output)
    rows = table_rows(page.text, "trends-table")
    assert len(rows) == len(weeks) == 16
    for row, week in zip(rows, weeks, strict=True):
        assert row[0] == week["week_start"]
        assert int(row[1]) == week["observed_days"] and int(row[2]) == week["entries"]
        assert _close(row[3], week["mean_intensity"])
        assert row[4] == ("-" if week["max_intensity"] is None else str(week["max_intensity"]))
        assert _close(row[5], week["mean_daily_pain"]) and _close(row[6], week["mean_peg"])
    gap = next(row for row in rows if row[0] == GAP[0].isoformat())
    assert gap[1:7] == ["0", "0", "-", "-", "-", "-"]  # a gap, not a zero
    # The chart is inline SVG with a title naming the period, and one point per week with pain.
    text = page.text
    assert (
        'role="img"' in text and '<title id="trends-title">Weekly pain trends, 03 Aug 2026' in text
    )
    wide = text.split('class="chart chart-wide">', 1)[1].split("</svg>", 1)[0]
    narrow = text.split('class="chart chart-narrow">', 1)[1].split("</svg>", 1)[0]
    assert 'width="760"' in wide and 'width="420"' in narrow  # one for phones
    points = wide.count('data-daily="')
    assert narrow.count('data-daily="') == points
    assert points == sum(1 for week in weeks if week["mean_daily_pain"] is not None)
    assert "painlog trends --from 2026-08-03 --to 2026-11-22" in text


def test_trigger_and_remedy_tables_hold_the_numbers_of_the_cli(
    web: TestClient, seeded: Path, cli: CliRun
) -> None:
    page = web.get(f"/trends?{PERIOD}").text
    triggers = json.loads(cli("triggers", *CLI_PERIOD, "--json").output)
    rows = table_rows(page, "trigger-table")
    assert len(rows) == len(triggers) >= 5
    for row, trigger in zip(rows, triggers, strict=True):
        # Trigger, Pain came, With, Without, Mean with, without, Diff, ...
        assert (int(row[2]), int(row[3])) == (trigger["days_with"], trigger["days_without"])
        assert _close(row[6], trigger["difference"])
    remedies = json.loads(cli("remedies", *CLI_PERIOD, "--json").output)
    expected = []
    for remedy in remedies:  # each remedy, then its rows per pain type when it has several
        expected.append((remedy["uses"], remedy["followed_up"]))
        parts = remedy["by_type"]
        if len(parts) > 1 or (parts and parts[0]["pain_type"] is None):
            expected += [(part["uses"], part["followed_up"]) for part in parts]
    shown = [(int(row[1]), int(row[2])) for row in table_rows(page, "remedy-table")]
    assert len(remedies) >= 3 and shown == expected
    assert "associations in your own diary, not proof" in page
    patterns = json.loads(cli("patterns", *CLI_PERIOD, "--json").output)
    weekdays = table_rows(page, "weekday-table")
    assert [int(row[1]) for row in weekdays] == [d["observed_days"] for d in patterns["by_weekday"]]


def test_the_whole_diary_and_a_number_of_weeks(web: TestClient, seeded: Path) -> None:
    whole = web.get("/trends?weeks=all")
    assert whole.status_code == 200
    assert "your whole diary, Mon 03 Aug 2026 to Sun 22 Nov 2026" in whole.text
    assert "painlog trends --from 2026-08-03 --to 2026-11-22" in whole.text
    four = web.get("/trends?weeks=4")
    assert four.status_code == 200
    assert len(table_rows(four.text, "trends-table")) == 4
    assert "painlog trends --weeks 4" in four.text
    assert 'value="4" checked' in four.text


def test_an_empty_diary_says_there_is_nothing_to_show(web: TestClient) -> None:
    page = web.get("/trends")
    assert page.status_code == 200
    assert "no check-ins or entries were recorded then, so there is nothing to show" in page.text
    assert "<svg" not in page.text.split("<main", 1)[1]


BAD_PERIODS = [
    ("weeks=zz", "weeks", 'the whole diary or two days, not "zz".'),
    ("weeks=days", "from", "Give a first day, a last day or both (such as 2026-09-01)"),
    ("weeks=days&from=someday", "from", '"someday" is not a day painlog can read'),
    ("weeks=days&from=2026-11-01&to=2026-10-01", "from", "2026-11-01, is after the last day"),
    ("weeks=days&to=2201-01-01", "to", "after 2100"),
    ("weeks=days&from=1850-01-01", "from", "before 1900"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "field", "sentence"), BAD_PERIODS)
def test_a_bad_period_gives_the_form_again_with_its_sentence(
    web: TestClient, seeded: Path, query: str, field: str, sentence: str
) -> None:
    before = dump(seeded)
    page = web.get(f"/trends?{query}")
    assert page.status_code == 400
    assert sentence in error_beside(page.text, field)
    assert page.text.count('class="error"') == 1
    assert "Traceback" not in page.text and "trends-table" not in page.text
    assert dump(seeded) == before
