"""The vocabulary as text and JSON."""

from __future__ import annotations

from typing import Any

from painlog.render.table import render_table
from painlog.vocab import KIND_PLURALS, REMEDY_KINDS, Term, Vocabulary


def _origin(term: Term) -> str:
    return "your own term" if term.own else ", ".join(term.sources) or "-"


def terms_text(vocabulary: Vocabulary, kinds: list[str]) -> str:
    blocks = []
    for kind in kinds:
        terms = vocabulary.terms(kind)
        headers = ["Key", "Label"]
        if kind == "remedy":
            headers.append("Kind")
        headers += ["Also matches", "From"]
        rows = []
        for term in terms:
            row = [term.key, term.label]
            if kind == "remedy":
                row.append(REMEDY_KINDS.get(term.remedy_kind or "", "-"))
            row += [", ".join(term.aliases) or "-", _origin(term)]
            rows.append(row)
        title = f"{KIND_PLURALS[kind].capitalize()} ({len(terms)})"
        blocks.append(
            title
            + "\n"
            + render_table(headers, rows, flexible=(1, len(headers) - 2, len(headers) - 1))
        )
    return "\n\n".join(blocks)


def terms_json(vocabulary: Vocabulary, kinds: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "kind": term.kind,
            "key": term.key,
            "label": term.label,
            "aliases": list(term.aliases),
            "sources": list(term.sources),
            "remedy_kind": term.remedy_kind,
            "own": term.own,
        }
        for kind in kinds
        for term in vocabulary.terms(kind)
    ]
