"""A wheel install works from any folder: reference/ and migrations/ ship inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_carries_its_data_and_runs_elsewhere(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("painlog-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "painlog/reference/vocabulary.toml" in names
    assert "painlog/reference/guidance.toml" in names
    assert "painlog/migrations/env.py" in names
    assert "painlog/web/templates/base.html" in names  # painlog serve's pages and style
    assert "painlog/web/static/painlog.css" in names
    assert any(n.startswith("painlog/migrations/versions/") and n.endswith(".py") for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "PAINLOG_DB": str(tmp_path / "w" / "d.db")}
    script = (
        "import painlog, painlog.resources as r; "
        "print(painlog.__file__); print(r.reference_dir()); print(r.migrations_dir())"
    )
    where = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert all(line.startswith(str(site)) for line in where), where

    def painlog(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "painlog", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert painlog("log", "--pain", "4", "--where", "lower-back", "--trigger", "heat").startswith(
        "Logged entry 1"
    )
    assert "Lower back" in painlog("list")
    library = subprocess.run(  # the library face, from the wheel, on the same diary
        [
            sys.executable,
            "-c",
            "from painlog import Diary\n"
            "with Diary.open() as diary:\n"
            "    print([(e.id, e.intensity, e.triggers) for e in diary.entries()])",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert library.returncode == 0, library.stderr
    assert library.stdout.strip() == "[(1, 4, ['heat'])]"
    assert "(head)" in painlog("db", "current")
