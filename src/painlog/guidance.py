"""What the two reference articles say, loaded from ``reference/`` and checked.

``guidance.toml`` and ``sources.toml`` are read with the standard library into
frozen dataclasses; anything that breaks the schema in ``reference/README.md``
is refused with one message rather than shown half-right. A statement either
cites the article(s) that say it (``sources`` and ``part``) or is painlog's own
note (``own = true``, ``sources = []``, no ``part``): a pointer to a clinician
that no article is made to vouch for. Parsing the whole
file costs about 10 ms, so ``painlog log`` never does it: its short block
reads ``guidance-brief.json``, a small index that ``write_brief_index()``
derives from this data (a test keeps the two in step).

Run ``python -m painlog.guidance`` after editing ``guidance.toml`` to rebuild
the index.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from painlog.errors import PainlogError
from painlog.resources import reference_dir
from painlog.vocab import Term, builtin_terms

TOPIC_KINDS = ("pain_type", "trigger", "remedy")
# The order statements are shown in, with the heading each aspect gets.
ASPECTS = (
    "what",
    "description",
    "figure",
    "aggravated-by",
    "aggravates",
    "helps",
    "caution",
    "clinician",
)
# relation -> (kind of ``from``, kind of ``to``)
RELATIONS = {"aggravates": ("trigger", "pain_type"), "listed-for": ("remedy", "pain_type")}
SUMMARY_MAX = 90
# painlog's own notes are only ever this: a pointer to discuss something with a clinician.
OWN_ASPECT = "clinician"
OWN_MUST_SAY = "clinician"
BRIEF_INDEX = "guidance-brief.json"
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ReferenceDataError(PainlogError):
    """The reference files shipped with painlog are damaged or inconsistent."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    file: str
    covers: str


@dataclass(frozen=True)
class Statement:
    """One thing an article says, in painlog's words, with where it says it.

    Or, when ``own`` is true, painlog's own note (a pointer to a clinician):
    then ``sources`` is empty and ``part`` is None, and it is shown as painlog's.
    """

    text: str
    sources: tuple[str, ...]
    part: str | None
    aspect: str | None = None  # None for tension statements
    own: bool = False


def _cited(statements: Iterable[Statement]) -> tuple[str, ...]:
    return _union(s.sources for s in statements if not s.own)


