"""Importing a Flaredown CSV export: each day becomes a check-in, nothing is dropped silently.

Flaredown rows are ``user_id,age,sex,country,checkin_date,trackable_id,
trackable_type,trackable_name,trackable_value``. How each kind of row maps
onto painlog is documented in docs/flaredown.md; in short:

- every date becomes a check-in (one per day, as in painlog);
- Condition and Symptom ratings (0-4) whose names say pain become the day's
  average and worst pain, fatigue and spasticity names their ratings, each on
  0-10 by ``scale_rating``; every original rating stays in the day's note;
- Treatments become the day's remedies with their dose text (painlog's
  episode remedies need an episode, which Flaredown does not record);
- Tags and Foods become exposures (built-in triggers where the name matches,
  else the person's own trigger terms);
- Weather: the day's maximum temperature (Flaredown gives °F; kept in °C) and
  humidity (%) go to the day's weather (``day_weather``, as a weather file's
  would, but never over a day a weather file already gave); the other weather
  values (icon, minimum, precipitation, pressure) and anything else are kept in
  the day's note, and counted.

Check-ins get a uid derived from the user and the date, so importing the same
file again finds the days it made and adds nothing. A day that already has a
check-in is filled in, never overwritten: ratings only where none was given.
"""

from __future__ import annotations

import csv
import math
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from painlog import fields
from painlog.errors import BadInput
from painlog.fields import MAX_DOSE_CHARS, MAX_NOTE_CHARS
from painlog.models import CustomTerm, DayCheckin
from painlog.records import checkin_record, content
from painlog.services.exchange import open_text
from painlog.services.history import CHECKIN, record_change
from painlog.services.vocabulary import forget_vocabulary, load_vocabulary, typeable_name
from painlog.services.weather import WeatherDay, store_weather, value_problem
from painlog.vocab import Term, Vocabulary, normalize, slugify
from painlog.when import check_day_not_future, iso_day

COLUMNS = (
    "user_id",
    "age",
    "sex",
    "country",
    "checkin_date",
    "trackable_id",
    "trackable_type",
    "trackable_name",
    "trackable_value",
)
# Derived uids: the same user and date always give the same check-in uid.
NAMESPACE = uuid.UUID("6f0b7d5e-8a51-4c8e-9d55-3f1c2a7e9b40")

# Words in a Condition or Symptom name that make its rating a pain rating
# (besides any word ending in "ache": backache, headache...).
PAIN_WORDS = frozenset(
    {"pain", "pains", "painful", "aching", "ache", "aches", "sciatica", "neuralgia"}
    | {f"{part}ache" for part in ("back", "head", "stomach", "tooth", "ear", "belly", "body")}
    | {f"{part}aches" for part in ("back", "head", "stomach", "tooth", "ear", "belly", "body")}
)
FATIGUE_WORDS = frozenset({"fatigue", "tiredness", "exhaustion"})


def scale_rating(value: float) -> int:
    """Flaredown's 0-4 onto painlog's 0-10: times 2.5, halves rounded up.

    0 -> 0, 1 -> 3, 2 -> 5, 3 -> 8, 4 -> 10. A mean of several ratings (2.5)
    is scaled the same way (6.25 -> 6).
    """
    return min(10, math.floor(value * 2.5 + 0.5))


def rating_role(name: str, vocabulary: Vocabulary) -> str | None:
    """Which check-in rating a Condition or Symptom feeds: pain, fatigue, spasticity or none."""
    words = set(normalize(name).split())
    # Named words only: a suffix rule would make "moustache" a pain.
    if words & PAIN_WORDS or "lhermitte" in normalize(name):
        return "pain"
    if words & FATIGUE_WORDS:
        return "fatigue"
    term = vocabulary.find("pain_type", name)
    if term is not None and term.key == "spasticity":
        return "spasticity"
    return None


@dataclass(frozen=True)
class FlaredownUser:
    user_id: str
    rows: int
    first_day: str
    last_day: str


class ChooseUser(BadInput):
    """The file holds several users (or the one asked for is not there)."""

    def __init__(self, message: str, users: list[FlaredownUser]) -> None:
        super().__init__(message)
        self.users = users


@dataclass
class FlaredownResult:
    source: str
    user_id: str
    rows: int = 0
    days_added: int = 0
    days_updated: int = 0
    days_unchanged: int = 0
    pain_ratings: int = 0
    fatigue_ratings: int = 0
    spasticity_ratings: int = 0
    ratings_in_note: int = 0  # conditions and symptoms that feed no painlog rating
    treatments: int = 0
    exposures: int = 0
    weather_values: int = 0  # weather values with no column, kept in the notes
    weather_days: int = 0  # days whose maximum temperature or humidity went to the weather
    unmapped_rows: int = 0  # kept in the day's note: HBI, unknown types, tag values
    duplicate_rows: int = 0
    new_terms: list[tuple[str, str]] = field(default_factory=list)  # (kind, label)


