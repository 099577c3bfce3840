"""Setting and unsetting the person's defaults, with names checked against the vocabulary."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from painlog import fields
from painlog.errors import BadInput
from painlog.services.vocabulary import load_vocabulary
from painlog.settings import (
    Settings,
    checked_clock,
    checked_locale,
    checked_threshold,
    load_settings,
    save_settings,
    setting_key,
)

_FIELD = "setting"  # errors about a setting name no command-line option


def set_setting(
    *, session: Session, key: str, value: str, path: Path | None = None
) -> tuple[str, str]:
    """Check and save one setting; returns it as stored (``dose.baclofen``, ``10 mg``)."""
    name = setting_key(key)
    settings = load_settings(path)
    if not value.strip():
        raise BadInput(
            f"The value for {name} is empty; painlog config unset {name} removes it.", field=_FIELD
        )
    vocabulary = load_vocabulary(session=session)
    if name == "where":
        names = [part.strip() for part in value.split(",") if part.strip()]
        keys = fields.places(vocabulary.resolve_all("location", names, field=_FIELD))
        changed = replace(settings, where=tuple(keys))
        stored = ",".join(keys)
    elif name == "type":
        stored = vocabulary.resolve("pain_type", value, field=_FIELD).key
        changed = replace(settings, pain_type=stored)
    elif name == "locale":
        stored = checked_locale(value)
        changed = replace(settings, locale=stored)
    elif name == "checkin-time":
        stored = checked_clock(value)
        changed = replace(settings, checkin_time=stored)
    elif name == "hot-day":
        number = checked_threshold(name, value)
        stored = f"{number:g}"
        changed = replace(settings, hot_day=number)
    elif name == "humid-day":
        number = checked_threshold(name, value)
        stored = f"{number:g}"
        changed = replace(settings, humid_day=number)
    else:
        remedy = vocabulary.resolve("remedy", name.removeprefix("dose."), field=_FIELD).key
        name = f"dose.{remedy}"
        stored = fields.dose(value, "dose") or ""
        changed = replace(settings, doses={**settings.doses, remedy: stored})
    save_settings(changed, path)
    return name, stored


def unset_setting(*, key: str, path: Path | None = None) -> str:
    """Remove one setting; refused when it is not set."""
    name = setting_key(key)
    settings = load_settings(path)
    if name == "where" and settings.where:
        changed = replace(settings, where=())
    elif name == "type" and settings.pain_type:
        changed = replace(settings, pain_type=None)
    elif name == "locale" and settings.locale:
        changed = replace(settings, locale=None)
    elif name == "checkin-time" and settings.checkin_time:
        changed = replace(settings, checkin_time=None)
    elif name == "hot-day" and settings.hot_day is not None:
        changed = replace(settings, hot_day=None)
    elif name == "humid-day" and settings.humid_day is not None:
        changed = replace(settings, humid_day=None)
    elif name.startswith("dose.") and _dose_key(settings, name) is not None:
        remedy = _dose_key(settings, name)
        changed = replace(settings, doses={k: v for k, v in settings.doses.items() if k != remedy})
    else:
        raise BadInput(f"{name} is not set; painlog config lists what is.", field=_FIELD)
    save_settings(changed, path)
    return name


def _dose_key(settings: Settings, name: str) -> str | None:
    wanted = name.removeprefix("dose.").strip().replace(" ", "-")
    return next((k for k in settings.doses if k.lower() == wanted), None)
