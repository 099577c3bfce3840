"""make demo keeps working: it records a diary through the commands and shows it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from painlog import demo

pytestmark = pytest.mark.clock


def test_demo_builds_its_own_diary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.db"
    monkeypatch.setenv("PAINLOG_DB", str(real))
    monkeypatch.chdir(tmp_path)
    demo.main()
    out = capsys.readouterr().out
    assert "Recorded" in out and "entries" in out
    assert "$ painlog list --limit 8" in out
    assert (tmp_path / "demo" / "painlog-demo.db").exists()
    summaries = list((tmp_path / "demo").glob("painlog-summary-*.pdf"))
    assert len(summaries) == 1
    assert out.rstrip().endswith(f"to {summaries[0].resolve()}")  # the demo ends with its path
    assert not real.exists()  # the person's diary is never touched
    assert os.environ["PAINLOG_DB"] == str(real)  # and the setting is given back
