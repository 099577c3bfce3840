"""What a Flaredown import did, as text: every row accounted for."""

from __future__ import annotations

from painlog.render.table import render_table
from painlog.services.flaredown import FlaredownResult, FlaredownUser
from painlog.vocab import KIND_LABELS


def users_text(users: list[FlaredownUser]) -> str:
    rows = [[u.user_id, f"{u.rows:,}", u.first_day, u.last_day] for u in users]
    return render_table(["User", "Rows", "First day", "Last day"], rows, align_right=(1,))


def flaredown_text(result: FlaredownResult) -> str:
    r = result
    lines = [
        f"Imported {r.rows:,} Flaredown rows of user {r.user_id[:16]} from {r.source}:",
        f"  days       {r.days_added:,} check-ins added · {r.days_updated:,} filled in · "
        f"{r.days_unchanged:,} unchanged",
        f"  ratings    {r.pain_ratings:,} pain, {r.fatigue_ratings:,} fatigue, "
        f"{r.spasticity_ratings:,} spasticity (0-4 scaled to 0-10); "
        f"{r.ratings_in_note:,} other conditions and symptoms kept in the notes",
        f"  treatments {r.treatments:,} recorded as the day's remedies with their dose",
        f"  tags, food {r.exposures:,} recorded as exposures",
        f"  weather    {r.weather_days:,} days' maximum temperature and humidity kept as the "
        f"day's weather (°F as °C); {r.weather_values:,} other values kept in the notes",
        f"  not mapped {r.unmapped_rows:,} rows kept in the notes",
    ]
    if r.duplicate_rows:
        lines.append(f"  duplicates {r.duplicate_rows:,} identical rows counted once")
    if r.new_terms:
        by_kind: dict[str, list[str]] = {}
        for kind, label in r.new_terms:
            by_kind.setdefault(kind, []).append(label)
        for kind, labels in by_kind.items():
            shown = ", ".join(labels[:8]) + (
                f" and {len(labels) - 8} more" if len(labels) > 8 else ""
            )
            lines.append(f"  new own {KIND_LABELS[kind]} terms: {shown}")
    lines.append("  (age, sex, country and trackable ids are not kept: painlog stores no profile)")
    return "\n".join(lines)
