"""The reference files: structure, cross-references, citations and the words rule."""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from painlog.guidance import (
    ASPECTS,
    BRIEF_INDEX,
    RELATIONS,
    SUMMARY_MAX,
    TOPIC_KINDS,
    ReferenceDataError,
    brief_index_text,
    load_guidance,
    load_guidance_from,
)
from painlog.resources import reference_dir
from painlog.vocab import REMEDY_KINDS, Vocabulary, builtin_terms
from tests.wordsrule import (
    FINGERPRINTS,
    fingerprint_text,
    load_fingerprints,
    overlaps,
    shingle_hashes,
    strings,
)

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "reference"
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The one string allowed to match an article: its own title, cited as its name.
ARTICLE_TITLE = "Multiple Sclerosis Symptoms: Keeping Back Pain Under Control"


def load(name: str) -> dict[str, Any]:
    with (REF / name).open("rb") as handle:
        return tomllib.load(handle)


SOURCES = load("sources.toml")
VOCAB = load("vocabulary.toml")
GUIDE = load("guidance.toml")
SOURCE_IDS = {s["id"] for s in SOURCES["source"]}


def all_cited() -> list[tuple[str, Any]]:
    """(where, sources) for everything in guidance.toml that must cite."""
    items: list[tuple[str, Any]] = []
    for i, st in enumerate(GUIDE["overview"]["statement"]):
        items.append((f"overview statement {i}", st.get("sources")))
    for topic in GUIDE["topic"]:
        for i, st in enumerate(topic["statement"]):
            items.append((f"topic {topic['key']} statement {i}", st.get("sources")))
    for link in GUIDE["link"]:
        items.append((f"link {link['from']}->{link['to']}", link.get("sources")))
    for remedy_list in GUIDE["remedy_list"]:
        items.append((f"remedy_list {remedy_list['key']}", remedy_list.get("sources")))
    for tension in GUIDE["tension"]:
        for i, st in enumerate(tension["statement"]):
            items.append((f"tension {tension['key']} statement {i}", st.get("sources")))
    return items


# ---------------------------------------------------------------- structure


def test_the_shipped_reference_loads_and_passes_the_loaders_checks() -> None:
    guidance = load_guidance_from(REF)
    assert {s.id for s in guidance.sources} == {"ms-back-pain", "keeping-control"}
    assert len(guidance.topics) == sum(len(VOCAB[k]) for k in TOPIC_KINDS)
    assert guidance.tensions and guidance.links and guidance.remedy_lists


@pytest.mark.parametrize("kind", TOPIC_KINDS)
def test_every_vocabulary_term_has_exactly_one_topic(kind: str) -> None:
    topics = [t["key"] for t in GUIDE["topic"] if t["kind"] == kind]
    assert sorted(topics) == sorted(term["key"] for term in VOCAB[kind])


def test_topic_keys_are_unique_across_kinds_so_a_key_names_one_topic() -> None:
    keys = [t["key"] for t in GUIDE["topic"]]
    assert len(keys) == len(set(keys))


def test_every_statement_link_and_list_cites_a_known_source() -> None:
    items = all_cited()
    assert len(items) > 200
    for where, sources in items:
        assert isinstance(sources, list) and sources, f"{where} cites nothing"
        assert set(sources) <= SOURCE_IDS, f"{where} cites {sources}"
        assert len(set(sources)) == len(sources), f"{where} repeats a source"


def test_every_statement_has_an_aspect_text_and_part() -> None:
    statements = [*GUIDE["overview"]["statement"]]
    for topic in GUIDE["topic"]:
        statements.extend(topic["statement"])
    for st in statements:
        assert st["aspect"] in ASPECTS
        assert st["text"].strip() and st["part"].strip()
        assert set(st) == {"aspect", "text", "sources", "part"}
    for tension in GUIDE["tension"]:
        for st in tension["statement"]:
            assert set(st) == {"text", "sources", "part"}


def test_summaries_fit_one_line() -> None:
    summaries = [GUIDE["overview"]["summary"]]
    summaries += [t["summary"] for t in GUIDE["topic"]]
    summaries += [t["summary"] for t in GUIDE["tension"]]
    for summary in summaries:
        assert 0 < len(summary) <= SUMMARY_MAX, summary


def test_every_link_joins_existing_topics_of_the_right_kinds() -> None:
    topics = {(t["kind"], t["key"]) for t in GUIDE["topic"]}
    pairs = set()
    for link in GUIDE["link"]:
        from_kind, to_kind = RELATIONS[link["relation"]]
        assert (from_kind, link["from"]) in topics, link
        assert (to_kind, link["to"]) in topics, link
        assert link["part"].strip()
        pair = (link["from"], link["to"], link["relation"])
        assert pair not in pairs, f"duplicate link {pair}"
        pairs.add(pair)


