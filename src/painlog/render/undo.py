"""What an undo reversed, in one line."""

from __future__ import annotations

from datetime import date

from painlog.records import content
from painlog.render.history import _FIELDS
from painlog.services.undo import Undone, UndoneChange

_VERBS = {
    "edit": "the edit of",
    "relief": "the follow-up on",
    "delete": "deleting",
    "restore": "restoring",
    "revert": "the revert of",
    "import": "the import of",
}


def _day(day: date | None) -> str:
    return day.strftime("%a %d %b %Y") if day else "that day"


def _fields_back(change: UndoneChange) -> str:
    """Which fields are back as they were: "(pain, triggers as before)"."""
    if change.before is None:
        return ""
    before, after = content(change.before), content(change.after)
    keys = [
        key
        for key in dict.fromkeys([*before, *after])
        if key not in ("uid", "day", "deleted_at") and before.get(key) != after.get(key)
    ]
    if not keys:
        return ""
    labels = [_FIELDS.get(key, (key.replace("_", " "), None))[0] for key in keys]
    return f" ({', '.join(labels)} as before)"


def _one(change: UndoneChange) -> str:
    if change.kind == "checkin":
        what = f"the check-in for {_day(change.day)}"
        if change.before is None:
            return f"Undid {what}; that day has no check-in now."
        return f"Undid the change to {what}{_fields_back(change)}."
    if change.kind == "event":
        what = f"event {change.event_id}"
        if change.before is None:
            kind = change.after.get("kind", "")
            start = change.after.get("start_day", "")
            return (
                f"Undid adding {what} ({kind} from {start}); "
                f"painlog event restore {change.event_id} brings it back."
            )
    else:
        what = f"entry {change.entry_id}"
        if change.before is None:
            pain = change.after.get("intensity")
            return (
                f"Undid logging {what} (pain {pain}); "
                f"painlog restore {change.entry_id} brings it back."
            )
    verb = _VERBS.get(change.action, "the change to")
    extra = "" if change.action in ("delete", "restore") else _fields_back(change)
    tail = {"delete": "; it is back", "restore": "; it is deleted again"}.get(change.action, "")
    return f"Undid {verb} {what}{extra}{tail}."


def undone_text(undone: Undone) -> str:
    if undone.action != "import":
        return _one(undone.changes[0])
    counts = {
        kind: sum(1 for c in undone.changes if c.kind == kind)
        for kind in ("entry", "checkin", "event")
    }
    words = {
        "entry": ("entry", "entries"),
        "checkin": ("check-in", "check-ins"),
        "event": ("event", "events"),
    }
    parts = [
        f"{n} {words[kind][0] if n == 1 else words[kind][1]}" for kind, n in counts.items() if n
    ]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    source = f" {undone.detail}" if undone.detail else ""
    return f"Undid the import{source}: {listed} as they were before it."
