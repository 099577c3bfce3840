"""A plain-text table that fits the terminal, without a heavy dependency."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Sequence

from painlog.render.colour import HEADER, paint

_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


def shorten(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def terminal_width() -> int:
    return shutil.get_terminal_size((120, 24)).columns


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align_right: Sequence[int] = (),
    flexible: Sequence[int] = (),
    width: int | None = None,
    styles: Sequence[Sequence[str | None]] | None = None,
    wrap: bool = False,
    optional: Sequence[int] = (),
) -> str:
    """Columns sized to their content; ``flexible`` columns shrink, widest first, to fit.

    With ``wrap`` a flexible column that is too narrow for a cell wraps it onto
    more lines instead of cutting it short. An ``optional`` column (also
    flexible; its cells are only ever cut short, showing their start) is left
    out when the others would not fit beside it at their narrowest.
    ``styles`` gives a Rich style for each cell of ``rows`` (or None); on a
    terminal with colour the cells are painted after padding, so columns stay
    aligned, and the header is bold.
    """
    width = width or terminal_width()
    # One line per row: a note typed over several lines is shown on one.
    rows = [[_NEWLINES.sub(" ", cell) for cell in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    flexible = [*flexible, *(i for i in optional if i not in flexible)]
    # A column that wraps can be narrower than one that cuts its cells short.
    least = 6 if wrap else 10
    floor = {i: min(widths[i], max(len(headers[i]), least)) for i in flexible}

    for i in optional:
        floor[i] = min(widths[i], max(len(headers[i]), 16))

    def comfortable(column: int) -> int:
        if column in optional or column not in floor:
            return floor.get(column, widths[column])
        return min(widths[column], max(floor[column], 14))

    kept = list(range(len(headers)))
    for i in sorted(optional, reverse=True):
        # Left out when the others would be cramped beside it.
        if sum(comfortable(c) for c in kept) + 2 * (len(kept) - 1) > width:
            kept.remove(i)
    while sum(widths[i] for i in kept) + 2 * (len(kept) - 1) > width:
        # An optional column gives way first, down to its floor.
        shrinkable = [i for i in optional if i in kept and widths[i] > floor[i]]
        shrinkable = shrinkable or [i for i in flexible if i in kept and widths[i] > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1

    def lines(cells: Sequence[str], painted: Sequence[str | None]) -> list[str]:
        columns: list[list[str]] = []
        for i in kept:
            cell = cells[i]
            if wrap and i in flexible and i not in optional and len(cell) > widths[i]:
                columns.append(textwrap.wrap(cell, widths[i], break_on_hyphens=False) or [""])
            else:
                columns.append([shorten(cell, widths[i])])
        out = []
        for n in range(max(len(column) for column in columns)):
            parts = []
            for i, column in zip(kept, columns, strict=True):
                text = column[n] if n < len(column) else ""
                pad = " " * (widths[i] - len(text))
                text = paint(text, painted[i] if i < len(painted) else None)
                parts.append(pad + text if i in align_right else text + pad)
            out.append("  ".join(parts).rstrip())
        return out

    parts = lines(headers, [HEADER] * len(headers))
    parts.append("  ".join("-" * widths[i] for i in kept))
    for n, row in enumerate(rows):
        parts.extend(lines(row, styles[n] if styles else ()))
    return "\n".join(parts)
