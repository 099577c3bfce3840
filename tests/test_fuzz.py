"""painlog's own fuzz suite: hostile input for every command, import files and kills.

The contract, for whatever a person can type or feed in: painlog either does
the job (exit 0) or says in one line starting "painlog: " what was wrong, with
exit 1 or 2, never "unexpected problem" and never a traceback, and a refused
command leaves the diary exactly as it was. Commands that only read never
change it, and no temporary file stays behind.

``make test`` runs a few examples of each property (``PAINLOG_FUZZ_EXAMPLES``,
default 8, with fixed seeds); ``make fuzz`` runs many more with fresh seeds,
and more kill rounds (``PAINLOG_KILL_ROUNDS``). The number of cases tried and
held is printed at the end of the run (see ``pytest_terminal_summary`` in
conftest.py). The eight writers with a first-use upgrade are in
tests/test_attack_breaks.py (``PAINLOG_RACE_ROUNDS`` repeats them).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from painlog.cli import build_app
from painlog.cli.common import ROOT
from painlog.storage import migrate
from painlog.storage.revisions import revision_chain
from tests.conftest import FUZZ_HELD, FUZZ_TRIED, count_rows, painlog_process
from tests.exchange_helpers import synthetic_export

EXAMPLES = int(os.environ.get("PAINLOG_FUZZ_EXAMPLES", "8"))
KILL_ROUNDS = int(os.environ.get("PAINLOG_KILL_ROUNDS", "2"))
RANDOM = os.environ.get("PAINLOG_FUZZ_RANDOM") == "1"  # make fuzz: fresh seeds each run

TRIED, HELD = FUZZ_TRIED, FUZZ_HELD

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

READ_ONLY = {
    "list",
    "show",
    "days",
    "guide",
    "trends",
    "patterns",
    "triggers",
    "remedies",
    "report",
    "export",
    "history",
    "vocab list",
    "db path",
    "db current",
    "db check",
    "db backup",
    "serve",  # opens the diary, serves nothing in the fuzz (see below), changes nothing
}
SKIPPED_OPTIONS = {"--interactive", "--debug", "--help"}  # a prompt, a traceback: not input

# -- values a person might type ---------------------------------------------------------

ODD_TEXT = [
    "",
    " ",
    "\t",
    ",",
    ", ,",
    ":",
    "@",
    "::@@",
    "=cmd|' /C calc'!A0",
    "\u200b=1",
    "\uff1d1",
    "\udcff\udcfe",
    "\x00",
    "\n",
    "-",
    "--",
    "nan",
    "inf",
    "1e309",
    "0x10",
    "9" * 30,
    "-" + "9" * 30,
    "x" * 6000,
    "ä" * 300,
    "\U0001f600",
    "'; DROP TABLE entries; --",
]
WORDS = [
    "spasticity",
    "neuropathic",
    "nerve pain",
    "neck",
    "lower back",
    "leg,hip",
    "heat",
    "tight clothing",
    "stress",
    "baclofen",
    "baclofen:10 mg",
    "ibuprofen:400 mg@08:30",
    "stretching@yesterday 21:00",
    "burning",
    "tight",
    "note",
    "trigger",
    "remedy",
    "type",
    "quality",
    "duration",
    "therapy",
    "self-care",
    "trigger",
    "pain_type",
    "location",
]
NUMBERS = ["0", "1", "5", "10", "11", "-1", "5.5", "3/10", " 7 ", "99999999999999999999", "1e3"]
DAYS = [
    "2026-11-20",
    "today",
    "yesterday",
    "3 days ago",
    "monday",
    "sun",
    "9999-12-31",
    "0001-01-01",
    "1899-12-31",
    "2101-01-01",
    "2026-02-30",
    "2026-13-01",
    "999999 days ago",
]
TIMES = [
    "2026-11-20 21:30",
    "now",
    "21:30",
    "24:00",
    "02:30",
    "2026-03-29 02:30",
    "2026-10-25 02:30",
    "2h ago",
    "45 min ago",
    "999999 days ago",
    "2026-11-20T21:30+01:00",
    "2026-11-20T21:30+25:00",
    "today 14:00",
    "yesterday 99:99",
    "0001-01-01 00:00",
    "9999-12-31 23:59",
]

text = st.one_of(
    st.sampled_from(ODD_TEXT + WORDS),
    st.text(st.characters(blacklist_categories=()), max_size=40),  # surrogates included
)
number = st.one_of(st.sampled_from(NUMBERS), st.integers(-(10**25), 10**25).map(str), text)


def path_values(folder: Path, diary: Path) -> list[str]:
    return [
        str(diary),
        f"{diary}-wal",
        f"{diary}-shm",
        str(folder / "link.png"),
        str(folder / "pipe.pdf"),
        str(folder),
        str(folder / "existing.json"),
        str(folder / "out.json"),
        str(folder / "chart.png"),
        str(folder / "chart.svg"),
        str(folder / "summary.pdf"),
        str(folder / "summary.md"),
        str(folder / "data.csv"),
        str(folder / "backup.db"),
        str(folder / "no" / "such" / "folder" / "x.png"),
        str(folder / ("x" * 300 + ".png")),
        ":memory:",
        "/dev/null",
        "",
        " ",
        str(folder / "out.txt"),
        str(folder / "existing.json") + "/x.png",
    ]


def _value_for(name: str, kind: str, folder: Path, diary: Path) -> st.SearchStrategy[str]:
    paths = st.sampled_from(path_values(folder, diary))
    if name in ("--from", "--to", "--date", "--day"):
        return st.one_of(st.sampled_from(DAYS), text)
    if name in ("--at",):
        return st.one_of(st.sampled_from(TIMES), text)
    if name in ("--output", "--chart", "--db", "file", "path"):
        return st.one_of(paths, text) if name != "--db" else st.one_of(paths, st.just(str(diary)))
    if kind in ("integer", "integer range") or name in (
        "--pain",
        "--avg",
        "--worst",
        "--enjoyment",
        "--activity",
        "--sleep",
        "--fatigue",
        "--spasticity",
        "--pain-after",
        "--duration",
        "entry_id",
        "--to",
        "--limit",
        "--lag",
        "--weeks",
        "--entry",
    ):
        return number
    return st.one_of(st.sampled_from(WORDS), text)


def _commands() -> dict[str, Any]:
    """Every command of painlog's CLI, by its full name ("db backup")."""
    found: dict[str, Any] = {}

    def walk(command: Any, prefix: str) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            found[prefix] = command

    walk(typer.main.get_command(build_app()), "")
    return found


