"""Export and import in painlog's JSON format: round trips, idempotence, refusals."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from painlog.errors import BadInput
from painlog.fields import MAX_NOTE_CHARS
from painlog.jsonstream import JsonReader, JsonStreamError
from painlog.models import Change, DayCheckin, Entry
from painlog.services import checkins, entries, exchange
from painlog.services.vocabulary import add_term
from painlog.storage.revisions import revision_chain
from tests.conftest import CliRun
from tests.exchange_helpers import (
    empty_diary,
    export_doc,
    export_text,
    session_on,
    synthetic_export,
)

pytestmark = pytest.mark.clock

# --------------------------------------------------------------------------- helpers


def _log(session: Any, **fields: Any) -> Entry:
    fields.setdefault("occurred_at", datetime(2026, 3, 1, 21, 30).astimezone())
    fields.setdefault("locations", ["lower-back"])
    return entries.log_entry(session=session, entry=entries.EntryInput(**fields))


def _sample_diary(path: Path) -> None:
    empty_diary(path)
    with session_on(path) as session:
        add_term(session=session, kind="trigger", name="Cold shower", aliases=["cold water"])
        first = _log(
            session,
            intensity=7,
            pain_type="spasticity",
            qualities=["tight"],
            triggers=["heat", "cold shower"],
            remedies=[entries.RemedyInput(name="baclofen", dose="10 mg")],
            duration_minutes=45,
            note="Hot afternoon — “long” walk",
        )
        entries.record_relief(
            session=session,
            entry_id=first.id,
            remedy="baclofen",
            pain_after=3,
            at=datetime(2026, 3, 1, 22, 45).astimezone(),
        )
        second = _log(session, intensity=4, occurred_at=datetime(2026, 3, 2, 8, 0).astimezone())
        entries.delete_entry(session=session, entry_id=second.id)
        checkins.record_day(
            session=session,
            day_input=checkins.DayInput(
                day=date(2026, 3, 1),
                ratings={"average_pain": 5, "worst_pain": 7, "enjoyment": 4, "activity": 6},
                add_exposures=["heat"],
                note="hot",
            ),
        )


def _counts(path: Path) -> tuple[int, int, int]:
    with session_on(path) as session:
        return (
            session.scalar(select(func.count()).select_from(Entry)) or 0,
            session.scalar(select(func.count()).select_from(DayCheckin)) or 0,
            session.scalar(select(func.count()).select_from(Change)) or 0,
        )


# --------------------------------------------------------------------------- round trips


def test_export_import_export_gives_the_same_document(tmp_path: Path) -> None:
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    _sample_diary(source)
    exported = tmp_path / "a.json"
    exported.write_text(export_text(source), encoding="utf-8")
    empty_diary(target)
    with session_on(target) as session:
        summary = exchange.import_diary(session=session, path=exported)
    assert (summary.entries.added, summary.checkins.added, summary.terms_added) == (2, 1, 1)
    assert export_doc(target) == export_doc(source)
    document = export_doc(source)
    assert document["schema_revision"] == revision_chain().head
    assert [e["deleted_at"] is not None for e in document["entries"]] == [False, True]
    assert document["entries"][0]["remedies"][0]["pain_after"] == 3


def test_importing_the_same_file_twice_adds_nothing(cli: CliRun, tmp_path: Path) -> None:
    _sample_diary(tmp_path / "a.db")
    exported = tmp_path / "a.json"
    assert cli("export", "--db", str(tmp_path / "a.db"), "-o", str(exported)).exit_code == 0
    first = cli("import", str(exported))
    assert first.exit_code == 0, first.output
    assert "2 added · 0 updated · 0 unchanged" in first.output
    before = _counts(Path(str(tmp_path / "diary.db")))
    second = cli("import", str(exported))
    assert second.exit_code == 0, second.output
    assert "0 added · 0 updated · 2 unchanged" in second.output
    assert "0 added · 1 already known" in second.output
    assert _counts(tmp_path / "diary.db") == before


def test_export_file_is_private_and_complete(cli: CliRun, tmp_path: Path) -> None:
    cli("log", "--pain", "5", "--where", "neck")
    target = tmp_path / "out.json"
    result = cli("export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Exported 1 entries")
    assert target.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".out.json.*"))  # no temporary file left behind
    document = json.loads(target.read_text())
    assert document["format"] == "painlog-export" and document["format_version"] == 3


def test_export_to_stdout(cli: CliRun) -> None:
    cli("log", "--pain", "5", "--where", "neck")
    result = cli("export")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["entries"][0]["intensity"] == 5


def test_a_newer_change_in_the_file_updates_an_older_one_is_kept(tmp_path: Path) -> None:
    diary = tmp_path / "a.db"
    _sample_diary(diary)
    document = json.loads(export_text(diary))
    entry = document["entries"][0]
    entry["intensity"] = 2
    entry["updated_at"] = "2099-01-01T00:00:00Z"  # edited later elsewhere (within limits below)
    entry["updated_at"] = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    older = dict(document["entries"][1], intensity=9, updated_at="2000-01-01T00:00:00Z")
    document["entries"][1] = older
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document))
    with session_on(diary) as session:
        summary = exchange.import_diary(session=session, path=path)
    assert (summary.entries.updated, summary.entries.kept) == (1, 1)
    with session_on(diary) as session:
        rows = session.scalars(select(Entry).order_by(Entry.id)).all()
        assert [rows[0].intensity, rows[1].intensity] == [2, 4]
        change = session.scalars(select(Change).order_by(Change.id.desc())).first()
        assert change is not None and change.action == "import"
        assert change.before is not None and change.before["intensity"] == 7


def test_a_check_in_for_the_same_day_is_the_same_check_in(tmp_path: Path) -> None:
    diary = tmp_path / "a.db"
    _sample_diary(diary)
    document = json.loads(export_text(diary))
    checkin = document["checkins"][0]
    checkin.update(uid="f" * 32, average_pain=1, updated_at="2001-01-01T00:00:00Z")
    path = tmp_path / "other.json"
    path.write_text(json.dumps(document))
    with session_on(diary) as session:
        summary = exchange.import_diary(session=session, path=path)
    assert (summary.checkins.added, summary.checkins.kept) == (0, 1)


# --------------------------------------------------------------------------- the property


_offsets = st.sampled_from([0, 60, 120, -300, 330, -210]).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
_moments = st.builds(
    lambda day, minute, zone: (
        datetime.combine(date(2019, 1, 1) + timedelta(days=day), datetime.min.time(), zone)
        + timedelta(minutes=minute)
    ),
    st.integers(0, 2000),
    st.integers(0, 1439),
    _offsets,
)
_names = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P", "S")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip())
_entry = st.fixed_dictionaries(
    {
        "intensity": st.integers(0, 10),
        "occurred_at": _moments,
        "locations": st.lists(
            st.sampled_from(["lower-back", "neck", "leg", "hip", "spine"]), min_size=1, max_size=3
        ),
        "pain_type": st.none() | st.sampled_from(["spasticity", "neuropathic", "lhermitte"]),
        "qualities": st.lists(st.sampled_from(["tight", "burning", "sharp"]), max_size=2),
        "triggers": st.lists(st.sampled_from(["heat", "stress", "own"]), max_size=3),
        "remedies": st.lists(
            st.tuples(
                st.sampled_from(["baclofen", "ibuprofen", "stretching"]),
                st.none() | _names,
                st.none() | st.integers(0, 10),
            ),
            max_size=2,
            unique_by=lambda r: r[0],
        ),
        "duration_minutes": st.none() | st.integers(0, 600),
        "note": st.none() | _names,
        "deleted": st.booleans(),
    }
)
_checkin = st.fixed_dictionaries(
    {
        "day": st.integers(0, 2000).map(lambda n: date(2019, 1, 1) + timedelta(days=n)),
        "ratings": st.dictionaries(
            st.sampled_from(["average_pain", "worst_pain", "fatigue", "spasticity"]),
            st.integers(0, 10),
            min_size=1,
        ),
        "exposures": st.lists(st.sampled_from(["heat", "humidity", "own"]), max_size=2),
        "note": st.none() | _names,
    }
)


def _build(path: Path, own: str, logged: list[dict[str, Any]], days: list[dict[str, Any]]) -> None:
    empty_diary(path)
    with session_on(path) as session:
        own_key = add_term(session=session, kind="trigger", name=own).key

        def names(values: list[str]) -> list[str]:
            return [own_key if v == "own" else v for v in values]

        for spec in logged:
            entry = _log(
                session,
                intensity=spec["intensity"],
                occurred_at=spec["occurred_at"],
                locations=spec["locations"],
                pain_type=spec["pain_type"],
                qualities=spec["qualities"],
                triggers=names(spec["triggers"]),
                remedies=[entries.RemedyInput(name=n, dose=d) for n, d, _ in spec["remedies"]],
                duration_minutes=spec["duration_minutes"],
                note=spec["note"],
            )
            for name, _, after in spec["remedies"]:
                if after is not None:
                    entries.record_relief(
                        session=session,
                        entry_id=entry.id,
                        remedy=name,
                        pain_after=after,
                        at=spec["occurred_at"] + timedelta(hours=1),
                    )
            if spec["deleted"]:
                entries.delete_entry(session=session, entry_id=entry.id)
        for spec in {d["day"]: d for d in days}.values():
            checkins.record_day(
                session=session,
                day_input=checkins.DayInput(
                    day=spec["day"],
                    ratings=spec["ratings"],
                    add_exposures=names(spec["exposures"]),
                    note=spec["note"],
                ),
            )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    own=_names.filter(lambda s: any(c.isalnum() for c in s)),
    logged=st.lists(_entry, max_size=6),
    days=st.lists(_checkin, max_size=4),
)
def test_round_trip_property(
    tmp_path: Path, own: str, logged: list[dict[str, Any]], days: list[dict[str, Any]]
) -> None:
    """Export, import into a new diary, export again: the same document; again adds nothing."""
    from hypothesis import assume

    from painlog.vocab import builtin_terms, normalize

    assume(all(normalize(own) != normalize(t.label) for t in builtin_terms()))
    source, target, exported = tmp_path / "p-a.db", tmp_path / "p-b.db", tmp_path / "p.json"
    for stale in (source, target):
        stale.unlink(missing_ok=True)
    try:
        _build(source, own, logged, days)
    except BadInput:
        assume(False)  # an own term the vocabulary refuses (it clashes with a built-in alias)
    exported.write_text(export_text(source), encoding="utf-8")
    empty_diary(target)
    with session_on(target) as session:
        exchange.import_diary(session=session, path=exported)
    assert export_doc(target) == export_doc(source)
    with session_on(target) as session:
        again = exchange.import_diary(session=session, path=exported)
    assert again.entries.added == again.entries.updated == 0
    assert again.checkins.added == again.checkins.updated == 0
    assert again.entries.unchanged == len(logged)


# --------------------------------------------------------------------------- refusals


def _document(**changes: Any) -> dict[str, Any]:
    moment = datetime(2026, 3, 1, 21, 30).astimezone().isoformat()
    entry = {
        "uid": "a" * 32,
        "occurred_at": moment,
        "day": "2026-03-01",
        "intensity": 6,
        "pain_type": None,
        "locations": ["lower-back"],
        "qualities": [],
        "triggers": [],
        "duration_minutes": None,
        "remedies": [],
        "note": None,
        "created_at": "2026-03-01T20:31:00Z",
        "updated_at": "2026-03-01T20:31:00Z",
        "deleted_at": None,
    }
    return {
        "format": "painlog-export",
        "format_version": 1,
        "schema_revision": "0002",
        "painlog_version": "0.1.0",
        "exported_at": "2026-03-02T00:00:00Z",
        "vocabulary": [],
        "checkins": [],
        "entries": [
            {**entry, "uid": "b" * 32, "note": "a good record first"},
            {**entry, **changes},
        ],
    }


def _refused(cli: CliRun, tmp_path: Path, content: bytes, *expected: str) -> str:
    cli("log", "--pain", "3", "--where", "neck")  # something that must survive
    before = export_text(tmp_path / "diary.db")
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = cli("import", str(path))
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert "\n" not in message, message
    for text in expected:
        assert text in message, message
    assert "othing was imported" in message
    after = export_text(tmp_path / "diary.db")
    assert json.loads(after) | {"exported_at": 0} == json.loads(before) | {"exported_at": 0}
    return message


def _bad(**changes: Any) -> bytes:
    return json.dumps(_document(**changes)).encode()


def test_refuses_bytes_that_are_not_utf8(cli: CliRun, tmp_path: Path) -> None:
    content = _bad(note="caf\u00e9").replace(b"caf\\u00e9", b"caf\xe9")
    _refused(cli, tmp_path, content, "not UTF-8")


def test_refuses_malformed_json(cli: CliRun, tmp_path: Path) -> None:
    content = _bad().replace(b'"intensity": 6', b'"intensity": 6,,')
    _refused(cli, tmp_path, content, "not valid JSON", "line 1")


def test_refuses_truncated_json(cli: CliRun, tmp_path: Path) -> None:
    content = _bad()
    _refused(cli, tmp_path, content[: len(content) // 2], "cut off")


def test_refuses_an_unknown_format_version(cli: CliRun, tmp_path: Path) -> None:
    document = _document()
    document["format_version"] = 4
    _refused(cli, tmp_path, json.dumps(document).encode(), "format version 4")


def test_refuses_a_file_that_is_not_a_painlog_export(cli: CliRun, tmp_path: Path) -> None:
    _refused(cli, tmp_path, b'{"entries": []}', "not a painlog export")
    _refused(cli, tmp_path, b"[1, 2, 3]", "expected an object ({) at line 1 column 1")


def test_refuses_a_long_note(cli: CliRun, tmp_path: Path) -> None:
    message = _refused(cli, tmp_path, _bad(note="x" * 10_000), "entry 2", "a" * 32)
    assert f"note: The note is 10000 characters long; the most it holds is {MAX_NOTE_CHARS}" in (
        message
    )


def test_refuses_a_10_mb_record_while_reading_it(cli: CliRun, tmp_path: Path) -> None:
    _refused(cli, tmp_path, _bad(note="x" * 10_000_000), "a single record", "larger than 1 MB")


def test_refuses_a_date_that_does_not_parse(cli: CliRun, tmp_path: Path) -> None:
    _refused(cli, tmp_path, _bad(occurred_at="2026-02-30 25:00"), "entry 2", "occurred_at")


def test_refuses_a_rating_out_of_range(cli: CliRun, tmp_path: Path) -> None:
    _refused(cli, tmp_path, _bad(intensity=11), "entry 2", "intensity: Pain must be from 0 to 10")


def test_refuses_unknown_vocabulary_naming_the_record(cli: CliRun, tmp_path: Path) -> None:
    _refused(cli, tmp_path, _bad(triggers=["moon phase"]), 'unknown trigger "moon phase"')


def test_refuses_unknown_fields_rather_than_dropping_them(cli: CliRun, tmp_path: Path) -> None:
    _refused(cli, tmp_path, _bad(mood=3), 'unknown field "mood"')


def test_refuses_a_uid_twice(cli: CliRun, tmp_path: Path) -> None:
    _refused(cli, tmp_path, _bad(uid="b" * 32), "appears twice")


def test_refuses_a_day_that_does_not_match_the_moment(cli: CliRun, tmp_path: Path) -> None:
    _refused(cli, tmp_path, _bad(day="2026-03-05"), "not the day of occurred_at")


def test_refuses_a_bad_check_in_rating(cli: CliRun, tmp_path: Path) -> None:
    document = _document()
    document["checkins"] = [
        {"uid": "c" * 32, "day": "2026-03-01", "average_pain": -1, "exposures": []}
    ]
    _refused(cli, tmp_path, json.dumps(document).encode(), "check-in 1", "average_pain")


def test_the_files_own_vocabulary_is_added(tmp_path: Path) -> None:
    document = _document(triggers=["Cold shower"])
    document["vocabulary"] = [
        {"kind": "trigger", "key": "cold-shower", "label": "Cold shower", "aliases": []}
    ]
    path = tmp_path / "own.json"
    path.write_text(json.dumps(document))
    diary = empty_diary(tmp_path / "own.db")
    with session_on(diary) as session:
        summary = exchange.import_diary(session=session, path=path)
    assert summary.terms_added == 1
    imported = {e["uid"]: e for e in export_doc(diary)["entries"]}
    assert imported["a" * 32]["triggers"] == ["cold-shower"]


def test_a_failed_import_leaves_an_existing_diary_as_it_was(tmp_path: Path) -> None:
    diary = tmp_path / "a.db"
    _sample_diary(diary)
    before = export_doc(diary)
    counts = _counts(diary)
    big = json.loads(synthetic_export(12_000))  # more than one chunk is written before...
    big["entries"].append({**big["entries"][0], "uid": "z" * 32, "intensity": 12})
    path = tmp_path / "big.json"
    path.write_text(json.dumps(big))
    with pytest.raises(BadInput, match="entry 12001"), session_on(diary) as session:
        exchange.import_diary(session=session, path=path)
    assert export_doc(diary) == before
    assert _counts(diary) == counts


# --------------------------------------------------------------------------- the reader


def test_reader_handles_values_split_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    import painlog.jsonstream as jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK_CHARS", 7)
    text = '{"format_version": 12345678, "entries": [{"a": "' + "é" * 50 + '"}, 1.5, 22]}'
    reader = JsonReader(io.StringIO(text))
    seen: dict[str, Any] = {}
    for key in reader.object_keys():
        seen[key] = list(reader.array_items()) if reader.next_is_array() else reader.value()
    reader.finish()
    assert seen == json.loads(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"a": [1, 2', "cut off"),
        ('{"a": "unterminated', "cut off"),
        ('{"a": [1 2]}', "expected , or ]"),
        ('{"a": 1} trailing', "after the end"),
        ('{"a": tru}', "not valid JSON"),
    ],
)
def test_reader_explains_bad_text(text: str, problem: str) -> None:
    reader = JsonReader(io.StringIO(text))
    with pytest.raises(JsonStreamError, match=problem):
        for _ in reader.object_keys():
            if reader.next_is_array():
                list(reader.array_items())
            else:
                reader.value()
        reader.finish()


def test_export_never_overwrites_the_diary_or_an_existing_file(
    cli: CliRun, db_path: Path, tmp_path: Path
) -> None:
    assert cli("log", "-p", "5", "-w", "neck", "--quiet").exit_code == 0
    diary_bytes = db_path.read_bytes()
    for target, message in (
        (db_path, "is your diary"),
        (Path(f"{db_path}-wal"), "is your diary"),
        (tmp_path, "is a folder"),
        (tmp_path / "missing" / "x.json", "does not exist"),
    ):
        result = cli("export", "-o", str(target), "--force")
        assert result.exit_code == 2, result.output
        assert message in result.stderr
    assert db_path.read_bytes() == diary_bytes
    existing = tmp_path / "old.json"
    existing.write_text("keep me")
    refused = cli("export", "-o", str(existing))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert existing.read_text() == "keep me"
    assert cli("export", "-o", str(existing), "--force").exit_code == 0
    assert json.loads(existing.read_text())["format"] == "painlog-export"


@pytest.mark.parametrize(
    ("term", "message"),
    [
        (
            {"kind": "trigger", "key": "hot", "label": "Hot flushes", "aliases": []},
            "already a trigger",
        ),
        ({"kind": "trigger", "key": "warmth", "label": "Heat", "aliases": []}, "already a trigger"),
        (
            {"kind": "trigger", "key": "warm", "label": "Warm", "aliases": ["hot"]},
            "already a trigger",
        ),
        (
            {"kind": "trigger", "key": "hot-humid", "label": "hot, humid", "aliases": []},
            "separator",
        ),
    ],
)
def test_imported_terms_follow_the_vocab_add_rules(
    cli: CliRun, tmp_path: Path, term: dict[str, object], message: str
) -> None:
    path = tmp_path / "terms.json"
    path.write_text(
        json.dumps({"format": "painlog-export", "format_version": 1, "vocabulary": [term]})
    )
    result = cli("import", str(path))
    assert result.exit_code == 2, result.output
    assert "vocabulary term 1" in result.stderr and message in result.stderr
    logged = cli("log", "-p", "5", "-w", "neck", "--trigger", "hot", "--json")
    assert json.loads(logged.stdout)["triggers"] == ["heat"]  # "hot" still means extreme heat


def test_refuses_numbers_and_nesting_json_cannot_hold(cli: CliRun, tmp_path: Path) -> None:
    _refused(
        cli,
        tmp_path,
        _bad().replace(b'"intensity": 6', b'"intensity": ' + b"9" * 5000, 1),
        "digits",
    )
    deep = b'{"format": "painlog-export", "format_version": 1, "entries": ' + b"[" * 100_000
    _refused(cli, tmp_path, deep)


def test_refuses_text_that_is_not_unicode_and_years_before_1900(
    cli: CliRun, tmp_path: Path
) -> None:
    _refused(
        cli,
        tmp_path,
        _bad(note="REPLACE").replace(b'"REPLACE"', b'"\\ud800"'),
        "not valid text (a lone surrogate)",
    )
    _refused(cli, tmp_path, _bad(occurred_at="0001-01-01T00:30:00+01:00"), "before 1900")


def test_a_check_in_without_updated_at_never_replaces_the_diarys(
    cli: CliRun, tmp_path: Path
) -> None:
    assert (
        cli("day", "--date", "2026-01-20", "--avg", "5", "--worst", "8", "--note", "mine").exit_code
        == 0
    )
    path = tmp_path / "other.json"
    document = {
        "format": "painlog-export",
        "format_version": 1,
        "checkins": [{"uid": "other1", "day": "2026-01-20", "average_pain": 1}],
    }
    path.write_text(json.dumps(document))
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    [day] = json.loads(cli("days", "--json").stdout)
    assert (day["average_pain"], day["worst_pain"], day["note"]) == (5, 8, "mine")


def test_history_of_an_impossible_id_is_one_line(cli: CliRun) -> None:
    result = cli("history", "99999999999999999999")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_import_keeps_a_copy_of_the_diary_as_it_was(
    cli: CliRun, db_path: Path, tmp_path: Path
) -> None:
    assert cli("log", "-p", "5", "-w", "neck", "--quiet").exit_code == 0
    path = tmp_path / "in.json"
    path.write_bytes(_bad(note="from the file"))
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    [copy] = db_path.parent.glob(f"{db_path.stem}-before-import-*.db")
    assert str(copy) in result.stdout
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 1  # as it was
    failed = tmp_path / "bad.json"
    failed.write_bytes(_bad(intensity=11))
    assert cli("import", str(failed)).exit_code == 2
    assert len(list(db_path.parent.glob(f"{db_path.stem}-before-import-*.db"))) == 1  # none new


def test_importing_a_missing_file_creates_no_diary(
    cli: CliRun, db_path: Path, tmp_path: Path
) -> None:
    result = cli("import", str(tmp_path / "nothing.json"))
    assert result.exit_code == 2 and "There is no file" in result.stderr
    assert not db_path.exists()
