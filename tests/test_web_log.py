"""The Log page: a number and Save is a whole entry; bad input comes back, nothing saved."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from painlog.api import Diary
from painlog.render.guide_brief import DISCLAIMER
from painlog.services.vocabulary import load_vocabulary
from tests.conftest import CliRun, count_rows, dump
from tests.web_helpers import error_beside, form_as_sent, post_form, submit

pytestmark = pytest.mark.usefixtures("fixed_now")  # days and times spelled out


def _entries(db_path: Path) -> list[dict[str, object]]:
    with Diary.open(db_path, write=False) as diary:
        return [
            {
                "id": e.id,
                "pain": e.intensity,
                "at": e.occurred_at.isoformat(timespec="minutes"),
                "where": e.locations,
                "type": e.pain_type,
                "qualities": e.qualities,
                "triggers": e.triggers,
                "remedies": [(a.remedy, a.dose, f"{a.taken_at:%H:%M}") for a in e.remedies],
                "minutes": e.duration_minutes,
                "note": e.note,
            }
            for e in diary.entries()
        ]


def _text(page: str) -> str:
    """The page's words, without markup."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_number_and_save_is_a_whole_entry_with_the_settings(
    web: TestClient, cli: CliRun, db_path: Path
) -> None:
    for key, value in (("where", "lower-back"), ("type", "spasticity"), ("dose.baclofen", "10 mg")):
        assert cli("config", "set", key, value).exit_code == 0
    page = web.get("/").text
    assert 'id="where-lower-back" name="where" value="lower-back" checked' in page
    assert '<option value="spasticity" selected>' in page
    assert 'name="dose-baclofen" value="10 mg"' in page
    answer = submit(web, "/", "/log", {"pain": "6"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/entry/1?saved=1"
    assert _entries(db_path) == [
        {
            "id": 1,
            "pain": 6,
            "at": "2026-11-25T10:30+01:00",
            "where": ["lower-back"],
            "type": "spasticity",
            "qualities": [],
            "triggers": [],
            "remedies": [],  # a usual dose is offered, not taken: baclofen was not ticked
            "minutes": None,
            "note": None,
        }
    ]


def test_every_field_of_the_form_is_saved(web: TestClient, db_path: Path) -> None:
    answer = submit(
        web,
        "/",
        "/log",
        {
            "pain": "7",
            "where": ["lower-back", "leg"],
            "type": "neuropathic",
            "quality": ["burning", "shooting"],
            "trigger": ["heat", "stress"],
            "remedy": ["baclofen", "stretching"],
            "dose-baclofen": "10MG",
            "taken-stretching": "22:15",
            "when": "earlier",
            "date": "2026-11-24",
            "time": "21:30",
            "duration": "1h30",
            "note": "Hot evening, sat too long",
        },
    )
    assert answer.status_code == 303, answer.text
    assert _entries(db_path) == [
        {
            "id": 1,
            "pain": 7,
            "at": "2026-11-24T21:30+01:00",
            "where": ["lower-back", "leg"],
            "type": "neuropathic",
            "qualities": ["burning", "shooting"],
            "triggers": ["heat", "stress"],
            "remedies": [("baclofen", "10 mg", "21:30"), ("stretching", None, "22:15")],
            "minutes": 90,
            "note": "Hot evening, sat too long",
        }
    ]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"when": "now"}, "2026-11-25T10:30+01:00"),
        ({"when": "this-morning"}, "2026-11-25T08:00+01:00"),
        ({"when": "last-night"}, "2026-11-24T22:00+01:00"),
        ({"when": "earlier", "date": "2026-11-20", "time": "07:15"}, "2026-11-20T07:15+01:00"),
        # a day and time typed while "Now" is still chosen (no script): the typed time wins
        ({"when": "now", "date": "2026-11-21", "time": "18:00"}, "2026-11-21T18:00+01:00"),
        ({"when": "earlier", "time": "09:45"}, "2026-11-25T09:45+01:00"),
    ],
    ids=["now", "this morning", "last night", "another time", "typed under now", "time only"],
)
def test_when(web: TestClient, db_path: Path, choice: dict[str, str], expected: str) -> None:
    answer = post_form(web, "/log", {"pain": "4", "where": "neck", **choice})
    assert answer.status_code == 303, answer.text
    assert _entries(db_path)[0]["at"] == expected


