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


def cite(sources: Iterable[str], part: str | None = None) -> str:
    """``[ms-back-pain]`` or ``[ms-back-pain · section on spasticity]``."""
    ids = ", ".join(sources)
    return f"[{ids} · {part}]" if part else f"[{ids}]"


def brief_block(lines: list[tuple[str, tuple[str, ...]]], entry_id: int) -> str:
    """2-4 indented lines: the guidance, then a pointer and the disclaimer."""
    out = [f"  {text} {cite(sources)}" for text, sources in lines]
    out.append(f"  More, with sources: painlog guide --entry {entry_id}. {DISCLAIMER}")
    return "\n".join(out)
