"""The short guidance block after ``painlog log``, and what every guidance output shares.

Kept apart from ``render.guide`` so that logging imports as little as possible.
"""

from __future__ import annotations

from collections.abc import Iterable

# The last line of every guidance output, in text and in JSON.
DISCLAIMER = (
    "General information from the reference articles, not medical advice; "
    "talk to a clinician about your own pain."
)

# Where an article's citation would be, painlog's own note says whose it is.
OWN_NOTE = "[painlog's note, not from the articles]"


def cite(sources: Iterable[str], part: str | None = None) -> str:
    """``[ms-back-pain]`` or ``[ms-back-pain · section on spasticity]``."""
    ids = ", ".join(sources)
    return f"[{ids} · {part}]" if part else f"[{ids}]"


def diary_sentence(total: int, tallies: list[tuple[str, int]]) -> str:
    """``In your diary's last 90 days: extreme heat in 9 of your 31 entries.``"""
    if not tallies:
        return ""
    parts = [f"{label} in {count} of your {total} entries" for label, count in tallies[:1]]
    parts += [f"{label} in {count}" for label, count in tallies[1:]]
    return f"In your diary's last 90 days: {'; '.join(parts)}. "


def brief_block(
    lines: list[tuple[str, tuple[str, ...]]],
    entry_id: int,
    diary: str = "",
) -> str:
    """2-4 indented lines: the guidance, then your diary's counts, a pointer and the disclaimer."""
    out = [f"  {text} {cite(sources)}" for text, sources in lines]
    out.append(f"  {diary}More, with sources: painlog guide --entry {entry_id}. {DISCLAIMER}")
    return "\n".join(out)
