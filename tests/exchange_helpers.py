"""Helpers for the export, import and fault tests: fresh diaries fast, synthetic exports."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from painlog.services.exchange import export_diary
from painlog.storage.diary import Diary, diary_session, open_diary

_TEMPLATE: Path | None = None


def empty_diary(path: Path) -> Path:
    """An empty diary at head, copied from one made once per test run (migrations are slow)."""
    global _TEMPLATE
    if _TEMPLATE is None or not _TEMPLATE.exists():
        import atexit
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="painlog-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = folder / "empty.db"
        open_diary(template).engine.dispose()
        _TEMPLATE = template
    shutil.copyfile(_TEMPLATE, path)
    path.chmod(0o600)
    return path


@contextmanager
def opened(path: Path) -> Iterator[Diary]:
    diary = open_diary(path)
    try:
        yield diary
    finally:
        diary.engine.dispose()


@contextmanager
def session_on(path: Path) -> Iterator[Session]:
    with opened(path) as diary, diary_session(diary) as session:
        yield session


def export_text(path: Path) -> str:
    out = io.StringIO()
    with session_on(path) as session:
        export_diary(session=session, out=out)
    return out.getvalue()


def export_doc(path: Path) -> dict[str, Any]:
    """The export as data, without the one field that names when it was made."""
    document = json.loads(export_text(path))
    document.pop("exported_at")
    return document


def synthetic_export(count: int, *, start: datetime | None = None) -> str:
    """A valid export of ``count`` entries, written directly (fast, for big-import tests)."""
    if start is None:  # ending a few days ago: an import refuses moments in the future
        start = datetime.now(UTC).astimezone() - timedelta(minutes=37 * count, days=3)
    lines = []
    places = ["lower-back", "leg", "neck", "hip"]
    for i in range(count):
        moment = (start + timedelta(minutes=37 * i)).replace(microsecond=0)
        record = {
            "uid": f"{i:032x}",
            "occurred_at": moment.isoformat(),
            "day": moment.date().isoformat(),
            "intensity": i % 11,
            "pain_type": "spasticity" if i % 3 else "neuropathic",
            "locations": [places[i % 4]],
            "qualities": ["tight"] if i % 2 else [],
            "triggers": ["heat"] if i % 5 == 0 else [],
            "duration_minutes": 30,
            "remedies": [
                {
                    "remedy": "baclofen",
                    "dose": "10 mg",
                    "taken_at": moment.isoformat(),
                    "pain_after": 2,
                    "pain_after_at": (moment + timedelta(hours=1)).isoformat(),
                }
            ]
            if i % 4 == 0
            else [],
            "note": None,
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
            "deleted_at": None,
        }
        lines.append(json.dumps(record))
    header = {
        "format": "painlog-export",
        "format_version": 1,
        "schema_revision": "0002",
        "painlog_version": "test",
        "exported_at": "2024-01-02T00:00:00Z",
    }
    head = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in header.items())
    body = ",\n    ".join(lines)
    return (
        "{\n" + head + ',\n  "vocabulary": [],\n  "checkins": [],\n'
        f'  "entries": [\n    {body}\n  ]\n}}\n'
    )
