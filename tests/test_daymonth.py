"""Numeric days in the person's order; an ambiguous one is refused with both readings."""

from __future__ import annotations

import json
from datetime import date

import pytest

from painlog.daymonth import order_of
from painlog.errors import BadInput
from painlog.when import parse_at, parse_day
from tests.conftest import CliRun

pytestmark = pytest.mark.usefixtures("fixed_wednesday")  # its days are written for that moment

TODAY = date(2026, 11, 25)


@pytest.fixture
def lang(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for var in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(var, raising=False)

    def set_lang(value: str) -> None:
        monkeypatch.setenv("LANG", value)

    return set_lang


@pytest.mark.parametrize(
    ("locale", "order"),
    [
        ("en_GB", "dm"),
        ("en_GB.UTF-8", "dm"),
        ("de_DE.UTF-8", "dm"),
        ("de", "dm"),
        ("en_US.UTF-8", "md"),
        ("en-us", "md"),
        ("fil_PH", "md"),
        ("en", None),
        ("C.UTF-8", None),
        ("POSIX", None),
        ("", None),
    ],
)
def test_the_order_a_locale_means(locale: str, order: str | None) -> None:
    assert order_of(locale) == order


@pytest.mark.parametrize(
    ("env", "text", "day"),
    [
        ("en_GB.UTF-8", "03/04", date(2026, 4, 3)),
        ("en_US.UTF-8", "03/04", date(2026, 3, 4)),
        ("de_DE.UTF-8", "3.4.2025", date(2025, 4, 3)),
        ("en_US.UTF-8", "4/3/25", date(2025, 4, 3)),
        ("en_GB.UTF-8", "30/11", date(2025, 11, 30)),  # without a year: the latest, not ahead
        ("C.UTF-8", "21/11", date(2026, 11, 21)),  # reads one way only
        ("C.UTF-8", "11/21", date(2026, 11, 21)),
        ("C.UTF-8", "04/04", date(2026, 4, 4)),  # both readings are the same day
    ],
)
def test_numeric_days_follow_the_environment(lang, env: str, text: str, day: date) -> None:  # type: ignore[no-untyped-def]
    lang(env)
    assert parse_day(text, today=TODAY) == day


def test_an_ambiguous_day_without_an_order_offers_both_readings(lang) -> None:  # type: ignore[no-untyped-def]
    lang("C.UTF-8")
    with pytest.raises(BadInput) as caught:
        parse_day("03/04", today=TODAY)
    assert caught.value.message == (
        '"03/04" could be 3 Apr 2026 or 4 Mar 2026; write 2026-04-03 or 2026-03-04, or say '
        "which comes first with painlog config set locale en_GB (day first) or en_US "
        "(month first)."
    )


def test_the_locale_setting_comes_before_the_environment(cli: CliRun, lang) -> None:  # type: ignore[no-untyped-def]
    lang("en_US.UTF-8")
    assert cli("config", "set", "locale", "en_GB").exit_code == 0
    result = cli("log", "5", "-w", "neck", "--at", "03/04 21:00", "-q", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["occurred_at"].startswith("2026-04-03T21:00")
    assert cli("config", "unset", "locale").exit_code == 0
    result = cli("log", "5", "-w", "neck", "--at", "03/04 21:00", "-q", "--json")
    assert json.loads(result.stdout)["occurred_at"].startswith("2026-03-04T21:00")


def test_a_spoken_time_with_a_numeric_day(lang) -> None:  # type: ignore[no-untyped-def]
    lang("en_GB.UTF-8")
    moment = parse_at("24/11 at 21:30")
    assert (moment.date(), moment.hour, moment.minute) == (date(2026, 11, 24), 21, 30)
    assert parse_at("24.11.2026 9pm").date() == date(2026, 11, 24)


@pytest.mark.parametrize("text", ["31/02", "13/13", "0/4", "3/4/123"])
def test_no_such_day_is_refused_as_unreadable(lang, text: str) -> None:  # type: ignore[no-untyped-def]
    lang("en_GB.UTF-8")
    with pytest.raises(BadInput) as caught:
        parse_day(text, today=TODAY)
    assert "is not a day painlog can read" in caught.value.message
