"""The Report page: the summary and the CSV files as painlog report makes them, downloaded."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

from tests.conftest import CliRun, dump
from tests.web_helpers import error_beside
from tests.web_seed import END, START, seeded, seeded_template

__all__ = ["seeded", "seeded_template"]  # fixtures

PERIOD = f"weeks=days&from={START}&to={END}"
CLI_PERIOD = ("--from", str(START), "--to", str(END))
SPAN = f"{START}-{END}"


def _download(web: TestClient, query: str) -> tuple[bytes, str]:
    answer = web.get(f"/report/download?{query}")
    assert answer.status_code == 200, answer.text[:500]
    disposition = answer.headers["content-disposition"]
    found = re.fullmatch(r'attachment; filename="([^"]+)"', disposition)
    assert found, disposition
    return answer.content, found.group(1)


def test_the_pdf_summary_with_a_name_and_a_question(web: TestClient, seeded: Path) -> None:
    data, name = _download(
        web, f"format=pdf&{PERIOD}&name=Ada+Example&questions=Could+the+heat+be+it%3F&paper=a4"
    )
    assert name == f"painlog-summary-{SPAN}.pdf"
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    for words in ("Ada Example", "Could the heat be it?", "3 Aug 2026", "22 Nov 2026"):
        assert words in text
    width = float(reader.pages[0].mediabox.width)
    assert round(width) == 595  # A4


def test_markdown_and_csv_are_the_files_painlog_report_writes(
    web: TestClient, seeded: Path, cli: CliRun, tmp_path: Path
) -> None:
    out = tmp_path / "cli"
    out.mkdir()
    assert cli("report", *CLI_PERIOD, "--format", "md", "-o", str(out)).exit_code == 0
    assert cli("report", *CLI_PERIOD, "--format", "csv", "-o", str(out)).exit_code == 0
    for fmt, file in (
        ("md", f"painlog-summary-{SPAN}.md"),
        ("entries", f"painlog-entries-{SPAN}.csv"),
        ("days", f"painlog-days-{SPAN}.csv"),
        ("events", f"painlog-events-{SPAN}.csv"),
    ):
        data, name = _download(web, f"format={fmt}&{PERIOD}")
        assert name == file
        assert data == (out / file).read_bytes(), fmt
    assert len((out / f"painlog-entries-{SPAN}.csv").read_text().splitlines()) > 200


def test_since_the_last_visit(web: TestClient, seeded: Path, cli: CliRun, tmp_path: Path) -> None:
    page = web.get("/report").text
    assert "Since your last visit (Mon 28 Sep 2026)" in page
    target = tmp_path / "since.md"
    assert cli("report", "--since-visit", "-o", str(target)).exit_code == 0
    data, name = _download(web, "format=md&weeks=visit")
    assert name.startswith("painlog-summary-2026-09-28-")
    assert data == target.read_bytes()


def test_no_visit_recorded_offers_no_since_visit(web: TestClient) -> None:
    assert "Since your last visit" not in web.get("/report").text
    answer = web.get("/report/download?format=pdf&weeks=visit")
    assert answer.status_code == 400
    assert "No visit is recorded yet" in answer.text
    assert "content-disposition" not in answer.headers


def test_nothing_recorded_in_the_period_makes_no_file(web: TestClient, seeded: Path) -> None:
    answer = web.get("/report/download?format=pdf&weeks=days&from=2020-01-01&to=2020-02-01")
    assert answer.status_code == 200
    assert "content-disposition" not in answer.headers
    assert "No observed days from 2020-01-01 to 2020-02-01" in answer.text
    assert "No file made." in answer.text


BAD = [
    ("format=pdf&paper=b5", "paper", "The paper must be A4 or Letter."),
    ("format=pdf&weeks=0", "weeks", 'not "0"'),
    ("format=pdf&weeks=days&from=2026-12-40", "from", "is not a day painlog can read"),
    ("format=pdf&name=" + "x" * 201, "name", "The name is longer than 200 characters."),
    ("format=pdf&questions=" + "why+" * 300, "questions", "keep each one under 1000"),
    ("format=zip", "form", 'Choose one of the download buttons (PDF, Markdown or CSV), not "zip".'),
]


@pytest.mark.parametrize(("query", "field", "sentence"), BAD)
def test_a_bad_value_gives_the_form_again_with_its_sentence(
    web: TestClient, seeded: Path, query: str, field: str, sentence: str
) -> None:
    before = dump(seeded)
    answer = web.get(f"/report/download?{query}")
    assert answer.status_code == 400
    assert "content-disposition" not in answer.headers
    if field == "form":
        assert sentence in answer.text.replace("&#34;", '"')
    else:
        assert sentence in error_beside(answer.text, field)
    assert dump(seeded) == before
