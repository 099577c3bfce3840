"""painlog report: the summary's content, its PDF, Markdown and CSV, and its files."""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import stat
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from painlog.analysis.period import Period
from painlog.render.report_csv import DAY_COLUMNS, ENTRY_COLUMNS, neutralise
from painlog.render.report_doc import build_document, period_text
from painlog.render.report_md import escape, render_markdown
from painlog.services.report import Report, build_report
from painlog.storage.diary import diary_session, open_diary
from tests.conftest import CliRun
from tests.report_diary import PERIOD, QUESTIONS, TODAY, build_fixed_diary
from tests.wordsrule import load_fingerprints, overlaps

pytestmark = pytest.mark.clock

GOLDEN = Path(__file__).parent / "golden" / "report-fixed.md"
SPAN = ["--from", PERIOD.start.isoformat(), "--to", PERIOD.end.isoformat()]
HEAD = f"Pain summary, {period_text(PERIOD)}"


@pytest.fixture
def fixed(db_path: Path) -> Path:
    opened = open_diary(db_path)
    with diary_session(opened) as session:
        build_fixed_diary(session)
    opened.engine.dispose()
    return db_path


def fixed_report(db_path: Path, **options: object) -> Report:
    opened = open_diary(db_path, write=False)
    with diary_session(opened) as session:
        report = build_report(session=session, period=PERIOD, today=TODAY, **options)  # type: ignore[arg-type]
    opened.engine.dispose()
    return replace(report, version="TEST")  # the golden file outlives version numbers


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return result


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, with runs of whitespace (and no-break spaces) made one space."""
    return [
        " ".join((page.extract_text() or "").replace("\xa0", " ").split())
        for page in PdfReader(path).pages
    ]


# --- what the diary holds, computed here straight from SQLite --------------------------------


def diary_figures(db_path: Path) -> dict[str, object]:
    first, last = PERIOD.start.isoformat(), PERIOD.end.isoformat()
    conn = sqlite3.connect(db_path)
    try:
        entries = conn.execute(
            "SELECT day, intensity FROM entries WHERE deleted_at IS NULL AND day BETWEEN ? AND ?",
            (first, last),
        ).fetchall()
        checkins = conn.execute(
            "SELECT day, average_pain, worst_pain FROM day_checkins WHERE day BETWEEN ? AND ?",
            (first, last),
        ).fetchall()
    finally:
        conn.close()
    highest: dict[str, int] = {}
    for day, intensity in entries:
        highest[day] = max(highest.get(day, 0), intensity)
    average = {day: avg for day, avg, _ in checkins if avg is not None}
    worst = dict(highest)
    for day, avg, top in checkins:
        worst[day] = max(v for v in (worst.get(day), avg, top) if v is not None)
    days = sorted(set(highest) | {day for day, _, _ in checkins})
    daily = list(average.values())  # daily pain: the check-in's average, nothing else
    return {
        "entries": len(entries),
        "observed": len(days),
        "checkins": len(checkins),
        "mean_daily": sum(daily) / len(daily),
        "worst": max(worst.values()),
        "severe": sum(1 for v in worst.values() if v >= 7),
    }


# --- the content ----------------------------------------------------------------------------


def test_markdown_matches_the_golden_file(fixed: Path) -> None:
    text = render_markdown(build_document(fixed_report(fixed, questions=QUESTIONS)))
    if os.environ.get("PAINLOG_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "the summary changed; if that is intended, run PAINLOG_UPDATE_GOLDEN=1 pytest "
        "tests/test_report.py and review the diff of tests/golden/report-fixed.md"
    )


def test_guidance_in_the_summary_is_cited_or_marked_as_painlogs_own(fixed: Path) -> None:
    text = render_markdown(build_document(fixed_report(fixed)))
    assert "[]" not in text  # an empty citation would pass painlog's words off as an article's
    assert "[painlog's note, not from the articles]" in text
    heat = next(line for line in text.splitlines() if line.startswith("- **Extreme heat"))
    assert heat.endswith("[ms-back-pain]")  # the summary's own sources, not every statement's


def test_report_holds_the_diary_figures(fixed: Path) -> None:
    report = fixed_report(fixed)
    expected = diary_figures(fixed)
    o = report.overview
    assert o.period_days == 28
    assert o.entries == expected["entries"]
    assert o.observed_days == expected["observed"] == 28 - 3  # three days with nothing
    assert o.checkin_days == expected["checkins"]
    assert o.mean_daily_pain == pytest.approx(expected["mean_daily"])
    assert o.worst_pain == expected["worst"]
    assert o.severe_days == expected["severe"]
    assert o.peg_first is not None and o.peg_first.week_start == date(2025, 3, 3)
    assert o.peg_last is not None and o.peg_last.week_start == date(2025, 3, 24)
    assert len(report.days) == 28 and report.days[0].line.day == PERIOD.start
    assert {d.line.day for d in report.days if not d.line.observed} == {
        date(2025, 3, 12),
        date(2025, 3, 13),
        date(2025, 3, 22),
    }
    heat = next(t for t in report.triggers if t.key == "heat")
    # 19 check-in days: too few hot days at every lag for the model, and it says so.
    assert heat.association.status == "not-enough-data" and heat.association.difference is None
    assert heat.association.reason is not None and "at least 5" in heat.association.reason
    assert heat.days == 8  # the days named, as the topics list counts them
    stress = next(t for t in report.triggers if t.key == "stress")
    assert stress.association.status == "not-enough-data"  # 3 days: not enough data
    assert stress.association.reason is not None
    baclofen = next(r for r in report.remedies if r.key == "baclofen")
    # Both of 24 March's spasticity entries recorded the higher dose.
    assert dict(baclofen.doses) == {"10 mg": baclofen.response.uses - 2, "20 mg": 2}
    assert report.own_terms == ("Cold pack",)
    assert [e.intensity for e in report.episodes] == sorted(
        (e.intensity for e in report.episodes), reverse=True
    )
    kinds = [topic.kind for topic in report.topics]
    assert kinds == sorted(kinds, key=["pain_type", "trigger", "remedy"].index)
    assert any(t.summary.startswith("Extreme heat can worsen") for t in report.tensions)


def test_the_summary_follows_the_words_rule(fixed: Path) -> None:
    """painlog's own sentences in the summary copy no six-word run from an article."""
    _, fingerprints = load_fingerprints()
    report = fixed_report(fixed, questions=QUESTIONS)
    text = render_markdown(build_document(report))
    for source in report.sources:  # an article's title, cited as such, is no paraphrase
        text = text.replace(source.title, "")
    assert overlaps(text, fingerprints) == []


