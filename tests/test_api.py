"""painlog as a library: the README's example runs, and Diary keeps the rules."""

from __future__ import annotations

import doctest
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from painlog import Diary
from painlog.errors import BadInput
from painlog.when import local_now

README = Path(__file__).resolve().parent.parent / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code = "\n".join(re.findall(r"```python\n(.*?)```", _section("Use from Python"), re.S))
    assert ">>>" in code
    test = doctest.DocTestParser().get_doctest(code, {}, "README", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 5 and result.failed == 0
    assert (tmp_path / "example-diary.db").stat().st_mode & 0o777 == 0o600


def test_each_method_is_one_transaction(tmp_path: Path) -> None:
    with Diary.open(tmp_path / "d.db") as diary:
        first = diary.log(pain=4, where=["neck"], at=local_now() - timedelta(hours=1))
        with pytest.raises(BadInput) as refused:
            diary.log(pain=5, where=["neck"], remedies=["no-such-remedy"])
        assert refused.value.field == "remedies"
        assert [e.id for e in diary.entries()] == [first.id]
        diary.delete(first.id)
        assert diary.entries() == []
        assert [e.id for e in diary.entries(deleted=True)] == [first.id]
        diary.restore(first.id)
        assert diary.entry(first.id).intensity == 4


def test_days_and_analysis(tmp_path: Path) -> None:
    today = local_now().date()
    with Diary.open(tmp_path / "d.db") as diary:
        for back in range(10):
            day = today - timedelta(days=back)
            diary.day(day, ratings={"average_pain": 3 + back % 3}, exposures=["heat"][: back % 2])
        assert [c.day for c in diary.checkins(start=today - timedelta(days=2))] == [
            today,
            today - timedelta(days=1),
            today - timedelta(days=2),
        ]
        weeks = diary.trends(weeks=2).weeks
        assert len(weeks) == 2
        (heat,) = diary.triggers().triggers
        assert heat.trigger == "heat"
        with pytest.raises(BadInput) as refused:
            diary.day(date(1850, 1, 1), ratings={"fatigue": 3})
        assert refused.value.field == "day"


def test_a_refusal_changes_nothing(tmp_path: Path) -> None:
    moment = datetime(2026, 11, 20, 21, 30).astimezone()
    with Diary.open(tmp_path / "d.db") as diary:
        entry = diary.log(pain=6, where=["hip"], remedies=["ibuprofen"], at=moment)
        with pytest.raises(BadInput) as refused:
            diary.relief(entry.id, remedy="ibuprofen", pain_after=2, at=moment - timedelta(hours=1))
        assert refused.value.field == "pain_after_at"
        assert diary.entry(entry.id).remedies[0].pain_after is None


def test_a_second_follow_up_is_replaced_only_when_asked(tmp_path: Path) -> None:
    moment = datetime(2026, 11, 20, 21, 30).astimezone()
    with Diary.open(tmp_path / "d.db") as diary:
        entry = diary.log(pain=6, where=["hip"], remedies=["ibuprofen"], at=moment)
        diary.relief(entry.id, remedy="ibuprofen", pain_after=4, at=moment + timedelta(hours=1))
        with pytest.raises(BadInput) as refused:
            diary.relief(entry.id, remedy="ibuprofen", pain_after=2, at=moment + timedelta(hours=2))
        assert refused.value.field == "replace"
        assert diary.entry(entry.id).remedies[0].pain_after == 4
        diary.relief(
            entry.id, remedy="ibuprofen", pain_after=2, at=moment + timedelta(hours=2), replace=True
        )
        assert diary.entry(entry.id).remedies[0].pain_after == 2
