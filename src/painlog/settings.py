"""The person's settings: defaults for a quick ``painlog log 6``, kept in a small TOML file.

The file is ``config.toml`` in the platform's config folder for painlog
(``~/.config/painlog/`` on Linux), or the file ``PAINLOG_CONFIG`` names. It is
read with the standard library and written by painlog, whole, mode 0600::

    where = ["lower-back"]
    type = "spasticity"
    locale = "en_GB"
    checkin-time = "21:30"
    hot-day = 27.0
    humid-day = 80.0

    [dose]
    baclofen = "10 mg"

Names are stored as the vocabulary's keys, checked when they are set.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painlog.errors import BadInput, PainlogError

if TYPE_CHECKING:
    from painlog.services.entries import EntryChanges, RemedyInput
    from painlog.vocab import Vocabulary

ENV_VAR = "PAINLOG_CONFIG"
KEYS = ("where", "type", "dose.NAME", "locale", "checkin-time", "hot-day", "humid-day")
_PLAIN = ("where", "type", "locale", "checkin-time", "hot-day", "humid-day")
_LOCALE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2})?$")


@dataclass(frozen=True)
class Settings:
    where: tuple[str, ...] = ()
    pain_type: str | None = None
    doses: Mapping[str, str] = field(default_factory=dict)
    locale: str | None = None
    checkin_time: str | None = None
    hot_day: float | None = None  # degrees Celsius: a day whose maximum is above is hot
    humid_day: float | None = None  # percent: a day whose mean humidity is above is humid

    def items(self) -> list[tuple[str, str]]:
        """Each setting as ``painlog config set`` takes it, in the order of KEYS."""
        rows: list[tuple[str, str]] = []
        if self.where:
            rows.append(("where", ",".join(self.where)))
        if self.pain_type:
            rows.append(("type", self.pain_type))
        rows.extend((f"dose.{name}", dose) for name, dose in sorted(self.doses.items()))
        if self.locale:
            rows.append(("locale", self.locale))
        if self.checkin_time:
            rows.append(("checkin-time", self.checkin_time))
        if self.hot_day is not None:
            rows.append(("hot-day", f"{self.hot_day:g}"))
        if self.humid_day is not None:
            rows.append(("humid-day", f"{self.humid_day:g}"))
        return rows


def with_defaults(given: EntryChanges, settings: Settings) -> EntryChanges:
    """The options as typed, with the default places and type where none were given."""
    return replace(
        given,
        locations=given.locations if given.locations is not None else list(settings.where) or None,
        pain_type=given.pain_type or settings.pain_type,
    )


def usual_doses(
    remedies: Sequence[RemedyInput], vocabulary: Vocabulary, settings: Settings
) -> list[RemedyInput]:
    """Remedies given without a dose take their usual one (``dose.baclofen``)."""
    filled = []
    for remedy in remedies:
        term = vocabulary.lookup("remedy", remedy.name) if remedy.dose is None else None
        usual = settings.doses.get(term.key) if term is not None else None
        filled.append(replace(remedy, dose=usual) if usual else remedy)
    return filled


def settings_path() -> Path:
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only when no path was given

    return Path(platformdirs.user_config_dir("painlog", appauthor=False)) / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    """The settings in the file; none when there is no file."""
    path = path or settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise PainlogError(f"Cannot read the settings file {path}: {exc.strerror or exc}.") from exc
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(raw.decode("utf-8"))
        return _from_data(data)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, TypeError, ValueError) as exc:
        raise PainlogError(
            f"The settings file {path} cannot be read ({exc}); correct it, or delete it "
            "and set the values again with painlog config set."
        ) from exc


def _from_data(data: Mapping[str, Any]) -> Settings:
    unknown = sorted(set(data) - {*_PLAIN, "dose"})
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]}")
    where = data.get("where", [])
    doses = data.get("dose", {})
    if not isinstance(where, list) or not all(isinstance(w, str) for w in where):
        raise ValueError("where must be a list of names")
    if not isinstance(doses, dict) or not all(isinstance(d, str) for d in doses.values()):
        raise ValueError("each dose must be text")
    for key in ("type", "locale", "checkin-time"):
        if not isinstance(data.get(key, ""), str):
            raise ValueError(f"{key} must be text")
    for key in ("hot-day", "humid-day"):
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ValueError(f"{key} must be a number")
    return Settings(
        where=tuple(where),
        pain_type=data.get("type"),
        doses=dict(doses),
        locale=data.get("locale"),
        checkin_time=data.get("checkin-time"),
        hot_day=_number(data.get("hot-day")),
        humid_day=_number(data.get("humid-day")),
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _toml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def settings_toml(settings: Settings) -> str:
    lines = ["# painlog's settings; painlog config set and painlog config unset change them."]
    if settings.where:
        lines.append(f"where = [{', '.join(_toml_text(w) for w in settings.where)}]")
    if settings.pain_type:
        lines.append(f"type = {_toml_text(settings.pain_type)}")
    if settings.locale:
        lines.append(f"locale = {_toml_text(settings.locale)}")
    if settings.checkin_time:
        lines.append(f"checkin-time = {_toml_text(settings.checkin_time)}")
    if settings.hot_day is not None:
        lines.append(f"hot-day = {settings.hot_day!r}")
    if settings.humid_day is not None:
        lines.append(f"humid-day = {settings.humid_day!r}")
    if settings.doses:
        lines += ["", "[dose]"]
        lines += [f"{_toml_text(k)} = {_toml_text(v)}" for k, v in sorted(settings.doses.items())]
    return "\n".join(lines) + "\n"


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    from painlog.files import write_private

    path = path or settings_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise PainlogError(f"Cannot create the folder {path.parent}: {exc.strerror}.") from exc
    write_private([(path, settings_toml(settings).encode("utf-8"))], force=True)
    return path


def setting_key(text: str) -> str:
    """A setting's name as typed: ``where``, ``dose.baclofen``...; refused if unknown."""
    key = text.strip().lower().replace("_", "-")
    if key in _PLAIN or (key.startswith("dose.") and key.removeprefix("dose.").strip()):
        return key
    if key in ("dose", "dose."):
        raise BadInput(
            "A dose setting names its remedy: dose.baclofen, for example.", field="setting"
        )
    raise BadInput(
        f'There is no setting "{text}"; painlog config knows {", ".join(KEYS)}.',
        field="setting",
    )


