"""Guidance from the two reference articles: the topics, one topic, one entry's.

Topic names match as forgivingly as logging does (key, label or alias, any
case, hyphens or apostrophes or not), across pain types, triggers and
remedies. The person's own terms have no guidance and say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from painlog.errors import UnknownTerm
from painlog.guidance import (
    TOPIC_KINDS,
    Guidance,
    Link,
    Overview,
    RemedyList,
    Source,
    Tension,
    Topic,
    load_guidance,
)
from painlog.models import Entry
from painlog.services.entries import get_entry
from painlog.services.guidance_brief import WINDOW_DAYS, remedies_in_diary, trigger_tallies
from painlog.services.vocabulary import load_vocabulary
from painlog.vocab import KIND_LABELS, Term, Vocabulary, normalize
from painlog.when import local_now


@dataclass(frozen=True)
class TopicGuidance:
    """One pain type, trigger or remedy and everything the articles tie to it."""

    term: Term
    topic: Topic | None  # None for the person's own terms
    sources: tuple[Source, ...]
    links: tuple[Link, ...] = ()
    remedy_lists: tuple[RemedyList, ...] = ()
    tensions: tuple[Tension, ...] = ()

    @property
    def own(self) -> bool:
        return self.term.own


@dataclass(frozen=True)
class TopicIndex:
    """Everything ``painlog guide`` lists."""

    overview: Overview
    topics: dict[str, list[tuple[Term, Topic]]]  # by kind, in reference order
    own_terms: list[Term]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class TriggerCount:
    """How many of the person's entries in a window name a trigger."""

    trigger: str
    with_trigger: int
    entries: int
    first_day: date
    last_day: date


@dataclass(frozen=True)
class ToDiscuss:
    """A remedy the articles list for this pain type that the diary has never seen."""

    remedy: Term
    link: Link


@dataclass(frozen=True)
class GeneralOptions:
    """The remedies of a general list that the diary has never seen."""

    remedy_list: RemedyList
    remedies: tuple[Term, ...]


@dataclass(frozen=True)
class TensionNote:
    """A tension that names something in this entry."""

    tension: Tension
    triggers: tuple[str, ...]  # the entry's triggers it names
    remedies_used: tuple[str, ...]  # remedies in the diary it names

    @property
    def applies(self) -> bool:
        """A trigger here pulls against a remedy the person uses."""
        return bool(self.triggers and self.remedies_used)


@dataclass(frozen=True)
class EntryGuidance:
    entry: Entry
    pain_type: TopicGuidance | None
    triggers: tuple[TopicGuidance, ...]
    remedies: tuple[TopicGuidance, ...]
    trigger_counts: tuple[TriggerCount, ...]
    to_discuss: tuple[ToDiscuss, ...]
    general_options: tuple[GeneralOptions, ...]
    tensions: tuple[TensionNote, ...]
    sources: tuple[Source, ...]


def topic_index(*, session: Session) -> TopicIndex:
    guidance = load_guidance()
    vocabulary = load_vocabulary(session=session)
    topics: dict[str, list[tuple[Term, Topic]]] = {}
    for kind in TOPIC_KINDS:
        topics[kind] = [(_term(vocabulary, kind, t.key), t) for t in guidance.topics_of(kind)]
    own = [term for kind in TOPIC_KINDS for term in vocabulary.terms(kind) if term.own]
    return TopicIndex(
        overview=guidance.overview, topics=topics, own_terms=own, sources=guidance.sources
    )


def topic_guidance(*, session: Session, name: str) -> TopicGuidance:
    """The topic ``name`` finds; refuses an unknown name with the nearest topics."""
    guidance = load_guidance()
    vocabulary = load_vocabulary(session=session)
    return _guidance_for(guidance, find_topic(vocabulary, guidance, name))


def find_topic(vocabulary: Vocabulary, guidance: Guidance, name: str) -> Term:
    """The pain type, trigger or remedy that ``name`` means.

    A key or label beats an alias ("heat" is the trigger, though it is also an
    alias of heat therapy); a name that still means two terms is refused.
    """
    wanted = normalize(name)
    exact: list[Term] = []
    by_alias: list[Term] = []
    for kind in TOPIC_KINDS:
        term = vocabulary.find(kind, name)
        if term is None:
            continue
        if wanted in (normalize(term.key), normalize(term.label)):
            exact.append(term)
        else:
            by_alias.append(term)
    found = exact or by_alias
    if len(found) == 1:
        return found[0]
    if found:
        options = " or ".join(f"{t.key} ({KIND_LABELS[t.kind]})" for t in found)
        raise UnknownTerm(
            f'"{name}" could mean {options}; say which, e.g. painlog guide {found[0].key}.',
            suggestions=tuple(t.key for t in found),
        )
    suggestions = topic_suggestions(vocabulary, guidance, name)
    hint = f"did you mean {' or '.join(suggestions)}? " if suggestions else ""
    other = next(
        (kind for kind in ("quality", "location") if vocabulary.find(kind, name) is not None),
        None,
    )
    what = (
        f'"{name}" is a {KIND_LABELS[other]}, not a guidance topic'
        if other
        else f'No guidance topic "{name}"'
    )
    raise UnknownTerm(
        f"{what}; {hint}painlog guide lists the topics.", suggestions=tuple(suggestions)
    )