@dataclass
class _Row:
    line: int
    day: date
    kind: str
    name: str
    value: str


@dataclass
class _Day:
    day: date
    pain: list[int] = field(default_factory=list)
    fatigue: list[int] = field(default_factory=list)
    spasticity: list[int] = field(default_factory=list)
    ratings: list[str] = field(default_factory=list)
    treatments: list[str] = field(default_factory=list)
    remedies: list[tuple[str, str | None]] = field(default_factory=list)
    exposures: list[str] = field(default_factory=list)
    weather: list[str] = field(default_factory=list)
    temp_max: float | None = None  # °C
    humidity: float | None = None
    unmapped: list[str] = field(default_factory=list)

    def note(self) -> str:
        lines = []
        if self.ratings:
            lines.append("From Flaredown. Ratings (0-4): " + "; ".join(self.ratings) + ".")
        else:
            lines.append("From Flaredown.")
        if self.treatments:
            lines.append("Treatments: " + "; ".join(self.treatments) + ".")
        if self.weather:
            lines.append("Weather: " + "; ".join(self.weather) + ".")
        if self.unmapped:
            lines.append("Not mapped: " + "; ".join(self.unmapped) + ".")
        return "\n".join(lines)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's rows as dictionaries, after checking the header."""
    with open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise BadInput(f"{path.name} is empty; nothing was imported.") from None
        except csv.Error as exc:
            raise BadInput(f"{path.name} is not a readable CSV ({exc}).") from None
        header = [h.strip() for h in header]
        repeated = sorted({h for h in header if header.count(h) > 1})
        if repeated:
            raise BadInput(
                f"{path.name} has the column {', '.join(repeated)} more than once, so painlog "
                "cannot tell which one holds the data; nothing was imported."
            )
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise BadInput(
                f"{path.name} is not a Flaredown export: it lacks the column"
                f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}. Nothing was imported."
            )
        extra = [h for h in header if h not in COLUMNS]
        if extra:
            raise BadInput(
                f"{path.name} has columns a Flaredown export does not: {', '.join(extra)}; "
                "painlog would have to drop them, so nothing was imported."
            )
        try:
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    raise BadInput(
                        f"{path.name} line {reader.line_num}: {len(values)} values for "
                        f"{len(header)} columns (a cut-off or damaged line). Nothing was imported."
                    )
                yield reader.line_num, dict(zip(header, values, strict=True))
        except csv.Error as exc:
            raise BadInput(
                f"{path.name} line {reader.line_num}: {exc}. Nothing was imported."
            ) from None


def list_users(path: Path) -> list[FlaredownUser]:
    counts: Counter[str] = Counter()
    spans: dict[str, list[str]] = {}
    for _, row in _rows(path):
        user = row["user_id"].strip()
        counts[user] += 1
        day = row["checkin_date"].strip()
        span = spans.setdefault(user, [day, day])
        span[0], span[1] = min(span[0], day), max(span[1], day)
    return [
        FlaredownUser(user, rows, spans[user][0], spans[user][1])
        for user, rows in counts.most_common()
    ]


def _choose_user(path: Path, wanted: str | None) -> str:
    users = list_users(path)
    if not users:
        raise BadInput(f"{path.name} has no rows to import.")
    if wanted is None:
        if len(users) == 1:
            return users[0].user_id
        raise ChooseUser(
            f"{path.name} holds {len(users)} Flaredown users; choose one with --user ID "
            "(the start of the id is enough). Nothing was imported.",
            users,
        )
    matches = [u for u in users if u.user_id == wanted] or [
        u for u in users if u.user_id.startswith(wanted)
    ]
    if len(matches) != 1:
        problem = "matches several users" if matches else "is not a user in the file"
        raise ChooseUser(
            f'--user "{wanted}" {problem}; the users are listed above. Nothing was imported.',
            users,
        )
    return matches[0].user_id


def _check_row(path: Path, line: int, row: dict[str, str]) -> _Row:
    def refuse(problem: str) -> BadInput:
        return BadInput(f"{path.name} line {line}: {problem} Nothing was imported.")

    text = row["checkin_date"].strip()
    day = iso_day(text)
    if day is None:
        raise refuse(f'checkin_date "{text[:30]}" is not a date such as 2015-11-26.')
    try:
        check_day_not_future(day, field="day")
    except BadInput as exc:
        raise refuse(exc.message) from None
    kind = row["trackable_type"].strip()
    name = " ".join(row["trackable_name"].split())
    if not name:
        raise refuse(f"the {kind or 'row'} has no trackable_name.")
    return _Row(line=line, day=day, kind=kind, name=name, value=row["trackable_value"].strip())


