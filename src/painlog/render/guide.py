"""Guidance as text and as JSON-ready dictionaries.

Every statement carries its citation: in text as ``[source · part]``, in JSON
as ``sources`` (ids from ``sources.toml``) and ``part``. painlog's own notes
(pointers to a clinician) are never shown as an article's: in text they end
with ``[painlog's note, not from the articles]``, in JSON they have
``"own": true``, ``"sources": []`` and ``"part": null``. A summary line is
cited with its own ``summary_sources``. Every output ends with the disclaimer.
The JSON shapes are documented in the README.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from painlog.guidance import ASPECTS, Link, Overview, RemedyList, Source, Statement, Tension
from painlog.render.guide_brief import DISCLAIMER, OWN_NOTE, cite
from painlog.render.journal import entry_json, entry_summary
from painlog.services.guidance import (
    EntryGuidance,
    TensionNote,
    TopicGuidance,
    TopicIndex,
    TriggerCount,
)
from painlog.vocab import KIND_LABELS, KIND_PLURALS, Vocabulary

HEADINGS = {
    "what": "What it is",
    "description": "How the articles describe it",
    "figure": "Figures",
    "aggravated-by": "What may make it worse",
    "aggravates": "What it may make worse",
    "helps": "What may help",
    "caution": "Cautions",
    "clinician": "When to involve a clinician",
}
OWN_TERM = "your own term: the reference articles have no guidance on it"


def _width() -> int:
    return min(shutil.get_terminal_size((100, 24)).columns, 100)


# textwrap breaks only at ASCII whitespace, so a no-break space holds a
# citation's source ids and the first word of its part on one line.
_NBSP = "\xa0"
_CITATION_HEAD = re.compile(r"\[[^\[\]·]*· \S+")


def _bullet(text: str, indent: int) -> list[str]:
    pad = " " * indent
    text = _CITATION_HEAD.sub(lambda m: m.group(0).replace(" ", _NBSP), text)
    lines = textwrap.wrap(
        text,
        width=max(_width(), 40),
        initial_indent=f"{pad}• ",
        subsequent_indent=f"{pad}  ",
        break_on_hyphens=False,
    )
    return [line.replace(_NBSP, " ") for line in lines]


def _plain(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(
        text,
        width=max(_width(), 40),
        initial_indent=pad,
        subsequent_indent=pad,
        break_on_hyphens=False,
    )


def _statement(st: Statement, indent: int) -> list[str]:
    if st.own:  # the whole mark on one line, like a citation's head
        return _bullet(f"{st.text} {OWN_NOTE.replace(' ', _NBSP)}", indent)
    return _bullet(f"{st.text} {cite(st.sources, st.part)}", indent)


def _summary(summary: str, sources: Sequence[str], indent: int) -> list[str]:
    return _plain(f"{summary} {cite(sources)}", indent)


def _names(labels: Iterable[str]) -> str:
    """Remedy names in alphabetical order: in the articles' own order, a run of
    names would repeat an article's list word for word (the words rule)."""
    return ", ".join(sorted(labels, key=str.casefold))


def _clause(note: str) -> str:
    text = note.rstrip(".")
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def by_aspect(
    statements: Sequence[Statement], seen: set[str] | None = None
) -> list[tuple[str, list[Statement]]]:
    """(heading, statements) per aspect, in a fixed order; ``seen`` skips repeats."""
    groups = []
    for aspect in ASPECTS:
        group = [s for s in statements if s.aspect == aspect]
        if seen is not None:
            group = [s for s in group if s.text not in seen]
            seen.update(s.text for s in group)
        if group:
            groups.append((HEADINGS[aspect], group))
    return groups


def _statements_by_aspect(
    statements: Sequence[Statement], indent: int, seen: set[str] | None = None
) -> list[str]:
    """Statements under a heading per aspect, in a fixed order; ``seen`` skips repeats."""
    lines: list[str] = []
    for heading, group in by_aspect(statements, seen):
        lines.append(" " * indent + heading)
        for st in group:
            lines.extend(_statement(st, indent + 2))
    return lines


def _sources_text(sources: Sequence[Source]) -> list[str]:
    width = max(len(s.id) for s in sources)
    return ["Sources"] + [f"  {s.id.ljust(width)}  {s.title}" for s in sources]


