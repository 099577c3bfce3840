"""Export the whole diary to painlog's JSON format, and import such a file back.

The format is specified in docs/export-format.md. Export is deterministic:
the same diary gives the same document (apart from ``exported_at``). Import
is all-or-nothing: every record is checked at the edge as the file is read,
new records are written in chunks with Core ``executemany`` inside the
caller's one transaction, and any problem anywhere raises ``BadInput`` naming
the record, so the caller's rollback leaves the diary exactly as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session, selectinload

from painlog import __version__, fields
from painlog.errors import BadInput
from painlog.events import apply_event_record, event_kind, event_record, visit_with
from painlog.fields import CHECKIN_RATINGS
from painlog.jsonstream import JsonReader, JsonStreamError
from painlog.models import (
    TERM_KINDS,
    Change,
    CustomTerm,
    DayCheckin,
    DayExposure,
    DayRemedy,
    DayWeather,
    Entry,
    EntryTag,
    Event,
    RemedyAttempt,
    utcnow,
)
from painlog.records import (
    apply_checkin_record,
    apply_entry_record,
    checkin_record,
    content,
    entry_record,
    local_text,
    parse_utc_text,
    utc_text,
)
from painlog.services.history import CHECKIN, ENTRY, EVENT, record_change
from painlog.services.vocabulary import (
    check_new_term,
    forget_vocabulary,
    load_vocabulary,
    own_term,
)
from painlog.services.weather import weather_record
from painlog.storage.staging import Staging
from painlog.vocab import REMEDY_KINDS, Vocabulary, slugify
from painlog.when import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_AHEAD,
    check_day_not_future,
    check_moment,
    iso_day,
    local_now,
)

FORMAT = "painlog-export"
# 2 added the events, 3 the weather; an older file is a newer one without those sections.
FORMAT_VERSION = 3
SUPPORTED_VERSIONS = (1, 2, 3)
# Rows written per executemany; large enough to amortise, small enough to keep memory flat.
CHUNK = 5_000
_UID = re.compile(r"[0-9A-Za-z_-]{1,32}")


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportSummary:
    entries: int
    deleted_entries: int
    checkins: int
    terms: int
    events: int = 0
    weather_days: int = 0


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def export_diary(*, session: Session, out: TextIO) -> ExportSummary:
    """Write the whole diary to ``out``: one record per line, in a stable order."""
    revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": revision,
        "painlog_version": __version__,
        "exported_at": utc_text(utcnow()),
    }
    out.write("{\n")
    for key, value in header.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")

    terms = session.scalars(select(CustomTerm).order_by(CustomTerm.kind, CustomTerm.key)).all()
    _write_section(out, "vocabulary", (_term_record(t) for t in terms), last=False)

    checkins = session.scalars(
        select(DayCheckin)
        .order_by(DayCheckin.day)
        .options(selectinload(DayCheckin.exposure_rows), selectinload(DayCheckin.remedy_rows))
        .execution_options(yield_per=2_000)
    )
    checkin_count = _write_section(out, "checkins", map(checkin_record, checkins), last=False)

    deleted = 0

    def entries() -> Iterator[dict[str, Any]]:
        nonlocal deleted
        rows = session.scalars(
            select(Entry)
            .order_by(Entry.occurred_utc, Entry.uid)
            .options(selectinload(Entry.tags), selectinload(Entry.remedies))
            .execution_options(yield_per=2_000)
        )
        for entry in rows:
            deleted += entry.deleted_at is not None
            yield entry_record(entry)

    entry_count = _write_section(out, "entries", entries(), last=False)
    events = session.scalars(select(Event).order_by(Event.start_day, Event.uid))
    event_count = _write_section(out, "events", map(event_record, events), last=False)
    weather = session.scalars(select(DayWeather).order_by(DayWeather.day))
    weather_count = _write_section(out, "weather", map(weather_record, weather), last=True)
    out.write("}\n")
    return ExportSummary(
        entries=entry_count,
        deleted_entries=deleted,
        checkins=checkin_count,
        terms=len(terms),
        events=event_count,
        weather_days=weather_count,
    )


def _write_section(out: TextIO, name: str, records: Iterator[dict[str, Any]], *, last: bool) -> int:
    out.write(f'  "{name}": [')
    count = 0
    for record in records:
        out.write(",\n    " if count else "\n    ")
        out.write(_dump(record))
        count += 1
    out.write("\n  ]" if count else "]")
    out.write("\n" if last else ",\n")
    return count


def _term_record(term: CustomTerm) -> dict[str, Any]:
    return {
        "kind": term.kind,
        "key": term.key,
        "label": term.label,
        "aliases": list(term.aliases or []),
        "remedy_kind": term.remedy_kind,
    }


# --------------------------------------------------------------------------- import


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # the diary's own copy was changed more recently than the file's

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.kept


@dataclass
class ImportSummary:
    source: str
    entries: Tally = field(default_factory=Tally)
    checkins: Tally = field(default_factory=Tally)
    events: Tally = field(default_factory=Tally)
    weather: Tally = field(default_factory=Tally)
    terms_added: int = 0
    terms_known: int = 0


class _Refused(Exception):
    """A problem with one field; the importer adds which record it is."""


def _fail(problem: str) -> NoReturn:
    raise _Refused(problem)


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file (a byte-order mark is allowed), or a clear refusal."""
    try:
        handle = path.open(encoding="utf-8-sig", errors="strict", newline="")
    except FileNotFoundError:
        raise BadInput(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        with handle:
            yield handle
    except UnicodeDecodeError:
        raise BadInput(
            f"{path.name} is not UTF-8 text, so it is not a file painlog wrote; "
            "nothing was imported."
        ) from None


def import_diary(*, session: Session, path: Path, staged: bool = False) -> ImportSummary:
    """Import a painlog export into this diary, in the caller's transaction.

    ``staged``: new rows wait in temporary tables until the whole file has
    been read and checked (``painlog.storage.staging``), so a session that
    began without the write lock takes it only for the last step.
    """
    importer = _Importer(session, path.name, staged=staged)
    with open_text(path) as handle:
        reader = JsonReader(handle)
        try:
            importer.read(reader)
        except JsonStreamError as exc:
            raise BadInput(f"{path.name}: {exc.message}; nothing was imported.") from None
    if importer.staging is not None:
        importer.staging.publish()
    return importer.summary


def _text(value: Any, what: str, *, limit: int = 200) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(f"{what} must be text, not {json.dumps(value)}.")
    if len(value) > limit:
        _fail(f"{what} is longer than {limit} characters.")
    return _unicode(value, what)


def _unicode(value: str, what: str) -> str:
    """JSON's \\ud800-style escapes can spell text that is not Unicode; SQLite cannot keep it."""
    return fields.unicode_text(value, what)


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(f"{what} must be a list, not {json.dumps(value)[:40]}.")
    return list(value)


def _moment(value: Any, what: str) -> datetime:
    """A moment with its UTC offset, as the person lived it."""
    if not isinstance(value, str):
        _fail(f"{what} must be a date and time such as 2026-11-20T21:30:00+01:00.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        _fail(f'{what} "{value[:40]}" is not a date and time such as 2026-11-20T21:30:00+01:00.')
    if moment.tzinfo is None:
        _fail(f'{what} "{value}" has no UTC offset (such as +01:00).')
    return _in_years(moment, value, what).replace(microsecond=0)


def _in_years(moment: datetime, value: str, what: str) -> datetime:
    """Years 1900 to 2100 only: beyond them a time cannot even be moved to UTC (year 1, 9999)."""
    if moment.date() < EARLIEST_DAY:
        _fail(f'{what} "{value[:40]}" is before 1900; check the year.')
    if moment.date() > LATEST_DAY:
        _fail(f'{what} "{value[:40]}" is after {LATEST_DAY.year}; check the year.')
    return moment


def _utc(value: Any, what: str) -> datetime:
    if not isinstance(value, str):
        _fail(f"{what} must be a UTC time such as 2026-11-20T20:30:00Z.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        _fail(f'{what} "{value[:40]}" is not a time such as 2026-11-20T20:30:00Z.')
    _in_years(moment, value, what)
    return parse_utc_text(value)


def _fields(record: Any, allowed: frozenset[str], what: str) -> dict[str, Any]:
    if not isinstance(record, dict):
        _fail(f"each {what} must be an object ({{...}}), not {json.dumps(record)[:40]}.")
    unknown = record.keys() - allowed
    if unknown:
        _fail(
            f'unknown field "{sorted(unknown)[0]}" (this painlog reads '
            f"format version {FORMAT_VERSION}; see docs/export-format.md)."
        )
    return record


# The keys a file may hold: the fields' own, and the bookkeeping.
ENTRY_FIELDS = frozenset(
    {
        "uid",
        "day",
        *fields.ENTRY_KEYS,
        "pain_after",  # the entry's own follow-up, when nothing was taken
        "pain_after_at",
        "created_at",
        "updated_at",
        "deleted_at",
    }
)
REMEDY_FIELDS = frozenset(fields.REMEDY_KEYS)
CHECKIN_FIELDS = frozenset({"uid", *fields.CHECKIN_KEYS, "created_at", "updated_at"})
DAY_REMEDY_FIELDS = frozenset({"remedy", "dose"})
TERM_FIELDS = frozenset({"kind", "key", "label", "aliases", "remedy_kind"})
EVENT_FIELDS = frozenset(
    {
        "uid",
        "kind",
        "start_day",
        "end_day",
        "dose",
        "therapy",
        "missed",
        "with_whom",
        "note",
        "created_at",
        "updated_at",
        "deleted_at",
    }
)
WEATHER_FIELDS = frozenset({"day", "temp_max", "temp_mean", "humidity", "source"})
HEADER_FIELDS = frozenset(
    {"format", "format_version", "schema_revision", "painlog_version", "exported_at"}
)


@dataclass
class _Entry:
    """One checked entry, ready to write."""

    record: dict[str, Any]  # the export shape, normalised: what the diary will hold
    row: dict[str, Any]
    tags: list[tuple[str, str, int]]
    remedies: list[dict[str, Any]]


class _Importer:
    def __init__(self, session: Session, name: str, *, staged: bool = False) -> None:
        self.session = session
        self.staging = Staging(session.connection()) if staged else None
        self.name = name
        self.summary = ImportSummary(source=name)
        self.now = utcnow()
        self.now_second = self.now.replace(microsecond=0)
        self.now_text = utc_text(self.now) or ""
        # Records that came without updated_at: they never win over the diary's copy.
        self.undated: set[str] = set()
        self.latest = local_now() + MAX_AHEAD
        self.latest_utc = self.latest.astimezone(UTC).replace(tzinfo=None)
        self.format_seen = False
        self.header_ok = False
        self.sections: list[str] = []
        # A copy of its own: the import adds terms to it one at a time.
        self.vocabulary = Vocabulary(load_vocabulary(session=session).all_terms())
        self.keys: dict[tuple[str, str], str] = {}
        self.detail = f"from {name}"[:200]
        connection = session.connection()
        self.entry_ids: dict[str, int] = dict(connection.execute(select(Entry.uid, Entry.id)).all())
        self.checkin_by_uid: dict[str, tuple[int, date]] = {
            uid: (id_, day)
            for uid, id_, day in connection.execute(
                select(DayCheckin.uid, DayCheckin.id, DayCheckin.day)
            )
        }
        self.checkin_by_day = {day: uid for uid, (_, day) in self.checkin_by_uid.items()}
        sequence = connection.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = 'entries'")
        ).scalar()
        highest = connection.execute(select(func.max(Entry.id))).scalar()
        self.next_entry_id = max(sequence or 0, highest or 0) + 1
        self.next_checkin_id = (
            connection.execute(select(func.max(DayCheckin.id))).scalar() or 0
        ) + 1
        self.seen: set[str] = set()
        self.seen_checkins: set[str] = set()
        self.seen_days: set[date] = set()
        self.pending_new: list[_Entry] = []
        self.pending_existing: list[dict[str, Any]] = []
        self.pending_checkins: list[dict[str, Any]] = []
        self.history_rows: list[dict[str, Any]] = []

    # -- structure ---------------------------------------------------------------

    def read(self, reader: JsonReader) -> None:
        for key in reader.object_keys():
            if key in HEADER_FIELDS:
                self._header(key, reader.value())
                continue
            if key not in ("vocabulary", "checkins", "entries", "events", "weather"):
                raise BadInput(
                    f'{self.name}: unknown section "{key}"; this painlog reads format version '
                    f"{FORMAT_VERSION} (docs/export-format.md). Nothing was imported."
                )
            if not self.header_ok:
                raise BadInput(
                    f"{self.name} is not a painlog export: it does not start with "
                    f'"format": "{FORMAT}" and its "format_version". Nothing was imported.'
                )
            if key in self.sections:
                raise BadInput(f'{self.name} has two "{key}" sections. Nothing was imported.')
            if key == "vocabulary" and self.sections:
                raise BadInput(
                    f"{self.name}: the vocabulary must come before the check-ins and entries "
                    "that use it. Nothing was imported."
                )
            self.sections.append(key)
            if not reader.next_is_array():
                raise BadInput(f'{self.name}: "{key}" must be a list. Nothing was imported.')
            if key == "vocabulary":
                self._vocabulary(reader.array_items())
            elif key == "checkins":
                self._checkins(reader.array_items())
            elif key == "events":
                self._events(reader.array_items())
            elif key == "weather":
                self._weather(reader.array_items())
            else:
                self._entries(reader.array_items())
        reader.finish()
        if not self.header_ok:
            raise BadInput(
                f'{self.name} is not a painlog export (it has no "format": "{FORMAT}"). '
                "Nothing was imported."
            )

    def _header(self, key: str, value: Any) -> None:
        if key == "format":
            if value != FORMAT:
                raise BadInput(
                    f'{self.name} is not a painlog export ("format" is {json.dumps(value)[:60]}, '
                    f'not "{FORMAT}"). Nothing was imported.'
                )
            self.format_seen = True
        elif key == "format_version":
            if not self.format_seen:
                raise BadInput(
                    f'{self.name}: "format" must come before "format_version". '
                    "Nothing was imported."
                )
            if value not in SUPPORTED_VERSIONS or isinstance(value, bool):
                newer = isinstance(value, int) and value > FORMAT_VERSION
                raise BadInput(
                    f"{self.name} is in painlog export format version {json.dumps(value)[:20]}; "
                    f"this painlog reads versions 1 to {FORMAT_VERSION}"
                    + (". Install a newer painlog to import it" if newer else "")
                    + ". Nothing was imported."
                )
            self.header_ok = True

    def _refuse(self, what: str, index: int, record: Any, problem: str) -> BadInput:
        uid = record.get("uid") if isinstance(record, dict) else None
        label = f"{what} {index}"
        if isinstance(uid, str) and uid:
            label += f" (uid {uid[:32]})"
        elif what == "check-in" and isinstance(record, dict) and isinstance(record.get("day"), str):
            label += f" ({record['day'][:20]})"
        return BadInput(f"{self.name}: {label}: {problem} Nothing was imported.")

    def _problem(self, exc: Exception) -> str:
        """What was wrong with a record: a field's refusal names the field's key."""
        if isinstance(exc, BadInput):
            return f"{exc.field}: {exc.message}" if exc.field else exc.message
        return str(exc)

    def _key(self, kind: str, name: Any, what: str) -> str:
        memo = self.keys.get((kind, name)) if isinstance(name, str) else None
        if memo is not None:
            return memo
        if not isinstance(name, str) or not name.strip():
            _fail(f"each of {what} must be a name, not {json.dumps(name)[:40]}.")
        term = self.vocabulary.find(kind, name)
        if term is None:
            _fail(
                f'unknown {kind.replace("_", " ")} "{name[:60]}": neither built in nor in the '
                "file's own vocabulary."
            )
        self.keys[(kind, name)] = term.key
        return term.key

    def _keys(self, kind: str, names: Any, what: str) -> list[str]:
        keys: list[str] = []
        for name in _list(names, what):
            key = self._key(kind, name, what)
            if key not in keys:
                keys.append(key)
        return keys

    def _uid(self, value: Any) -> str:
        if not isinstance(value, str) or not _UID.fullmatch(value):
            _fail(f"uid must be 1 to 32 letters, digits, - or _, not {json.dumps(value)[:40]}.")
        return str(value)

    def _not_future(self, moment: datetime, key: str) -> None:
        if moment > self.latest:
            check_moment(moment, field=key)  # the one sentence for a time in the future

    # -- vocabulary --------------------------------------------------------------

    def _table(self, model: Any) -> Any:
        """Where new rows of ``model`` go: the diary, or the staging tables."""
        return model.__table__ if self.staging is None else self.staging.table(model)

    def _vocabulary(self, items: Iterator[Any]) -> None:
        new_terms: list[dict[str, Any]] = []
        for index, raw in enumerate(items, start=1):
            try:
                term = self._term(raw)
            except (_Refused, BadInput) as exc:
                raise self._refuse("vocabulary term", index, raw, self._problem(exc)) from None
            if self.vocabulary.get(term.kind, term.key) is not None:
                self.summary.terms_known += 1
                continue
            try:
                check_new_term(
                    self.vocabulary,
                    kind=term.kind,
                    key=term.key,
                    label=term.label,
                    aliases=list(term.aliases),
                )
            except BadInput as exc:
                raise self._refuse("vocabulary term", index, raw, exc.message) from None
            new_terms.append(
                {
                    "kind": term.kind,
                    "key": term.key,
                    "label": term.label,
                    "aliases": list(term.aliases),
                    "remedy_kind": term.remedy_kind,
                }
            )
            self.vocabulary.add(own_term(term))  # linear: no rebuild per term
            self.summary.terms_added += 1
        if new_terms:
            self.session.connection().execute(insert(self._table(CustomTerm)), new_terms)
            forget_vocabulary(self.session)
            self.keys.clear()

    def _term(self, raw: Any) -> CustomTerm:
        record = _fields(raw, TERM_FIELDS, "vocabulary term")
        kind = record.get("kind")
        if kind not in TERM_KINDS:
            _fail(f"kind must be one of {', '.join(TERM_KINDS)}, not {json.dumps(kind)[:40]}.")
        key = _text(record.get("key"), "key", limit=64)
        if slugify(key) != key:
            _fail(f'key "{key}" is not a key painlog makes (such as "cold-shower").')
        label = _text(record.get("label"), "label")
        aliases = [_text(a, "each alias") for a in _list(record.get("aliases"), "aliases")]
        remedy_kind = record.get("remedy_kind")
        if remedy_kind is not None and (kind != "remedy" or remedy_kind not in REMEDY_KINDS):
            _fail(f"remedy_kind {json.dumps(remedy_kind)[:40]} is not allowed here.")
        return CustomTerm(kind=kind, key=key, label=label, aliases=aliases, remedy_kind=remedy_kind)

    # -- check-ins ---------------------------------------------------------------

    def _checkins(self, items: Iterator[Any]) -> None:
        for index, raw in enumerate(items, start=1):
            try:
                record = self._checkin(raw)
            except (_Refused, BadInput) as exc:
                raise self._refuse("check-in", index, raw, self._problem(exc)) from None
            day = date.fromisoformat(record["day"])
            known = self.checkin_by_uid.get(record["uid"])
            if known is not None and known[1] != day:
                raise self._refuse(
                    "check-in",
                    index,
                    raw,
                    f"its uid belongs to the check-in for {known[1].isoformat()} in this diary, "
                    f"not {day.isoformat()}.",
                )
            existing = record["uid"] if known is not None else self.checkin_by_day.get(day)
            if existing is None:
                self.pending_checkins.append(record)
                if len(self.pending_checkins) >= CHUNK:
                    self._write_checkins()
            else:
                self._merge_checkin(existing, record)
        self._write_checkins()

    def _checkin(self, raw: Any) -> dict[str, Any]:
        record = _fields(raw, CHECKIN_FIELDS, "check-in")
        uid = self._uid(record.get("uid"))
        if uid in self.seen_checkins:
            _fail("this uid appears twice in the file.")
        self.seen_checkins.add(uid)
        day_text = record.get("day")
        day = iso_day(day_text)
        if day is None:
            _fail(f"day {json.dumps(day_text)[:40]} is not a day such as 2026-11-20.")
        check_day_not_future(day, field="day")
        if day in self.seen_days:
            _fail(f"{day.isoformat()} has two check-ins in the file; a day has one.")
        self.seen_days.add(day)
        ratings = {
            name: None if record.get(name) is None else fields.rating(record[name], name)
            for name in CHECKIN_RATINGS
        }
        exposures = self._keys("trigger", record.get("exposures"), "exposures")
        remedies: list[dict[str, Any]] = []
        for raw_remedy in _list(record.get("remedies"), "remedies"):
            item = _fields(raw_remedy, DAY_REMEDY_FIELDS, "remedy")
            key = self._key("remedy", item.get("remedy"), "remedies")
            if any(r["remedy"] == key for r in remedies):
                _fail(f"the remedy {key} is listed twice for the day.")
            remedies.append({"remedy": key, "dose": fields.dose(item.get("dose"))})
        note = fields.note(record.get("note"))
        _, created_text = self._stamp(record.get("created_at"), "created_at")
        _, updated_text = self._stamp(record.get("updated_at"), "updated_at")
        if record.get("updated_at") is None:
            self.undated.add(uid)
        return {
            "uid": uid,
            "day": day.isoformat(),
            **ratings,
            "exposures": exposures,
            "remedies": remedies,
            "note": note,
            "created_at": created_text,
            "updated_at": updated_text,
        }

    def _write_checkins(self) -> None:
        if not self.pending_checkins:
            return
        checkins: list[dict[str, Any]] = []
        exposures: list[dict[str, Any]] = []
        remedies: list[dict[str, Any]] = []
        for record in self.pending_checkins:
            checkin_id = self.next_checkin_id
            self.next_checkin_id += 1
            day = date.fromisoformat(record["day"])
            checkins.append(
                {
                    "id": checkin_id,
                    "uid": record["uid"],
                    "day": day,
                    **{name: record[name] for name in CHECKIN_RATINGS},
                    "note": record["note"],
                    "created_at": parse_utc_text(record["created_at"]),
                    "updated_at": parse_utc_text(record["updated_at"]),
                }
            )
            exposures += [
                {"checkin_id": checkin_id, "trigger": key, "position": i}
                for i, key in enumerate(record["exposures"])
            ]
            remedies += [
                {"checkin_id": checkin_id, "position": i, **remedy}
                for i, remedy in enumerate(record["remedies"])
            ]
            self.history_rows.append(self._history(CHECKIN, record))
            self.checkin_by_uid[record["uid"]] = (checkin_id, day)
            self.checkin_by_day[day] = record["uid"]
        connection = self.session.connection()
        connection.execute(insert(self._table(DayCheckin)), checkins)
        if exposures:
            connection.execute(insert(self._table(DayExposure)), exposures)
        if remedies:
            connection.execute(insert(self._table(DayRemedy)), remedies)
        self._flush_history()
        self.summary.checkins.added += len(self.pending_checkins)
        self.pending_checkins = []

    def _merge_checkin(self, existing_uid: str, record: dict[str, Any]) -> None:
        tally = self.summary.checkins
        checkin = self.session.scalar(
            select(DayCheckin)
            .where(DayCheckin.uid == existing_uid)
            .options(selectinload(DayCheckin.exposure_rows), selectinload(DayCheckin.remedy_rows))
        )
        assert checkin is not None
        # The diary's uid stays: the day is what makes two check-ins the same.
        wanted = {**record, "uid": checkin.uid}
        self._merge_one(
            CHECKIN, checkin, wanted, record["uid"], tally, checkin_record, apply_checkin_record
        )

    def _merge_one(
        self,
        kind: str,
        row: Any,
        record: dict[str, Any],
        file_uid: str,
        tally: Tally,
        snapshot: Callable[[Any], dict[str, Any]],
        apply: Callable[[Any, dict[str, Any]], None],
    ) -> None:
        """One record the diary already holds: unchanged, kept (the diary's is newer, or
        the file's has no date), or updated and recorded in the history."""
        before = snapshot(row)
        if content(before) == content(record):
            tally.unchanged += 1
            return
        if file_uid in self.undated or (before["updated_at"] or "") > record["updated_at"]:
            tally.kept += 1
            return
        apply(row, record)
        row.updated_at = parse_utc_text(record["updated_at"])
        self.session.flush()
        record_change(
            session=self.session,
            kind=kind,
            uid=row.uid,
            action="import",
            before=before,
            after=snapshot(row),
            detail=self.detail,
        )
        tally.updated += 1

    # -- entries -----------------------------------------------------------------

    def _entries(self, items: Iterator[Any]) -> None:
        for index, raw in enumerate(items, start=1):
            try:
                checked = self._entry(raw)
            except (_Refused, BadInput) as exc:
                raise self._refuse("entry", index, raw, self._problem(exc)) from None
            if checked.record["uid"] in self.entry_ids:
                self.pending_existing.append(checked.record)
                if len(self.pending_existing) >= 500:
                    self._merge_existing()
                continue
            self.pending_new.append(checked)
            if len(self.pending_new) >= CHUNK:
                self._write_new()
        self._write_new()
        self._merge_existing()

    def _entry(self, raw: Any) -> _Entry:
        record = _fields(raw, ENTRY_FIELDS, "entry")
        uid = self._uid(record.get("uid"))
        if uid in self.seen:
            _fail("this uid appears twice in the file.")
        self.seen.add(uid)
        if "occurred_at" not in record:
            _fail("occurred_at (when it happened) is missing.")
        moment = _moment(record["occurred_at"], "occurred_at")
        self._not_future(moment, "occurred_at")
        day = moment.date()
        if record.get("day") is not None and record["day"] != day.isoformat():
            _fail(
                f"day {json.dumps(record['day'])[:30]} is not the day of occurred_at "
                f"({day.isoformat()})."
            )
        if "intensity" not in record:
            _fail("intensity (0-10) is missing.")
        intensity = fields.rating(record["intensity"], "intensity")
        pain_type = record.get("pain_type")
        if pain_type is not None:
            pain_type = self._key("pain_type", pain_type, "pain_type")
        locations = self._keys("location", record.get("locations"), "locations")
        fields.places(locations)
        qualities = self._keys("quality", record.get("qualities"), "qualities")
        triggers = self._keys("trigger", record.get("triggers"), "triggers")
        values: dict[str, Any] = {}
        for f in fields.ENTRY_VALUES:
            value = record.get(f.key)
            if f.kind == "minutes" and value is not None and type(value) is not int:
                _fail(f"{f.key} must be a whole number, not {json.dumps(value)[:30]}.")
            values[f.key] = fields.check(f, value)
        remedies: list[dict[str, Any]] = []
        for raw_remedy in _list(record.get("remedies"), "remedies"):
            remedies.append(self._remedy(raw_remedy, moment, remedies))
        pain_after, after_at = self._untreated(record, moment)
        created, created_text = self._stamp(record.get("created_at"), "created_at")
        updated, updated_text = self._stamp(record.get("updated_at"), "updated_at")
        if record.get("updated_at") is None:
            self.undated.add(uid)
        deleted_text = record.get("deleted_at")
        deleted = None if deleted_text is None else _utc(deleted_text, "deleted_at")
        occurred_text = moment.isoformat()
        normalised = {
            "uid": uid,
            "occurred_at": occurred_text,
            "day": day.isoformat(),
            "intensity": intensity,
            "pain_type": pain_type,
            "locations": locations,
            "qualities": qualities,
            "triggers": triggers,
            **values,
            "remedies": [r["record"] for r in remedies],
            "pain_after": pain_after,
            "pain_after_at": local_text(after_at),
            "created_at": created_text,
            "updated_at": updated_text,
            "deleted_at": utc_text(deleted),
        }
        row = {
            "uid": uid,
            "occurred_at": moment,
            "occurred_utc": moment.astimezone(UTC).replace(tzinfo=None),
            "day": day,
            "intensity": intensity,
            "pain_type": pain_type,
            **values,
            "pain_after": pain_after,
            "pain_after_at": after_at,
            "created_at": created,
            "updated_at": updated,
            "deleted_at": deleted,
        }
        tags = [("location", key, i) for i, key in enumerate(locations)]
        tags += [("quality", key, i) for i, key in enumerate(qualities)]
        tags += [("trigger", key, i) for i, key in enumerate(triggers)]
        return _Entry(record=normalised, row=row, tags=tags, remedies=[r["row"] for r in remedies])

    def _untreated(self, record: dict[str, Any], occurred: datetime) -> tuple[int | None, Any]:
        """The entry's own follow-up (nothing taken): a rating and its time, both or neither."""
        pain_after = record.get("pain_after")
        after = record.get("pain_after_at")
        if (pain_after is None) != (after is None):
            _fail("pain_after and pain_after_at come together (a rating and when it was made).")
        if pain_after is None:
            return None, None
        rating = fields.rating(pain_after, "pain_after")
        after_at = _moment(after, "pain_after_at")
        self._not_future(after_at, "pain_after_at")
        if after_at < occurred:
            _fail("pain_after_at is before the episode (occurred_at).")
        return rating, after_at

    def _remedy(
        self, raw: Any, occurred: datetime, earlier: list[dict[str, Any]]
    ) -> dict[str, Any]:
        item = _fields(raw, REMEDY_FIELDS, "remedy")
        key = self._key("remedy", item.get("remedy"), "remedies")
        if any(r["row"]["remedy"] == key for r in earlier):
            _fail(f"the remedy {key} is listed twice; an entry lists each remedy once.")
        # In the order of painlog.fields.REMEDY_FIELDS, as every path checks them.
        dose = fields.dose(item.get("dose"))
        taken = item.get("taken_at")
        taken_at = None if taken is None else _moment(taken, f"taken_at of {key}")
        if taken_at is not None:
            self._not_future(taken_at, "taken_at")
            fields.remedy_time(key, taken_at, occurred)
        pain_after = item.get("pain_after")
        if pain_after is not None:
            pain_after = fields.rating(pain_after, "pain_after")
        after = item.get("pain_after_at")
        after_at = None if after is None else _moment(after, f"pain_after_at of {key}")
        if after_at is not None:
            self._not_future(after_at, "pain_after_at")
            fields.follow_up_time(key, after_at, taken_at or occurred)
        return {
            "record": {
                "remedy": key,
                "dose": dose,
                "taken_at": local_text(taken_at),
                "pain_after": pain_after,
                "pain_after_at": local_text(after_at),
            },
            "row": {
                "remedy": key,
                "dose": dose,
                "taken_at": taken_at,
                "pain_after": pain_after,
                "pain_after_at": after_at,
                "position": len(earlier),
            },
        }

    def _stamp(self, value: Any, what: str) -> tuple[datetime, str]:
        """A bookkeeping time and its text in the export's form (the file's, when it is)."""
        if value is None:
            return self.now_second, self.now_text
        moment = _utc(value, what)
        if moment > self.latest_utc:
            _fail(f"{what} {value} is in the future.")
        if len(value) == 20 and value[10] == "T" and value[19] == "Z":
            return moment, value  # already canonical: skip formatting it again
        return moment, utc_text(moment) or ""

    # -- events ------------------------------------------------------------------

    def _events(self, items: Iterator[Any]) -> None:
        """Events are few (a handful a month): each is checked and written on its own."""
        from painlog.services.events import check_event_record

        seen: set[str] = set()
        for index, raw in enumerate(items, start=1):
            try:
                record = self._event(raw, seen)
                existing = self.session.scalar(select(Event).where(Event.uid == record["uid"]))
                check_event_record(
                    session=self.session,
                    record=record,
                    event_id=existing.id if existing is not None else None,
                )
            except _Refused as exc:
                raise self._refuse("event", index, raw, str(exc)) from None
            except BadInput as exc:
                raise self._refuse("event", index, raw, exc.message) from None
            if existing is not None:
                self._merge_one(
                    EVENT,
                    existing,
                    record,
                    record["uid"],
                    self.summary.events,
                    event_record,
                    apply_event_record,
                )
                continue
            row = Event(uid=record["uid"])
            apply_event_record(row, record)
            row.created_at = parse_utc_text(record["created_at"])
            row.updated_at = parse_utc_text(record["updated_at"])
            self.session.add(row)
            self.session.flush()
            record_change(
                session=self.session,
                kind=EVENT,
                uid=row.uid,
                action="import",
                before=None,
                after=event_record(row),
                detail=self.detail,
            )
            self.summary.events.added += 1
        self.session.flush()

    def _event(self, raw: Any, seen: set[str]) -> dict[str, Any]:
        record = _fields(raw, EVENT_FIELDS, "event")
        uid = self._uid(record.get("uid"))
        if uid in seen:
            _fail("this uid appears twice in the file.")
        seen.add(uid)
        kind_text = record.get("kind")
        if not isinstance(kind_text, str):
            _fail(f"kind must be a kind of event such as relapse, not {json.dumps(kind_text)}.")
        try:
            kind = event_kind(kind_text)
            with_whom = record.get("with_whom")
            if with_whom is not None:
                with_whom = visit_with(_text(with_whom, "with_whom"))
        except BadInput as exc:
            _fail(exc.message)
        days: dict[str, str | None] = {}
        for name in ("start_day", "end_day"):
            value = record.get(name)
            if value is None and name == "end_day":
                days[name] = None
                continue
            day = iso_day(value)
            if day is None:
                _fail(f"{name} {json.dumps(value)[:40]} is not a day such as 2026-11-20.")
            days[name] = day.isoformat()
        missed = record.get("missed", False)
        if not isinstance(missed, bool):
            _fail(f"missed must be true or false, not {json.dumps(missed)[:20]}.")
        _, created_text = self._stamp(record.get("created_at"), "created_at")
        _, updated_text = self._stamp(record.get("updated_at"), "updated_at")
        if record.get("updated_at") is None:
            self.undated.add(uid)
        deleted_text = record.get("deleted_at")
        deleted = None if deleted_text is None else _utc(deleted_text, "deleted_at")
        texts = {
            name: None if record.get(name) is None else _text(record[name], name)
            for name in ("dose", "therapy")
        }
        return {
            "uid": uid,
            "kind": kind,
            **days,
            **texts,
            "missed": missed,
            "with_whom": with_whom,
            "note": fields.note(record.get("note")),
            "created_at": created_text,
            "updated_at": updated_text,
            "deleted_at": utc_text(deleted),
        }

    # -- weather -----------------------------------------------------------------

    def _weather(self, items: Iterator[Any]) -> None:
        """One row per day, checked by the rules of a weather file; the file's values win."""
        from painlog.services.weather import store_weather, weather_day_record

        days = []
        seen: set[date] = set()
        for index, raw in enumerate(items, start=1):
            try:
                record = _fields(raw, WEATHER_FIELDS, "weather day")
                day = weather_day_record(record)
            except _Refused as exc:
                raise self._refuse("weather day", index, raw, str(exc)) from None
            except BadInput as exc:
                raise self._refuse("weather day", index, raw, exc.message) from None
            if day.day in seen:
                raise self._refuse("weather day", index, raw, "this day appears twice in the file.")
            seen.add(day.day)
            days.append(day)
        added, updated, unchanged = store_weather(
            session=self.session, weather=sorted(days, key=lambda d: d.day)
        )
        tally = self.summary.weather
        tally.added, tally.updated, tally.unchanged = added, updated, unchanged

    # -- writing -----------------------------------------------------------------

    def _history(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        return {
            "record_kind": kind,
            "record_uid": record["uid"],
            "version": 1,
            "action": "import",
            "changed_at": self.now,
            "detail": self.detail,
            "before": None,
            "after": record,
        }

    def _flush_history(self) -> None:
        if self.history_rows:
            self.session.connection().execute(insert(self._table(Change)), self.history_rows)
            self.history_rows = []

    def _write_new(self) -> None:
        if not self.pending_new:
            return
        entries: list[dict[str, Any]] = []
        tags: list[dict[str, Any]] = []
        remedies: list[dict[str, Any]] = []
        for checked in self.pending_new:
            entry_id = self.next_entry_id
            self.next_entry_id += 1
            checked.row["id"] = entry_id
            entries.append(checked.row)
            tags += [
                {"entry_id": entry_id, "kind": kind, "key": key, "position": position}
                for kind, key, position in checked.tags
            ]
            for remedy in checked.remedies:
                remedy["entry_id"] = entry_id
                remedies.append(remedy)
            self.history_rows.append(self._history(ENTRY, checked.record))
            self.entry_ids[checked.record["uid"]] = entry_id
        connection = self.session.connection()
        connection.execute(insert(self._table(Entry)), entries)
        if tags:
            connection.execute(insert(self._table(EntryTag)), tags)
        if remedies:
            connection.execute(insert(self._table(RemedyAttempt)), remedies)
        self._flush_history()
        self.summary.entries.added += len(self.pending_new)
        self.pending_new = []

    def _merge_existing(self) -> None:
        if not self.pending_existing:
            return
        wanted = {record["uid"]: record for record in self.pending_existing}
        self.pending_existing = []
        found = self.session.scalars(
            select(Entry)
            .where(Entry.uid.in_(list(wanted)))
            .options(selectinload(Entry.tags), selectinload(Entry.remedies))
        ).all()
        tally = self.summary.entries
        for entry in found:
            record = wanted[entry.uid]
            self._merge_one(
                ENTRY, entry, record, record["uid"], tally, entry_record, apply_entry_record
            )
        self.session.flush()
