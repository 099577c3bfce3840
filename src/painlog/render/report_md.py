"""The summary as Markdown, for pasting into a patient portal message.

The same blocks as the PDF (``report_doc``). Every text is escaped, so a
note or a question can never turn into a link, a heading or a broken table:
the characters Markdown reads as markup get a backslash, and line breaks
inside a text become spaces.
"""

from __future__ import annotations

import re

from painlog.render.report_doc import (
    Block,
    Document,
    Facts,
    Heading,
    Items,
    PageBreak,
    Paragraph,
    RatingsChart,
    Table,
    WeeklyChart,
)

_MARKUP = re.compile(r"([\\`*_<>|~])")
_LINE_START = re.compile(r"^(?:([#+-])|(\d+)([.)]))")


def escape(text: str) -> str:
    """``text`` as literal Markdown on one line."""
    text = _MARKUP.sub(r"\\\1", " ".join(text.split()))
    # A bracket pair is only a link when "(" or "[" follows it.
    return text.replace("](", "\\](").replace("][", "\\][")


def _block_text(text: str) -> str:
    """Escaped, and safe at the start of a line (no heading, list or quote)."""
    text = escape(text)
    match = _LINE_START.match(text)
    if match is None:
        return text
    if match.group(1):
        return "\\" + text
    return f"{match.group(2)}\\{text[len(match.group(2)) :]}"


def _lead(lead: str | None, text: str) -> str:
    if lead is None:
        return _block_text(text)
    body = escape(text)
    return f"**{escape(lead)}** {body}".rstrip()


def _table(table: Table) -> list[str]:
    width = len(table.headers)

    def line(cells: tuple[str, ...]) -> str:
        padded = list(cells) + [""] * (width - len(cells))
        return "| " + " | ".join(escape(cell) for cell in padded) + " |"

    rule = "|" + "|".join("---:" if i in table.right else "---" for i in range(width)) + "|"
    return [line(table.headers), rule, *(line(row) for row in table.rows)]


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * block.level + " " + escape(block.text)]
    if isinstance(block, Paragraph):
        text = _lead(block.lead, block.text)
        return [f"_{text}_" if block.small and not block.lead else text]
    if isinstance(block, Facts):
        return [f"- **{escape(label)}:** {escape(value)}" for label, value in block.rows]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Items):
        lines = []
        for number, item in enumerate(block.items, start=1):
            marker = f"{number}." if block.numbered else "-"
            lines.append(f"{marker} {_lead(item.lead, item.text)}")
            lines.extend(f"  - {_block_text(detail)}" for detail in item.details)
        return lines
    if isinstance(block, WeeklyChart):
        return [_block_text(block.words)]
    if isinstance(block, RatingsChart):
        return _table(block.table)
    if isinstance(block, PageBreak):
        return []
    raise TypeError(f"unknown block {block!r}")


def render_markdown(document: Document) -> str:
    parts = [_block(block) for block in document.blocks]
    return "\n\n".join("\n".join(lines) for lines in parts if lines) + "\n"
