"""The commands that keep data safe explain themselves, with an example."""

from __future__ import annotations

from tests.conftest import CliRun


def test_history_of_an_entry_that_does_not_exist(cli: CliRun) -> None:
    result = cli("history", "3")
    assert result.exit_code == 2
    assert "There is no entry 3" in result.stderr


def test_the_logging_path_does_not_load_the_import_machinery() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from painlog.cli import build_app\n"
        "build_app('log')\n"
        "import painlog.services.entries\n"
        "loaded = [m for m in ('painlog.services.exchange', 'painlog.jsonstream',"
        " 'painlog.services.flaredown', 'alembic') if m in sys.modules]\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
