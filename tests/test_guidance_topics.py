"""painlog guide and painlog guide TOPIC: forgiving lookup, suggestions, own terms, JSON."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session

from painlog.errors import UnknownTerm
from painlog.render.guide_brief import DISCLAIMER
from painlog.services import guidance as service
from tests.conftest import CliRun


def flat(text: str) -> str:
    """Output with line wrapping undone, for phrase checks."""
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("name", "kind", "key"),
    [
        ("lhermitte", "pain_type", "lhermitte"),
        ("Lhermitte's sign", "pain_type", "lhermitte"),
        ("LHERMITTE\u2019S SIGN", "pain_type", "lhermitte"),
        ("neck shock", "pain_type", "lhermitte"),
        ("  Neck-Shock ", "pain_type", "lhermitte"),
        ("nerve pain", "pain_type", "neuropathic"),
        ("hot weather", "trigger", "heat"),
        # "heat" is the trigger's key and only an alias of heat therapy: the key wins.
        ("heat", "trigger", "heat"),
        ("heat therapy", "remedy", "heat-therapy"),
        ("TENS", "remedy", "electrical-stimulation"),
        ("anti_seizure_medication", "remedy", "anti-seizure-medication"),
    ],
)
def test_a_topic_is_found_by_key_label_or_alias_in_any_form(
    session: Session, name: str, kind: str, key: str
) -> None:
    found = service.topic_guidance(session=session, name=name)
    assert (found.term.kind, found.term.key) == (kind, key)
    assert found.topic is not None and found.topic.statements


def test_a_pain_types_topic_carries_its_links_lists_and_tensions(session: Session) -> None:
    spasticity = service.topic_guidance(session=session, name="spasticity")
    listed = {link.from_key for link in spasticity.links if link.relation == "listed-for"}
    aggravating = {link.from_key for link in spasticity.links if link.relation == "aggravates"}
    assert listed == {"baclofen", "tizanidine"}
    assert {"heat", "cold", "humidity", "sudden-movement"} <= aggravating
    assert {t.key for t in spasticity.tensions} == {"heat"}
    assert len(spasticity.remedy_lists) == 3
    heat_therapy = service.topic_guidance(session=session, name="heat therapy")
    assert [r.key for r in heat_therapy.remedy_lists] == ["professional-options"]
    assert [t.key for t in heat_therapy.tensions] == ["heat"]


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("spastisity", "spasticity"),
        ("lhermit", "lhermitte"),
        ("FDA", "anti-seizure-medication"),
        ("burning", "neuropathic"),  # a quality; the topic whose summary names it
    ],
)
def test_an_unknown_topic_suggests_the_nearest(session: Session, name: str, suggested: str) -> None:
    with pytest.raises(UnknownTerm) as caught:
        service.topic_guidance(session=session, name=name)
    assert suggested in caught.value.suggestions
    assert suggested in caught.value.message


def test_a_name_that_means_two_topics_is_refused_with_both(cli: CliRun, session: Session) -> None:
    assert cli("vocab", "add", "trigger", "Gardening", "--alias", "garden").exit_code == 0
    args = ("vocab", "add", "remedy", "Garden walk", "--alias", "garden", "--kind", "self-care")
    assert cli(*args).exit_code == 0
    with pytest.raises(UnknownTerm) as caught:
        service.topic_guidance(session=session, name="garden")
    assert set(caught.value.suggestions) == {"gardening", "garden-walk"}
    assert "could mean" in caught.value.message


def test_a_bare_walking_aid_is_not_a_judgement_but_suggests_both_topics(session: Session) -> None:
    """ "cane" alone says nothing about whether it was used well or badly."""
    with pytest.raises(UnknownTerm) as caught:
        service.topic_guidance(session=session, name="cane")
    assert set(caught.value.suggestions) == {"mobility-aid-misuse", "mobility-aid-use"}
    assert "could mean" not in caught.value.message


def test_the_cli_shows_a_topic_in_full_with_citations(cli: CliRun) -> None:
    result = cli("guide", "neck", "shock")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert result.stdout.startswith("Lhermitte's sign (pain type, painlog guide lhermitte)")
    assert "About 1 in 3 people who have MS get Lhermitte's sign, according to a 2015 study" in text
    assert "[ms-back-pain · section on Lhermitte's sign]" in text
    assert "Carbamazepine (some evidence of benefit for some people)" in text
    assert "ms-back-pain Back pain in MS: causes and treatment options" in text
    assert result.stdout.rstrip("\n").splitlines()[-1] == DISCLAIMER


def test_a_trigger_topic_states_both_sides_of_the_heat_tension(cli: CliRun) -> None:
    text = flat(cli("guide", "hot weather").stdout)
    assert "Extreme heat (trigger, painlog guide heat)" in text
    assert (
        "Pain types it may make worse • Spasticity [ms-back-pain · section on spasticity]" in text
    )
    assert (
        "Where the articles pull two ways: Extreme heat can worsen spasticity, "
        "yet heat therapy and a heated pool are listed remedies"
    ) in text
    assert "cocoon of warmth" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("spastisity",), 'No guidance topic "spastisity"; did you mean spasticity?'),
        (("burning",), '"burning" is a quality, not a guidance topic; did you mean neuropathic'),
        (
            ("cane",),
            'No guidance topic "cane"; did you mean mobility-aid-misuse or mobility-aid-use',
        ),
        (("heat", "--entry", "1"), "Give a topic or --entry, not both."),
        (("",), "The topic is empty"),
    ],
)
def test_bad_topics_exit_2_with_one_line(cli: CliRun, args: tuple[str, ...], message: str) -> None:
    result = cli("guide", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr


def test_own_terms_have_no_guidance_and_say_so(cli: CliRun) -> None:
    assert cli("vocab", "add", "trigger", "Gardening").exit_code == 0
    result = cli("guide", "gardening")
    assert result.exit_code == 0, result.output
    assert "Your own term: the reference articles have no guidance on it." in result.stdout
    assert result.stdout.rstrip("\n").splitlines()[-1] == DISCLAIMER
    data = json.loads(cli("guide", "Gardening", "--json").stdout)
    assert data["own"] is True
    assert data["statements"] == [] and data["summary"] is None
    listing = cli("guide").stdout
    assert "Your own terms (the reference articles have no guidance on them)" in listing
    assert "gardening" in listing.split("Your own terms")[1]


def test_the_list_groups_every_topic_one_line_each(cli: CliRun) -> None:
    result = cli("guide")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "What the reference articles say about back pain in MS" in out
    for heading in ("Pain types (10)", "Triggers (13)", "Remedies (29)"):
        assert heading in out
    pain_types = out.split("Pain types (10)\n")[1].split("\n\n")[0].splitlines()
    assert len(pain_types) == 10
    assert pain_types[1].split() == [
        "neuropathic", "Pain", "from", "MS-damaged", "nerves;", "sharp,", "stabbing,",
        "shooting", "or", "burning",
    ]  # fmt: skip
    assert "Your own terms" not in out
    assert out.rstrip("\n").splitlines()[-1] == DISCLAIMER


def test_the_list_as_json(cli: CliRun) -> None:
    data = json.loads(cli("guide", "--json").stdout)
    assert list(data) == ["overview", "topics", "own_terms", "sources", "disclaimer"]
    assert data["disclaimer"] == DISCLAIMER
    assert list(data["topics"]) == ["pain_type", "trigger", "remedy"]
    first = data["topics"]["pain_type"][0]
    assert first == {
        "key": "spasticity",
        "label": "Spasticity",
        "summary": "Tight, stiff muscles and spasms; common in MS and can reach the lower back",
        "sources": ["ms-back-pain"],  # what the summary rests on
    }
    assert {s["id"] for s in data["sources"]} == {"ms-back-pain", "keeping-control"}
    assert data["overview"]["summary_sources"] == ["ms-back-pain", "keeping-control"]
    for st in data["overview"]["statements"]:
        assert set(st) == {"aspect", "text", "sources", "part", "own"} and st["sources"]
        assert st["own"] is False


def test_a_topic_as_json_has_its_citations_as_data(cli: CliRun) -> None:
    data = json.loads(cli("guide", "neuropathic", "--json").stdout)
    assert list(data) == [
        "kind", "key", "label", "own", "summary", "summary_sources", "statements", "links",
        "remedy_lists", "tensions", "sources", "disclaimer",
    ]  # fmt: skip
    assert (data["kind"], data["key"], data["own"]) == ("pain_type", "neuropathic", False)
    caution = [s for s in data["statements"] if s["aspect"] == "caution"]
    assert caution[0]["sources"] == ["ms-back-pain"]
    assert caution[0]["part"] == "section on treating neuropathic pain"
    assert "FDA" in caution[0]["text"]
    links = {link["from"]: link for link in data["links"]}
    assert set(links) == {"anti-seizure-medication", "antidepressant"}
    assert links["antidepressant"] == {
        "relation": "listed-for",
        "from": "antidepressant",
        "to": "neuropathic",
        "note": "Not FDA-approved for pain caused by MS, per the National MS Society as the "
        "ms-back-pain article cites.",
        "sources": ["ms-back-pain"],
        "part": "section on treating neuropathic pain",
    }
    own = [s for s in data["statements"] if s["own"]]
    assert own == [
        {
            "aspect": "clinician",
            "text": "Whether any of these medicines suit you is a question for your clinician.",
            "sources": [],
            "part": None,
            "own": True,
        }
    ]
    assert all(s["sources"] and s["part"] for s in data["statements"] if not s["own"])
    assert data["disclaimer"] == DISCLAIMER


def test_painlogs_own_note_is_shown_as_painlogs_in_text(cli: CliRun) -> None:
    text = flat(cli("guide", "stress").stdout)
    assert (
        "When to involve a clinician • Stress and Lhermitte's sign is a topic to discuss with "
        "your clinician. [painlog's note, not from the articles]"
    ) in text
    assert "Stress; linked to Lhermitte's sign [ms-back-pain]" in text  # the summary, cited
    assert "[ms-back-pain · section on treating Lhermitte's sign]" in text


def test_guide_help_ends_with_an_example(cli: CliRun) -> None:
    result = cli("guide", "--help")
    assert result.exit_code == 0
    assert "Example: painlog guide --entry 12" in result.stdout


def test_every_rendered_guidance_keeps_the_words_rule(cli: CliRun) -> None:
    """Texts that pass one by one can still line up into an article's run when
    rendered together (a list of remedy names in the article's order)."""
    from painlog.guidance import load_guidance
    from tests.wordsrule import load_fingerprints, overlaps

    _, fingerprints = load_fingerprints()
    guidance = load_guidance()
    outputs = {"guide": cli("guide").stdout}
    for topic in guidance.topics:
        outputs[f"guide {topic.key}"] = cli("guide", topic.key).stdout
    triggers = [t.key for t in guidance.topics_of("trigger")]
    for n, pain_type in enumerate(guidance.topics_of("pain_type"), start=1):
        args = ["log", "-p", "5", "-w", "lower-back", "-t", pain_type.key, "--quiet"]
        assert cli(*args, "--trigger", ",".join(triggers)).exit_code == 0
        outputs[f"guide --entry {n}"] = cli("guide", "--entry", str(n)).stdout
    title = "Multiple Sclerosis Symptoms: Keeping Back Pain Under Control"
    copied = {
        name: runs
        for name, text in outputs.items()
        if (runs := overlaps(text.replace(title, ""), fingerprints))
    }
    assert copied == {}
