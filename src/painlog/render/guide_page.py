"""Guidance as sections for the web page: the same statements, links, lists and
tensions as ``painlog guide`` prints (``render.guide``), each line with its citation.

A page is a list of ``Section``s; a section has headed groups of ``Line``s.
A line's ``cite`` is the article citation (``[ms-back-pain · part]``) or, for
painlog's own notes, the mark that says they are not from the articles. The
template only lays them out.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from painlog.guidance import Link, Source, Statement, Tension
from painlog.render.guide import (
    _clause,
    _count_text,
    _names,
    _own_or_missing,
    _tension_why,
    by_aspect,
    link_groups,
)
from painlog.render.guide_brief import DISCLAIMER, OWN_NOTE, cite
from painlog.render.journal import entry_summary
from painlog.services.guidance import EntryGuidance, TopicGuidance, TopicIndex
from painlog.vocab import KIND_LABELS, KIND_PLURALS, Vocabulary


@dataclass(frozen=True)
class Line:
    text: str
    cite: str = ""


@dataclass(frozen=True)
class Group:
    title: str
    lines: list[Line]


@dataclass
class Section:
    title: str
    summary: Line | None = None
    notes: list[str] = field(default_factory=list)  # plain sentences: yours, not the articles'
    groups: list[Group] = field(default_factory=list)
    link: str | None = None  # the topic's own page, when the section is about one


@dataclass(frozen=True)
class TopicLink:
    key: str
    label: str
    summary: Line


@dataclass(frozen=True)
class GuidePage:
    title: str
    sections: list[Section]
    sources: Sequence[Source]
    disclaimer: str = DISCLAIMER
    topics: list[tuple[str, list[TopicLink]]] = field(default_factory=list)  # the index only
    own_terms: list[tuple[str, str, str]] = field(default_factory=list)  # key, kind, label


def statement_line(st: Statement) -> Line:
    return Line(st.text, OWN_NOTE if st.own else cite(st.sources, st.part))


def _by_aspect(statements: Sequence[Statement], seen: set[str] | None = None) -> list[Group]:
    return [
        Group(heading, [statement_line(s) for s in group])
        for heading, group in by_aspect(statements, seen)
    ]


def _links(tg: TopicGuidance, vocabulary: Vocabulary, skip: Collection[Link] = ()) -> list[Group]:
    return [
        Group(
            title,
            [
                Line(
                    f"{other}{f' ({_clause(link.note)})' if link.note else ''}",
                    cite(link.sources, link.part),
                )
                for other, link in items
            ],
        )
        for title, items in link_groups(tg, vocabulary, skip).items()
    ]


def _remedy_lists(tg: TopicGuidance, vocabulary: Vocabulary) -> list[Group]:
    if not tg.remedy_lists:
        return []
    if tg.term.kind == "pain_type":
        lines = [
            Line(
                f"{rl.title}: {_names(vocabulary.label('remedy', key) for key in rl.remedies)}",
                cite(rl.sources, rl.part),
            )
            for rl in tg.remedy_lists
        ]
        return [Group("For back pain in MS in general, the articles also list", lines)]
    lines = [Line(rl.title, cite(rl.sources, rl.part)) for rl in tg.remedy_lists]
    return [Group("On the articles' general lists", lines)]


def _tension(tension: Tension, why: str | None = None) -> Section:
    return Section(
        title="Where the articles pull two ways",
        notes=[tension.summary, *([why] if why else [])],
        groups=[Group("Both sides", [statement_line(s) for s in tension.statements])],
    )


def topic_path(key: str) -> str:
    return f"/guide/topic/{key}"


def topic_page(tg: TopicGuidance, vocabulary: Vocabulary) -> GuidePage:
    term = tg.term
    title = f"{term.label} ({KIND_LABELS[term.kind]})"
    if tg.topic is None:
        return GuidePage(title, [Section(title="", notes=[_own_or_missing(tg)])], tg.sources)
    main = Section(
        title="",
        summary=Line(tg.topic.summary, cite(tg.topic.summary_sources)),
        groups=[
            *_by_aspect(tg.topic.statements),
            *_links(tg, vocabulary),
            *_remedy_lists(tg, vocabulary),
        ],
    )
    return GuidePage(title, [main, *(_tension(t) for t in tg.tensions)], tg.sources)


def index_page(index: TopicIndex) -> GuidePage:
    overview = Section(
        title="What the reference articles say about back pain in MS",
        summary=Line(index.overview.summary, cite(index.overview.summary_sources)),
        groups=_by_aspect(index.overview.statements),
    )
    topics = [
        (
            f"{KIND_PLURALS[kind].capitalize()} ({len(items)})",
            [
                TopicLink(term.key, term.label, Line(topic.summary, cite(topic.summary_sources)))
                for term, topic in items
            ],
        )
        for kind, items in index.topics.items()
    ]
    own = [(t.key, KIND_LABELS[t.kind], t.label) for t in index.own_terms]
    return GuidePage("Guide", [overview], index.sources, topics=topics, own_terms=own)


def entry_page(eg: EntryGuidance, vocabulary: Vocabulary) -> GuidePage:
    """One entry's guidance, section by section as ``painlog guide --entry`` prints it."""
    entry = eg.entry
    seen: set[str] = set()
    counts = {c.trigger: c for c in eg.trigger_counts}
    to_discuss = {item.link for item in eg.to_discuss}
    sections = [Section(title="", notes=[entry_summary(entry, vocabulary)])]

    def section(title: str, tg: TopicGuidance, notes: list[str] | None = None) -> None:
        item = Section(
            title=f"{title}: {tg.term.label}", notes=list(notes or []), link=topic_path(tg.term.key)
        )
        if tg.topic is None:
            item.notes.append(_own_or_missing(tg))
            item.link = None
        else:
            item.summary = Line(tg.topic.summary, cite(tg.topic.summary_sources))
            item.groups = [
                *_by_aspect(tg.topic.statements, seen),
                *_links(tg, vocabulary, skip=to_discuss),
            ]
        sections.append(item)

    if eg.pain_type is not None:
        section("Pain type", eg.pain_type)
    for tg in eg.triggers:
        count = counts.get(tg.term.key)
        section("Trigger", tg, [f"In your diary: {_count_text(count)}."] if count else [])
    for tg in eg.remedies:
        section("Tried", tg)
    if eg.to_discuss or eg.general_options:
        groups = []
        if eg.to_discuss and eg.pain_type is not None:
            label = eg.pain_type.term.label.lower()
            groups.append(
                Group(
                    f"Listed for {label}, and not yet in your diary",
                    [
                        Line(
                            item.remedy.label
                            + (f" ({_clause(item.link.note)})" if item.link.note else ""),
                            cite(item.link.sources, item.link.part),
                        )
                        for item in eg.to_discuss
                    ],
                )
            )
        if eg.general_options:
            groups.append(
                Group(
                    "Listed for back pain in MS in general, and not yet in your diary",
                    [
                        Line(
                            f"{o.remedy_list.title}: {_names(t.label for t in o.remedies)}",
                            cite(o.remedy_list.sources, o.remedy_list.part),
                        )
                        for o in eg.general_options
                    ],
                )
            )
        sections.append(Section(title="To discuss with your clinician", groups=groups))
    for note in eg.tensions:
        sections.append(_tension(note.tension, _tension_why(note, vocabulary)))
    return GuidePage(f"Guidance for entry {entry.id}", sections, eg.sources)