COMMANDS = _commands()


@st.composite
def invocation(draw: st.DrawFn, command: str, folder: Path, diary: Path) -> list[str]:
    """One command line: some of the command's options, each with an odd or a fair value."""
    args = command.split()
    for param in COMMANDS[command].params:
        opts = [o for o in param.opts if o.startswith("--")] or list(param.opts)
        name = opts[0] if param.param_type_name == "option" else param.name
        if name in SKIPPED_OPTIONS:
            continue
        if param.param_type_name == "argument":
            if draw(st.integers(0, 9)) == 0:
                continue  # now and then leave an argument out
            args.append(draw(_value_for(name, param.type.name, folder, diary)))
            continue
        if not draw(st.booleans()):
            continue
        if getattr(param, "is_flag", False):
            args.append(name)
            continue
        repeats = draw(st.integers(1, 3)) if getattr(param, "multiple", False) else 1
        for _ in range(repeats):
            args += [name, draw(_value_for(name, param.type.name, folder, diary))]
    return args


# -- the diary each example starts from -------------------------------------------------

_TEMPLATE: Path | None = None


def template() -> Path:
    """A small diary with entries, a check-in, own terms and history, built once."""
    global _TEMPLATE
    if _TEMPLATE is not None and _TEMPLATE.exists():
        return _TEMPLATE
    folder = Path(tempfile.mkdtemp(prefix="painlog-fuzz-"))
    path = folder / "diary.db"
    runner, app = CliRunner(), build_app()
    for args in (
        [
            "log",
            "-p",
            "6",
            "-t",
            "spasticity",
            "-w",
            "lower-back",
            "--trigger",
            "heat",
            "-r",
            "baclofen:10 mg",
            "--at",
            "2026-11-20 21:30",
            "--note",
            "evening",
        ],
        ["log", "-p", "3", "-w", "neck", "--at", "2026-11-21 08:00"],
        ["edit", "2", "--pain", "4"],
        ["day", "--date", "2026-11-20", "--avg", "4", "--exposure", "heat"],
        ["vocab", "add", "trigger", "cold shower"],
        ["delete", "2"],
    ):
        result = runner.invoke(app, ["--db", str(path), *args])
        assert result.exit_code == 0, result.output
    ROOT.db = None
    _TEMPLATE = path
    return path


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@contextmanager
def example_folder() -> Iterator[tuple[Path, Path]]:
    """A fresh folder with a copy of the template diary and the odd files the paths name."""
    with tempfile.TemporaryDirectory(prefix="painlog-fuzz-") as name:
        folder = Path(name)
        diary = folder / "diary.db"
        shutil.copyfile(template(), diary)
        diary.chmod(0o600)
        (folder / "existing.json").write_text("{}")
        (folder / "link.png").symlink_to(diary)
        os.mkfifo(folder / "pipe.pdf")
        yield folder, diary