def test_remedy_lists_and_tensions_name_existing_topics() -> None:
    topics = {(t["kind"], t["key"]) for t in GUIDE["topic"]}
    for remedy_list in GUIDE["remedy_list"]:
        assert remedy_list["remedies"]
        for key in remedy_list["remedies"]:
            assert ("remedy", key) in topics
    for tension in GUIDE["tension"]:
        for field, kind in (
            ("triggers", "trigger"),
            ("remedies", "remedy"),
            ("pain_types", "pain_type"),
        ):
            for key in tension[field]:
                assert (kind, key) in topics, (tension["key"], key)


def test_every_remedy_is_in_a_link_or_a_general_list() -> None:
    covered = {link["from"] for link in GUIDE["link"] if link["relation"] == "listed-for"}
    for remedy_list in GUIDE["remedy_list"]:
        covered |= set(remedy_list["remedies"])
    assert {t["key"] for t in VOCAB["remedy"]} <= covered


def test_the_heat_tension_is_stated_not_hidden() -> None:
    heat = next(t for t in GUIDE["tension"] if "heat" in t["triggers"])
    assert {"heat-therapy", "water-therapy"} <= set(heat["remedies"])
    assert "spasticity" in heat["pain_types"]


def test_the_cautions_the_issue_names_are_there_with_their_source() -> None:
    def statements(key: str) -> list[dict[str, Any]]:
        return next(t for t in GUIDE["topic"] if t["key"] == key)["statement"]

    fda = [s for s in statements("neuropathic") if "FDA" in s["text"]]
    assert fda and fda[0]["aspect"] == "caution" and fda[0]["sources"] == ["ms-back-pain"]
    assert "National Multiple Sclerosis Society" in fda[0]["text"]
    contractures = [s for s in statements("spasticity") if "contractures" in s["text"]]
    assert contractures and "pressure sores" in contractures[0]["text"]
    figure = [s for s in statements("lhermitte") if s["aspect"] == "figure"]
    assert figure and "1 in 3" in figure[0]["text"] and "2015" in figure[0]["text"]
    water = " ".join(s["text"] for s in statements("water-therapy") if s["aspect"] == "clinician")
    assert "doctor before" in water


# ------------------------------------------------------------- vocabulary


@pytest.mark.parametrize("kind", ["pain_type", "trigger", "remedy", "location", "quality"])
def test_vocabulary_terms_are_well_formed(kind: str) -> None:
    terms = VOCAB[kind]
    keys = [t["key"] for t in terms]
    assert len(keys) == len(set(keys))
    owner: dict[str, str] = {}
    for term in terms:
        assert KEY.match(term["key"]), term["key"]
        assert term["label"].strip()
        assert set(term["sources"]) <= SOURCE_IDS
        allowed = {"key", "label", "aliases", "sources"} | ({"kind"} if kind == "remedy" else set())
        assert set(term) == allowed, term["key"]
        if kind == "remedy":
            assert term["kind"] in REMEDY_KINDS
        for name in {term["key"], term["label"].lower()}:
            assert owner.setdefault(name, term["key"]) == term["key"], name
    for term in terms:
        for alias in term["aliases"]:
            name = alias.lower().strip()
            assert name, term["key"]
            assert owner.setdefault(name, term["key"]) == term["key"], f"{kind}: {alias!r}"


@pytest.mark.parametrize(
    ("kind", "text", "key"),
    [
        ("pain_type", "neck shock", "lhermitte"),
        ("pain_type", "Lhermitte's sign", "lhermitte"),
        ("pain_type", "slipped disk", "herniated-disk"),
        ("pain_type", "nerve pain", "neuropathic"),
        ("pain_type", "spasms", "spasticity"),
        ("trigger", "hot weather", "heat"),
        ("trigger", "bending neck", "neck-flexion"),
        ("trigger", "cane", "mobility-aid-misuse"),
        ("remedy", "TENS", "electrical-stimulation"),
        ("remedy", "hydrotherapy", "water-therapy"),
        ("remedy", "cognitive behavioral therapy", "cbt"),
        ("remedy", "PT", "physical-therapy"),
        ("remedy", "mindfulness", "meditation"),
        ("quality", "electric shock", "electric-shock"),
    ],
)
def test_everyday_words_find_the_intended_term(kind: str, text: str, key: str) -> None:
    term = Vocabulary(builtin_terms()).find(kind, text)
    assert term is not None and term.key == key


# ---------------------------------------------------- the loader refuses damage