def topic_suggestions(
    vocabulary: Vocabulary, guidance: Guidance, name: str, limit: int = 3
) -> list[str]:
    """The topics ``name`` most likely meant, best first.

    First a near spelling of a topic's key, label or alias ("spastisity") or a
    part of one ("lhermit"); then topics whose summary has every word of
    ``name`` ("burning" finds neuropathic pain); then looser spellings.
    """
    import difflib  # only when a name is not found

    wanted = normalize(name)
    words = [w for w in wanted.split() if len(w) >= 3]
    close: list[tuple[float, str]] = []
    loose: list[tuple[float, str]] = []
    in_summary: list[str] = []
    for kind in TOPIC_KINDS:
        for term in vocabulary.terms(kind):
            names = {normalize(n) for n in (term.key, term.label, *term.aliases)}
            score = max(difflib.SequenceMatcher(None, wanted, n).ratio() for n in names)
            if score >= 0.8 or (len(wanted) >= 4 and any(wanted in n for n in names)):
                close.append((-score, term.key))
            elif score >= 0.6:
                loose.append((-score, term.key))
    if words:
        for topic in guidance.topics:
            summary = normalize(topic.summary).split()
            if all(any(s.startswith(w) for s in summary) for w in words):
                in_summary.append(topic.key)
    keys = [k for _, k in sorted(close)] + in_summary + [k for _, k in sorted(loose)]
    return list(dict.fromkeys(keys))[:limit]


def guidance_for_entry(
    *, session: Session, entry_id: int, today: date | None = None
) -> EntryGuidance:
    """What the articles say about an entry, set against the person's own diary."""
    entry = get_entry(session=session, entry_id=entry_id, include_deleted=False)
    guidance = load_guidance()
    vocabulary = load_vocabulary(session=session)
    used = remedies_in_diary(session=session)

    def about(kind: str, key: str) -> TopicGuidance:
        return _guidance_for(guidance, _term(vocabulary, kind, key))

    pain_type = about("pain_type", entry.pain_type) if entry.pain_type else None
    to_discuss: list[ToDiscuss] = []
    if entry.pain_type:
        to_discuss = [
            ToDiscuss(remedy=_term(vocabulary, "remedy", link.from_key), link=link)
            for link in guidance.listed_for(entry.pain_type)
            if link.from_key not in used
        ]
    named = {d.remedy.key for d in to_discuss}
    general = []
    for remedy_list in guidance.remedy_lists:
        fresh = tuple(
            _term(vocabulary, "remedy", key)
            for key in remedy_list.remedies
            if key not in used and key not in named
        )
        if fresh:
            general.append(GeneralOptions(remedy_list=remedy_list, remedies=fresh))
    tensions = []
    for tension in guidance.tensions:
        triggers = tuple(t for t in entry.triggers if t in tension.triggers)
        remedies_used = tuple(r for r in tension.remedies if r in used)
        here = {a.remedy for a in entry.remedies}
        related = (
            triggers
            or (entry.pain_type in tension.pain_types)
            or any(r in here for r in tension.remedies)
        )
        if related:
            tensions.append(TensionNote(tension, triggers, remedies_used))
    last = today or local_now().date()
    first = last - timedelta(days=WINDOW_DAYS - 1)
    return EntryGuidance(
        entry=entry,
        pain_type=pain_type,
        triggers=tuple(about("trigger", key) for key in entry.triggers),
        remedies=tuple(about("remedy", a.remedy) for a in entry.remedies),
        trigger_counts=tuple(
            trigger_counts(session=session, triggers=entry.triggers, first_day=first, last_day=last)
        ),
        to_discuss=tuple(to_discuss),
        general_options=tuple(general),
        tensions=tuple(sorted(tensions, key=lambda n: not n.applies)),
        sources=guidance.sources,
    )


def trigger_counts(
    *, session: Session, triggers: list[str], first_day: date, last_day: date
) -> list[TriggerCount]:
    """For each trigger, how many entries (not deleted) between the two days name it."""
    total, counts = trigger_tallies(
        session=session, triggers=triggers, first_day=first_day, last_day=last_day
    )
    return [
        TriggerCount(
            trigger=key,
            with_trigger=counts.get(key, 0),
            entries=total,
            first_day=first_day,
            last_day=last_day,
        )
        for key in triggers
    ]


def _term(vocabulary: Vocabulary, kind: str, key: str) -> Term:
    # A key the vocabulary no longer knows still gets a name: its key.
    return vocabulary.get(kind, key) or Term(kind=kind, key=key, label=key)


def _guidance_for(guidance: Guidance, term: Term) -> TopicGuidance:
    topic = None if term.own else guidance.topic(term.kind, term.key)
    if topic is None:
        return TopicGuidance(term=term, topic=None, sources=guidance.sources)
    if term.kind == "pain_type":
        remedy_lists = guidance.remedy_lists
    else:
        remedy_lists = tuple(r for r in guidance.remedy_lists if term.key in r.remedies)
    return TopicGuidance(
        term=term,
        topic=topic,
        sources=guidance.sources,
        links=tuple(guidance.links_of(term.kind, term.key)),
        remedy_lists=tuple(remedy_lists),
        tensions=tuple(guidance.tensions_of(term.kind, term.key)),
    )
