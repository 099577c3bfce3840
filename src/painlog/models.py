"""The diary's tables as typed SQLAlchemy models.

Alembic owns the schema: a change here needs a migration in ``migrations/``
(the test suite checks that the two agree).

Vocabulary values (pain types, triggers, remedies, locations, qualities) are
stored as their keys; the built-in terms live in ``reference/`` and the
person's own terms in ``custom_terms``.
"""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from sqlalchemy.types import TypeDecorator

from painlog import fields
from painlog.doses import dose_parts

# Explicit names let Alembic's batch mode (SQLite table rebuilds) find constraints.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TAG_KINDS = ("location", "quality", "trigger")
# SQLite's largest integer: no id can be larger.
MAX_ID = 2**63 - 1
TERM_KINDS = ("pain_type", "trigger", "remedy", "location", "quality")


def utcnow() -> datetime:
    """Now in UTC, naive, as stored in the bookkeeping columns."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_uid() -> str:
    import uuid  # not needed on import: most commands never create a record

    return uuid.uuid4().hex


class LocalDateTime(TypeDecorator[datetime]):
    """A moment as the person lived it: ISO 8601 text with its UTC offset.

    Keeping the offset keeps the person's local day and clock time even if the
    computer's time zone changes later (travel, daylight saving).
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("LocalDateTime needs an aware datetime")
        return value.isoformat(timespec="seconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value)


def _rating_check(column: str) -> CheckConstraint:
    return CheckConstraint(
        f"{column} IS NULL OR ({column} BETWEEN 0 AND 10)", name=f"{column}_0_10"
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Entry(Base):
    """One pain episode."""

    __tablename__ = "entries"
    __table_args__ = (
        CheckConstraint("intensity BETWEEN 0 AND 10", name="intensity_0_10"),
        _rating_check("pain_after"),
        CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes >= 0", name="duration_not_negative"
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    occurred_at: Mapped[datetime] = mapped_column(LocalDateTime())
    # The same moment in UTC, for ordering entries across offset changes.
    occurred_utc: Mapped[datetime] = mapped_column(DateTime, index=True)
    # The person's local calendar day of occurred_at.
    day: Mapped[date] = mapped_column(Date, index=True)
    intensity: Mapped[int] = mapped_column(Integer)
    pain_type: Mapped[str | None] = mapped_column(String(64))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    # A later rating of the episode when nothing was taken for it (painlog relief
    # without --remedy): the comparison that remedies are measured against.
    pain_after: Mapped[int | None] = mapped_column(Integer)
    pain_after_at: Mapped[datetime | None] = mapped_column(LocalDateTime())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    tags: Mapped[list["EntryTag"]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        order_by=lambda: [EntryTag.kind, EntryTag.position],
    )
    remedies: Mapped[list["RemedyAttempt"]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        order_by="RemedyAttempt.position",
    )

    def tag_keys(self, kind: str) -> list[str]:
        return [t.key for t in sorted(self.tags, key=lambda t: t.position) if t.kind == kind]

    @property
    def locations(self) -> list[str]:
        return self.tag_keys("location")

    @property
    def qualities(self) -> list[str]:
        return self.tag_keys("quality")

    @property
    def triggers(self) -> list[str]:
        return self.tag_keys("trigger")

    def set_tags(self, kind: str, keys: list[str]) -> None:
        """Replace this entry's keys of one kind, keeping their order."""
        self.tags = [t for t in self.tags if t.kind != kind] + [
            EntryTag(kind=kind, key=key, position=i) for i, key in enumerate(keys)
        ]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class EntryTag(Base):
    """A location, quality or trigger attached to an entry."""

    __tablename__ = "entry_tags"
    __table_args__ = (CheckConstraint("kind IN ('location', 'quality', 'trigger')", name="kind"),)

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    entry: Mapped["Entry"] = relationship(back_populates="tags")


class RemedyAttempt(Base):
    """A remedy tried during an episode, and how the pain was afterwards."""

    __tablename__ = "remedy_attempts"
    __table_args__ = (
        UniqueConstraint("entry_id", "remedy"),
        _rating_check("pain_after"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    remedy: Mapped[str] = mapped_column(String(64), index=True)
    dose: Mapped[str | None] = mapped_column(String(200))
    # "10 mg" as 10.0 and "mg", kept beside the text (painlog.doses); None for other doses.
    dose_amount: Mapped[float | None] = mapped_column(Float)
    dose_unit: Mapped[str | None] = mapped_column(String(16))
    taken_at: Mapped[datetime | None] = mapped_column(LocalDateTime())
    pain_after: Mapped[int | None] = mapped_column(Integer)
    pain_after_at: Mapped[datetime | None] = mapped_column(LocalDateTime())
    position: Mapped[int] = mapped_column(Integer, default=0)

    entry: Mapped["Entry"] = relationship(back_populates="remedies")

    @validates("dose")
    def _dose_parts(self, _key: str, dose: str | None) -> str | None:
        self.dose_amount, self.dose_unit = dose_parts(dose)
        return dose


CHECKIN_RATINGS = fields.CHECKIN_RATINGS  # the day's 0-10 ratings, described in fields


class DayCheckin(Base):
    """How one calendar day went; a day with a check-in is an observed day."""

    __tablename__ = "day_checkins"
    __table_args__ = tuple(_rating_check(name) for name in CHECKIN_RATINGS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    day: Mapped[date] = mapped_column(Date, unique=True)
    average_pain: Mapped[int | None] = mapped_column(Integer)
    worst_pain: Mapped[int | None] = mapped_column(Integer)
    enjoyment: Mapped[int | None] = mapped_column(Integer)
    activity: Mapped[int | None] = mapped_column(Integer)
    sleep_quality: Mapped[int | None] = mapped_column(Integer)
    fatigue: Mapped[int | None] = mapped_column(Integer)
    spasticity: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    exposure_rows: Mapped[list["DayExposure"]] = relationship(
        back_populates="checkin",
        cascade="all, delete-orphan",
        order_by="DayExposure.position",
    )
    remedy_rows: Mapped[list["DayRemedy"]] = relationship(
        back_populates="checkin",
        cascade="all, delete-orphan",
        order_by="DayRemedy.position",
    )

    @property
    def exposures(self) -> list[str]:
        return [e.trigger for e in self.exposure_rows]

    def set_exposures(self, keys: list[str]) -> None:
        self.exposure_rows = [DayExposure(trigger=k, position=i) for i, k in enumerate(keys)]

    def set_remedies(self, remedies: list[tuple[str, str | None]]) -> None:
        """Replace the day's remedies with (key, dose) pairs, keeping their order."""
        self.remedy_rows = [
            DayRemedy(remedy=key, dose=dose, position=i) for i, (key, dose) in enumerate(remedies)
        ]

    @property
    def peg(self) -> float | None:
        """PEG: the mean of pain, enjoyment and activity, when all three are recorded."""
        parts = (self.average_pain, self.enjoyment, self.activity)
        if any(p is None for p in parts):
            return None
        return round(sum(p for p in parts if p is not None) / 3, 1)


class DayExposure(Base):
    """A trigger present on a day (hot humid weather, an infection, stress...)."""

    __tablename__ = "day_exposures"

    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("day_checkins.id", ondelete="CASCADE"), primary_key=True
    )
    trigger: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    checkin: Mapped["DayCheckin"] = relationship(back_populates="exposure_rows")


class DayRemedy(Base):
    """A treatment taken on a day as a whole, not for one episode.

    Other diaries (Flaredown) record treatments per day with a dose text; an
    episode's remedies stay in ``RemedyAttempt``, with their relief.
    """

    __tablename__ = "day_remedies"

    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("day_checkins.id", ondelete="CASCADE"), primary_key=True
    )
    remedy: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    dose: Mapped[str | None] = mapped_column(String(200))
    dose_amount: Mapped[float | None] = mapped_column(Float)
    dose_unit: Mapped[str | None] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)

    checkin: Mapped["DayCheckin"] = relationship(back_populates="remedy_rows")

    @validates("dose")
    def _dose_parts(self, _key: str, dose: str | None) -> str | None:
        self.dose_amount, self.dose_unit = dose_parts(dose)
        return dose


class CustomTerm(Base):
    """A term the person added to the vocabulary themselves."""

    __tablename__ = "custom_terms"
    __table_args__ = (
        UniqueConstraint("kind", "key"),
        CheckConstraint(
            "kind IN ('pain_type', 'trigger', 'remedy', 'location', 'quality')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    remedy_kind: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


HISTORY_KINDS = ("entry", "checkin")
HISTORY_ACTIONS = (
    "create",
    "edit",
    "relief",
    "delete",
    "restore",
    "revert",
    "import",
    "baseline",
)


class ChangeColumns:
    """The columns of a kept change: ``Change`` and ``EventChange`` share them."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_kind: Mapped[str] = mapped_column(String(16))
    record_uid: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # What brought the change: "to version 3", "from diary.json"...
    detail: Mapped[str | None] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any]] = mapped_column(JSON)


class Change(ChangeColumns, Base):
    """One change to an entry or a check-in, kept forever (the ``history`` table).

    ``before`` and ``after`` are snapshots in the export format (docs/export-format.md);
    ``version`` counts the record's changes from 1. Triggers in the database refuse
    updates and deletes, so the history is append-only.
    """

    __tablename__ = "history"
    __table_args__ = (
        UniqueConstraint("record_kind", "record_uid", "version"),
        CheckConstraint("record_kind IN ('entry', 'checkin')", name="record_kind"),
        CheckConstraint(
            "action IN ('create', 'edit', 'relief', 'delete', 'restore', 'revert', "
            "'import', 'baseline')",
            name="action",
        ),
        {"sqlite_autoincrement": True},
    )


EVENT_KINDS = (
    "relapse",
    "steroids",
    "infusion",
    "dmt-dose",
    "infection",
    "fall",
    "visit",
    "mri",
    "other",
)
VISIT_WITH = ("neurologist", "gp", "physio", "ms-nurse")


class Event(Base):
    """Something in the person's MS course that they recorded: a relapse, an infusion, a visit...

    painlog keeps the kind the person gave it and never decides it itself.
    ``end_day`` is None for a single day, or for a span that has not ended yet.
    """

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('relapse', 'steroids', 'infusion', 'dmt-dose', 'infection', 'fall', "
            "'visit', 'mri', 'other')",
            name="kind",
        ),
        CheckConstraint("end_day IS NULL OR end_day >= start_day", name="end_not_before_start"),
        CheckConstraint(
            "with_whom IS NULL OR with_whom IN ('neurologist', 'gp', 'physio', 'ms-nurse')",
            name="with_whom",
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    start_day: Mapped[date] = mapped_column(Date, index=True)
    end_day: Mapped[date | None] = mapped_column(Date)
    dose: Mapped[str | None] = mapped_column(String(200))  # steroids: as the person wrote it
    therapy: Mapped[str | None] = mapped_column(String(200))  # infusion, dmt-dose
    missed: Mapped[bool] = mapped_column(Boolean, default=False)  # infusion, dmt-dose
    with_whom: Mapped[str | None] = mapped_column(String(16))  # visit
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class EventChange(ChangeColumns, Base):
    """One change to an event, kept forever (the ``event_history`` table).

    The same shape as ``Change``; a table of its own keeps the events' migration
    apart from the history of entries and check-ins. Append-only by triggers too.
    """

    __tablename__ = "event_history"
    __table_args__ = (
        UniqueConstraint("record_uid", "version"),
        CheckConstraint("record_kind = 'event'", name="record_kind"),
        CheckConstraint(
            "action IN ('create', 'edit', 'delete', 'restore', 'revert', 'import', 'baseline')",
            name="action",
        ),
        {"sqlite_autoincrement": True},
    )


WEATHER_SOURCES = ("meteostat", "open-meteo", "dwd", "noaa", "columns", "flaredown")


class DayWeather(Base):
    """The weather of one day, from a file the person downloaded (painlog never fetches it).

    Temperatures in degrees Celsius, whatever the file used; humidity is the day's
    mean relative humidity in percent. ``source`` names the kind of file.
    """

    __tablename__ = "day_weather"
    __table_args__ = (
        CheckConstraint("temp_max IS NULL OR (temp_max BETWEEN -90 AND 60)", name="temp_max_real"),
        CheckConstraint(
            "temp_mean IS NULL OR (temp_mean BETWEEN -90 AND 60)", name="temp_mean_real"
        ),
        CheckConstraint("humidity IS NULL OR (humidity BETWEEN 0 AND 100)", name="humidity_0_100"),
        CheckConstraint(
            "source IN ('meteostat', 'open-meteo', 'dwd', 'noaa', 'columns', 'flaredown')",
            name="source",
        ),
    )

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    temp_max: Mapped[float | None] = mapped_column(Float)
    temp_mean: Mapped[float | None] = mapped_column(Float)
    humidity: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