def link_groups(
    tg: TopicGuidance, vocabulary: Vocabulary, skip: Collection[Link] = ()
) -> dict[str, list[tuple[str, Link]]]:
    """The topics an article ties to this one, grouped by how: title -> (label, link)."""
    kind = tg.term.kind
    groups: dict[str, list[tuple[str, Link]]] = {}
    for link in tg.links:
        if link in skip:
            continue
        if kind == "pain_type":
            other = vocabulary.label(
                "trigger" if link.relation == "aggravates" else "remedy", link.from_key
            )
            title = (
                "Triggers the articles say may make it worse"
                if link.relation == "aggravates"
                else "Remedies the articles list for it"
            )
        else:
            other = vocabulary.label("pain_type", link.to_key)
            title = (
                "Pain types it may make worse"
                if link.relation == "aggravates"
                else "Pain types the articles list it for"
            )
        groups.setdefault(title, []).append((other, link))
    return groups


def _links(
    tg: TopicGuidance, vocabulary: Vocabulary, indent: int, skip: Collection[Link] = ()
) -> list[str]:
    """The topics an article ties to this one, grouped by how."""
    lines: list[str] = []
    pad = " " * indent
    for title, items in link_groups(tg, vocabulary, skip).items():
        lines.append(pad + title)
        for other, link in items:
            note = f" ({_clause(link.note)})" if link.note else ""
            lines.extend(_bullet(f"{other}{note} {cite(link.sources, link.part)}", indent + 2))
    return lines


def _remedy_lists(
    remedy_lists: Sequence[RemedyList], vocabulary: Vocabulary, kind: str, indent: int
) -> list[str]:
    if not remedy_lists:
        return []
    pad = " " * indent
    if kind == "pain_type":
        lines = [pad + "For back pain in MS in general, the articles also list"]
        for rl in remedy_lists:
            names = _names(vocabulary.label("remedy", key) for key in rl.remedies)
            lines.extend(_bullet(f"{rl.title}: {names} {cite(rl.sources, rl.part)}", indent + 2))
        return lines
    lines = [pad + "On the articles' general lists"]
    for rl in remedy_lists:
        lines.extend(_bullet(f"{rl.title} {cite(rl.sources, rl.part)}", indent + 2))
    return lines


def _tension(tension: Tension, indent: int, why: str | None = None) -> list[str]:
    lines = _plain(f"Where the articles pull two ways: {tension.summary}", indent)
    if why:
        lines.extend(_plain(why, indent + 2))
    for st in tension.statements:
        lines.extend(_statement(st, indent + 2))
    return lines


def _end(lines: list[str], sources: Sequence[Source]) -> str:
    lines = [*lines, "", *_sources_text(sources), "", DISCLAIMER]
    return "\n".join(lines)


# ------------------------------------------------------------------ text


def topic_index_text(index: TopicIndex) -> str:
    lines = ["What the reference articles say about back pain in MS"]
    lines.extend(_statements_by_aspect(index.overview.statements, 2))
    # One line per topic (wrapped, never cut, on a narrow terminal): what to type, then what
    # it is about.
    width = max(shutil.get_terminal_size((120, 24)).columns, 60)
    keys = [term.key for items in index.topics.values() for term, _ in items]
    key_width = max(len(key) for key in keys) + 2
    for kind, items in index.topics.items():
        lines += ["", f"{KIND_PLURALS[kind].capitalize()} ({len(items)})"]
        for term, topic in items:
            lines += textwrap.wrap(
                topic.summary,
                width=width,
                initial_indent=f"  {term.key.ljust(key_width)}",
                subsequent_indent=" " * (key_width + 2),
            )
    if index.own_terms:
        lines += ["", "Your own terms (the reference articles have no guidance on them)"]
        for term in index.own_terms:
            lines.append(f"  {term.key.ljust(key_width)}{KIND_LABELS[term.kind]}: {term.label}")
    lines += [
        "",
        "painlog guide TOPIC shows one topic in full; "
        "painlog guide --entry ID, the guidance for one entry.",
    ]
    return _end(lines, index.sources)