def test_a_period_without_pegs_or_triggers_says_so(cli: CliRun, here: Path) -> None:
    ok(cli("log", "-p", "4", "-w", "neck", "--at", "2025-03-04 10:00"))
    md = render_markdown(
        build_document(
            _report_for(Period(date(2025, 3, 3), date(2025, 3, 9)), today=date(2025, 3, 10))
        )
    )
    assert "not recorded (a day check-in with --avg, --enjoyment and --activity gives one)" in md
    assert "No triggers were recorded in this period." in md
    assert "No remedies were recorded in this period." in md
    assert "Days when pain reached 7+:** 0 of 1 observed days (0%)" in md


def _report_for(period: Period, today: date) -> Report:
    opened = open_diary(Path(os.environ["PAINLOG_DB"]), write=False)
    with diary_session(opened) as session:
        report = build_report(session=session, period=period, today=today)
    opened.engine.dispose()
    return report


# --- Markdown --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words, 4.5 and -1", "plain words, 4.5 and -1"),
        ("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"),
        ("a | b", "a \\| b"),
        ("[link](http://x)", "[link\\](http://x)"),
        ("<script>", "\\<script\\>"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_escapes_what_a_person_wrote(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_notes_and_questions_cannot_become_markup(cli: CliRun, here: Path) -> None:
    ok(cli("log", "-p", "8", "-w", "neck", "--at", "2025-03-04 10:00", "--note", "# | [x](y)"))
    questions = ["--question", "- is this a list?", "--question", "1. or this?"]
    ok(cli("report", "--from", "2025-03-03", "--to", "2025-03-09", "-o", "s.md", *questions))
    text = (here / "s.md").read_text(encoding="utf-8")
    assert "1. \\- is this a list?" in text
    assert "2. 1\\. or this?" in text
    assert "Note: # \\| [x\\](y)" in text


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_text_holds_the_figures_of_the_diary(cli: CliRun, fixed: Path, here: Path) -> None:
    args = ["report", *SPAN, "--question", QUESTIONS[0], "--question", QUESTIONS[1]]
    result = ok(cli(*args))
    path = here / f"painlog-summary-{PERIOD.start}-{PERIOD.end}.pdf"
    assert f"to {path}" in result.stdout
    pages = pdf_pages(path)
    first = pages[0]
    f = diary_figures(fixed)
    observed = f["observed"]
    assert isinstance(observed, int)
    for figure in (
        f"{observed} of 28 days ({observed / 28:.0%})",
        f"{f['checkins']} with a day check-in",
        f"{f['entries']} ({f['entries'] / observed:.1f} per observed day)",  # type: ignore[operator]
        f"{f['mean_daily']:.1f} out of 10",
        f"{f['worst']} out of 10",
        f"{f['severe']} of {observed} observed days",
        "Extreme heat",
        "10 mg (",
        "20 mg (2)",
        "400 mg (",
        QUESTIONS[0],
        QUESTIONS[1],
        "These are associations in this diary, not proof that a trigger causes pain.",
    ):
        assert figure in first, figure
    everything = " ".join(pages)
    for section in (
        "Most severe episodes",
        "Topics to discuss",
        "Where the articles pull two ways",
        "Back pain in MS: causes and treatment options",
        "How to read this summary",
        "Association is not causation.",
        "this summary is not medical advice",
        "Week by week",
        "Day by day",
        "Very bad evening; long walk home after the bus broke down, legs stiff.",
        "nothing recorded (2 days)",
    ):
        assert section in everything, section


def test_every_page_has_the_period_and_its_number(cli: CliRun, fixed: Path, here: Path) -> None:
    ok(cli("report", *SPAN, "-o", "s.pdf"))
    pages = pdf_pages(here / "s.pdf")
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert HEAD in text, number
        assert f"Page {number} of {len(pages)}" in text


def test_no_name_unless_asked(cli: CliRun, fixed: Path, here: Path) -> None:
    ok(cli("report", *SPAN, "-o", "anonymous.pdf"))
    ok(cli("report", *SPAN, "-o", "named.pdf", "--name", "Zoë Łukasz-Dupré"))
    anonymous = PdfReader(here / "anonymous.pdf")
    named = PdfReader(here / "named.pdf")
    assert "Zoë" not in " ".join(pdf_pages(here / "anonymous.pdf"))
    assert not (anonymous.metadata or {}).get("/Author")
    pages = pdf_pages(here / "named.pdf")
    assert all("Zoë Łukasz-Dupré" in text for text in pages)
    assert (named.metadata or {}).get("/Author") == "Zoë Łukasz-Dupré"


def test_letters_the_font_lacks_are_named_once(cli: CliRun, here: Path) -> None:
    ok(cli("log", "-p", "6", "-w", "neck", "--at", "2025-03-04 10:00", "--note", "腰痛 again"))
    week = ["--from", "2025-03-03", "--to", "2025-03-09"]
    result = ok(cli("report", *week, "-o", "s.pdf"))
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1  # fpdf2's own warning is not shown
    assert lines[0].startswith("Note: the PDF's font has no letters for 痛 腰;")
    ok(cli("report", *week, "-o", "s.md"))
    assert "腰痛 again" in (here / "s.md").read_text(encoding="utf-8")


def test_letter_paper_and_page_one_whole_on_both(cli: CliRun, fixed: Path, here: Path) -> None:
    asked = ["--question", QUESTIONS[0], "--question", QUESTIONS[1]]
    ok(cli("report", *SPAN, "-o", "a4.pdf", *asked))
    ok(cli("report", *SPAN, "-o", "letter.pdf", "--paper", "Letter", *asked))
    for name in ("a4.pdf", "letter.pdf"):
        pages = pdf_pages(here / name)
        assert "Under 3 follow-ups: not enough data." in pages[0], name  # page 1's end
        assert pages[1].split(HEAD, 1)[1].lstrip().startswith("Most severe episodes"), name
    a4 = PdfReader(here / "a4.pdf").pages[0].mediabox
    letter = PdfReader(here / "letter.pdf").pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


@pytest.mark.slow
def test_hundreds_of_entries_and_long_notes_lay_out(cli: CliRun, db_path: Path, here: Path) -> None:
    from painlog.simulate import record, simulate
    from painlog.when import local_now

    now = local_now()
    days = list(simulate(days=120, end=now.date(), entries_per_day=4.0, seed=11))
    opened = open_diary(db_path)
    with diary_session(opened) as session:
        entries, _ = record(session=session, days=days, now=now)
    opened.engine.dispose()
    assert entries >= 300
    long_note = " ".join(["a long day note that goes on and on"] * 120) + " " + "x" * 400
    yesterday = (now.date() - timedelta(days=1)).isoformat()
    ok(cli("day", "--date", yesterday, "--avg", "5", "--note", long_note))
    ok(cli("log", "-p", "10", "-w", "neck", "--note", long_note))
    start = (now.date() - timedelta(days=119)).isoformat()
    result = ok(cli("report", "--from", start, "-o", "long.pdf"))
    pages = pdf_pages(here / "long.pdf")
    assert f"({len(pages)} pages, A4)" in result.stdout
    assert len(pages) > 10
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    everything = " ".join(pages)
    # Wrapped, and whole (a page break may fall inside a few of the repeats).
    assert everything.count("a long day note that goes on and on") >= 2 * 120 - 10
    assert "x" * 40 in everything  # a word wider than the column is cut, not lost
    assert "Day by day" in everything


# --- CSV -------------------------------------------------------------------------------------


def test_csv_reads_back_with_pandas_to_the_same_rows(cli: CliRun, fixed: Path, here: Path) -> None:
    import pandas as pd

    result = ok(cli("report", *SPAN, "--format", "csv"))
    span = f"{PERIOD.start}-{PERIOD.end}"
    entries_path = here / f"painlog-entries-{span}.csv"
    days_path = here / f"painlog-days-{span}.csv"
    assert f"to {entries_path}" in result.stdout and f"to {days_path}" in result.stdout

    entries = pd.read_csv(entries_path, encoding="utf-8-sig")
    assert tuple(entries.columns) == ENTRY_COLUMNS
    conn = sqlite3.connect(fixed)
    rows = conn.execute(
        "SELECT id, day, intensity, duration_minutes, note FROM entries "
        "WHERE deleted_at IS NULL ORDER BY occurred_utc, id"
    ).fetchall()
    checkins = conn.execute(
        "SELECT day, average_pain, worst_pain, enjoyment, activity, note FROM day_checkins "
        "ORDER BY day"
    ).fetchall()
    conn.close()
    assert entries["entry_id"].tolist() == [r[0] for r in rows]
    assert entries["date"].tolist() == [r[1] for r in rows]
    assert entries["pain"].tolist() == [r[2] for r in rows]
    assert entries["duration_minutes"].tolist() == [r[3] for r in rows]
    notes = [None if pd.isna(note) else note for note in entries["note"]]
    assert notes == [neutralise(r[4]) for r in rows]
    assert entries["pain"].dtype.kind == "i"  # numbers stay numbers
    first_baclofen = entries[entries["remedies"].fillna("").str.startswith("Baclofen: 10 mg at")]
    assert not first_baclofen.empty
    assert set(entries["pain_type"].dropna()) == {"Spasticity", "Neuropathic (nerve) pain"}
    relief = r"^(Baclofen|Ibuprofen): pain \d+ at \d\d:\d\d"
    assert entries["relief"].dropna().str.match(relief).all()

    days = pd.read_csv(days_path, encoding="utf-8-sig")
    assert tuple(days.columns) == DAY_COLUMNS
    assert days["date"].tolist() == [c[0] for c in checkins]
    assert days["average_pain"].tolist() == [c[1] for c in checkins]
    with_peg = days.dropna(subset=["peg"])
    parts = with_peg["average_pain"] + with_peg["enjoyment"] + with_peg["activity"]
    assert (with_peg["peg"] == (parts / 3).round(1)).all()


def test_csv_with_o_names_the_second_file_beside_the_first(
    cli: CliRun, fixed: Path, here: Path
) -> None:
    result = ok(cli("report", *SPAN, "-o", "visit.csv"))
    assert (here / "visit.csv").exists() and (here / "visit-days.csv").exists()
    assert "day check-ins to" in result.stdout
    raw = (here / "visit.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    assert b"\r\n" in raw


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1 more", "'+1 more"),
        ("-2 after rest", "'-2 after rest"),
        ("@mention", "'@mention"),
        ("  =1+1", "'  =1+1"),
        ("\t=1+1", "'\t=1+1"),
        ("\n@x", "'\n@x"),
        ("\tplain", "'\tplain"),
        ("\rplain", "'\rplain"),
        ("plain, with = inside", "plain, with = inside"),
        ("2025-03-04", "2025-03-04"),
        ("", ""),
        (-1, -1),
        (-2.5, -2.5),
        (0, 0),
        (None, None),
    ],
)
def test_formula_cells_are_neutralised_and_numbers_kept(value: object, safe: object) -> None:
    assert neutralise(value) == safe  # type: ignore[arg-type]


def test_a_formula_note_reaches_the_csv_neutralised(cli: CliRun, fixed: Path, here: Path) -> None:
    ok(cli("report", *SPAN, "-o", "x.csv"))
    with (here / "x.csv").open(encoding="utf-8-sig", newline="") as handle:
        notes = [row["note"] for row in csv.DictReader(handle)]
    assert "'=SUM(A1:A2) is what the neighbour's spreadsheet said" in notes
    assert not any(note.startswith(("=", "+", "-", "@")) for note in notes)


# --- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "md", "csv"])
def test_files_are_readable_by_their_owner_only(
    cli: CliRun, fixed: Path, here: Path, fmt: str
) -> None:
    ok(cli("report", *SPAN, "--format", fmt))
    written = sorted(here.iterdir())
    assert len(written) == (3 if fmt == "csv" else 1)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_existing_file_needs_force(cli: CliRun, fixed: Path, here: Path) -> None:
    target = here / "s.pdf"
    target.write_text("an older summary")
    result = cli("report", *SPAN, "-o", "s.pdf")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "painlog: s.pdf already exists; add --force to replace it, or choose another -o."
    ]
    assert target.read_text() == "an older summary"
    ok(cli("report", *SPAN, "-o", "s.pdf", "--force"))
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in here.iterdir()) == ["s.pdf"]  # no temporary file left


