"""The analysis rules in one light place (no pandas, no numpy).

The statistics use these numbers, and the tables, charts and the summary
quote them, so the words can never drift from what was computed.
"""

from __future__ import annotations

LAGS = (0, 1, 2)  # --lag: days after the trigger day
LAG_WORDS = {0: "the same day", 1: "the next day", 2: "two days later"}

OK = "ok"  # a result with numbers
INSUFFICIENT = "not-enough-data"  # too little data: counts only, no numbers, and a reason
INSEPARABLE = "inseparable"  # present together with other triggers: one shared estimate
STATUSES = (OK, INSUFFICIENT, INSEPARABLE)
NO_COMPARISON = "no-comparison"  # a remedy with no untreated follow-up to compare with yet
FOLLOW_UP_WINDOW = (30, 12 * 60)  # minutes after a remedy (or an episode) a follow-up counts

# Daily pain, the outcome of trends and triggers: one measure, never mixed with entries.
DAILY_PAIN = "the day check-in's average pain"

MIN_DAYS = 5  # fewer observed days with or without a trigger: not enough data
MIN_WEEK_DAYS = 4  # fewer days of daily pain in a week: marked as thin, not read as a full week
MIN_FOLLOWED_UP = 3  # fewer followed-up uses of a remedy: not enough data

RESAMPLES = 10_000  # bootstrap resamples for a trigger's interval
PERMUTATIONS = 9_999  # label shuffles for a trigger's p-value