@dataclass(frozen=True)
class Topic:
    kind: str
    key: str
    summary: str
    summary_sources: tuple[str, ...]  # the articles the summary line itself rests on
    statements: tuple[Statement, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the topic's statements cite, first cited first."""
        return _cited(self.statements)


@dataclass(frozen=True)
class Link:
    """An article ties a trigger (aggravates) or a remedy (listed-for) to a pain type."""

    from_key: str
    to_key: str
    relation: str
    sources: tuple[str, ...]
    part: str
    note: str | None = None


@dataclass(frozen=True)
class RemedyList:
    """Treatments an article gives for back pain in MS in general."""

    key: str
    title: str
    remedies: tuple[str, ...]
    sources: tuple[str, ...]
    part: str


@dataclass(frozen=True)
class Tension:
    """Where the articles pull two ways; shown with both sides, not resolved."""

    key: str
    summary: str
    triggers: tuple[str, ...]
    remedies: tuple[str, ...]
    pain_types: tuple[str, ...]
    statements: tuple[Statement, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return _cited(self.statements)

    def names(self, kind: str, key: str) -> bool:
        keys = {"trigger": self.triggers, "remedy": self.remedies, "pain_type": self.pain_types}
        return key in keys.get(kind, ())


@dataclass(frozen=True)
class Overview:
    summary: str
    summary_sources: tuple[str, ...]
    statements: tuple[Statement, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return _cited(self.statements)


@dataclass(frozen=True)
class Guidance:
    sources: tuple[Source, ...]
    overview: Overview
    topics: tuple[Topic, ...]
    links: tuple[Link, ...]
    remedy_lists: tuple[RemedyList, ...]
    tensions: tuple[Tension, ...]
    _by_key: dict[tuple[str, str], Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {(t.kind, t.key): t for t in self.topics})

    def topic(self, kind: str, key: str) -> Topic | None:
        return self._by_key.get((kind, key))

    def topics_of(self, kind: str) -> list[Topic]:
        return [t for t in self.topics if t.kind == kind]

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def links_of(self, kind: str, key: str) -> list[Link]:
        """Links that start or end at this topic."""
        if kind == "pain_type":
            return [link for link in self.links if link.to_key == key]
        return [link for link in self.links if link.from_key == key]

    def listed_for(self, pain_type: str) -> list[Link]:
        return [
            link
            for link in self.links
            if link.relation == "listed-for" and link.to_key == pain_type
        ]

    def tensions_of(self, kind: str, key: str) -> list[Tension]:
        return [t for t in self.tensions if t.names(kind, key)]


def _union(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for group in groups for s in group))


# ------------------------------------------------------------------ reading


class _Reader:
    """Turns parsed TOML into dataclasses, collecting every problem it meets."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[str] = []

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{self.file}: {where}: {what}")

    def table(
        self, raw: Any, where: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, Any]:
        """``raw`` as a dict, after checking its field names."""
        if not isinstance(raw, dict):
            self.problem(where, "is not a table")
            return {}
        required = tuple(required)
        allowed = set(required) | set(optional)
        for name in required:
            if name not in raw:
                self.problem(where, f"has no {name}")
        for name in sorted(set(raw) - allowed):
            self.problem(where, f"has an unknown field {name!r}")
        return raw

    def text(self, raw: Mapping[str, Any], name: str, where: str, *, limit: int = 0) -> str:
        value = raw.get(name, "")
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"{name} must be non-empty text")
            return ""
        if limit and len(value) > limit:
            self.problem(where, f"{name} is {len(value)} characters; at most {limit}")
        return value

    def keys(self, raw: Mapping[str, Any], name: str, where: str) -> tuple[str, ...]:
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(where, f"{name} must be a list of text")
            return ()
        if len(set(value)) != len(value):
            self.problem(where, f"{name} has a repeat")
        return tuple(value)

    def statements(
        self, raw: Mapping[str, Any], where: str, *, with_aspect: bool
    ) -> tuple[Statement, ...]:
        items = raw.get("statement", [])
        if not isinstance(items, list) or not items:
            self.problem(where, "has no statements")
            return ()
        out = []
        for i, item in enumerate(items):
            at = f"{where} statement {i + 1}"
            own = isinstance(item, dict) and "own" in item
            # A cited statement has a part; painlog's own note has ``own = true`` instead.
            fields = ("text", "sources", "own") if own else ("text", "sources", "part")
            st = self.table(item, at, (*fields, "aspect") if with_aspect else fields)
            aspect = None
            if with_aspect:
                aspect = st.get("aspect")
                if aspect not in ASPECTS:
                    self.problem(at, f"aspect {aspect!r} is not one of {', '.join(ASPECTS)}")
            text = self.text(st, "text", at)
            sources = self.keys(st, "sources", at)
            if own:
                if st.get("own") is not True:
                    self.problem(at, "own must be true when given (leave it out otherwise)")
                if sources:
                    self.problem(at, "is painlog's own note (own = true) but cites sources")
                if with_aspect and aspect != OWN_ASPECT:
                    self.problem(at, f"is painlog's own note; its aspect must be {OWN_ASPECT!r}")
                if OWN_MUST_SAY not in text:
                    self.problem(at, f"is painlog's own note; it must point to a {OWN_MUST_SAY}")
            out.append(
                Statement(
                    text=text,
                    sources=sources,
                    part=None if own else self.text(st, "part", at),
                    aspect=aspect if isinstance(aspect, str) else None,
                    own=own,
                )
            )
        return tuple(out)


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ReferenceDataError(
            f"painlog's reference file {path.name} cannot be read ({exc.strerror}); "
            "reinstall painlog."
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(
            f"painlog's reference file {path.name} is damaged ({exc}); reinstall painlog."
        ) from exc


def read_sources(data: Mapping[str, Any], reader: _Reader) -> tuple[Source, ...]:
    sources = []
    for i, raw in enumerate(data.get("source", [])):
        where = f"source {i + 1}"
        t = reader.table(raw, where, ("id", "title", "file", "covers"))
        sources.append(
            Source(
                id=reader.text(t, "id", where),
                title=reader.text(t, "title", where),
                file=reader.text(t, "file", where),
                covers=reader.text(t, "covers", where),
            )
        )
    if not sources:
        reader.problem("sources", "none defined")
    return tuple(sources)


def read_guidance(
    data: Mapping[str, Any], sources: tuple[Source, ...], reader: _Reader
) -> Guidance:
    reader.table(data, "top level", (), ("overview", "topic", "link", "remedy_list", "tension"))
    ov = reader.table(data.get("overview"), "overview", ("summary", "summary_sources", "statement"))
    overview = Overview(
        summary=reader.text(ov, "summary", "overview", limit=SUMMARY_MAX),
        summary_sources=reader.keys(ov, "summary_sources", "overview"),
        statements=reader.statements(ov, "overview", with_aspect=True),
    )
    topics = []
    for i, raw in enumerate(data.get("topic", [])):
        topic_fields = ("key", "kind", "summary", "summary_sources", "statement")
        t = reader.table(raw, f"topic {i + 1}", topic_fields)
        where = f"topic {t.get('kind')}.{t.get('key')}"
        topics.append(
            Topic(
                kind=reader.text(t, "kind", where),
                key=reader.text(t, "key", where),
                summary=reader.text(t, "summary", where, limit=SUMMARY_MAX),
                summary_sources=reader.keys(t, "summary_sources", where),
                statements=reader.statements(t, where, with_aspect=True),
            )
        )
    links = []
    for i, raw in enumerate(data.get("link", [])):
        where = f"link {i + 1}"
        t = reader.table(raw, where, ("from", "to", "relation", "sources", "part"), ("note",))
        note = t.get("note")
        if note is not None and (not isinstance(note, str) or not note.strip()):
            reader.problem(where, "note must be non-empty text when given")
            note = None
        links.append(
            Link(
                from_key=reader.text(t, "from", where),
                to_key=reader.text(t, "to", where),
                relation=reader.text(t, "relation", where),
                sources=reader.keys(t, "sources", where),
                part=reader.text(t, "part", where),
                note=note,
            )
        )
    remedy_lists = []
    for i, raw in enumerate(data.get("remedy_list", [])):
        where = f"remedy_list {i + 1}"
        t = reader.table(raw, where, ("key", "title", "remedies", "sources", "part"))
        remedy_lists.append(
            RemedyList(
                key=reader.text(t, "key", where),
                title=reader.text(t, "title", where),
                remedies=reader.keys(t, "remedies", where),
                sources=reader.keys(t, "sources", where),
                part=reader.text(t, "part", where),
            )
        )
    tensions = []
    for i, raw in enumerate(data.get("tension", [])):
        where = f"tension {i + 1}"
        fields = ("key", "summary", "triggers", "remedies", "pain_types", "statement")
        t = reader.table(raw, where, fields)
        tensions.append(
            Tension(
                key=reader.text(t, "key", where),
                summary=reader.text(t, "summary", where, limit=SUMMARY_MAX),
                triggers=reader.keys(t, "triggers", where),
                remedies=reader.keys(t, "remedies", where),
                pain_types=reader.keys(t, "pain_types", where),
                statements=reader.statements(t, where, with_aspect=False),
            )
        )
    return Guidance(
        sources=sources,
        overview=overview,
        topics=tuple(topics),
        links=tuple(links),
        remedy_lists=tuple(remedy_lists),
        tensions=tuple(tensions),
    )


def check_guidance(guidance: Guidance, terms: Iterable[Term]) -> list[str]:
    """Cross-checks against the sources and the vocabulary; each problem as one line."""
    problems: list[str] = []
    known_sources = {s.id for s in guidance.sources}
    if len(known_sources) != len(guidance.sources):
        problems.append("sources.toml: two sources share an id")
    vocab_keys: dict[str, set[str]] = {kind: set() for kind in TOPIC_KINDS}
    for term in terms:
        if term.kind in vocab_keys and not term.own:
            vocab_keys[term.kind].add(term.key)

    def cites(where: str, sources: tuple[str, ...]) -> None:
        if not sources:
            problems.append(f"{where}: cites no source")
        for source_id in sources:
            if source_id not in known_sources:
                problems.append(f"{where}: cites unknown source {source_id!r}")

    def statements(where: str, items: tuple[Statement, ...]) -> None:
        for i, st in enumerate(items):
            if not st.own:  # the reader has checked that an own note cites nothing
                cites(f"{where} statement {i + 1}", st.sources)
        if items and all(st.own for st in items):
            problems.append(f"{where}: has only painlog's own notes; it needs a cited statement")

    def summary(where: str, summary_sources: tuple[str, ...], cited: tuple[str, ...]) -> None:
        """A summary rests on what its statements say: it cites only sources they cite."""
        cites(f"{where} summary", summary_sources)
        for source_id in summary_sources:
            if source_id in known_sources and source_id not in cited:
                problems.append(f"{where}: summary cites {source_id!r}, which no statement cites")

    statements("overview", guidance.overview.statements)
    summary("overview", guidance.overview.summary_sources, guidance.overview.sources)
    seen: dict[tuple[str, str], int] = {}
    topic_keys: dict[str, str] = {}
    for topic in guidance.topics:
        where = f"topic {topic.kind}.{topic.key}"
        if topic.kind not in TOPIC_KINDS:
            problems.append(f"{where}: kind must be one of {', '.join(TOPIC_KINDS)}")
            continue
        if not _KEY.match(topic.key):
            problems.append(f"{where}: key is not lowercase words joined by hyphens")
        if topic.key not in vocab_keys[topic.kind]:
            problems.append(f"{where}: no {topic.kind} with this key in vocabulary.toml")
        if topic_keys.setdefault(topic.key, topic.kind) != topic.kind:
            problems.append(f"{where}: key also names a {topic_keys[topic.key]} topic")
        seen[(topic.kind, topic.key)] = seen.get((topic.kind, topic.key), 0) + 1
        statements(where, topic.statements)
        summary(where, topic.summary_sources, topic.sources)
    for kind, keys in vocab_keys.items():
        for key in sorted(keys):
            count = seen.get((kind, key), 0)
            if count != 1:
                problems.append(f"vocabulary {kind}.{key}: has {count} topics; needs exactly 1")

    def exists(where: str, kind: str, key: str) -> None:
        if guidance.topic(kind, key) is None:
            problems.append(f"{where}: {key!r} is not a {kind} topic")

    pairs: set[tuple[str, str, str]] = set()
    for link in guidance.links:
        where = f"link {link.from_key} -> {link.to_key}"
        kinds = RELATIONS.get(link.relation)
        if kinds is None:
            problems.append(f"{where}: relation must be one of {', '.join(RELATIONS)}")
            continue
        exists(where, kinds[0], link.from_key)
        exists(where, kinds[1], link.to_key)
        cites(where, link.sources)
        pair = (link.from_key, link.to_key, link.relation)
        if pair in pairs:
            problems.append(f"{where}: given twice")
        pairs.add(pair)
    covered = {link.from_key for link in guidance.links if link.relation == "listed-for"}
    for remedy_list in guidance.remedy_lists:
        where = f"remedy_list {remedy_list.key}"
        if not remedy_list.remedies:
            problems.append(f"{where}: lists no remedies")
        for key in remedy_list.remedies:
            exists(where, "remedy", key)
        covered.update(remedy_list.remedies)
        cites(where, remedy_list.sources)
    for tension in guidance.tensions:
        where = f"tension {tension.key}"
        named = (
            ("trigger", tension.triggers),
            ("remedy", tension.remedies),
            ("pain_type", tension.pain_types),
        )
        for kind, names in named:
            for key in names:
                exists(where, kind, key)
        statements(where, tension.statements)
    for topic in guidance.topics_of("remedy"):
        if topic.key not in covered:
            problems.append(f"topic remedy.{topic.key}: in no link and no remedy_list")
    return problems


def load_guidance_from(folder: Path, terms: Iterable[Term] | None = None) -> Guidance:
    """Read and check the reference files in ``folder``; refuse them if anything is off."""
    sources_reader = _Reader("sources.toml")
    sources = read_sources(_load_toml(folder / "sources.toml"), sources_reader)
    reader = _Reader("guidance.toml")
    guidance = read_guidance(_load_toml(folder / "guidance.toml"), sources, reader)
    problems = sources_reader.problems + reader.problems
    if not problems:
        problems = check_guidance(guidance, builtin_terms() if terms is None else terms)
    if problems:
        shown = "; ".join(problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ReferenceDataError(
            f"painlog's reference data is inconsistent: {shown}{more}; reinstall painlog."
        )
    return guidance


@cache
def load_guidance() -> Guidance:
    """The shipped guidance, read once per process."""
    return load_guidance_from(reference_dir())


# ------------------------------------------------------------ the brief index


def brief_index(guidance: Guidance) -> dict[str, Any]:
    """What the block after ``painlog log`` needs, and nothing else.

    Every text here is copied from ``guidance.toml`` with its sources (a
    summary with its ``summary_sources``); nothing is written for the index alone.
    """
    return {
        "about": (
            "Generated from guidance.toml by python -m painlog.guidance; do not edit. "
            "Read by painlog log so it need not parse guidance.toml."
        ),
        "overview": {
            "summary": guidance.overview.summary,
            "sources": list(guidance.overview.summary_sources),
        },
        "topics": {
            kind: {
                t.key: {"summary": t.summary, "sources": list(t.summary_sources)}
                for t in guidance.topics_of(kind)
            }
            for kind in TOPIC_KINDS
        },
        "listed_for": {
            pain_type.key: [
                {
                    "remedy": link.from_key,
                    "note": link.note,
                    "sources": list(link.sources),
                }
                for link in guidance.listed_for(pain_type.key)
            ]
            for pain_type in guidance.topics_of("pain_type")
            if guidance.listed_for(pain_type.key)
        },
        "tensions": [
            {
                "key": t.key,
                "summary": t.summary,
                "triggers": list(t.triggers),
                "remedies": list(t.remedies),
                "sources": list(t.sources),
            }
            for t in guidance.tensions
        ],
    }


def brief_index_text(guidance: Guidance) -> str:
    return json.dumps(brief_index(guidance), indent=1, ensure_ascii=False) + "\n"


def write_brief_index(folder: Path | None = None) -> Path:
    folder = folder or reference_dir()
    path = folder / BRIEF_INDEX
    path.write_text(brief_index_text(load_guidance_from(folder)), encoding="utf-8")
    return path


if __name__ == "__main__":
    from painlog.vocab import write_vocabulary_data

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(f"wrote {write_vocabulary_data(target)}")  # first: the guidance checks its terms
    print(f"wrote {write_brief_index(target)}")
