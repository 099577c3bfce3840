"""The summary as a PDF, made with fpdf2: real, selectable text on A4 or Letter.

The content is ``report_doc``'s blocks; this module only decides how they
look. The text is set in DejaVu Sans, the font matplotlib ships (found through
``matplotlib.get_data_path()``, so painlog vendors no font): it has the
accents, arrows and signs a diary holds. Every page carries the period at the
top and its page number at the bottom. fpdf2 and matplotlib are imported
inside ``render_pdf`` only.

fpdf2 makes the pages, embeds the font and the chart and writes the file;
the text is wrapped here and placed line by line with ``FPDF.text``. fpdf2's
own text engine (``write``, ``multi_cell``, ``table``) measures every
character of every line several times and took over a second for a
12-week summary; measuring each word once is ten times quicker.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painlog.errors import PainlogError
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

if TYPE_CHECKING:
    from fpdf import FPDF

PAPERS = {"a4": "A4", "letter": "Letter"}
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
MARGIN = 15.0  # mm, left and right
TOP = 17.0  # below the running head
BOTTOM = 15.0  # above the page number
INK = (25, 25, 25)
GREY = (90, 90, 90)
RULE = (190, 195, 202)
HEAD_FILL = (228, 233, 240)
ZEBRA = (246, 247, 249)

# The weekly chart's height as a share of the text width: at most, and at least when
# a shorter chart keeps page 1 on one page.
CHART_SHARE = 0.235
CHART_SHARE_MIN = 0.2
RATINGS_SHARE = 0.25  # the spasticity, fatigue and sleep chart, after page 1

# Font sizes in points.
SIZES = {1: 15.0, 2: 10.5, 3: 9.0}
BODY = 8.5
TABLE = 7.8
SMALL = 7.2
DETAIL = 7.7

# A citation's ids and the first word of its part stay on one line, as in ``painlog guide``.
_CITATION_HEAD = re.compile(r"\[[^\[\]·]*· \S+")
_NBSP = "\xa0"

Run = tuple[str, str]  # (text, style): style "" or "B"
Word = tuple[str, str]


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    missing: str = ""  # characters the font has no glyph for (shown as empty boxes)


def line_height(size: float) -> float:
    """A comfortable line height in mm for a font size in points."""
    return size * 0.3528 * 1.32


def _keep(text: str) -> str:
    return _CITATION_HEAD.sub(lambda m: m.group(0).replace(" ", _NBSP), text)


def _font_folder() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def render_pdf(document: Document, *, paper: str = "a4", version: str = "") -> RenderedPdf:
    from fpdf import FPDF

    class SummaryPdf(FPDF):
        def header(self) -> None:
            self.set_font(FONT, "", SMALL)
            self.set_text_color(*GREY)
            width = self.w - 2 * MARGIN
            self.set_xy(MARGIN, 8)
            self.cell(width, 4, document.running_head, align="L")
            if document.name:
                # The name takes the room the period leaves, shortened if it must be.
                room = width - self.get_string_width(document.running_head) - 6
                name = document.name
                if self.get_string_width(name) > room:
                    while len(name) > 1 and self.get_string_width(name + "…") > room:
                        name = name[:-1]
                    name = name.rstrip() + "…"
                self.set_xy(MARGIN, 8)
                self.cell(width, 4, name, align="R")
            self.set_draw_color(*RULE)
            self.set_line_width(0.2)
            self.line(MARGIN, 12.5, self.w - MARGIN, 12.5)
            self.set_xy(MARGIN, TOP)
            self.set_text_color(*INK)

        def footer(self) -> None:
            self.set_font(FONT, "", SMALL)
            self.set_text_color(*GREY)
            width = self.w - 2 * MARGIN
            self.set_xy(MARGIN, -10)
            self.cell(width, 4, "Self-reported diary summary; not medical advice", align="L")
            self.set_x(MARGIN)
            self.cell(width, 4, f"Page {self.page_no()} of {{nb}}", align="R")
            self.set_text_color(*INK)

    pdf = SummaryPdf(orientation="portrait", unit="mm", format=PAPERS[paper])
    folder = _font_folder()
    for style, file_name in FONT_FILES.items():
        path = folder / file_name
        if not path.is_file():
            raise PainlogError(
                f"The font {file_name} that matplotlib ships is missing from {folder}; "
                "reinstall matplotlib."
            )
        pdf.add_font(FONT, style, str(path))
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.c_margin = 0  # the running head and page numbers line up with the text
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.set_title(document.running_head)
    pdf.set_creator(f"painlog {version}".strip())
    pdf.set_lang("en")
    if document.name:
        pdf.set_author(document.name)
    pdf.add_page()
    layout = _Layout(pdf, chart_share=_chart_share(pdf, document.blocks))
    for block in document.blocks:
        layout.block(block)
    # fpdf2 logs characters its font lacks (Chinese, some symbols) as a warning on
    # stderr; painlog says so itself, in one line, through the command.
    fpdf_log = logging.getLogger("fpdf")
    level = fpdf_log.level
    fpdf_log.setLevel(logging.ERROR)
    try:
        data = bytes(pdf.output())
    finally:
        fpdf_log.setLevel(level)
    missing = sorted({chr(c) for font in pdf.fonts.values() for c in _missing(font)})
    return RenderedPdf(data=data, pages=pdf.pages_count, missing="".join(missing))


def _chart_share(pdf: FPDF, blocks: list[Block]) -> float:
    """The tallest chart (up to ``CHART_SHARE``) that keeps page 1 on one page.

    Page 1 is laid out dry (nothing drawn) with a shorter chart each time,
    down to ``CHART_SHARE_MIN``; with a long list of questions or remedies it
    may still run over, onto page 2.
    """
    first_page = []
    for block in blocks:
        if isinstance(block, PageBreak):
            break
        first_page.append(block)
    measured: dict[tuple[str, str, float], float] = {}
    share = CHART_SHARE
    while share > CHART_SHARE_MIN:
        probe = _Layout(pdf, chart_share=share, measured=measured, dry=True)
        pdf.set_y(TOP)
        for block in first_page:
            probe.block(block)
        if probe.new_pages == 0:
            break
        share -= 0.015
    pdf.set_y(TOP)
    return max(share, CHART_SHARE_MIN)


def _missing(font: object) -> list[int]:
    found = getattr(font, "missing_glyphs", [])
    return list(found) if isinstance(found, list) else []


@dataclass(frozen=True)
class _Cell:
    x: float
    width: float
    lines: list[list[Word]]
    right: bool


class _Layout:
    """Places the blocks on the pages, top to bottom."""

    def __init__(
        self,
        pdf: FPDF,
        *,
        chart_share: float = CHART_SHARE,
        measured: dict[tuple[str, str, float], float] | None = None,
        dry: bool = False,
    ) -> None:
        self.pdf = pdf
        self.chart_share = chart_share  # the chart's height, as a share of the text width
        self.measured = {} if measured is None else measured
        # A dry run draws nothing and adds no page: it only finds where the blocks end.
        self.dry = dry
        self.new_pages = 0

    def new_page(self) -> None:
        self.new_pages += 1
        if self.dry:
            self.pdf.set_y(TOP)
        else:
            self.pdf.add_page()

    # --- measuring and placing text ---------------------------------------------------

    def width(self, text: str, style: str, size: float) -> float:
        key = (text, style, size)
        found = self.measured.get(key)
        if found is None:
            self.pdf.set_font(FONT, style, size)
            found = self.measured[key] = self.pdf.get_string_width(text)
        return found

    def words(self, runs: list[Run]) -> list[list[Word]]:
        """Paragraphs (split at line breaks) of words, each with its style."""
        paragraphs: list[list[Word]] = [[]]
        for text, style in runs:
            for index, part in enumerate(_keep(text).split("\n")):
                if index:
                    paragraphs.append([])
                paragraphs[-1].extend((word, style) for word in part.split(" ") if word)
        return paragraphs

    def wrap(self, runs: list[Run], width: float, size: float) -> list[list[Word]]:
        """Lines of words that fit ``width``; a word wider than that is cut."""
        lines: list[list[Word]] = []
        for paragraph in self.words(runs):
            line: list[Word] = []
            used = 0.0
            for word, style in paragraph:
                while len(word) > 1 and self.width(word, style, size) > width:
                    cut = len(word) - 1
                    while cut > 1 and self.width(word[:cut], style, size) > width:
                        cut -= 1
                    if line:
                        lines.append(line)
                    lines.append([(word[:cut], style)])
                    line, used, word = [], 0.0, word[cut:]
                need = self.width(word, style, size)
                space = self.width(" ", line[-1][1], size) if line else 0.0
                if line and used + space + need > width:
                    lines.append(line)
                    line, used, space = [], 0.0, 0.0
                used += space + need
                line.append((word, style))
            lines.append(line)
        return lines

    def line_width(self, line: list[Word], size: float) -> float:
        spaces = sum(self.width(" ", style, size) for _, style in line[:-1])
        return sum(self.width(word, style, size) for word, style in line) + spaces

    def place(self, line: list[Word], x: float, top: float, size: float, height: float) -> None:
        """Draw one line of words with its top at ``top``."""
        if self.dry:
            return
        pdf = self.pdf
        # fpdf2's own placement of a line's baseline in a cell of this height
        baseline = top + 0.5 * height + 0.3 * size * 0.3528
        # One text operation per run of words in the same style (fpdf2 does no kerning,
        # so a run is exactly as wide as its words and spaces).
        runs: list[tuple[str, list[str]]] = []
        for word, style in line:
            if runs and runs[-1][0] == style:
                runs[-1][1].append(word)
            else:
                runs.append((style, [word]))
        for style, words in runs:
            pdf.set_font(FONT, style, size)
            text = " ".join(words)
            pdf.text(x, baseline, text)
            x += self.width(text + " ", style, size)

    def bottom(self) -> float:
        return self.pdf.h - self.pdf.b_margin

    def flow(self, runs: list[Run], *, x: float, size: float, color: tuple[int, int, int]) -> None:
        """Wrapped text from ``x`` to the right margin, continuing on new pages as needed."""
        pdf = self.pdf
        height = line_height(size)
        pdf.set_text_color(*color)
        for line in self.wrap(runs, pdf.w - pdf.r_margin - x, size):
            if pdf.get_y() + height > self.bottom():
                self.new_page()
            self.place(line, x, pdf.get_y(), size, height)
            pdf.set_y(pdf.get_y() + height)
        pdf.set_text_color(*INK)

    def room_for(self, height: float) -> None:
        """A new page unless ``height`` still fits on this one."""
        if self.pdf.get_y() + height > self.bottom():
            self.new_page()

    def gap(self, height: float) -> None:
        self.pdf.set_y(self.pdf.get_y() + height)

    # --- blocks -------------------------------------------------------------------------

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, Facts):
            self.grid(None, block.rows, (0.31, 0.69), size=BODY, bold_first=True, pad_y=0.4)
        elif isinstance(block, Table):
            self.grid(block.headers, block.rows, block.widths, size=TABLE, right=block.right)
        elif isinstance(block, Items):
            self.items(block)
        elif isinstance(block, WeeklyChart):
            self.chart(block)
        elif isinstance(block, RatingsChart):
            self.ratings_chart(block)
        elif isinstance(block, PageBreak):
            # The details start on a new page, unless page 1 already ran over onto page 2.
            if self.pdf.page_no() == 1:
                self.new_page()
        else:
            raise TypeError(f"unknown block {block!r}")

    def heading(self, heading: Heading) -> None:
        pdf = self.pdf
        size = SIZES.get(heading.level, BODY)
        before = {1: 0.0, 2: 2.5, 3: 2.0}.get(heading.level, 2.0)
        at_top = pdf.get_y() <= TOP + 1
        # A heading stays with the start of what follows it.
        if not at_top and pdf.get_y() + before + line_height(size) + 14 > self.bottom():
            self.new_page()
        elif not at_top:
            self.gap(before)
        self.flow([(heading.text, "B")], x=pdf.l_margin, size=size, color=INK)
        if heading.level == 2:
            if not self.dry:
                pdf.set_draw_color(*RULE)
                pdf.set_line_width(0.3)
                y = pdf.get_y() + 0.4
                pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            self.gap(1.4)
        else:
            self.gap(0.6)

    def paragraph(self, paragraph: Paragraph) -> None:
        runs: list[Run] = [(paragraph.lead, "B")] if paragraph.lead else []
        runs.append((paragraph.text, ""))
        size = SMALL if paragraph.small else BODY
        self.flow(runs, x=self.pdf.l_margin, size=size, color=GREY if paragraph.small else INK)
        self.gap(0.6 if paragraph.small else 1.2)

    def items(self, block: Items) -> None:
        pdf = self.pdf
        margin = pdf.l_margin
        indent, detail_indent = 5.5, 3.5
        height = line_height(BODY)
        for number, item in enumerate(block.items, start=1):
            self.room_for(height * 2)
            marker = f"{number}." if block.numbered else "•"
            self.place([(marker, "B" if block.numbered else "")], margin, pdf.get_y(), BODY, height)
            runs: list[Run] = [(item.lead, "B")] if item.lead else []
            if item.text:
                runs.append((item.text, ""))
            self.flow(runs, x=margin + indent, size=BODY, color=INK)
            for detail in item.details:
                self.room_for(line_height(DETAIL))
                top = pdf.get_y()
                pdf.set_text_color(*GREY)
                self.place([("\u2013", "")], margin + indent, top, DETAIL, line_height(DETAIL))
                self.flow(
                    [(detail, "")], x=margin + indent + detail_indent, size=DETAIL, color=GREY
                )
            self.gap(0.9)
        self.gap(0.4)

    def cells(
        self,
        row: tuple[str, ...],
        widths: list[float],
        *,
        size: float,
        pad: float,
        header: bool,
        bold_first: bool,
        right: frozenset[int],
    ) -> list[_Cell]:
        out = []
        x = self.pdf.l_margin
        for index, text in enumerate(row):
            # A row shorter than the header ends with a cell spanning the remaining columns.
            span = len(widths) - index if index == len(row) - 1 else 1
            width = sum(widths[index : index + span])
            style = "B" if header or (bold_first and index == 0) else ""
            lines = self.wrap([(text, style)], width - 2 * pad, size)
            out.append(_Cell(x, width, lines, span == 1 and index in right))
            x += width
        return out

    def grid(
        self,
        headers: tuple[str, ...] | None,
        rows: tuple[tuple[str, ...], ...],
        shares: tuple[float, ...],
        *,
        size: float,
        right: frozenset[int] = frozenset(),
        bold_first: bool = False,
        pad_y: float = 0.55,
    ) -> None:
        """A table: cells wrap, a long row splits across pages, the header repeats."""
        pdf = self.pdf
        pad_x = 1.3
        height = line_height(size)
        widths = [share * pdf.epw for share in shares]
        full = sum(widths)

        def row_cells(row: tuple[str, ...], header: bool) -> list[_Cell]:
            return self.cells(
                row,
                widths,
                size=size,
                pad=pad_x,
                header=header,
                bold_first=bold_first,
                right=right,
            )

        def draw(
            cells: list[_Cell], first: int, count: int, fill: tuple[int, int, int] | None
        ) -> None:
            top, left = pdf.get_y(), pdf.l_margin
            box = count * height + 2 * pad_y
            if fill is not None and not self.dry:
                pdf.set_fill_color(*fill)
                pdf.rect(left, top, full, box, style="F")
            for cell in cells:
                for k, line in enumerate(cell.lines[first : first + count]):
                    if not line:
                        continue
                    offset = pad_x
                    if cell.right:
                        offset = cell.width - pad_x - self.line_width(line, size)
                    self.place(line, cell.x + offset, top + pad_y + k * height, size, height)
            if not self.dry:
                pdf.set_draw_color(*RULE)
                pdf.set_line_width(0.2)
                pdf.line(left, top + box, left + full, top + box)
            pdf.set_y(top + box)

        head = row_cells(headers, True) if headers else None
        head_lines = max(len(c.lines) for c in head) if head else 0

        def draw_head() -> None:
            if head:
                draw(head, 0, head_lines, HEAD_FILL)

        page_lines = int((self.bottom() - TOP - head_lines * height - 4 * pad_y) // height)
        # The header and two lines at least: never a lone header at the foot of a page.
        self.room_for(head_lines * height + 2 * height + 4 * pad_y)
        draw_head()
        for number, row in enumerate(rows):
            cells = row_cells(row, False)
            total = max(len(c.lines) for c in cells)
            first = 0
            while first < total:
                room = int((self.bottom() - pdf.get_y() - 2 * pad_y) // height)
                # A row that fits on a page moves whole to the next one; only a row
                # taller than a page (a very long note) is split.
                if room < min(total - first, page_lines):
                    self.new_page()
                    draw_head()
                    continue
                count = min(room, total - first)
                draw(cells, first, count, ZEBRA if number % 2 else None)
                first += count
        self.gap(1.5)

    def chart(self, chart: WeeklyChart) -> None:
        from painlog.render.charts import weekly_pain_png

        if chart.weeks:
            self.picture(weekly_pain_png, chart.weeks, chart.events, self.chart_share)

    def ratings_chart(self, chart: RatingsChart) -> None:
        from painlog.render.charts import weekly_ratings_png

        self.picture(weekly_ratings_png, chart.weeks, chart.events, RATINGS_SHARE)

    def picture(
        self, draw: Callable[..., bytes], weeks: list[Any], events: list[Any], share: float
    ) -> None:
        """A chart the full text width wide and ``share`` of it high, drawn only for real."""
        pdf = self.pdf
        width = pdf.epw
        height = width * share
        self.room_for(height)
        if not self.dry:
            png = draw(weeks, events=events, width_inches=width / 25.4, height_inches=height / 25.4)
            pdf.image(io.BytesIO(png), x=pdf.l_margin, y=pdf.get_y(), w=width, h=height)
        self.gap(height + 1)