def test_an_existing_days_file_stops_the_csv_too(cli: CliRun, fixed: Path, here: Path) -> None:
    (here / "v-days.csv").write_text("keep me")
    result = cli("report", *SPAN, "-o", "v.csv")
    assert result.exit_code == 2
    assert not (here / "v.csv").exists()
    assert (here / "v-days.csv").read_text() == "keep me"


def test_the_diary_is_never_overwritten(cli: CliRun, fixed: Path, here: Path) -> None:
    before = fixed.read_bytes()
    result = cli("report", *SPAN, "-o", str(fixed), "--format", "pdf", "--force")
    assert result.exit_code == 2
    assert f"{fixed} is your diary" in result.stderr
    assert fixed.read_bytes() == before


def test_o_may_name_a_folder(cli: CliRun, fixed: Path, here: Path) -> None:
    (here / "out").mkdir()
    ok(cli("report", *SPAN, "-o", "out", "--format", "md"))
    assert [p.name for p in (here / "out").iterdir()] == [
        f"painlog-summary-{PERIOD.start}-{PERIOD.end}.md"
    ]


def test_the_ending_of_o_picks_the_format(cli: CliRun, fixed: Path, here: Path) -> None:
    result = ok(cli("report", *SPAN, "-o", "visit.md"))
    assert "(Markdown)" in result.stdout
    assert (here / "visit.md").read_text(encoding="utf-8").startswith("# Pain summary")


