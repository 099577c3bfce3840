"""Values checked at the edge."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painlog import fields
from painlog.errors import BadInput
from painlog.fields import MAX_NOTE_CHARS
from painlog.inputs import RemedySpec, parse_remedy_spec


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("10", 10), (" 7 ", 7), ("+3", 3), (4, 4)])
def test_ratings_accepted(text: str | int, value: int) -> None:
    assert fields.rating(text) == value


@pytest.mark.parametrize("text", ["11", "-1", "7.5", "seven", "", "1e1", "0x5"])
def test_ratings_refused(text: str) -> None:
    with pytest.raises(BadInput, match=r"^Pain must be") as refused:
        fields.rating(text)
    assert refused.value.field == "intensity"
    with pytest.raises(BadInput, match=r"^Fatigue must be") as refused:
        fields.rating(text, "fatigue")
    assert refused.value.field == "fatigue"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45", 45), ("45m", 45), ("45 min", 45), ("2h", 120), ("1h30", 90), ("0", 0)],
)
def test_durations(text: str, minutes: int) -> None:
    assert fields.minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "-5", "abc", "1.5h", "h", "20000", -5, 1_000_000, True, 4.5])
def test_durations_refused(text: str | int) -> None:
    with pytest.raises(BadInput, match=r"^How long it lasted") as refused:
        fields.minutes(text)
    assert refused.value.field == "duration_minutes"


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("baclofen", RemedySpec("baclofen")),
        ("baclofen:10 mg", RemedySpec("baclofen", "10 mg")),
        ("  heat therapy : 20 min ", RemedySpec("heat therapy", "20 min")),
        ("ibuprofen:400 mg@21:00", RemedySpec("ibuprofen", "400 mg", "21:00")),
        ("stretching@yesterday 21:30", RemedySpec("stretching", None, "yesterday 21:30")),
    ],
)
def test_remedy_specs(text: str, spec: RemedySpec) -> None:
    assert parse_remedy_spec(text) == spec


@pytest.mark.parametrize("text", ["", ":10 mg", "baclofen:", "baclofen:10:20", "baclofen@", " @ "])
def test_malformed_remedy_specs(text: str) -> None:
    with pytest.raises(BadInput, match="NAME:DOSE") as refused:
        parse_remedy_spec(text)
    assert refused.value.field == "remedies"


words = st.text(
    alphabet=st.characters(blacklist_characters=":@\n\r", blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s)


@given(words, st.none() | words)
def test_remedy_specs_round_trip(name: str, dose: str | None) -> None:
    text = name + (f":{dose}" if dose else "")
    assert parse_remedy_spec(text) == RemedySpec(name, dose)


def test_notes() -> None:
    assert fields.note("  fine  ") == "fine"
    assert fields.note("   ") is None
    with pytest.raises(BadInput, match=r"^The note is 5001 characters") as refused:
        fields.note("x" * (MAX_NOTE_CHARS + 1))
    assert refused.value.field == "note"
    with pytest.raises(BadInput, match="not valid text"):
        fields.note("\udcff")


def test_no_rule_names_a_command_line_option() -> None:
    """The sentences are for every way in: the CLI adds its option, an import its record."""
    for refusal in (
        lambda: fields.rating("11"),
        lambda: fields.minutes("forever"),
        lambda: fields.note(5),
        lambda: fields.dose("x" * 300),
    ):
        with pytest.raises(BadInput) as refused:
            refusal()
        assert "--" not in refused.value.message


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("10mg", "10 mg"),
        ("10 mg", "10 mg"),
        ("10 MG", "10 mg"),
        ("10  Mg.", "10 mg"),
        ("0.5 g", "0.5 g"),
        ("50µg", "50 mcg"),
        ("50 ug", "50 mcg"),
        ("5 ML", "5 ml"),
        ("2 tabs", "2 tablets"),
        ("1 Tablet", "1 tablet"),
        ("3 drops", "3 drops"),
        ("2 puffs", "2 puffs"),
        ("half a tablet", "half a tablet"),  # not a number and a unit: as typed
        ("10 mg twice", "10 mg twice"),
        ("10 mgs", "10 mgs"),
    ],
)
def test_a_number_and_a_unit_is_one_dose_however_typed(typed: str, kept: str) -> None:
    assert fields.dose(typed) == kept


@given(
    st.integers(min_value=0, max_value=999_999),
    st.sampled_from(["mg", "g", "mcg", "ml", "drops", "puffs"]),
    st.text(alphabet=" ", max_size=3),
    st.booleans(),
)
def test_doses_that_differ_only_in_spacing_and_case_are_equal(
    amount: int, unit: str, gap: str, shout: bool
) -> None:
    typed = f"{amount}{gap}{unit.upper() if shout else unit}"
    assert fields.dose(typed) == f"{amount} {unit}"
    assert fields.dose(fields.dose(typed)) == fields.dose(typed)