def _rating_value(path: Path, row: _Row) -> int | None:
    if not row.value:
        return None
    try:
        number = float(row.value)
    except ValueError:
        number = math.nan
    if not number.is_integer() or not 0 <= number <= 4:
        raise BadInput(
            f'{path.name} line {row.line}: {row.name} is rated "{row.value[:20]}"; Flaredown '
            "ratings are whole numbers from 0 to 4. Nothing was imported."
        )
    return int(number)


class _Terms:
    """Built-in terms where a name matches, else the person's own new terms."""

    def __init__(self, session: Session, result: FlaredownResult) -> None:
        self.session = session
        self.result = result
        # A copy of its own: the import adds terms to it one at a time.
        self.vocabulary = Vocabulary(load_vocabulary(session=session).all_terms())
        self.added: list[Term] = []

    def key(self, kind: str, name: str) -> str | None:
        term = self.vocabulary.find(kind, name)
        if term is not None:
            return term.key
        # A name painlog could not take back from the command line (a comma, or
        # for remedies ":" or "@") is kept with spaces; a long one is shortened.
        # Looking the result up again keeps a second import from adding it twice.
        label = typeable_name(kind, name)[:200].strip()
        term = self.vocabulary.find(kind, label)
        if term is not None:
            return term.key
        key = slugify(label)[:64].strip("-")
        if not key:
            return None  # nothing a key can be made of: kept in the note instead
        base, n = key, 2
        while self.vocabulary.get(kind, key) is not None:
            key = f"{base[:60]}-{n}"
            n += 1
        new = Term(kind=kind, key=key, label=label, own=True)
        self.vocabulary.add(new)  # one term at a time: linear in the number of new terms
        self.session.add(CustomTerm(kind=kind, key=key, label=label, aliases=[]))
        self.result.new_terms.append((kind, label))
        return key


def import_flaredown(*, session: Session, path: Path, user: str | None = None) -> FlaredownResult:
    """Import one Flaredown user's rows as check-ins, in the caller's transaction."""
    user_id = _choose_user(path, user)
    result = FlaredownResult(source=path.name, user_id=user_id)
    terms = _Terms(session, result)
    days: dict[date, _Day] = {}
    seen: set[tuple[date, str, str, str]] = set()
    for line, raw in _rows(path):
        if raw["user_id"].strip() != user_id:
            continue
        result.rows += 1
        row = _check_row(path, line, raw)
        identity = (row.day, row.kind, row.name, row.value)
        if identity in seen:
            result.duplicate_rows += 1
            continue
        seen.add(identity)
        day = days.setdefault(row.day, _Day(row.day))
        _map_row(path, row, day, terms, result)
    for when in sorted(days):
        _store_day(session, user_id, days[when], result, path.name)
    weather = [
        WeatherDay(d.day, d.temp_max, None, d.humidity)
        for d in sorted(days.values(), key=lambda d: d.day)
        if d.temp_max is not None or d.humidity is not None
    ]
    added, _, _ = store_weather(session=session, weather=weather, source="flaredown", fill=True)
    result.weather_days = added
    session.flush()
    forget_vocabulary(session)
    return result


