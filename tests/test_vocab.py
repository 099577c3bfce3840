"""The vocabulary: built-in terms from reference/, the person's own, forgiving matching."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from painlog import vocab
from painlog.errors import BadInput, UnknownTerm
from painlog.services.vocabulary import add_term, load_vocabulary
from painlog.vocab import Vocabulary, builtin_terms, normalize, parse_kind
from tests.conftest import CliRun

REQUIRED = {
    "pain_type": "spasticity neuropathic lhermitte posture-gait herniated-disk sciatica arthritis "
    "osteoporosis muscle-strain other",
    "trigger": "heat cold humidity tight-clothing position-change sudden-movement infection "
    "neck-flexion stress poor-posture mobility-aid-misuse",
    "remedy": "ibuprofen naproxen baclofen tizanidine anti-seizure-medication antidepressant "
    "carbamazepine oxcarbazepine gabapentin neck-brace electrical-stimulation physical-therapy "
    "occupational-therapy gait-training stretching yoga water-therapy heat-therapy massage "
    "acupuncture cbt meditation",
    "location": "neck upper-back mid-back lower-back buttocks hip leg arm",
}


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_required_keys_exist(kind: str) -> None:
    keys = {t.key for t in builtin_terms() if t.kind == kind}
    assert set(REQUIRED[kind].split()) <= keys


def test_every_term_is_complete() -> None:
    sources = {"ms-back-pain", "keeping-control"}
    for term in builtin_terms():
        assert term.key == vocab.slugify(term.key), term
        assert term.label
        assert set(term.sources) <= sources, term
        if term.kind == "remedy":
            assert term.remedy_kind in vocab.REMEDY_KINDS, term
        else:
            assert term.remedy_kind is None, term


def test_names_are_unambiguous_within_a_kind() -> None:
    seen: dict[tuple[str, str], str] = {}
    for term in builtin_terms():
        for name in {term.key, term.label, *term.aliases}:
            owner = seen.setdefault((term.kind, normalize(name)), term.key)
            assert owner == term.key, f"{name!r} means both {owner} and {term.key}"


@pytest.mark.parametrize(
    ("kind", "name", "key"),
    [
        ("trigger", "tight clothing", "tight-clothing"),
        ("trigger", "Tight_Clothing", "tight-clothing"),
        ("trigger", "TIGHT-CLOTHING", "tight-clothing"),
        ("trigger", "hot weather", "heat"),
        ("pain_type", "Lhermitte's sign", "lhermitte"),
        ("pain_type", "lhermitte\u2019s sign", "lhermitte"),
        ("pain_type", "neck shock", "lhermitte"),
        ("pain_type", "nerve pain", "neuropathic"),
        ("pain_type", "slipped disk", "herniated-disk"),
        ("remedy", "PT", "physical-therapy"),
        ("remedy", "cognitive behavioral therapy", "cbt"),
        ("location", "lower back", "lower-back"),
    ],
)
def test_forgiving_matching(kind: str, name: str, key: str) -> None:
    assert Vocabulary(builtin_terms()).resolve(kind, name).key == key


def test_unknown_names_are_refused_with_suggestions() -> None:
    vocabulary = Vocabulary(builtin_terms())
    with pytest.raises(UnknownTerm) as caught:
        vocabulary.resolve("trigger", "tight clothes please")
    assert "tight-clothing" in caught.value.suggestions
    with pytest.raises(UnknownTerm, match=r'Unknown remedy "baclofem" \(did you mean baclofen'):
        vocabulary.resolve("remedy", "baclofem")
    with pytest.raises(UnknownTerm) as nothing_close:
        vocabulary.resolve("location", "qqqq")
    assert nothing_close.value.suggestions == ()
    assert nothing_close.value.field == "locations"
    assert "painlog" not in nothing_close.value.message  # the CLI adds its own hint


def test_the_cli_names_the_option_and_how_to_add_a_term(cli: CliRun) -> None:
    result = cli("log", "--pain", "3", "--where", "qqqq")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'painlog: --where: Unknown location "qqqq"; it is neither built in nor one of your '
        'own; painlog vocab location lists the known ones and painlog vocab add location "qqqq" '
        "adds your own."
    )
    day = cli("day", "--avg", "3", "--exposure", "moonlight")
    assert day.exit_code == 2 and day.stderr.startswith("painlog: --exposure: Unknown trigger")


def test_own_terms(session: Session) -> None:
    term = add_term(session=session, kind="trigger", name="Cold  shower", aliases=["cold water"])
    assert (term.key, term.label, term.own) == ("cold-shower", "Cold shower", True)
    vocabulary = load_vocabulary(session=session)
    assert vocabulary.resolve("trigger", "COLD WATER").key == "cold-shower"
    with pytest.raises(BadInput, match="already a trigger"):
        add_term(session=session, kind="trigger", name="cold shower")
    with pytest.raises(BadInput, match="already a trigger"):
        add_term(session=session, kind="trigger", name="hot weather")
    with pytest.raises(BadInput, match="kind of remedy"):
        add_term(session=session, kind="remedy", name="cold pack")
    with pytest.raises(BadInput, match="not a kind of remedy"):
        add_term(session=session, kind="remedy", name="cold pack", remedy_kind="magic")
    pack = add_term(session=session, kind="remedy", name="cold pack", remedy_kind="self-care")
    assert load_vocabulary(session=session).get("remedy", pack.key) is not None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("trigger", "trigger"),
        ("Triggers", "trigger"),
        ("pain-type", "pain_type"),
        ("types", "pain_type"),
        ("remedies", "remedy"),
        ("quality", "quality"),
    ],
)
def test_kinds(text: str, kind: str) -> None:
    assert parse_kind(text) == kind


def test_unknown_kind() -> None:
    with pytest.raises(BadInput, match="not a kind of term"):
        parse_kind("feelings")


def test_vocab_commands(cli: CliRun) -> None:
    listing = cli("vocab", "trigger")
    assert listing.exit_code == 0
    assert listing.stdout.startswith("Triggers (")
    assert "tight-clothing" in listing.stdout
    assert "Remedies" in cli("vocab").stdout
    added = cli("vocab", "add", "trigger", "cold shower", "--alias", "cold water")
    assert added.exit_code == 0, added.output
    assert "your own term" in cli("vocab", "list", "trigger").stdout
    logged = cli("log", "--pain", "4", "--where", "leg", "--trigger", "cold water")
    assert logged.exit_code == 0, logged.output
    assert "cold shower" in logged.stdout.lower()


def test_the_shipped_vocabulary_data_matches_the_toml() -> None:
    """reference/vocabulary.json is vocabulary.toml parsed; make reference rebuilds it."""
    folder = vocab.reference_dir()
    shipped = (folder / vocab.VOCABULARY_DATA).read_text(encoding="utf-8")
    assert shipped == vocab.vocabulary_data_text(folder), "run make reference"


def test_an_edit_to_the_toml_is_noticed(tmp_path: Path) -> None:
    (tmp_path / "vocabulary.toml").write_text('[[trigger]]\nkey = "heat"\nlabel = "Heat"\n')
    vocab.write_vocabulary_data(tmp_path)
    before = (tmp_path / vocab.VOCABULARY_DATA).read_text(encoding="utf-8")
    (tmp_path / "vocabulary.toml").write_text('[[trigger]]\nkey = "heat"\nlabel = "Hot"\n')
    assert vocab.vocabulary_data_text(tmp_path) != before


def test_the_vocabulary_leaves_nothing_in_the_cache_folder(cli: CliRun, tmp_path: Path) -> None:
    assert cli("log", "--pain", "3", "--where", "neck", "--quiet").exit_code == 0
    cache = tmp_path / "xdg_cache_home"
    kept = [p.name for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    assert not [name for name in kept if "vocabulary" in name or name.endswith(".marshal")]


def test_full_width_and_decomposed_names_match(session: Session) -> None:
    assert Vocabulary(builtin_terms()).resolve("trigger", "\uff48\uff45\uff41\uff54").key == "heat"
    add_term(session=session, kind="trigger", name="cr\u00e8me br\u00fbl\u00e9e")  # composed
    decomposed = "cre\u0300me bru\u0302le\u0301e"
    assert (
        load_vocabulary(session=session).resolve("trigger", decomposed).label
        == "cr\u00e8me br\u00fbl\u00e9e"
    )


@pytest.mark.parametrize(
    ("kind", "name", "remedy_kind"),
    [
        ("trigger", "hot, humid day", None),
        ("remedy", "TENS: low", "device"),
        ("remedy", "vitamin D@night", "self-care"),
    ],
)
def test_own_names_that_could_not_be_typed_back_are_refused(
    session: Session, kind: str, name: str, remedy_kind: str | None
) -> None:
    with pytest.raises(BadInput, match="separator"):
        add_term(session=session, kind=kind, name=name, remedy_kind=remedy_kind)
