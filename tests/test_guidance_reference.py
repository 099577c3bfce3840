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
    SHINGLE,
    SIMILARITY_CEILING,
    article_sentences,
    fingerprint_text,
    load_fingerprints,
    most_similar,
    overlaps,
    shingle_hashes,
    strings,
)

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "reference"
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load(name: str) -> dict[str, Any]:
    with (REF / name).open("rb") as handle:
        return tomllib.load(handle)


SOURCES = load("sources.toml")
VOCAB = load("vocabulary.toml")
GUIDE = load("guidance.toml")
SOURCE_IDS = {s["id"] for s in SOURCES["source"]}


def all_statements() -> list[tuple[str, dict[str, Any]]]:
    """(where, statement) for every statement: overview, topics, tensions."""
    items = [(f"overview statement {i}", st) for i, st in enumerate(GUIDE["overview"]["statement"])]
    for topic in GUIDE["topic"]:
        items += [
            (f"topic {topic['key']} statement {i}", st) for i, st in enumerate(topic["statement"])
        ]
    for tension in GUIDE["tension"]:
        items += [
            (f"tension {tension['key']} statement {i}", st)
            for i, st in enumerate(tension["statement"])
        ]
    return items


def all_cited() -> list[tuple[str, Any]]:
    """(where, sources) for everything in guidance.toml that must cite: every
    statement but painlog's own notes, every link, list and summary."""
    items: list[tuple[str, Any]] = [
        (where, st.get("sources")) for where, st in all_statements() if "own" not in st
    ]
    items.append(("overview summary", GUIDE["overview"].get("summary_sources")))
    for topic in GUIDE["topic"]:
        items.append((f"topic {topic['key']} summary", topic.get("summary_sources")))
    for link in GUIDE["link"]:
        items.append((f"link {link['from']}->{link['to']}", link.get("sources")))
    for remedy_list in GUIDE["remedy_list"]:
        items.append((f"remedy_list {remedy_list['key']}", remedy_list.get("sources")))
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


def test_every_statement_has_an_aspect_text_and_part_or_is_painlogs_own_note() -> None:
    for where, st in all_statements():
        fields = {"text", "sources"} | ({"aspect"} if not where.startswith("tension") else set())
        assert st["text"].strip(), where
        if "own" in st:
            # painlog's own note: exactly own = true and no sources, nothing looser.
            assert st["own"] is True and st["sources"] == [], where
            assert set(st) == fields | {"own"}, where
            assert st.get("aspect", "clinician") == "clinician", where
            assert "clinician" in st["text"], where
        else:
            assert set(st) == fields | {"part"}, where
            assert st["part"].strip(), where
        if "aspect" in fields:
            assert st["aspect"] in ASPECTS, where


def test_painlogs_own_notes_are_few_and_never_the_only_word() -> None:
    own = [where for where, st in all_statements() if "own" in st]
    assert 0 < len(own) <= 12, own
    for topic in [GUIDE["overview"], *GUIDE["topic"], *GUIDE["tension"]]:
        assert any("own" not in st for st in topic["statement"]), topic.get("key")


def test_the_neuropathic_medicines_clinician_pointer_is_painlogs_not_the_articles() -> None:
    """The reviewer's example: no article says "discuss with a clinician" here."""
    for key in ("neuropathic", "anti-seizure-medication", "antidepressant", "lhermitte", "stress"):
        topic = next(t for t in GUIDE["topic"] if t["key"] == key)
        for st in topic["statement"]:
            if "discuss" in st["text"] or "question for your clinician" in st["text"]:
                assert st.get("own") is True and st["sources"] == [], (key, st["text"])


def test_no_text_calls_an_article_by_its_file_number() -> None:
    """People see the ids ms-back-pain and keeping-control, never 000 or 002."""
    found = [
        (where, text)
        for name, data in (("guidance.toml", GUIDE), ("vocabulary.toml", VOCAB))
        for where, text in strings(data)
        if re.search(r"\barticles? 00\d|\b00[0-2]\b", text)
    ]
    assert found == []


def test_summaries_cite_only_what_their_statements_cite() -> None:
    for topic in [GUIDE["overview"], *GUIDE["topic"]]:
        cited = {s for st in topic["statement"] for s in st["sources"]}
        assert topic["summary_sources"], topic.get("key")
        assert set(topic["summary_sources"]) <= cited, topic.get("key")
    heat = next(t for t in GUIDE["topic"] if t["key"] == "heat")
    assert heat["summary_sources"] == ["ms-back-pain"]  # the pool caution does not make it two


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
    cited = {s for st in heat["statement"] for s in st["sources"]}
    assert cited == {"ms-back-pain", "keeping-control"}  # each side in its own article


