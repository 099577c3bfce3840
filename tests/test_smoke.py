from __future__ import annotations

import json

from tests.conftest import CliRun


def test_log_then_show_round_trip(cli: CliRun) -> None:
    logged = cli(
        "log",
        "--pain",
        "7",
        "--where",
        "lower-back",
        "--trigger",
        "heat",
        "--at",
        "yesterday 21:30",
    )
    assert logged.exit_code == 0, logged.output
    assert logged.output.startswith("Logged entry 1:")
    shown = cli("show", "1", "--json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["intensity"] == 7
    assert data["triggers"] == ["heat"]