def test_after_saving_the_summary_and_the_same_guidance_as_the_cli(
    web: TestClient, cli: CliRun, tmp_path: Path
) -> None:
    answer = post_form(
        web,
        "/log",
        {"pain": "6", "where": "lower-back", "type": "spasticity", "trigger": "heat"},
    )
    page = web.get(answer.headers["location"])
    assert page.status_code == 200
    words = _text(page.text)
    assert "Saved entry 1: Wed 25 Nov 2026 10:30 · pain 6/10 · spasticity · lower back" in words
    other = tmp_path / "other.db"
    printed = cli(
        "--db", str(other), "log", "6", "-w", "lower-back", "-t", "spasticity", "-T", "heat"
    ).stdout
    guidance = [line.strip() for line in printed.splitlines()[1:-1]]
    assert guidance, printed
    for line in guidance:  # each line of the CLI's block, with its citation
        assert line in words
    assert "[ms-back-pain]" in words
    assert "In your diary's last 90 days: extreme heat in 1 of your 1 entries." in words
    assert DISCLAIMER in words
    assert 'href="/guide?entry=1"' in page.text


def test_the_saved_page_without_saved_does_not_say_saved(web: TestClient) -> None:
    post_form(web, "/log", {"pain": "2", "where": "neck"})
    page = web.get("/entry/1").text
    assert "Saved entry" not in page
    assert "Entry 1" in page
    assert web.get("/entry/99").status_code == 404


def test_the_person_s_most_used_triggers_and_remedies_come_first(
    web: TestClient, db_path: Path
) -> None:
    with Diary.open(db_path) as diary:
        for triggers, remedies in (
            (["stress"], [("gabapentin", "300 mg")]),
            (["stress", "humidity"], [("gabapentin", "600 mg")]),
            (["stress", "humidity"], []),
        ):
            diary.log(pain=5, where=["neck"], triggers=triggers, remedies=remedies)
    page = web.get("/").text
    top, rest = page.split("All triggers", 1)
    top = top.split("What seemed to set it off", 1)[1]
    assert top.index('id="trigger-stress"') < top.index('id="trigger-humidity"')
    assert 'id="trigger-heat"' not in top
    assert 'id="trigger-heat"' in rest.split("All remedies")[0]
    assert page.count('id="trigger-stress"') == 1
    # doses used before are offered, the latest first
    datalist = re.search(r'<datalist id="doses-gabapentin">(.*?)</datalist>', page).group(1)
    assert re.findall(r'value="([^"]+)"', datalist) == ["600 mg", "300 mg"]


def test_every_place_is_a_labelled_checkbox_and_on_the_body_map(
    web: TestClient, db_path: Path
) -> None:
    page = web.get("/").text
    with Diary.open(db_path) as diary, diary.transaction() as session:
        places = [t.key for t in load_vocabulary(session=session).terms("location")]
    assert len(places) >= 10
    for key in places:
        assert f'<input type="checkbox" id="where-{key}" name="where" value="{key}"' in page
        assert f'<label for="where-{key}">' in page
        assert f'data-where="{key}"' in page  # a region of the front or back
    assert "<figcaption>Front</figcaption>" in page
    assert "<figcaption>Back</figcaption>" in page


# (name, form data, the field the sentence sits beside, part of the sentence)
BAD: list[tuple[str, dict[str, str | list[str]], str, str]] = [
    ("pain missing", {"where": "neck"}, "pain", "Choose how bad the pain is"),
    ("pain above 10", {"pain": "11", "where": "neck"}, "pain", "Pain must be from 0 to 10"),
    ("pain not a number", {"pain": "five", "where": "neck"}, "pain", "whole number"),
    ("no place", {"pain": "5"}, "where", "Choose where it hurts"),
    (
        "unknown place",
        {"pain": "5", "where": "lowerback"},
        "where",
        'Unknown location "lowerback"',
    ),
    (
        "unknown type",
        {"pain": "5", "where": "neck", "type": "spastisity"},
        "type",
        'Unknown pain type "spastisity"',
    ),
    (
        "unknown quality",
        {"pain": "5", "where": "neck", "quality": "fizzy"},
        "quality",
        'Unknown quality "fizzy"',
    ),
    (
        "unknown trigger",
        {"pain": "5", "where": "neck", "trigger": "hot wether"},
        "trigger",
        'Unknown trigger "hot wether"',
    ),
    (
        "unknown remedy",
        {"pain": "5", "where": "neck", "remedy": "baclofem"},
        "remedy",
        'Unknown remedy "baclofem"',
    ),
    (
        "remedy twice",
        {"pain": "5", "where": "neck", "remedy": ["baclofen", "baclofen"]},
        "remedy",
        "given twice",
    ),
    (
        "dose too long",
        {"pain": "5", "where": "neck", "remedy": "baclofen", "dose-baclofen": "x" * 201},
        "remedy",
        "dose",
    ),
    (
        "a remedy taken more than a day away",
        {
            "pain": "5",
            "where": "neck",
            "remedy": "baclofen",
            "taken-baclofen": "2026-11-20 08:00",
        },
        "remedy",
        "more than a day away from the episode",
    ),
    (
        "a remedy time that is not one",
        {"pain": "5", "where": "neck", "remedy": "baclofen", "taken-baclofen": "teatime"},
        "remedy",
        '"teatime" is not a time painlog can read',
    ),
    (
        "duration unreadable",
        {"pain": "5", "where": "neck", "duration": "forever"},
        "duration",
        "forever",
    ),
    (
        "note too long",
        {"pain": "5", "where": "neck", "note": "n" * 5001},
        "note",
        "the most it holds is 5000",
    ),
    (
        "a day without a time",
        {"pain": "5", "where": "neck", "when": "earlier", "date": "2026-11-20"},
        "when",
        "Give the time it happened",
    ),
    (
        "a time ahead",
        {"pain": "5", "where": "neck", "when": "earlier", "date": "2026-11-25", "time": "21:00"},
        "when",
        'is 10 hours from now; did you mean "yesterday 21:00"?',
    ),
    (
        "a day that is not one",
        {"pain": "5", "where": "neck", "when": "earlier", "date": "2026-13-40", "time": "10:00"},
        "when",
        "not a time painlog can read",
    ),
    (
        "a time the clocks skip",
        {"pain": "5", "where": "neck", "when": "earlier", "date": "2026-03-29", "time": "02:30"},
        "when",
        "never happened",
    ),
    (
        "an unknown quick choice",
        {"pain": "5", "where": "neck", "when": "tomorrow"},
        "when",
        "Choose when it happened",
    ),
]