def test_the_only_tension_is_heat() -> None:
    """Sudden movements vs exercise was painlog's inference, not a pull in the articles."""
    assert [t["key"] for t in GUIDE["tension"]] == ["heat"]
    texts = " ".join(text for _, text in strings(GUIDE))
    assert "tension note on movement" not in texts


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
        ("pain_type", "muscle stiffness", "spasticity"),
        ("trigger", "hot weather", "heat"),
        ("trigger", "bending neck", "neck-flexion"),
        ("trigger", "cane misuse", "mobility-aid-misuse"),
        ("remedy", "using a cane correctly", "mobility-aid-use"),
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


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # A bare device is not a judgement about how it was used.
        *(("trigger", d) for d in ("cane", "walker", "walking stick", "crutches", "mobility aid")),
        *(("remedy", d) for d in ("cane", "walker", "walking stick", "crutches", "mobility aid")),
        ("trigger", "posture"),  # not "poor posture"
        ("trigger", "balance"),  # not "balance problems"
        ("trigger", "gait"),  # not "uneven or unnatural walking"
        ("remedy", "pool"),  # a swim is not water therapy in a heated pool
        ("remedy", "anti-inflammatory"),  # could be on prescription
        ("pain_type", "cramp"),  # spasticity can cause cramps; a cramp is not spasticity
        ("pain_type", "electric shock"),  # a quality, not a diagnosis of Lhermitte's sign
        ("pain_type", "bone loss"),  # not the same as osteoporosis
    ],
)
def test_no_alias_says_more_than_the_person_did(kind: str, text: str) -> None:
    assert Vocabulary(builtin_terms()).find(kind, text) is None


def test_misuse_aliases_all_say_misuse() -> None:
    misuse = next(t for t in VOCAB["trigger"] if t["key"] == "mobility-aid-misuse")
    for alias in misuse["aliases"]:
        assert re.search(r"misuse|wrong|incorrect", alias), alias
    use = next(t for t in VOCAB["remedy"] if t["key"] == "mobility-aid-use")
    for alias in use["aliases"]:
        assert re.search(r"correct", alias), alias


# ---------------------------------------------------- the loader refuses damage


