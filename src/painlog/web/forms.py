"""Forms: what the person typed, kept as typed, and the sentence beside the field at fault.

A service refuses a value with ``BadInput(sentence, field=key)``; ``FIELD_NAMES``
maps that key to the form's field, so the form comes back with everything
typed kept and the sentence beside the one field it is about. A refusal that
names no field of the form is shown at the top.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.datastructures import FormData

from painlog.errors import BadInput
from painlog.fields import CHECKIN_RATINGS

# A service's field key -> the form field it is typed in.
FIELD_NAMES: dict[str, str] = {
    "occurred_at": "when",
    "intensity": "pain",
    "pain_type": "type",
    "locations": "where",
    "qualities": "quality",
    "triggers": "trigger",
    "duration_minutes": "duration",
    "note": "note",
    "remedies": "remedy",
    "remedy": "remedy",
    "dose": "remedy",
    "taken_at": "remedy",
    "pain_after": "pain_after",
    "pain_after_at": "at",
    "day": "day",
    "exposures": "exposure",
    **{key: key for key in CHECKIN_RATINGS},
}
TOP = "form"  # where a refusal about no field of the form goes


@dataclass
class FormState:
    """A form's values as typed (lists for repeated fields) and its errors by field."""

    values: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: FormData, *, repeated: Iterable[str] = ()) -> FormState:
        many = set(repeated)
        values: dict[str, str] = {}
        lists: dict[str, list[str]] = {}
        for key in form:
            if key == "csrf":
                continue
            items = [v for v in form.getlist(key) if isinstance(v, str)]
            if key in many:
                lists[key] = items
            elif items:
                values[key] = items[-1]
        return cls(values=values, lists=lists)

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def text(self, name: str) -> str | None:
        """The value, or None when it was left blank."""
        typed = self.values.get(name, "")
        return typed if typed.strip() else None

    def many(self, name: str) -> list[str]:
        return self.lists.get(name, [])

    def has(self, name: str, value: str) -> bool:
        return value in self.lists.get(name, []) or self.values.get(name) == value

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    def refused(self, exc: BadInput, *, names: dict[str, str] | None = None) -> FormState:
        """The same values with the refusal's sentence beside its field."""
        mapping = FIELD_NAMES if names is None else {**FIELD_NAMES, **names}
        where = mapping.get(exc.field or "", TOP)
        self.errors = {where: exc.message}
        return self
