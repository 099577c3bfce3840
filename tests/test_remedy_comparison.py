"""Remedies against a comparison: the change with nothing taken, on realistic diaries.

Entries are written at a pain peak, and the peak passes: pain falls afterwards
whether or not anything was taken. A remedy with no effect must not look
like relief once it is set against episodes where nothing was taken.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from painlog.analysis.frames import make_frames
from painlog.analysis.remedies import (
    NO_COMPARISON,
    remedy_responses,
    responded,
    untreated_followups,
    wilson_interval,
)
from tests.analysis_diaries import RealPlan, realistic


@pytest.mark.slow
def test_a_remedy_with_no_effect_is_not_shown_as_relief_against_no_remedy() -> None:
    """50 diaries of 180 days, four no-effect remedies in each: 200 null comparisons."""
    tests = covered = falls = 0
    found = 0
    for seed in range(50):
        plan = RealPlan(
            days=180,
            carry=0.6 if seed % 2 else 0.8,
            entry_base=1.2,
            remedies={
                "meditation": (0.2, 0.0),
                "neck-brace": (0.2, 0.0),
                "massage": (0.2, 0.0),
                "stretching": (0.2, 0.0),
                "baclofen": (0.3, 2.5),
            },
        )
        frames, period = realistic(plan, seed=3000 + seed)
        # 2,000 resamples instead of 10,000 keep this quick; coverage does not depend on it.
        rows = {row.remedy: row for row in remedy_responses(frames, period, resamples=2_000)}
        for name in ("meditation", "neck-brace", "massage", "stretching"):
            row = rows[name]
            assert row.comparison_status == "ok", row.reason
            tests += 1
            covered += row.ci_low <= 0 <= row.ci_high
            falls += row.median_change < 0  # on its own, it looks like relief
        baclofen = rows["baclofen"]
        # A real drop is still seen against no remedy.
        found += baclofen.ci_high is not None and baclofen.ci_high < 0
    print(f"no-effect remedies: interval covered 0 in {covered} of {tests}")
    assert tests >= 200
    assert covered / tests >= 0.90, f"covered 0 in {covered} of {tests}"
    assert falls / tests >= 0.9  # what the comparison protects against: pain falls anyway
    assert found / 50 >= 0.9


def _use(i: int, before: int, after: int | None, minutes: int, remedy: str = "ibuprofen") -> dict:  # type: ignore[type-arg]
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(days=i)
    return {
        "entry_id": i,
        "day": moment.date(),
        "remedy": remedy,
        "pain_type": "spasticity",
        "before": before,
        "after": after,
        "started_at": moment,
        "followed_up_at": moment + timedelta(minutes=minutes) if after is not None else None,
    }


def _untreated(i: int, before: int, after: int, minutes: int) -> dict:  # type: ignore[type-arg]
    row = _use(100 + i, before, after, minutes)
    del row["remedy"]
    return row


def test_without_untreated_follow_ups_it_says_no_comparison_yet() -> None:
    frames = make_frames(remedies=[_use(i, 7, 4, 60) for i in range(4)])
    (row,) = remedy_responses(frames)
    assert row.status == "ok" and row.comparison_status == NO_COMPARISON
    assert row.difference is None and row.ci_low is None


def test_only_follow_ups_inside_the_window_count_and_the_rest_are_left_out() -> None:
    uses = [_use(0, 7, 3, 10), _use(1, 7, 3, 13 * 60)] + [_use(i, 7, 4, 90) for i in range(2, 6)]
    untreated = [_untreated(i, 7, 6 - i % 2, 80 + 10 * i) for i in range(5)]
    untreated.append(_untreated(9, 7, 2, 5))  # five minutes later: left out
    frames = make_frames(remedies=uses, followups=untreated)
    (row,) = remedy_responses(frames)
    assert (row.uses, row.followed_up, row.left_out) == (6, 4, 2)
    assert row.median_change == -3 and row.comparison_followups == 5
    assert row.comparison_change == pytest.approx(-1.4)
    assert row.comparison_status == "ok" and row.ci_high < 0
    assert row.difference == pytest.approx(-3 - -1.4)
    summary = untreated_followups(frames)
    assert (summary.followed_up, summary.left_out) == (5, 1)
    # A wider window counts the early and the late one too.
    (wide,) = remedy_responses(frames, window=(5, 24 * 60))
    assert (wide.followed_up, wide.left_out) == (6, 0)


def test_too_few_untreated_follow_ups_give_not_enough_data_with_a_reason() -> None:
    frames = make_frames(
        remedies=[_use(i, 7, 4, 60) for i in range(4)],
        followups=[_untreated(i, 7, 6, 60) for i in range(2)],
    )
    (row,) = remedy_responses(frames)
    assert row.comparison_status == "not-enough-data" and row.difference is None
    assert row.reason is not None and "2 follow-ups with nothing taken" in row.reason


def test_no_spread_gives_not_enough_data_never_a_zero_width_interval() -> None:
    frames = make_frames(
        remedies=[_use(i, 7, 4, 60) for i in range(5)],
        followups=[_untreated(i, 7, 6, 60) for i in range(5)],
    )
    (row,) = remedy_responses(frames)
    assert row.comparison_status == "not-enough-data" and row.ci_low is None
    assert row.reason is not None and "no spread" in row.reason


def test_a_responder_needs_thirty_percent_and_two_points() -> None:
    import pandas as pd

    before = pd.Series([8, 8, 3, 2, 10, 10, 0, 4])
    after = pd.Series([6, 5, 1, 1, 8, 7, 0, 2])
    # 8->6 is 25%; 8->5 is 3 points and 38%; 3->1 two points; 2->1 is 50% but one point;
    # 10->8 is 2 points but 20%; 10->7 is 30%; 0->0 nothing; 4->2 two points, 50%.
    assert responded(before, after).tolist() == [False, True, True, False, False, True, False, True]


def test_three_uses_going_2_to_1_are_no_responders_and_the_share_has_a_wilson_interval() -> None:
    frames = make_frames(remedies=[_use(i, 2, 1, 60) for i in range(3)])
    (row,) = remedy_responses(frames)
    assert row.responder_share == 0
    assert row.responder_low == 0 and row.responder_high == pytest.approx(0.5615, abs=1e-3)
    low, high = wilson_interval(7, 10)  # a textbook value: 0.397 to 0.892
    assert (round(low, 3), round(high, 3)) == (0.397, 0.892)
    assert wilson_interval(3, 3)[0] < 1 and wilson_interval(3, 3)[1] == 1


# --- through the CLI: a follow-up with nothing taken, stored and compared --------------------


def _log(cli, *args: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("log", "--where", "lower-back", "--type", "spasticity", "--quiet", *args)
    assert result.exit_code == 0, result.output


def test_relief_without_a_remedy_is_stored_shown_exported_and_compared(
    cli,  # type: ignore[no-untyped-def]
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    import json

    for day in range(1, 7):
        at = f"2026-06-0{day} 10:00"
        if day <= 3:
            _log(cli, "--pain", "7", "--at", at, "--remedy", "baclofen")
            done = cli(
                "relief",
                str(day),
                "-r",
                "baclofen",
                "--pain-after",
                str(2 + day % 2),
                "--at",
                f"2026-06-0{day} 11:30",
            )
        else:
            _log(cli, "--pain", "7", "--at", at)
            done = cli("relief", str(day), "--pain-after", str(5 + day % 2), "--at", "11:30")
        assert done.exit_code == 0, done.output
    assert done.stdout.strip() == "Entry 6: with nothing taken, pain 7 → 5 (-2)."
    shown = json.loads(cli("show", "6", "--json").stdout)
    assert shown["pain_after"] == 5 and shown["pain_after_at"].startswith("2026-06-06T11:30")
    [row] = json.loads(cli("remedies", "--json").stdout)
    assert row["remedy"] == "baclofen" and row["comparison_status"] == "ok"
    assert row["comparison_followups"] == 3 and row["comparison_change"] == pytest.approx(-1.67)
    assert row["difference"] == pytest.approx(-4.33 + 1.67, abs=0.01)
    text = cli("remedies").stdout
    assert "Without (n)" in text and "-1.7 (3)" in text
    # The follow-up survives an export and an import into a new diary.
    exported = tmp_path / "out.json"
    assert cli("export", "-o", str(exported)).exit_code == 0
    doc = json.loads(exported.read_text(encoding="utf-8"))
    untreated = [e for e in doc["entries"] if e["pain_after"] is not None]
    assert [e["pain_after"] for e in untreated] == [5, 6, 5]
    fresh = tmp_path / "fresh.db"
    assert cli("import", str(exported), "--db", str(fresh)).exit_code == 0
    again = json.loads(cli("show", "6", "--json", "--db", str(fresh)).stdout)
    assert again["pain_after"] == 5