def _broken_copy(tmp_path: Path, old: str, new: str, file: str = "guidance.toml") -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(REF, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


_OWN_NOTE = (
    'own = true\n  text = "Whether any of these medicines suit you is a question for your '
    'clinician."\n  '
)
_COLD = 'summary = "Very cold temperatures; listed as making spasticity worse"\n'


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
        # painlog's own note: exactly own = true with no sources, nothing looser.
        ("own = true\n", "own = false\n", "own must be true"),
        (
            'own = true\n  text = "Whether any of these medicines suit',
            'own = "yes"\n  text = "Whether any of these medicines suit',
            "own must be true",
        ),
        (_OWN_NOTE + "sources = []", _OWN_NOTE + 'sources = ["ms-back-pain"]', "but cites sources"),
        (_OWN_NOTE + "sources = []", _OWN_NOTE + 'sources = []\n  part = "x"', "field 'part'"),
        (
            'aspect = "clinician"\n  own = true\n  text = "Whether any of these medicines suit you',
            'aspect = "helps"\n  own = true\n  text = "Whether any of these medicines suit you',
            "its aspect must be 'clinician'",
        ),
        (
            'text = "Whether any of these medicines suit you is a question for your clinician."',
            'text = "These medicines calm overactive nerves."',
            "it must point to a clinician",
        ),
        (
            _COLD + 'summary_sources = ["ms-back-pain"]',
            _COLD + 'summary_sources = ["ms-back-pain", "keeping-control"]',
            "summary cites 'keeping-control', which no statement cites",
        ),
        ('summary_sources = ["ms-back-pain"]', "summary_sources = []", "summary: cites no source"),
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
    assert SHINGLE == 5
    article = "The quick brown fox jumps over the lazy dog near the river bank."
    fingerprints = set(shingle_hashes(article))
    assert overlaps("He wrote: the brown fox jumps over the lazy dog, again.", fingerprints) == [
        "brown fox jumps over the",
        "fox jumps over the lazy",
        "jumps over the lazy dog",
    ]
    assert overlaps("A brown fox jumped over a lazy dog.", fingerprints) == []
    # Case, apostrophes and punctuation do not hide a copied run.
    assert overlaps("THE QUICK, BROWN FOX - JUMPS!", fingerprints)


def test_a_proper_name_is_not_a_copied_run_but_the_words_around_it_are() -> None:
    article = "However, according to the National Multiple Sclerosis Society, the drugs are new."
    fingerprints = set(shingle_hashes(article))
    assert overlaps("Per the National Multiple Sclerosis Society.", fingerprints) == []
    assert overlaps("Say, according to the National Multiple", fingerprints) == [
        "according to the national multiple"
    ]
    assert overlaps("however according to the people", fingerprints) == []
    assert overlaps("so however according to the national", fingerprints) == [
        "however according to the national"
    ]


def test_the_similarity_measure_catches_a_synonym_swap() -> None:
    sentences = article_sentences("Disks in the spine cushion the vertebrae. Dogs bark.")
    ratio, _, _ = most_similar("Disks in the spine act as cushions for the vertebrae.", sentences)
    assert ratio >= SIMILARITY_CEILING
    ratio, _, _ = most_similar(
        "Between the vertebrae sit cushioning disks, one below the other.", sentences
    )
    assert ratio < SIMILARITY_CEILING


def _reference_strings() -> list[tuple[str, str]]:
    found = []
    for name, data in (
        ("sources.toml", SOURCES),
        ("vocabulary.toml", VOCAB),
        ("guidance.toml", GUIDE),
    ):
        for where, text in strings(data):
            found.append((f"{name}:{where}", text))
    for doc in (REF / "README.md", REPO / "README.md"):
        found.append((str(doc.relative_to(REPO)), doc.read_text(encoding="utf-8")))
    return found


def test_no_text_shares_five_words_in_a_row_with_an_article() -> None:
    _, fingerprints = load_fingerprints()
    items = _reference_strings()
    assert len(items) > 1500
    copied = {where: runs for where, text in items if (runs := overlaps(text, fingerprints))}
    assert copied == {}


def _articles_folder() -> Path | None:
    """The articles, if this checkout has them at hand: $PAINLOG_ARTICLES, or a
    shared/articles folder beside the checkout or beside the folder holding it
    (a git worktree)."""
    for candidate in (
        os.environ.get("PAINLOG_ARTICLES"),
        REPO.parent / "shared" / "articles",
        REPO.parent.parent / "shared" / "articles",
    ):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def _guidance_texts() -> list[tuple[str, str]]:
    """Every text of guidance.toml that a person reads as painlog's paraphrase."""
    items = [(where, st["text"]) for where, st in all_statements()]
    items.append(("overview summary", GUIDE["overview"]["summary"]))
    items += [(f"topic {t['key']} summary", t["summary"]) for t in GUIDE["topic"]]
    items += [(f"tension {t['key']} summary", t["summary"]) for t in GUIDE["tension"]]
    items += [
        (f"link {link['from']} -> {link['to']} note", link["note"])
        for link in GUIDE["link"]
        if "note" in link
    ]
    items += [(f"remedy_list {rl['key']}", rl["title"]) for rl in GUIDE["remedy_list"]]
    return items


def test_no_text_follows_an_article_sentence_too_closely() -> None:
    """No run of five shared words is not enough: a sentence can follow an
    article clause by clause with a synonym swapped in every few words. This
    compares each text, and each of its sentences, with every article sentence
    (difflib's ratio on word lists) and needs the articles themselves; on a
    clean clone without them it is skipped, and the five-word rule still runs."""
    folder = _articles_folder()
    if folder is None:
        pytest.skip(
            "the articles are not at hand (set PAINLOG_ARTICLES to compare every text with "
            "every article sentence); the five-word rule still ran on the fingerprints"
        )
    sentences = [
        pair
        for s in SOURCES["source"]
        for pair in article_sentences((folder / s["file"]).read_text(encoding="utf-8"))
    ]
    too_close = {}
    for where, text in _guidance_texts():
        ratio, unit, sentence = most_similar(text, sentences)
        if ratio >= SIMILARITY_CEILING:
            too_close[where] = f"{ratio:.2f}: {unit!r} ~ {sentence!r}"
    assert too_close == {}


def test_the_fingerprints_match_the_articles_when_they_are_at_hand() -> None:
    folder = _articles_folder()
    if folder is None:
        pytest.skip(
            "the articles are not beside this checkout (set PAINLOG_ARTICLES to check the "
            "fingerprint file against them); the words rule itself still ran on the fingerprints"
        )
    articles = [folder / s["file"] for s in SOURCES["source"]]
    assert FINGERPRINTS.read_text(encoding="utf-8") == fingerprint_text(articles)
