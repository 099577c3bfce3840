"""painlog guide --entry: the articles' guidance set against the person's own diary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy.orm import Session

from painlog.models import Entry
from painlog.render.guide_brief import DISCLAIMER
from painlog.services import entries
from painlog.services import guidance as service
from painlog.services.vocabulary import add_term
from painlog.when import as_local, local_now
from tests.conftest import CliRun

pytestmark = pytest.mark.clock


def flat(text: str) -> str:
    return " ".join(text.split())


def log(
    session: Session,
    days_ago: int,
    *,
    pain_type: str | None = None,
    triggers: Sequence[str] = (),
    remedies: Sequence[str] = (),
) -> Entry:
    day = local_now().date() - timedelta(days=days_ago)
    return entries.log_entry(
        session=session,
        entry=entries.EntryInput(
            intensity=5,
            occurred_at=as_local(datetime.combine(day, time(12))),
            locations=["lower-back"],
            pain_type=pain_type,
            triggers=list(triggers),
            remedies=[entries.RemedyInput(name=r) for r in remedies],
        ),
    )


def logged_id(result_output: str) -> str:
    return result_output.split("Logged entry ", 1)[1].split(":", 1)[0]


# ------------------------------------------------------ the issue's scenario


@pytest.fixture
def scenario(cli: CliRun) -> str:
    """A diary with heat in some entries, then "pain 8, neuropathic, burning, lower
    back, trigger heat, tried ibuprofen"; returns the new entry's id."""
    for args in (
        ("--trigger", "heat", "--at", "3 days ago"),
        ("--trigger", "hot weather", "--at", "10 days ago"),
        ("--trigger", "stress", "--at", "20 days ago"),
        ("--trigger", "heat", "--at", "89 days ago"),  # the window's first day
        ("--trigger", "heat", "--at", "90 days ago"),  # one day too old
        ("--trigger", "heat", "--remedy", "antidepressant", "--at", "5 days ago"),
    ):
        result = cli("log", "--pain", "4", "--where", "lower-back", "--quiet", *args)
        assert result.exit_code == 0, result.output
    assert cli("delete", "6").exit_code == 0  # deleted: neither counted nor "logged"
    result = cli(
        "log", "--pain", "8", "--type", "neuropathic", "--quality", "burning",
        "--where", "lower back", "--trigger", "heat", "--remedy", "ibuprofen",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return logged_id(result.stdout)


def test_the_issue_scenario_in_text(cli: CliRun, scenario: str) -> None:
    result = cli("guide", "--entry", scenario)
    assert result.exit_code == 0, result.output
    out = result.stdout
    text = flat(out)
    assert out.startswith(f"Guidance for entry {scenario}: ")
    # What the articles say about neuropathic pain and about heat, with sources.
    assert "Pain type: Neuropathic (nerve) pain" in out
    assert "there may be burning in the lower back. [ms-back-pain · section on neuropathic" in text
    assert "Trigger: Extreme heat" in out
    assert (
        "The ms-back-pain article lists very hot temperatures among things that may make "
        "spasticity worse. [ms-back-pain · section on spasticity]"
    ) in text
    # painlog's own pointer to a clinician is shown as painlog's, not as the article's.
    assert (
        "Whether any of these medicines suit you is a question for your clinician. "
        "[painlog's note, not from the articles]"
    ) in text
    # How often heat came up: 3d, 10d, 89d and today; not 90d, not the deleted one.
    assert "In your diary: in 4 of your 5 entries in the last 90 days" in text
    # Options to discuss, with the FDA caveat as cited.
    discuss = text.split("To discuss with your clinician")[1]
    assert (
        "Listed for neuropathic (nerve) pain, and not yet in your diary: "
        "• Anti-seizure medicine (not FDA-approved for pain caused by MS, per the National MS "
        "Society as the ms-back-pain article cites) [ms-back-pain · section on treating "
        "neuropathic pain] "
        "• Antidepressant (not FDA-approved"
    ) in discuss
    assert "Tried: Ibuprofen" in out
    assert out.rstrip("\n").splitlines()[-1] == DISCLAIMER


def test_the_issue_scenario_as_json(cli: CliRun, scenario: str) -> None:
    result = cli("guide", "--entry", scenario, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "entry", "pain_type", "triggers", "remedies", "to_discuss", "tensions",
        "sources", "disclaimer",
    ]  # fmt: skip
    assert data["entry"]["id"] == int(scenario)
    assert data["pain_type"]["key"] == "neuropathic"
    statements = data["pain_type"]["statements"]
    cited = [st for st in statements if not st["own"]]
    own = [st for st in statements if st["own"]]
    assert all(st["sources"] and st["part"] for st in cited)
    # painlog's own note: distinguishable as data, citing nothing.
    assert [(st["aspect"], st["sources"], st["part"]) for st in own] == [("clinician", [], None)]
    assert data["pain_type"]["summary_sources"] == ["ms-back-pain"]
    (heat,) = data["triggers"]
    today = local_now().date()
    assert heat["key"] == "heat"
    assert heat["in_your_diary"] == {
        "entries_with_trigger": 4,
        "entries": 5,
        "from": (today - timedelta(days=89)).isoformat(),
        "to": today.isoformat(),
    }
    assert [r["key"] for r in data["remedies"]] == ["ibuprofen"]
    discuss = data["to_discuss"]["for_pain_type"]
    assert [d["remedy"] for d in discuss] == ["anti-seizure-medication", "antidepressant"]
    assert discuss[0]["note"].startswith("Not FDA-approved for pain caused by MS")
    assert discuss[0]["sources"] == ["ms-back-pain"]
    general = {g["key"]: g["remedies"] for g in data["to_discuss"]["general"]}
    assert "ibuprofen" not in general["professional-options"]
    assert "naproxen" in general["professional-options"]
    (tension,) = data["tensions"]
    assert tension["key"] == "heat"
    assert tension["applies"] is False  # the person does not use heat therapy or a pool
    assert tension["entry_triggers"] == ["heat"] and tension["remedies_used"] == []
    assert data["disclaimer"] == DISCLAIMER


# --------------------------------------------------------------- the service


def test_remedies_ever_logged_are_not_to_discuss(session: Session) -> None:
    log(session, 30, remedies=["antidepressant"])
    entry = log(session, 0, pain_type="neuropathic", remedies=["ibuprofen"])
    found = service.guidance_for_entry(session=session, entry_id=entry.id)
    assert [d.remedy.key for d in found.to_discuss] == ["anti-seizure-medication"]
    general = {g.remedy_list.key: [t.key for t in g.remedies] for g in found.general_options}
    assert "ibuprofen" not in general["professional-options"]
    assert "antidepressant" not in [k for keys in general.values() for k in keys]


def test_a_deleted_entrys_remedies_still_count_as_never_logged(session: Session) -> None:
    old = log(session, 30, remedies=["antidepressant"])
    entries.delete_entry(session=session, entry_id=old.id)
    entry = log(session, 0, pain_type="neuropathic")
    found = service.guidance_for_entry(session=session, entry_id=entry.id)
    assert [d.remedy.key for d in found.to_discuss] == ["anti-seizure-medication", "antidepressant"]


def test_everything_listed_and_logged_leaves_nothing_to_discuss_for_the_type(
    session: Session,
) -> None:
    log(session, 2, remedies=["baclofen", "tizanidine"])
    entry = log(session, 0, pain_type="spasticity")
    found = service.guidance_for_entry(session=session, entry_id=entry.id)
    assert found.to_discuss == ()
    assert "To discuss with your clinician\n  Listed for spasticity" not in _text(found)


def test_a_trigger_here_against_a_remedy_the_person_uses_is_a_tension(session: Session) -> None:
    log(session, 40, remedies=["heat-therapy"])
    entry = log(session, 0, pain_type="neuropathic", triggers=["heat"])
    found = service.guidance_for_entry(session=session, entry_id=entry.id)
    (note,) = found.tensions
    assert note.tension.key == "heat" and note.applies
    assert note.triggers == ("heat",) and note.remedies_used == ("heat-therapy",)
    text = flat(_text(found))
    assert (
        "Where the articles pull two ways: Extreme heat can worsen spasticity, yet heat therapy "
        "and a heated pool are listed remedies You logged extreme heat here, and your diary has "
        "heat therapy."
    ) in text


def test_no_tension_is_shown_when_nothing_in_the_entry_is_named(session: Session) -> None:
    log(session, 40, remedies=["heat-therapy"])
    entry = log(session, 0, pain_type="neuropathic", triggers=["stress"])
    found = service.guidance_for_entry(session=session, entry_id=entry.id)
    assert found.tensions == ()
    assert "pull two ways" not in _text(found)


@pytest.mark.parametrize(
    ("days_ago", "counted"), [(0, True), (89, True), (90, False), (400, False)]
)
def test_trigger_counts_cover_the_last_90_days_today_included(
    session: Session, days_ago: int, counted: bool
) -> None:
    log(session, days_ago, triggers=["cold"])
    entry = log(session, 0, triggers=["cold", "stress"])
    found = service.guidance_for_entry(session=session, entry_id=entry.id)
    cold, stress = found.trigger_counts
    assert (cold.trigger, stress.trigger) == ("cold", "stress")
    assert cold.with_trigger == (2 if counted else 1)
    assert cold.entries == (2 if days_ago < 90 else 1)
    assert stress.with_trigger == 1
    assert cold.last_day == local_now().date()
    assert (cold.last_day - cold.first_day).days == 89


def test_counts_can_be_asked_for_another_day(session: Session) -> None:
    entry = log(session, 0, triggers=["cold"])
    found = service.guidance_for_entry(
        session=session, entry_id=entry.id, today=local_now().date() + timedelta(days=90)
    )
    assert (found.trigger_counts[0].with_trigger, found.trigger_counts[0].entries) == (0, 0)
    assert "no entries in your diary from" in _text(found)


def test_own_terms_in_an_entry_are_shown_as_your_own_term(session: Session) -> None:
    add_term(session=session, kind="trigger", name="Gardening")
    add_term(session=session, kind="remedy", name="Cold shower", remedy_kind="self-care")
    add_term(session=session, kind="pain_type", name="Rib pain")
    entry = log(session, 0, pain_type="rib-pain", triggers=["gardening"], remedies=["cold-shower"])
    found = service.guidance_for_entry(session=session, entry_id=entry.id)
    assert found.pain_type is not None and found.pain_type.own and found.pain_type.topic is None
    assert found.to_discuss == ()  # an own pain type has no listed remedies
    assert found.trigger_counts[0].with_trigger == 1  # own triggers are still counted
    text = _text(found)
    for heading in ("Pain type: Rib pain", "Trigger: Gardening", "Tried: Cold shower"):
        assert f"{heading}\n" in text
        after = text.split(f"{heading}\n")[1]
        assert (
            "Your own term: the reference articles have no guidance on it."
            in after.split("\n\n")[0]
        )
    data = _json(found)
    assert data["pain_type"]["own"] is True and data["pain_type"]["statements"] == []
    assert data["triggers"][0]["in_your_diary"]["entries_with_trigger"] == 1


def test_a_statement_repeated_across_topics_is_shown_once(session: Session) -> None:
    entry = log(session, 0, pain_type="muscle-strain", remedies=["ibuprofen", "naproxen"])
    text = _text(service.guidance_for_entry(session=session, entry_id=entry.id))
    assert (
        " ".join(text.split()).count("the doctor first looks for what is causing the back pain")
        == 1
    )


def _text(found: service.EntryGuidance) -> str:
    from painlog.render.guide import entry_guidance_text
    from painlog.services.vocabulary import load_vocabulary

    session = Session.object_session(found.entry)
    assert session is not None
    return entry_guidance_text(found, load_vocabulary(session=session))


def _json(found: service.EntryGuidance) -> dict[str, object]:
    from painlog.render.guide import entry_guidance_json

    return entry_guidance_json(found)


# -------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--entry", "99"), "There is no entry 99"),
        (("--entry", "abc"), "'abc' is not a valid int"),
        (("--entry", "1", "--json"), "Entry 1 is deleted; bring it back with painlog restore 1."),
    ],
)
def test_bad_entries_exit_2_with_one_line(cli: CliRun, args: tuple[str, ...], message: str) -> None:
    cli("log", "--pain", "3", "--where", "neck", "--quiet")
    cli("delete", "1")
    result = cli("guide", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr


def test_an_entry_with_only_a_place_still_gets_its_disclaimer(cli: CliRun) -> None:
    cli("log", "--pain", "3", "--where", "neck", "--quiet")
    result = cli("guide", "--entry", "1")
    assert result.exit_code == 0, result.output
    assert "To discuss with your clinician" in result.stdout  # the general lists
    assert result.stdout.rstrip("\n").splitlines()[-1] == DISCLAIMER
