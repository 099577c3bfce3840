"""Doses as numbers and units: "10mg", "10 mg" and "10 MG" are one dose.

A dose that is a number and a unit (mg, g, mcg/µg, ml, tablets, drops,
puffs) is written one way and kept, beside the text, as an amount and a unit,
so that the report can group doses. Anything else ("one after dinner",
"half") stays as the person typed it, with no amount.
"""

from __future__ import annotations

import re

AMOUNT = re.compile(
    r"^(\d{1,6}(?:[.,]\d{1,3})?)\s*"
    r"(mg|g|mcg|µg|μg|ug|ml|tablets?|tabs?|drops?|puffs?)\.?$",
    re.IGNORECASE,
)
# The unit as the text writes it, and the unit stored beside the amount.
_WRITTEN = {"µg": "mcg", "μg": "mcg", "ug": "mcg", "tab": "tablet", "tabs": "tablets"}
_STORED = {"tablets": "tablet", "drops": "drop", "puffs": "puff"}
UNITS = ("mg", "g", "mcg", "ml", "tablet", "drop", "puff")


def written(text: str) -> str:
    """The dose written one way when it is an amount ("10mg" is "10 mg"), else as it is."""
    amount = AMOUNT.match(text)
    if amount is None:
        return text
    unit = amount.group(2).lower()
    return f"{amount.group(1)} {_WRITTEN.get(unit, unit)}"


def dose_parts(text: str | None) -> tuple[float | None, str | None]:
    """(10.0, "mg") for "10 mg"; (None, None) for a dose that is not an amount."""
    amount = AMOUNT.match((text or "").strip())
    if amount is None:
        return None, None
    unit = amount.group(2).lower()
    unit = _WRITTEN.get(unit, unit)
    return float(amount.group(1).replace(",", ".")), _STORED.get(unit, unit)


_TO_MG = {"g": 1000.0, "mg": 1.0, "mcg": 0.001}


def same_dose(amount: float | None, unit: str) -> tuple[float | None, str]:
    """What makes two doses one: masses in milligrams, other units as they are."""
    if amount is not None and unit in _TO_MG:
        return round(amount * _TO_MG[unit], 6), "mg"
    return amount, unit
