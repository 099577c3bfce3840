"""Importing a Flaredown CSV export: the documented mapping, and nothing dropped silently."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from painlog.models import Change, CustomTerm, DayCheckin
from painlog.services import checkins
from painlog.services.flaredown import rating_role, scale_rating
from painlog.services.vocabulary import load_vocabulary
from tests.conftest import CliRun
from tests.exchange_helpers import export_text, session_on

pytestmark = pytest.mark.clock

SAMPLE = Path(__file__).parent / "data" / "flaredown-sample.csv"
USER_A = "QEVuQwEAx7bQ1m0d3kP9rTz+Lw4sYg=="
USER_B = "QEVuQwEAHgM/igE3w0tBL14Jq1nEfw=="


def _import(cli: CliRun, *args: str, path: Path = SAMPLE) -> tuple[int, str, str]:
    result = cli("import", str(path), "--format", "flaredown", *args)
    return result.exit_code, result.stdout, result.stderr


def _day(db: Path, day: str) -> DayCheckin:
    with session_on(db) as session:
        checkin = session.scalars(
            select(DayCheckin).where(DayCheckin.day == date.fromisoformat(day))
        ).one()
        _ = checkin.exposures, checkin.remedy_rows
        return checkin


def test_scale_rating_is_times_two_and_a_half_rounded_half_up() -> None:
    assert [scale_rating(v) for v in (0, 1, 2, 3, 4)] == [0, 3, 5, 8, 10]
    assert scale_rating(3.5) == 9 and scale_rating(2.5) == 6


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Lower back pain", "pain"),
        ("Headache", "pain"),
        ("Sciatica", "pain"),
        ("Lhermitte's sign", "pain"),
        ("Fatigue", "fatigue"),
        ("Muscle stiffness", "spasticity"),
        ("Muscle spasms", None),  # the articles list spasms under spasticity and apart from it
        ("Sign of Lhermitte", "pain"),
        ("Backache", "pain"),
        ("Moustache", None),
        ("Cache", None),
        ("Stiffness", "spasticity"),
        ("Multiple sclerosis", None),
        ("Numbness in legs", None),
    ],
)
def test_which_ratings_feed_the_check_in(session: object, name: str, role: str | None) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    assert rating_role(name, load_vocabulary(session=session)) == role


def test_sample_import_follows_the_documented_mapping(cli: CliRun, db_path: Path) -> None:
    code, out, err = _import(cli, "--user", "QEVuQwEAx7")  # the start of the id is enough
    assert code == 0, err
    assert "5 check-ins added" in out
    assert "6 pain, 5 fatigue, 4 spasticity" in out
    assert "1 identical rows counted once" in out
    day = _day(db_path, "2017-03-03")
    # Pain ratings that day: Lower back pain 4 and Sciatica 3 (0-4).
    assert (day.average_pain, day.worst_pain) == (9, 10)
    assert (day.fatigue, day.spasticity) == (8, 8)
    assert day.exposures == ["bad-night"]
    assert [(r.remedy, r.dose) for r in day.remedy_rows] == [
        ("baclofen", "3 x 5mg"),
        ("ibuprofen", "400.0 mg"),
        ("physical-therapy", None),
    ]
    assert day.note is not None
    for kept in (
        "Multiple sclerosis 2 (condition)",
        "Lower back pain 4 (condition)",
        "Numbness in legs 2 (symptom)",
        "Treatments: Baclofen 3 x 5mg; Ibuprofen 400.0 mg; Physiotherapy.",
        "Weather: icon rain; temperature_min 40.0",
    ):
        assert kept in day.note
    unrated = _day(db_path, "2017-03-04")
    assert unrated.spasticity is None and "Muscle stiffness not rated" in (unrated.note or "")
    assert _day(db_path, "2017-03-05").exposures == ["heat"]  # "hot weather" is built in
    assert _day(db_path, "2017-03-01").exposures == ["stress", "coffee"]
    with session_on(db_path) as session:
        own = session.scalars(select(CustomTerm.key).order_by(CustomTerm.key)).all()
    assert own == ["bad-night", "coffee", "dark-chocolate", "vitamin-d"]


def test_several_users_need_a_choice(cli: CliRun, db_path: Path) -> None:
    code, _, err = _import(cli)
    assert code == 2
    assert USER_A in err and USER_B in err
    assert "71" in err and "12" in err  # row counts
    assert err.strip().splitlines()[-1].startswith("painlog: ")
    assert "choose one with --user" in err
    with session_on(db_path) as session:
        assert session.scalar(select(func.count()).select_from(DayCheckin)) == 0


def test_unmapped_rows_are_kept_in_the_note_and_counted(cli: CliRun, db_path: Path) -> None:
    code, out, err = _import(cli, "--user", USER_B)
    assert code == 0, err
    assert "6 rows kept in the notes" in out
    day = _day(db_path, "2016-06-22")
    assert "Not mapped: HBI general_wellbeing 2; HBI abdominal_pain 1; HBI stools 4." in (
        day.note or ""
    )
    assert "Crohn's disease 3 (condition)" in (day.note or "")
    assert day.average_pain is None  # a disease's activity is not a pain rating


def test_importing_the_same_file_again_adds_nothing(cli: CliRun, db_path: Path) -> None:
    assert _import(cli, "--user", USER_A)[0] == 0
    before = export_text(db_path)
    with session_on(db_path) as session:
        history = session.scalar(select(func.count()).select_from(Change))
    code, out, _ = _import(cli, "--user", USER_A)
    assert code == 0
    assert "0 check-ins added · 0 filled in · 5 unchanged" in out
    assert export_text(db_path).split("\n", 6)[6] == before.split("\n", 6)[6]
    with session_on(db_path) as session:
        assert session.scalar(select(func.count()).select_from(Change)) == history


def test_a_day_already_in_the_diary_is_filled_in_not_overwritten(
    cli: CliRun, db_path: Path
) -> None:
    with session_on(db_path) as session:
        checkins.record_day(
            session=session,
            day_input=checkins.DayInput(
                day=date(2017, 3, 3), ratings={"average_pain": 2}, note="my own words"
            ),
        )
    code, out, _ = _import(cli, "--user", USER_A)
    assert code == 0
    assert "4 check-ins added · 1 filled in" in out
    day = _day(db_path, "2017-03-03")
    assert (day.average_pain, day.worst_pain) == (2, 10)
    assert day.note is not None and day.note.startswith("my own words\n\nFrom Flaredown.")


def _refused(cli: CliRun, db_path: Path, content: bytes, *expected: str) -> None:
    path = db_path.parent / "bad.csv"
    path.write_bytes(content)
    code, _, err = _import(cli, "--user", USER_A, path=path)
    assert code == 2, err
    message = err.strip()
    assert "\n" not in message, message
    for text in expected:
        assert text in message, message
    with session_on(db_path) as session:
        assert session.scalar(select(func.count()).select_from(DayCheckin)) == 0


def _sample_with(old: str, new: str) -> bytes:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


def test_refuses_a_csv_missing_columns(cli: CliRun, db_path: Path) -> None:
    content = _sample_with("trackable_type,", "kind,")
    _refused(cli, db_path, content, "lacks the column trackable_type")


def test_refuses_extra_columns_rather_than_dropping_them(cli: CliRun, db_path: Path) -> None:
    text = (
        SAMPLE.read_bytes()
        .decode("utf-8")
        .replace("\r\n", ",\r\n")
        .replace("trackable_value,", "trackable_value,mood")
    )
    _refused(cli, db_path, text.encode(), "columns a Flaredown export does not: mood")


def test_refuses_non_utf8(cli: CliRun, db_path: Path) -> None:
    content = _sample_with("Coffee", "Caf\u00e9").replace("Caf\u00e9".encode(), b"Caf\xe9")
    _refused(cli, db_path, content, "not UTF-8")


def test_refuses_a_date_that_does_not_parse(cli: CliRun, db_path: Path) -> None:
    _refused(cli, db_path, _sample_with("2017-03-02", "2017-02-30"), "line ", "2017-02-30")


def test_refuses_a_rating_out_of_range(cli: CliRun, db_path: Path) -> None:
    content = _sample_with("Lower back pain,3", "Lower back pain,7")
    _refused(cli, db_path, content, "Lower back pain is rated", "0 to 4")


def test_refuses_an_unknown_user(cli: CliRun, db_path: Path) -> None:
    code, _, err = _import(cli, "--user", "nobody")
    assert code == 2 and "is not a user in the file" in err


def test_flaredown_days_survive_export_and_import(cli: CliRun, db_path: Path) -> None:
    from tests.exchange_helpers import empty_diary, export_doc

    assert _import(cli, "--user", USER_A)[0] == 0
    exported = db_path.parent / "fd.json"
    assert cli("export", "-o", str(exported)).exit_code == 0
    other = empty_diary(db_path.parent / "other.db")
    assert cli("import", str(exported), "--db", str(other)).exit_code == 0
    assert export_doc(other) == export_doc(db_path)
    remedies = export_doc(other)["checkins"][2]["remedies"]
    assert remedies[0] == {"remedy": "baclofen", "dose": "3 x 5mg"}


def test_names_painlog_could_not_type_back_are_kept_typeable_and_imported_once(
    cli: CliRun, tmp_path: Path, db_path: Path
) -> None:
    header = (
        "user_id,age,sex,country,checkin_date,trackable_id,trackable_type,trackable_name,"
        "trackable_value"
    )
    long_tag = "a very long tag " * 20
    rows = [
        'u1,40,female,DE,2020-01-01,1,Food,"Cheese, cheddar",',
        f'u1,40,female,DE,2020-01-01,2,Tag,"{long_tag}",',
        f'u1,40,female,DE,2020-01-02,2,Tag,"{long_tag}",',
        'u1,40,female,DE,2020-01-02,3,Treatment,"TENS: low",',
    ]
    path = tmp_path / "fd.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    for _ in range(2):  # a second import adds no term
        code, _out, err = _import(cli, path=path)
        assert code == 0, err
    with session_on(db_path) as session:
        terms = session.scalars(select(CustomTerm).order_by(CustomTerm.key)).all()
        labels = sorted(t.label for t in terms)
    assert len(labels) == 3
    assert "Cheese cheddar" in labels and "TENS low" in labels
    assert all("," not in label for label in labels)
    assert cli("day", "--date", "2020-01-03", "--exposure", "Cheese cheddar").exit_code == 0
