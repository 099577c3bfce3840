"""Two painlog processes writing at once both succeed (busy timeout, BEGIN IMMEDIATE)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliRun

pytestmark = pytest.mark.clock

WRITER = """
import subprocess, sys
for i in range({count}):
    done = subprocess.run(
        [sys.executable, "-m", "painlog", "log", "--pain", str(i % 11), "--where", "neck",
         "--note", "writer {name} entry " + str(i)],
        capture_output=True, text=True)
    if done.returncode != 0:
        print("FAILED", done.stderr)
        sys.exit(1)
"""


def test_two_processes_logging_at_once(cli: CliRun, db_path: Path) -> None:
    assert cli("day", "--avg", "3").exit_code == 0  # the diary exists before the race
    count = 15
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER.format(count=count, name=name)],
            text=True,
            stdout=subprocess.PIPE,
        )
        for name in ("a", "b")
    ]
    outputs = [w.communicate(timeout=300)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    notes = [e["note"] for e in json.loads(cli("list", "--json", "--limit", "0").stdout)]
    assert len(notes) == 2 * count
    assert {n.split()[1] for n in notes} == {"a", "b"}