def _broken_copy(tmp_path: Path, old: str, new: str, file: str = "guidance.toml") -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(REF, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'sources = ["ms-back-pain"]',
            'sources = ["ms-back-pane"]',
            "unknown source 'ms-back-pane'",
        ),
        ('sources = ["ms-back-pain"]', "sources = []", "cites no source"),
        ('to = "spasticity"', 'to = "spastic"', "'spastic' is not a pain_type topic"),
        ('relation = "aggravates"', 'relation = "soothes"', "relation must be one of"),
        ('aspect = "what"', 'aspect = "why"', "aspect 'why'"),
        (
            'key = "cbt"\nkind = "remedy"',
            'key = "cbt-therapy"\nkind = "remedy"',
            "remedy.cbt: has 0",
        ),
        ('part = "introduction"', 'part = "introduction"\n  page = 3', "unknown field 'page'"),
        (
            'summary = "Stress; linked to Lhermitte\'s sign"',
            f'summary = "{"x" * (SUMMARY_MAX + 1)}"',
            f"at most {SUMMARY_MAX}",
        ),
        ('remedies = ["exercise", "meditation"', 'remedies = ["exercise", "singing"', "'singing'"),
    ],
)
def test_the_loader_refuses_a_damaged_reference(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    folder = _broken_copy(tmp_path, old, new)
    with pytest.raises(ReferenceDataError, match=re.escape(message)):
        load_guidance_from(folder)


def test_the_loader_refuses_toml_it_cannot_parse(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "[overview]", "[overview")
    with pytest.raises(ReferenceDataError, match=r"guidance\.toml is damaged"):
        load_guidance_from(folder)


# ------------------------------------------------------- the generated index


def test_the_brief_index_matches_guidance_toml() -> None:
    shipped = (reference_dir() / BRIEF_INDEX).read_text(encoding="utf-8")
    assert shipped == brief_index_text(load_guidance()), (
        f"reference/{BRIEF_INDEX} is stale; rebuild it with: python -m painlog.guidance"
    )


def test_the_brief_index_check_notices_an_edit(tmp_path: Path) -> None:
    folder = _broken_copy(
        tmp_path, "Stress; linked to Lhermitte's sign", "Stress; tied to Lhermitte's sign"
    )
    shipped = (REF / BRIEF_INDEX).read_text(encoding="utf-8")
    assert brief_index_text(load_guidance_from(folder)) != shipped


# ------------------------------------------------------------ the words rule


def test_the_fingerprints_cover_both_articles() -> None:
    files, hashes = load_fingerprints()
    assert sorted(files) == sorted(s["file"] for s in SOURCES["source"])
    assert len(hashes) > 1500


def test_the_overlap_check_finds_a_copied_run() -> None:
    article = "The quick brown fox jumps over the lazy dog near the river bank."
    fingerprints = set(shingle_hashes(article))
    assert overlaps("He wrote: the brown fox jumps over the lazy dog, again.", fingerprints) == [
        "brown fox jumps over the lazy",
        "fox jumps over the lazy dog",
    ]
    assert overlaps("A brown fox jumped over a lazy dog.", fingerprints) == []
    # Case, apostrophes and punctuation do not hide a copied run.
    assert overlaps("THE QUICK, BROWN FOX - JUMPS OVER!", fingerprints)


def _reference_strings() -> list[tuple[str, str]]:
    found = []
    for name, data in (
        ("sources.toml", SOURCES),
        ("vocabulary.toml", VOCAB),
        ("guidance.toml", GUIDE),
    ):
        for where, text in strings(data):
            if text != ARTICLE_TITLE:
                found.append((f"{name}:{where}", text))
    for doc in (REF / "README.md", REPO / "README.md"):
        found.append(
            (str(doc.relative_to(REPO)), doc.read_text(encoding="utf-8").replace(ARTICLE_TITLE, ""))
        )
    return found


def test_no_text_shares_six_words_in_a_row_with_an_article() -> None:
    _, fingerprints = load_fingerprints()
    items = _reference_strings()
    assert len(items) > 1500
    copied = {where: runs for where, text in items if (runs := overlaps(text, fingerprints))}
    assert copied == {}


def _articles_folder() -> Path | None:
    for candidate in (os.environ.get("PAINLOG_ARTICLES"), REPO.parent / "shared" / "articles"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def test_the_fingerprints_match_the_articles_when_they_are_at_hand() -> None:
    folder = _articles_folder()
    if folder is None:
        pytest.skip(
            "the articles are not beside this checkout (set PAINLOG_ARTICLES to check the "
            "fingerprint file against them); the words rule itself still ran on the fingerprints"
        )
    articles = [folder / s["file"] for s in SOURCES["source"]]
    assert FINGERPRINTS.read_text(encoding="utf-8") == fingerprint_text(articles)
