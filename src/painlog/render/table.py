"""A plain-text table that fits the terminal, without a heavy dependency."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence

from painlog.render.colour import HEADER, paint

_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


def shorten(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align_right: Sequence[int] = (),
    flexible: Sequence[int] = (),
    width: int | None = None,
    styles: Sequence[Sequence[str | None]] | None = None,
) -> str:
    """Columns sized to their content; ``flexible`` columns shrink, widest first, to fit.

    ``styles`` gives a Rich style for each cell of ``rows`` (or None); on a
    terminal with colour the cells are painted after padding, so columns stay
    aligned, and the header is bold.
    """
    width = width or shutil.get_terminal_size((120, 24)).columns
    # One line per row: a note typed over several lines is shown on one.
    rows = [[_NEWLINES.sub(" ", cell) for cell in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    floor = {i: max(len(headers[i]), 10) for i in flexible}
    while sum(widths) + 2 * (len(widths) - 1) > width:
        shrinkable = [i for i in flexible if widths[i] > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1

    def line(cells: Sequence[str], painted: Sequence[str | None]) -> str:
        out = []
        for i, cell in enumerate(cells):
            cell = shorten(cell, widths[i])
            pad = " " * (widths[i] - len(cell))
            cell = paint(cell, painted[i] if i < len(painted) else None)
            out.append(pad + cell if i in align_right else cell + pad)
        return "  ".join(out).rstrip()

    parts = [line(headers, [HEADER] * len(headers)), "  ".join("-" * w for w in widths)]
    parts.extend(line(row, styles[n] if styles else ()) for n, row in enumerate(rows))
    return "\n".join(parts)
