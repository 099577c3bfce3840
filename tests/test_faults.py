"""painlog under faults: killed in the middle of an import, and four writers at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CliRun, count_rows, painlog_process
from tests.exchange_helpers import synthetic_export

ENTRIES = 50_000


@pytest.mark.slow
def test_killed_in_the_middle_of_an_import_leaves_all_or_nothing(
    cli: CliRun, db_path: Path, tmp_path: Path
) -> None:
    assert cli("log", "--pain", "5", "--where", "neck", "--note", "before").exit_code == 0
    export = tmp_path / "big.json"
    export.write_text(synthetic_export(ENTRIES))
    wal = db_path.with_name(db_path.name + "-wal")

    process = painlog_process("import", str(export), db=db_path)
    deadline = time.monotonic() + 120
    # Rows spill into the write-ahead log while the one transaction is open:
    # a growing log means the import is under way and not yet committed.
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 4 << 20:
            break
        time.sleep(0.005)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    check = cli("db", "check")
    assert check.exit_code == 0, check.output
    entries, history = count_rows(db_path), count_rows(db_path, "history")
    assert (entries, history) == (1, 1), "a killed import must leave nothing behind"

    # The same file imports in full afterwards.
    again = painlog_process("import", str(export), db=db_path)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert f"{ENTRIES:,} added" in out.decode()
    assert count_rows(db_path) == ENTRIES + 1
    assert cli("db", "check").exit_code == 0


WORKER = """
import sys
from painlog.launch import main

worker, count = sys.argv[1], int(sys.argv[2])
failed = 0
for i in range(count):
    sys.argv = ["painlog", "log", "--pain", str(i % 11), "--where", "lower-back",
                "--trigger", "heat", "--note", f"worker {worker} entry {i}"]
    try:
        main()
    except SystemExit as exc:
        failed += exc.code not in (0, None)
print(failed)
"""


@pytest.mark.slow
def test_four_writers_at_once_lose_nothing(cli: CliRun, db_path: Path) -> None:
    """Four painlog processes log 100 entries each at the same time.

    Each process runs painlog's real entry point 100 times (a new engine,
    connection and transaction per command, as from the shell), which keeps
    the test to seconds where 400 interpreter starts would take a minute.
    """
    assert cli("days").exit_code == 0  # creates the diary before the race
    env = {**os.environ, "PAINLOG_DB": str(db_path)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(w), "100"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for w in range(4)
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err.decode()
        assert out.decode().split()[-1] == "0", err.decode()
    conn = sqlite3.connect(db_path)
    notes = sorted(row[0] for row in conn.execute("SELECT note FROM entries"))
    conn.close()
    assert notes == sorted(f"worker {w} entry {i}" for w in range(4) for i in range(100))
    assert count_rows(db_path, "history") == 400
    assert cli("db", "check").exit_code == 0