@pytest.mark.parametrize(
    ("data", "field", "sentence"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
@pytest.mark.usefixtures("berlin")
def test_bad_input_comes_back_with_the_sentence_and_nothing_saved(
    web: TestClient,
    db_path: Path,
    data: dict[str, str | list[str]],
    field: str,
    sentence: str,
) -> None:
    post_form(web, "/log", {"pain": "3", "where": "neck"})  # the diary holds one entry
    before = dump(db_path)
    typed = {"note": "keep what I typed", "duration": "45", **data}
    answer = post_form(web, "/log", typed)
    assert answer.status_code == 400
    assert sentence in error_beside(answer.text, field)
    assert answer.text.count('class="error" id=') == 1  # one sentence, beside one field
    assert "Traceback" not in answer.text
    assert dump(db_path) == before
    # everything typed is kept, as typed
    kept = form_as_sent(answer.text, "/log")
    for name, value in typed.items():
        values = value if isinstance(value, list) else [value]
        if name in ("where", "type", "quality", "trigger", "remedy") and sentence.startswith(
            "Unknown"
        ):
            continue  # an unknown term has no box to tick again; the sentence names it
        if (name == "pain" and values[0] not in {str(n) for n in range(11)}) or (
            name == "when" and values[0] == "tomorrow"
        ):
            continue  # only a forged request sends these: the page has no such button
        if name == "remedy" and len(set(values)) < len(values):
            values = sorted(set(values))
        assert kept.get(name) == values, name


def test_a_refusal_that_names_no_field_is_shown_at_the_top(
    web: TestClient, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painlog.errors import BadInput
    from painlog.services import entries

    def refuse(**_: object) -> None:
        raise BadInput("The diary refuses this for a reason of its own.")

    monkeypatch.setattr(entries, "log_entry", refuse)
    answer = post_form(web, "/log", {"pain": "5", "where": "neck"})
    assert answer.status_code == 400
    assert "The diary refuses this for a reason of its own." in answer.text
    assert 'id="form-error"' in answer.text
    assert count_rows(db_path) == 0


def test_a_second_tap_on_save_saves_once(web: TestClient, db_path: Path) -> None:
    page = web.get("/").text
    sent = {**form_as_sent(page, "/log"), "pain": ["5"], "where": ["neck"]}
    first = web.post("/log", data=sent, follow_redirects=False)
    again = web.post("/log", data=sent, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"] == "/entry/1?saved=1"
    assert count_rows(db_path) == 1
    # a new form is a new entry
    assert submit(web, "/", "/log", {"pain": "5", "where": "neck"}).status_code == 303
    assert count_rows(db_path) == 2


def test_a_refused_form_sent_again_corrected_is_saved(web: TestClient, db_path: Path) -> None:
    refused = submit(web, "/", "/log", {"pain": "5", "where": []})
    assert refused.status_code == 400
    corrected = {**form_as_sent(refused.text, "/log"), "where": ["neck"]}
    assert corrected["once"]  # the same form, kept with its key
    assert web.post("/log", data=corrected, follow_redirects=False).status_code == 303
    assert count_rows(db_path) == 1