def check_contract(
    label: str, result: Any, before: list[str], diary: Path, folder: Path, *, reads: bool
) -> None:
    TRIED[label] += 1
    code = result.exit_code
    stderr = result.stderr
    assert code in (0, 1, 2), (code, result.output, result.exception)
    assert "unexpected problem" not in stderr, stderr
    assert "Traceback" not in result.output, result.output
    if code != 0:
        lines = stderr.strip().splitlines()
        assert len(lines) >= 1 and lines[-1].startswith("painlog: "), stderr
        # One sentence; a note printed before it (an upgrade, a folder warning) is allowed.
        assert all(not line.startswith("painlog: ") for line in lines[:-1]), stderr
        assert dump(diary) == before, "a refused command changed the diary"
    elif reads:
        assert dump(diary) == before, "a command that only reads changed the diary"
    assert diary.is_file() and not diary.is_symlink()
    assert not [p.name for p in folder.iterdir() if "painlog-tmp" in p.name]
    HELD[label] += 1


def run_cli(args: list[str], folder: Path) -> Any:
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(folder)  # default output names land in the example's folder
    try:
        return runner.invoke(build_app(), args)
    finally:
        os.chdir(old)
        ROOT.db = None


# -- 1. every command's options ---------------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_option_of_every_command_keeps_the_contract(
    command: str, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if command == "serve":  # its options are checked; the server itself would never return
        import webbrowser

        import uvicorn

        monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)
        monkeypatch.setattr(webbrowser, "open", lambda url: True)

    @FUZZ
    @given(data=st.data())
    def prop(data: st.DataObject) -> None:
        with example_folder() as (folder, diary):
            monkeypatch.setenv("PAINLOG_DB", str(diary))
            args = data.draw(invocation(command, folder, diary))
            before = dump(diary)
            result = run_cli(args, folder)
            check_contract(
                f"options: {command}", result, before, diary, folder, reads=command in READ_ONLY
            )

    prop()


# -- 2. import formats ------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False),
        text,
        st.sampled_from(
            [
                "0001-01-01T00:30:00+01:00",
                "9999-12-31T23:30:00-01:00",
                "2026-03-29T02:30:00",
                "2026-11-20T21:30:00+01:00",
                "2026-11-20",
            ]
        ),
    ),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=12,
)


