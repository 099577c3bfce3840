"""The history of a record as text: one line per version, with what changed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from painlog.fields import CHECKIN_FIELDS, ENTRY_FIELDS, EVENT_FIELDS, FIELDS
from painlog.models import Change, EventChange
from painlog.records import BOOKKEEPING
from painlog.render.table import render_table
from painlog.services.history import RecentChange
from painlog.vocab import Vocabulary

# Field -> (label, vocabulary kind for its keys), from the one description of each field.
_FIELDS: dict[str, tuple[str, str | None]] = {
    f.key: (f.short, f.vocabulary)
    for group in (ENTRY_FIELDS, CHECKIN_FIELDS)
    for f in group
    if f.kind != "day"
}
_FIELDS["deleted_at"] = (FIELDS["deleted_at"].short, None)
# An event's days are part of what changes (a check-in's day never does).
_FIELDS.update({f.key: (f.short, None) for f in EVENT_FIELDS})
# The entry's own follow-up, when nothing was taken (not one of the fields log and edit take).
_FIELDS["pain_after"] = ("pain later, nothing taken", None)
_FIELDS["pain_after_at"] = ("rated at", None)
_SKIP = BOOKKEEPING | {"uid", "day"}


def changed_at_text(change: Change | EventChange) -> str:
    local = change.changed_at.replace(tzinfo=UTC).astimezone()
    return local.strftime("%a %d %b %Y %H:%M")


def action_text(change: Change | EventChange) -> str:
    if change.action == "revert":
        return f"reverted ({change.detail})" if change.detail else "reverted"
    if change.action == "import":
        return f"imported ({change.detail})" if change.detail else "imported"
    word = {
        "create": "created",
        "edit": "edited",
        "relief": "relief noted",
        "delete": "deleted",
        "restore": "restored",
        "baseline": "as it was before history began",
    }.get(change.action, change.action)
    return f"{word} ({change.detail})" if change.detail else word


def _value(field: str, value: Any, vocabulary: Vocabulary) -> str:
    kind = _FIELDS.get(field, (field, None))[1]
    if value is None or value == [] or value is False:
        return "-"
    if value is True:
        return "yes"
    if field == "remedies":
        parts = []
        for remedy in value:
            text = vocabulary.label("remedy", remedy["remedy"])
            if remedy.get("dose"):
                text += f" {remedy['dose']}"
            if remedy.get("pain_after") is not None:
                text += f" (pain after {remedy['pain_after']})"
            parts.append(text)
        return ", ".join(parts)
    if field == "deleted_at":
        return "yes"
    if field == "occurred_at":
        return datetime.fromisoformat(value).strftime("%a %d %b %Y %H:%M")
    if isinstance(value, list):
        return ", ".join(vocabulary.label(kind, v) if kind else str(v) for v in value)
    if kind:
        return vocabulary.label(kind, str(value))
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def change_text(change: Change | EventChange, vocabulary: Vocabulary) -> str:
    """What a change did: the changed fields, or the record as it was created."""
    after, before = change.after, change.before
    if before is None:
        parts = [
            f"{_FIELDS[f][0]} {_value(f, v, vocabulary)}"
            for f, v in after.items()
            if f in _FIELDS and f not in _SKIP and v not in (None, [], False)
        ]
        return " · ".join(parts)
    parts = []
    for field, new in after.items():
        if field in _SKIP or field not in _FIELDS or before.get(field) == new:
            continue
        if field == "deleted_at":
            continue  # the action (deleted, restored) already says it
        old = before.get(field)
        label = _FIELDS[field][0]
        parts.append(f"{label} {_value(field, old, vocabulary)} → {_value(field, new, vocabulary)}")
    return " · ".join(parts)


def versions_text(
    title: str, changes: Sequence[Change | EventChange], vocabulary: Vocabulary, hint: str
) -> str:
    if not changes:
        return f"{title}: no changes recorded yet."
    rows = [
        [f"v{c.version}", changed_at_text(c), action_text(c), change_text(c, vocabulary)]
        for c in changes
    ]
    count = len(changes)
    table = render_table(["Version", "When", "Change", "What"], rows, flexible=(2, 3))
    return f"{title}: {count} version{'s' if count != 1 else ''}\n{table}\n\n{hint}"


def recent_text(items: list[RecentChange], vocabulary: Vocabulary) -> str:
    if not items:
        return "No changes recorded yet."
    rows = []
    for item in items:
        change = item.change
        if change.record_kind == "entry":
            record = f"entry {item.entry_id}" if item.entry_id is not None else "entry (gone)"
        elif change.record_kind == "event":
            record = f"event {item.event_id}" if item.event_id is not None else "event (gone)"
        else:
            record = f"day {item.day.isoformat()}" if item.day is not None else "day (gone)"
        rows.append(
            [
                changed_at_text(change),
                record,
                f"v{change.version}",
                action_text(change),
                change_text(change, vocabulary),
            ]
        )
    return render_table(
        ["When", "Record", "Version", "Change", "What"], rows, align_right=(), flexible=(3, 4)
    )


def change_json(change: Change | EventChange) -> dict[str, Any]:
    from painlog.records import utc_text

    return {
        "record": change.record_kind,
        "uid": change.record_uid,
        "version": change.version,
        "action": change.action,
        "detail": change.detail,
        "changed_at": utc_text(change.changed_at),
        "before": change.before,
        "after": change.after,
    }