def topic_text(tg: TopicGuidance, vocabulary: Vocabulary) -> str:
    term = tg.term
    header = f"{term.label} ({KIND_LABELS[term.kind]}, painlog guide {term.key})"
    if tg.topic is None:
        return _end([header, f"  {_own_or_missing(tg)}"], tg.sources)
    lines = [header, *_summary(tg.topic.summary, tg.topic.summary_sources, 2), ""]
    lines += _statements_by_aspect(tg.topic.statements, 0)
    for part in (
        _links(tg, vocabulary, 0),
        _remedy_lists(tg.remedy_lists, vocabulary, term.kind, 0),
    ):
        if part:
            lines += ["", *part]
    for tension in tg.tensions:
        lines += ["", *_tension(tension, 0)]
    return _end(lines, tg.sources)


def _own_or_missing(tg: TopicGuidance) -> str:
    if tg.own:
        return OWN_TERM.capitalize() + "."
    return "The reference articles have no guidance on this term."


def _count_text(count: TriggerCount) -> str:
    if count.entries == 0:
        return f"no entries in your diary from {count.first_day} to {count.last_day}"
    return (
        f"in {count.with_trigger} of your {count.entries} "
        f"{'entry' if count.entries == 1 else 'entries'} in the last "
        f"{(count.last_day - count.first_day).days + 1} days "
        f"({count.first_day} to {count.last_day})"
    )


def entry_guidance_text(eg: EntryGuidance, vocabulary: Vocabulary) -> str:
    entry = eg.entry
    lines = [f"Guidance for entry {entry.id}: {entry_summary(entry, vocabulary)}"]
    seen: set[str] = set()
    counts = {c.trigger: c for c in eg.trigger_counts}

    # Remedies to discuss get their own section; the pain type does not repeat them.
    to_discuss = {item.link for item in eg.to_discuss}

    def section(title: str, tg: TopicGuidance, extra: list[str] | None = None) -> None:
        lines.extend(["", f"{title}: {tg.term.label}"])
        lines.extend(extra or [])
        if tg.topic is None:
            lines.append(f"  {_own_or_missing(tg)}")
            return
        lines.extend(_summary(tg.topic.summary, tg.topic.summary_sources, 2))
        lines.extend(_statements_by_aspect(tg.topic.statements, 2, seen))
        lines.extend(_links(tg, vocabulary, 2, skip=to_discuss))

    if eg.pain_type is not None:
        section("Pain type", eg.pain_type)
    for tg in eg.triggers:
        count = counts.get(tg.term.key)
        extra = _plain(f"In your diary: {_count_text(count)}.", 2) if count else []
        section("Trigger", tg, extra)
    for tg in eg.remedies:
        section("Tried", tg)
    discuss = _to_discuss_text(eg, vocabulary)
    if discuss:
        lines += ["", *discuss]
    for note in eg.tensions:
        lines += ["", *_tension(note.tension, 0, _tension_why(note, vocabulary))]
    return _end(lines, eg.sources)


def _to_discuss_text(eg: EntryGuidance, vocabulary: Vocabulary) -> list[str]:
    if not (eg.to_discuss or eg.general_options):
        return []
    lines = ["To discuss with your clinician"]
    if eg.to_discuss and eg.pain_type is not None:
        label = eg.pain_type.term.label
        lines.extend(_plain(f"Listed for {label.lower()}, and not yet in your diary:", 2))
        for item in eg.to_discuss:
            note = f" ({_clause(item.link.note)})" if item.link.note else ""
            text = f"{item.remedy.label}{note} {cite(item.link.sources, item.link.part)}"
            lines.extend(_bullet(text, 4))
    if eg.general_options:
        lines.extend(_plain("Listed for back pain in MS in general, and not yet in your diary:", 2))
        for option in eg.general_options:
            rl = option.remedy_list
            names = _names(t.label for t in option.remedies)
            text = f"{rl.title}: {names} {cite(rl.sources, rl.part)}"
            lines.extend(_bullet(text, 4))
    return lines


def _tension_why(note: TensionNote, vocabulary: Vocabulary) -> str:
    triggers = ", ".join(vocabulary.label("trigger", k).lower() for k in note.triggers)
    remedies = ", ".join(vocabulary.label("remedy", k).lower() for k in note.remedies_used)
    if note.applies:
        return f"You logged {triggers} here, and your diary has {remedies}."
    if note.triggers:
        return f"You logged {triggers} here."
    return "It names something in this entry."


# ------------------------------------------------------------------ JSON


def sources_json(sources: Sequence[Source]) -> list[dict[str, str]]:
    return [{"id": s.id, "title": s.title, "covers": s.covers} for s in sources]