def _base_export() -> dict[str, Any]:
    export: dict[str, Any] = json.loads(synthetic_export(4))
    export["vocabulary"] = [
        {"kind": "trigger", "key": "cold-shower", "label": "cold shower", "aliases": ["cold water"]}
    ]
    export["checkins"] = [
        {
            "uid": "c1",
            "day": "2026-11-20",
            "average_pain": 4,
            "exposures": ["heat"],
            "remedies": [{"remedy": "baclofen", "dose": "10 mg"}],
            "note": "hot",
        }
    ]
    ordered = {k: export[k] for k in ("format", "format_version") if k in export}
    ordered.update({k: v for k, v in export.items() if k not in ordered})
    ordered["vocabulary"] = ordered.pop("vocabulary")
    ordered["checkins"] = ordered.pop("checkins")
    ordered["entries"] = ordered.pop("entries")
    return ordered


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


@st.composite
def hostile_export(draw: st.DrawFn) -> bytes:
    export = _base_export()
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(export) if p]
        where = draw(st.sampled_from(paths))
        parent = export
        for step in where[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if action == "replace":
            parent[where[-1]] = draw(json_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[where[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(text)] = draw(json_values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[where[-1]])))
    data = json.dumps(export, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    cut = draw(st.sampled_from(["none", "none", "truncate", "flip", "prefix"]))
    if cut == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif cut == "flip":
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    elif cut == "prefix":
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"[", b"  "])) + data
    return data


FLAREDOWN = (Path(__file__).parent / "data" / "flaredown-sample.csv").read_text()


@st.composite
def hostile_flaredown(draw: st.DrawFn) -> bytes:
    rows = [line.split(",") for line in FLAREDOWN.splitlines()]
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["cell", "drop column", "repeat column", "row", "cut"]))
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(rows[0]) - 1))
        if action == "cell" and column < len(rows[row]):
            rows[row][column] = draw(
                st.one_of(
                    text,
                    st.sampled_from(
                        ["", "9999-12-31", "0001-01-01", "-1", "4.5", "1e309", '"', "\u200b=1"]
                    ),
                )
            )
        elif action == "drop column":
            rows = [r[:column] + r[column + 1 :] for r in rows]
        elif action == "repeat column":
            rows = [[*r, r[column]] if column < len(r) else r for r in rows]
        elif action == "row":
            rows.insert(row, list(rows[row]))
        else:
            rows = rows[: row + 1]
    return "\n".join(",".join(r) for r in rows).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("fmt", ["painlog", "flaredown"])