def checked_locale(text: str) -> str:
    cleaned = text.strip()
    if not _LOCALE.match(cleaned):
        raise BadInput(
            f'"{text}" is not a locale; give a language and country such as en_GB or de_DE.',
            field="setting",
        )
    language, _, country = cleaned.replace("-", "_").partition("_")
    return f"{language}_{country.upper()}" if country else language


def checked_clock(text: str) -> str:
    from painlog.when import clock_time

    clock = clock_time(text.strip().lower())
    if clock is None:
        raise BadInput(
            f'"{text}" is not a time of day; give one such as 21:30 or 9pm.', field="setting"
        )
    return clock.strftime("%H:%M")


def checked_threshold(key: str, text: str) -> float:
    """``hot-day`` in degrees Celsius (-90 to 60), ``humid-day`` in percent (0 to 100)."""
    cleaned = text.strip().lower().replace(" ", "")
    if key == "hot-day":
        cleaned = cleaned.removesuffix("c").removesuffix("°")
        low, high, what = -90.0, 60.0, "a temperature in °C from -90 to 60, such as 27"
    else:
        cleaned = cleaned.removesuffix("%")
        low, high, what = 0.0, 100.0, "a humidity in percent from 0 to 100, such as 80"
    try:
        number = float(cleaned)
    except ValueError:
        number = float("nan")
    if not low <= number <= high:
        raise BadInput(f'{key} takes {what}, not "{text}".', field="setting")
    return number
