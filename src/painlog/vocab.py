"""The words the diary understands: built-in terms from ``reference/`` plus the person's own.

Names match case-insensitively by key, label or alias, ignoring hyphens,
underscores, apostrophes and extra spaces ("Tight clothing", "tight-clothing"
and "tight_clothing" are the same), or by a unique prefix ("spast", "low
back"): a prefix that fits one term only cannot be misread, so it is taken
everywhere, in scripts too. An unknown name is refused with the closest
matches; nothing is ever created silently.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from painlog.errors import BadInput, PainlogError, UnknownTerm
from painlog.resources import reference_dir

KIND_LABELS = {
    "pain_type": "pain type",
    "trigger": "trigger",
    "remedy": "remedy",
    "location": "location",
    "quality": "quality",
}
KIND_PLURALS = {
    "pain_type": "pain types",
    "trigger": "triggers",
    "remedy": "remedies",
    "location": "locations",
    "quality": "qualities",
}
REMEDY_KINDS = {
    "otc-medicine": "over-the-counter medicine",
    "prescription-medicine": "prescription medicine",
    "therapy": "therapy",
    "self-care": "self-care",
    "device": "device",
}


@dataclass(frozen=True)
class Term:
    kind: str
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    remedy_kind: str | None = None
    own: bool = False  # added by the person, not from the reference articles


def normalize(name: str) -> str:
    # NFKC: full-width letters and decomposed accents (as some terminals send) match too.
    text = (
        unicodedata.normalize("NFKC", name).strip().lower().replace("\u2019", "'").replace("'", "")
    )
    text = re.sub(r"[-_/]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def slugify(name: str) -> str:
    return normalize(name).replace(" ", "-")


def parse_kind(text: str) -> str:
    """'trigger', 'triggers', 'pain-type', 'Pain types' ... to a kind name."""
    wanted = normalize(text)
    for kind in KIND_LABELS:
        if wanted in (normalize(kind), normalize(KIND_PLURALS[kind])):
            return kind
    if wanted in ("type", "types"):
        return "pain_type"
    choices = ", ".join(k.replace("_", "-") for k in KIND_LABELS)
    raise BadInput(f'"{text}" is not a kind of term; use one of: {choices}.')


VOCABULARY_SOURCE = "vocabulary.toml"
# vocabulary.toml, parsed and shipped beside it (``make reference`` writes it):
# every ``painlog log`` needs the vocabulary, and reading JSON costs a fraction
# of parsing TOML. A test holds the two equal.
VOCABULARY_DATA = "vocabulary.json"


def vocabulary_data_text(folder: Path) -> str:
    """What VOCABULARY_DATA holds for the vocabulary.toml in ``folder``."""
    import tomllib

    with (folder / VOCABULARY_SOURCE).open("rb") as handle:
        data = tomllib.load(handle)
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_vocabulary_data(folder: Path | None = None) -> Path:
    folder = folder or reference_dir()
    path = folder / VOCABULARY_DATA
    path.write_text(vocabulary_data_text(folder), encoding="utf-8")
    return path


def _reference_data() -> dict[str, Any]:
    path = reference_dir() / VOCABULARY_DATA
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        raise PainlogError(
            f"painlog's reference file {VOCABULARY_DATA} is missing or damaged; reinstall painlog."
        ) from None
    if not isinstance(data, dict):
        raise PainlogError(f"painlog's reference file {VOCABULARY_DATA} is damaged.")
    return data


@cache
def builtin_terms() -> tuple[Term, ...]:
    data = _reference_data()
    terms: list[Term] = []
    for kind in KIND_LABELS:
        for raw in data.get(kind, []):
            terms.append(
                Term(
                    kind=kind,
                    key=raw["key"],
                    label=raw["label"],
                    aliases=tuple(raw.get("aliases", ())),
                    sources=tuple(raw.get("sources", ())),
                    remedy_kind=raw.get("kind"),
                )
            )
    return tuple(terms)


# Names the person, asked at the terminal, said mean a term ("spsticity": yes,
# spasticity): for the rest of this run only.
_ANSWERS: dict[tuple[str, str], Term] = {}


def remember_answer(kind: str, name: str, term: Term) -> None:
    _ANSWERS[(kind, normalize(name))] = term


def forget_answers() -> None:
    _ANSWERS.clear()


# The entry field each kind of term is given for, unless the caller says otherwise.
TERM_FIELDS = {
    "pain_type": "pain_type",
    "location": "locations",
    "quality": "qualities",
    "trigger": "triggers",
    "remedy": "remedies",
}


class Vocabulary:
    """All terms of every kind, with forgiving lookup."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self._by_kind: dict[str, list[Term]] = {kind: [] for kind in KIND_LABELS}
        self._by_key: dict[tuple[str, str], Term] = {}
        self._by_name: dict[tuple[str, str], Term] = {}
        for term in terms:
            self._by_kind[term.kind].append(term)
            self._by_key[(term.kind, term.key)] = term
        # Keys and labels win over aliases when a name could mean two terms.
        for term in self.all_terms():
            for alias in term.aliases:
                self._by_name.setdefault((term.kind, normalize(alias)), term)
        for term in self.all_terms():
            self._by_name[(term.kind, normalize(term.label))] = term
        for term in self.all_terms():
            self._by_name[(term.kind, normalize(term.key))] = term

    def add(self, term: Term) -> None:
        """One more term, with the same precedence as building anew: linear for many terms.

        The caller has checked (``check_new_term``) that none of its names is taken.
        """
        self._by_kind[term.kind].append(term)
        self._by_key[(term.kind, term.key)] = term
        for alias in term.aliases:
            self._by_name.setdefault((term.kind, normalize(alias)), term)
        self._by_name[(term.kind, normalize(term.label))] = term
        self._by_name[(term.kind, normalize(term.key))] = term

    def all_terms(self) -> list[Term]:
        return [term for terms in self._by_kind.values() for term in terms]

    def terms(self, kind: str) -> list[Term]:
        return list(self._by_kind[kind])

    def get(self, kind: str, key: str) -> Term | None:
        return self._by_key.get((kind, key))

    def label(self, kind: str, key: str) -> str:
        term = self.get(kind, key)
        return term.label if term else key

    def find(self, kind: str, name: str) -> Term | None:
        """The term with this key, label or alias (exactly: imports and checks use it)."""
        return self._by_name.get((kind, normalize(name)))

    def lookup(self, kind: str, name: str) -> Term | None:
        """The term a name a person typed means: exactly, as answered at the
        terminal, or by a unique prefix."""
        wanted = normalize(name)
        term = self._by_name.get((kind, wanted)) or _ANSWERS.get((kind, wanted))
        if term is None:
            starting = self.starting_with(kind, wanted)
            term = starting[0] if len(starting) == 1 else None
        return term

    def starting_with(self, kind: str, wanted: str) -> list[Term]:
        """The terms with a name that ``wanted`` (normalized) begins, word by word:
        "spast" is spasticity, "low back" lower back. At least three letters are
        needed, so that a stray letter or two never stands for a term."""
        words = wanted.split()
        if len(wanted.replace(" ", "")) < 3:
            return []
        found: dict[str, Term] = {}
        for (k, name), term in self._by_name.items():
            if k != kind or term.key in found:
                continue
            parts = name.split()
            if len(parts) >= len(words) and all(
                part.startswith(word) for part, word in zip(parts, words, strict=False)
            ):
                found[term.key] = term
        return list(found.values())

    def resolve(self, kind: str, name: str, *, field: str | None = None) -> Term:
        """The term ``name`` (as typed) means; ``field`` is the field it was given for."""
        term = self.lookup(kind, name)
        if term is not None:
            return term
        suggestions = self.suggest(kind, name)
        what = KIND_LABELS[kind]
        options = (
            ", ".join(suggestions[:-1]) + " or " + suggestions[-1]
            if len(suggestions) > 1
            else "".join(suggestions)
        )
        if len(self.starting_with(kind, normalize(name))) > 1:
            message = f'"{name}" could be more than one {what} ({options}); type more of the name.'
        else:
            hint = f" (did you mean {options}?)" if suggestions else ""
            message = f'Unknown {what} "{name}"{hint}; it is neither built in nor one of your own.'
        raise UnknownTerm(
            message,
            suggestions=tuple(suggestions),
            field=field or TERM_FIELDS[kind],
            kind=kind,
            name=name,
        )

    def resolve_all(
        self, kind: str, names: Iterable[str], *, field: str | None = None
    ) -> list[str]:
        """Keys for ``names``, in order, without repeats."""
        keys: list[str] = []
        for name in names:
            key = self.resolve(kind, name, field=field).key
            if key not in keys:
                keys.append(key)
        return keys

    def suggest(self, kind: str, name: str, limit: int = 3) -> list[str]:
        import difflib  # only when a name is not found

        wanted = normalize(name)
        names = {n: term for (k, n), term in self._by_name.items() if k == kind}
        # A prefix that could mean several terms: those first.
        found: list[str] = [term.key for term in self.starting_with(kind, wanted)]
        close = difflib.get_close_matches(wanted, list(names), n=limit * 2, cutoff=0.6)
        partial = [
            n for n in names if len(n) >= 4 and len(wanted) >= 3 and (wanted in n or n in wanted)
        ]
        for candidate in close + partial:
            key = names[candidate].key
            if key not in found:
                found.append(key)
        return found[:limit]