def statements_json(statements: Sequence[Statement]) -> list[dict[str, Any]]:
    out = []
    for st in statements:
        item: dict[str, Any] = {"aspect": st.aspect} if st.aspect else {}
        item.update({"text": st.text, "sources": list(st.sources), "part": st.part, "own": st.own})
        out.append(item)
    return out


def link_json(link: Link) -> dict[str, Any]:
    return {
        "relation": link.relation,
        "from": link.from_key,
        "to": link.to_key,
        "note": link.note,
        "sources": list(link.sources),
        "part": link.part,
    }


def remedy_list_json(rl: RemedyList, remedies: Iterable[str] | None = None) -> dict[str, Any]:
    return {
        "key": rl.key,
        "title": rl.title,
        "remedies": list(rl.remedies if remedies is None else remedies),
        "sources": list(rl.sources),
        "part": rl.part,
    }


def tension_json(tension: Tension) -> dict[str, Any]:
    return {
        "key": tension.key,
        "summary": tension.summary,
        "triggers": list(tension.triggers),
        "remedies": list(tension.remedies),
        "pain_types": list(tension.pain_types),
        "statements": statements_json(tension.statements),
    }


def _topic_core(tg: TopicGuidance) -> dict[str, Any]:
    term = tg.term
    return {
        "kind": term.kind,
        "key": term.key,
        "label": term.label,
        "own": term.own,
        "summary": tg.topic.summary if tg.topic else None,
        "summary_sources": list(tg.topic.summary_sources) if tg.topic else [],
        "statements": statements_json(tg.topic.statements) if tg.topic else [],
        "links": [link_json(link) for link in tg.links],
    }


def _overview_json(overview: Overview) -> dict[str, Any]:
    return {
        "summary": overview.summary,
        "summary_sources": list(overview.summary_sources),
        "statements": statements_json(overview.statements),
    }


def topic_index_json(index: TopicIndex) -> dict[str, Any]:
    return {
        "overview": _overview_json(index.overview),
        "topics": {
            kind: [
                {
                    "key": term.key,
                    "label": term.label,
                    "summary": topic.summary,
                    "sources": list(topic.summary_sources),
                }
                for term, topic in items
            ]
            for kind, items in index.topics.items()
        },
        "own_terms": [{"kind": t.kind, "key": t.key, "label": t.label} for t in index.own_terms],
        "sources": sources_json(index.sources),
        "disclaimer": DISCLAIMER,
    }


def topic_json(tg: TopicGuidance) -> dict[str, Any]:
    return {
        **_topic_core(tg),
        "remedy_lists": [remedy_list_json(rl) for rl in tg.remedy_lists],
        "tensions": [tension_json(t) for t in tg.tensions],
        "sources": sources_json(tg.sources),
        "disclaimer": DISCLAIMER,
    }


def entry_guidance_json(eg: EntryGuidance) -> dict[str, Any]:
    counts = {c.trigger: c for c in eg.trigger_counts}

    def trigger(tg: TopicGuidance) -> dict[str, Any]:
        item = _topic_core(tg)
        count = counts.get(tg.term.key)
        if count is not None:
            item["in_your_diary"] = {
                "entries_with_trigger": count.with_trigger,
                "entries": count.entries,
                "from": count.first_day.isoformat(),
                "to": count.last_day.isoformat(),
            }
        return item

    return {
        "entry": entry_json(eg.entry),
        "pain_type": _topic_core(eg.pain_type) if eg.pain_type else None,
        "triggers": [trigger(tg) for tg in eg.triggers],
        "remedies": [_topic_core(tg) for tg in eg.remedies],
        "to_discuss": {
            "for_pain_type": [
                {
                    "remedy": item.remedy.key,
                    "label": item.remedy.label,
                    "note": item.link.note,
                    "sources": list(item.link.sources),
                    "part": item.link.part,
                }
                for item in eg.to_discuss
            ],
            "general": [
                remedy_list_json(o.remedy_list, [t.key for t in o.remedies])
                for o in eg.general_options
            ],
        },
        "tensions": [
            {
                **tension_json(note.tension),
                "applies": note.applies,
                "entry_triggers": list(note.triggers),
                "remedies_used": list(note.remedies_used),
            }
            for note in eg.tensions
        ],
        "sources": sources_json(eg.sources),
        "disclaimer": DISCLAIMER,
    }