def test_hostile_import_files_keep_the_contract(
    fmt: str, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    strategy = hostile_export() if fmt == "painlog" else hostile_flaredown()

    @FUZZ
    @given(content=strategy, user=st.sampled_from([None, "QEVuQwEAx7bQ1m0d3kP9rTz+Lw4sYg=="]))
    def prop(content: bytes, user: str | None) -> None:
        with example_folder() as (folder, diary):
            monkeypatch.setenv("PAINLOG_DB", str(diary))
            path = folder / ("in.json" if fmt == "painlog" else "in.csv")
            path.write_bytes(content)
            args = ["import", str(path), "--format", fmt]
            if fmt == "flaredown" and user:
                args += ["--user", user]
            before = dump(diary)
            result = run_cli(args, folder)
            for kept in folder.glob("diary-before-import-*"):
                kept.unlink()  # the safety copy of a successful import is meant to stay
            check_contract(f"import: {fmt}", result, before, diary, folder, reads=False)

    prop()


# -- 3. kills ---------------------------------------------------------------------------


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


_PREPARED: dict[str, Path] = {}


def _setup(operation: str, folder: Path) -> tuple[Path, list[str]]:
    """The diary (and the file) an operation starts from, made once and then copied."""
    if operation not in _PREPARED:
        made = Path(tempfile.mkdtemp(prefix=f"painlog-kill-{operation}-"))
        _prepare(operation, made)
        _PREPARED[operation] = made
    for path in _PREPARED[operation].iterdir():
        shutil.copyfile(path, folder / path.name)
        (folder / path.name).chmod(0o600)
    diary = folder / "diary.db"
    commands = {
        "log": ["log", "-p", "5", "-w", "neck", "--note", "killed?", "--quiet"],
        "edit": ["edit", "1", "--pain", "2", "--note", "edited", "--trigger", "stress"],
        "import": ["import", str(folder / "big.json")],
        "backup": ["db", "backup", str(folder / "bk.db")],
        "upgrade": ["db", "upgrade"],
    }
    return diary, commands[operation]


def _prepare(operation: str, folder: Path) -> None:
    diary = folder / "diary.db"
    if operation == "upgrade":
        diary.touch(mode=0o600)
        migrate.upgrade_to_head(diary, target=revision_chain().ordered[-2])
    else:
        shutil.copyfile(template(), diary)
        diary.chmod(0o600)
    if operation in ("import", "backup", "upgrade"):
        export = folder / "big.json"
        export.write_text(synthetic_export(6000))
        if operation != "import":
            if operation == "upgrade":  # rows in the old schema: the copy and the upgrade move them
                conn = sqlite3.connect(diary)
                conn.execute("CREATE TABLE filler (x BLOB)")
                conn.executemany("INSERT INTO filler VALUES (?)", [(b"x" * 4000,)] * 3000)
                conn.commit()
                conn.close()
            else:
                done = subprocess.run(
                    [sys.executable, "-m", "painlog", "import", str(export)],
                    env={**os.environ, "PAINLOG_DB": str(diary)},
                    capture_output=True,
                )
                assert done.returncode == 0, done.stderr
                for kept in folder.glob("diary-before-import-*"):
                    kept.unlink()
                export.unlink()


def _whole_or_absent(folder: Path, diary: Path) -> None:
    """Every diary-like file is a whole SQLite database; temporaries go on the next run."""
    for path in folder.iterdir():
        if path.name.startswith(".") or path.suffix != ".db" or path == diary:
            continue
        assert path.stat().st_size > 0, f"{path.name} is empty"
        assert _integrity(path) == "ok", path.name
    result = subprocess.run(
        [sys.executable, "-m", "painlog", "list", "--limit", "1"],
        env={**os.environ, "PAINLOG_DB": str(diary)},
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr
    assert not [p.name for p in folder.iterdir() if "painlog-tmp" in p.name]


@pytest.mark.slow
@pytest.mark.parametrize("operation", ["log", "edit", "import", "backup", "upgrade"])
def test_a_kill_at_any_moment_leaves_whole_files(operation: str, tmp_path: Path) -> None:
    rng = random.Random(None if RANDOM else f"kill-{operation}")
    folder = tmp_path / "timing"
    folder.mkdir()
    diary, args = _setup(operation, folder)
    started = time.monotonic()
    done = painlog_process(*args, db=diary)
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err.decode()
    duration = time.monotonic() - started
    for round_ in range(KILL_ROUNDS):
        folder = tmp_path / f"round-{round_}"
        folder.mkdir()
        diary, args = _setup(operation, folder)
        entries_before = count_rows(diary) if operation != "upgrade" else 0
        known = set(os.listdir(folder))
        process = painlog_process(*args, db=diary)
        if round_ % 2:  # at any moment of the run
            time.sleep(rng.uniform(0.1, 1.0) * duration)
        else:  # soon after the first new file appears: a copy, a temporary, the -wal
            deadline = time.monotonic() + duration * 2
            while process.poll() is None and time.monotonic() < deadline:
                if set(os.listdir(folder)) - known:
                    break
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        label = f"kill: {operation}"
        TRIED[label] += 1
        assert _integrity(diary) == "ok"
        if operation == "log":
            assert count_rows(diary) in (entries_before, entries_before + 1)
        if operation == "import":
            assert count_rows(diary) in (entries_before, entries_before + 6000)
        if operation == "backup" and (folder / "bk.db").exists():
            assert count_rows(folder / "bk.db") == entries_before
        _whole_or_absent(folder, diary)
        HELD[label] += 1