def test_default_period_is_the_last_twelve_weeks(cli: CliRun, db_path: Path, here: Path) -> None:
    ok(cli("log", "-p", "5", "-w", "neck"))
    result = ok(cli("report"))
    written = list(here.iterdir())
    assert len(written) == 1
    day = r"(\d{4}-\d\d-\d\d)"
    match = re.fullmatch(rf"painlog-summary-{day}-{day}\.pdf", written[0].name)
    assert match is not None
    start, end = (date.fromisoformat(d) for d in match.groups())
    assert start.weekday() == 0 and (end - start).days // 7 == 11
    assert "Wrote the summary (" in result.stdout and str(written[0]) in result.stdout


def test_a_period_with_nothing_recorded_writes_no_file(
    cli: CliRun, fixed: Path, here: Path
) -> None:
    for fmt in ("pdf", "md", "csv"):
        result = ok(cli("report", "--from", "2024-01-01", "--to", "2024-01-31", "--format", fmt))
        assert "No observed days from 2024-01-01 to 2024-01-31" in result.stdout
        assert "No file written." in result.stdout
    assert list(here.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "2025-03-30", "--to", "2025-03-03"],
            "--from: The first day, 2025-03-30, is after the last day",
        ),
        (["--format", "docx"], '--format must be pdf, md or csv, not "docx".'),
        (["--paper", "a3"], '--paper must be a4 or letter, not "a3".'),
        (["-o", "no-such-folder/s.pdf"], "The folder no-such-folder does not exist"),
        (["--question", "  "], "--question: A question is empty"),
        (["--name", ""], "--name: The name is empty"),
        (["-o", "s.md", "--format", "pdf"], "-o s.md ends in .md but --format is pdf"),
        (["--weeks", "0"], "--weeks: The number of weeks must be 1 or more"),
        (
            ["--weeks", "4", "--from", "2025-03-03"],
            "--weeks: Give either a number of weeks or a first and last day",
        ),
    ],
)
def test_bad_options_write_nothing(
    cli: CliRun, fixed: Path, here: Path, args: list[str], message: str
) -> None:
    result = cli("report", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("painlog: ")
    assert message in lines[0]
    assert list(here.iterdir()) == []


def test_help_has_an_example(cli: CliRun) -> None:
    result = ok(cli("report", "--help"))
    assert "Example: painlog report" in result.stdout


def test_csv_entries_match_the_journal_fields(cli: CliRun, fixed: Path, here: Path) -> None:
    ok(cli("report", *SPAN, "-o", "e.csv"))
    with (here / "e.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    entry = json.loads(ok(cli("show", rows[0]["entry_id"], "--json")).stdout)
    assert rows[0]["occurred_at"] == entry["occurred_at"]
    assert rows[0]["time"] == entry["occurred_at"][11:16]
    assert rows[0]["locations"] == "Lower back"


def test_remedies_recorded_for_a_whole_day_count_as_uses(cli: CliRun, here: Path) -> None:
    """Flaredown treatments are day remedies: the analysis, the summary and the CSV show them."""
    import pandas as pd

    sample = Path(__file__).parent / "data" / "flaredown-sample.csv"
    ok(cli("import", str(sample), "--format", "flaredown", "--user", "QEVuQwEAx7"))
    remedies = json.loads(ok(cli("remedies", "--json")).stdout)
    baclofen = next(r for r in remedies if r["remedy"] == "baclofen")
    assert (baclofen["uses"], baclofen["followed_up"], baclofen["status"]) == (
        5,
        0,
        "not-enough-data",
    )
    ok(cli("report", "--from", "2017-03-01", "--to", "2017-03-31", "-o", "fd.md"))
    summary = (here / "fd.md").read_text(encoding="utf-8")
    assert "| Baclofen | 10.0 mg (4), 3 x 5mg (1) | 5 | 0 |" in summary
    ok(cli("report", "--from", "2017-03-01", "--to", "2017-03-31", "--format", "csv"))
    [days_file] = here.glob("painlog-days-*.csv")
    days = pd.read_csv(days_file, encoding="utf-8-sig")
    third = days[days["date"] == "2017-03-03"]["day_remedies"].item()
    assert third == "Baclofen: 3 x 5mg; Ibuprofen: 400.0 mg; Physical therapy"


def test_deleted_entries_are_nowhere_in_the_summary(cli: CliRun, here: Path) -> None:
    import pandas as pd

    ok(cli("log", "-p", "5", "-w", "neck", "--at", "2026-06-01 10:00", "--quiet"))
    ok(cli("log", "-p", "10", "-w", "neck", "--at", "2026-06-02 10:00", "--remedy",
           "naproxen:999 mg", "--note", "SECRET deleted note", "--quiet"))  # fmt: skip
    ok(cli("delete", "2"))
    span = ("--from", "2026-06-01", "--to", "2026-06-07")
    ok(cli("report", *span, "-o", "s.md"))
    summary = (here / "s.md").read_text(encoding="utf-8")
    assert "SECRET" not in summary and "999 mg" not in summary and "Naproxen" not in summary
    assert "10 out of 10" not in summary
    ok(cli("report", *span, "--format", "csv"))
    [entries_file] = here.glob("painlog-entries-*.csv")
    entries = pd.read_csv(entries_file, encoding="utf-8-sig")
    assert entries["entry_id"].tolist() == [1]


def test_a_long_name_is_shortened_in_the_running_head(cli: CliRun, fixed: Path, here: Path) -> None:
    name = "Alexandra " * 19 + "Final"  # 195 characters
    ok(cli("report", *SPAN, "--name", name, "-o", "named.pdf"))
    heads = [page.extract_text().splitlines()[0] for page in PdfReader(here / "named.pdf").pages]
    assert all("…" in head and "Final" not in head for head in heads)
    assert all(head.startswith("Pain summary") for head in heads)


def test_doses_kept_in_older_spellings_are_counted_as_one(cli: CliRun, db_path: Path) -> None:
    for at in ("2026-11-20 21:00", "2026-11-21 21:00", "2026-11-22 21:00"):
        ok(cli("log", "6", "-w", "neck", "-r", "baclofen:10 mg", "--at", at, "-q"))
    conn = sqlite3.connect(db_path)  # as a diary kept before doses were written one way
    with conn:
        conn.execute("UPDATE remedy_attempts SET dose = '10mg' WHERE entry_id = 1")
        conn.execute("UPDATE remedy_attempts SET dose = '10 MG' WHERE entry_id = 2")
    conn.close()
    report = _report_for(Period(date(2026, 11, 16), date(2026, 11, 22)), today=date(2026, 11, 23))
    (baclofen,) = report.remedies
    assert dict(baclofen.doses) == {"10 mg": 3}