def _map_row(path: Path, row: _Row, day: _Day, terms: _Terms, result: FlaredownResult) -> None:
    if row.kind in ("Condition", "Symptom"):
        value = _rating_value(path, row)
        shown = "not rated" if value is None else str(value)
        day.ratings.append(f"{row.name} {shown} ({row.kind.lower()})")
        role = rating_role(row.name, terms.vocabulary) if value is not None else None
        if value is None or role is None:
            result.ratings_in_note += 1
        elif role == "pain":
            day.pain.append(value)
            result.pain_ratings += 1
        elif role == "fatigue":
            day.fatigue.append(value)
            result.fatigue_ratings += 1
        else:
            day.spasticity.append(value)
            result.spasticity_ratings += 1
    elif row.kind == "Treatment":
        try:
            fields.dose(row.value)  # the rule every dose follows
        except BadInput as exc:
            raise BadInput(
                f"{path.name} line {row.line}: {row.name}: {exc.message} Nothing was imported.",
                field=exc.field,
            ) from None
        day.treatments.append(f"{row.name} {row.value}".strip())
        key = terms.key("remedy", row.name)
        if key is None:
            day.unmapped.append(f"Treatment {row.name} {row.value}".strip())
            result.unmapped_rows += 1
            return
        for i, (existing, dose) in enumerate(day.remedies):
            if existing == key:  # two rows for one remedy: keep both doses
                doses = "; ".join(d for d in (dose, row.value) if d)
                day.remedies[i] = (key, doses[:MAX_DOSE_CHARS] or None)
                break
        else:
            day.remedies.append((key, row.value or None))
        result.treatments += 1
    elif row.kind in ("Tag", "Food"):
        key = terms.key("trigger", row.name)
        if key is None:
            day.unmapped.append(f"{row.kind} {row.name} {row.value}".strip())
            result.unmapped_rows += 1
            return
        if key not in day.exposures:
            day.exposures.append(key)
        result.exposures += 1
        if row.value:  # Flaredown tags and foods carry no value; keep one if there is
            day.unmapped.append(f"{row.kind} {row.name} {row.value}")
    elif row.kind == "Weather" and row.name in ("temperature_max", "humidity") and row.value:
        _weather_value(path, row, day)
    elif row.kind == "Weather":
        day.weather.append(f"{row.name} {row.value}".strip())
        result.weather_values += 1
    else:  # HBI (Harvey-Bradshaw Index, for Crohn's disease) and any type painlog does not know
        day.unmapped.append(f"{row.kind or 'Untyped'} {row.name} {row.value}".strip())
        result.unmapped_rows += 1


def _weather_value(path: Path, row: _Row, day: _Day) -> None:
    """Flaredown's weather came in °F and humidity in percent; checked as a weather file's."""
    try:
        number = float(row.value)
    except ValueError:
        number = math.nan
    role = "humidity" if row.name == "humidity" else "tmax"
    value = number if role == "humidity" else (number - 32) * 5 / 9
    problem = value_problem(role, value, shown=f'"{row.value[:20]}"' + " °F" * (role == "tmax"))
    if problem is not None:
        raise BadInput(f"{path.name} line {row.line}: {problem} Nothing was imported.")
    if role == "humidity":
        day.humidity = number
        return
    day.temp_max = round(value, 2)


def _store_day(
    session: Session, user_id: str, day: _Day, result: FlaredownResult, source: str
) -> None:
    ratings: dict[str, int] = {}
    if day.pain:
        ratings["average_pain"] = scale_rating(sum(day.pain) / len(day.pain))
        ratings["worst_pain"] = scale_rating(max(day.pain))
    if day.fatigue:
        ratings["fatigue"] = scale_rating(max(day.fatigue))
    if day.spasticity:
        ratings["spasticity"] = scale_rating(max(day.spasticity))
    note = day.note()
    checkin = session.scalar(
        select(DayCheckin)
        .where(DayCheckin.day == day.day)
        .options(selectinload(DayCheckin.exposure_rows), selectinload(DayCheckin.remedy_rows))
    )
    before = None
    if checkin is None:
        checkin = DayCheckin(
            uid=uuid.uuid5(NAMESPACE, f"flaredown:{user_id}:{day.day.isoformat()}").hex,
            day=day.day,
        )
        checkin.exposure_rows = []
        checkin.remedy_rows = []
        session.add(checkin)
    else:
        before = checkin_record(checkin)
    # Fill in, never overwrite: what the diary already says about the day stays.
    for name, value in ratings.items():
        if getattr(checkin, name) is None:
            setattr(checkin, name, fields.rating(value, name))
    exposures = checkin.exposures + [k for k in day.exposures if k not in checkin.exposures]
    if exposures != checkin.exposures:
        checkin.set_exposures(exposures)
    known = {r.remedy for r in checkin.remedy_rows}
    new_remedies = [(k, d) for k, d in day.remedies if k not in known]
    if new_remedies:
        checkin.set_remedies([(r.remedy, r.dose) for r in checkin.remedy_rows] + new_remedies)
    if not checkin.note:
        checkin.note = note
    elif note not in checkin.note:
        checkin.note = f"{checkin.note}\n\n{note}"
    if len(checkin.note) > MAX_NOTE_CHARS:
        raise BadInput(
            f"The note for {day.day.isoformat()} would be {len(checkin.note)} characters with "
            f"the Flaredown rows, more than the {MAX_NOTE_CHARS} a note holds. "
            "Nothing was imported."
        )
    session.flush()
    after = checkin_record(checkin)
    if before is not None and content(before) == content(after):
        result.days_unchanged += 1
        return
    record_change(
        session=session,
        kind=CHECKIN,
        uid=checkin.uid,
        action="import",
        before=before,
        after=after,
        detail=f"from Flaredown {source}"[:200],
    )
    if before is None:
        result.days_added += 1
    else:
        result.days_updated += 1
