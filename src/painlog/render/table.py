"""A plain-text table that fits the terminal, without a heavy dependency."""

from __future__ import annotations

import shutil
from collections.abc import Sequence


def shorten(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align_right: Sequence[int] = (),
    flexible: int | None = None,
    width: int | None = None,
) -> str:
    """Columns sized to their content; the ``flexible`` column shrinks to fit ``width``."""
    width = width or shutil.get_terminal_size((110, 24)).columns
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if flexible is not None:
        others = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(widths) - 1)
        widths[flexible] = max(min(widths[flexible], width - others), len(headers[flexible]), 12)

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            cell = shorten(cell, widths[i])
            out.append(cell.rjust(widths[i]) if i in align_right else cell.ljust(widths[i]))
        return "  ".join(out).rstrip()

    parts = [line(headers), "  ".join("-" * w for w in widths)]
    parts.extend(line(row) for row in rows)
    return "\n".join(parts)
