"""Shell completion: the scripts, and the fast path a Tab runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from painlog.complete import SCRIPTS, candidates
from tests.conftest import CliRun


def test_vocabulary_names_after_their_options() -> None:
    assert candidates(["log", "--trigger", "h"]) == ["heat", "humidity"]
    assert candidates(["log", "-T", "heat,s"]) == ["heat,sudden-movement", "heat,stress"]
    assert candidates(["log", "--trigger=ti"]) == ["--trigger=tight-clothing"]
    assert candidates(["edit", "3", "--add-remedy", "bac"]) == ["baclofen"]
    assert candidates(["log", "-t", "spa"]) == ["spasticity"]
    assert candidates(["log", "-w", "lower"]) == ["lower-back"]
    assert candidates(["log", "-Q", "sta"]) == ["stabbing"]
    assert candidates(["day", "-e", "hum"]) == ["humidity"]
    assert candidates(["config", "set", "where", "hi"]) == ["hip"]
    assert candidates(["guide", "-e", "1"]) == []  # guide's -e is an entry id


def test_commands_and_options() -> None:
    assert candidates(["we"]) == ["week"]
    assert "undo" in candidates([""])
    assert candidates(["log", "--tr"]) == ["--trigger"]
    assert "--pain-after" in candidates(["relief", "--p"])


def test_your_own_terms_are_completed_too(cli: CliRun, db_path: Path) -> None:
    assert cli("vocab", "add", "trigger", "tight jeans").exit_code == 0
    assert candidates(["log", "--trigger", "tight"]) == ["tight-clothing", "tight-jeans"]
    other = db_path.parent / "other.db"
    assert candidates(["--db", str(other), "log", "--trigger", "tight"]) == ["tight-clothing"]
    assert candidates(["--db", str(other), "lo"]) == ["log"]  # the path is not the command


def _run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PAINLOG_DB": str(db)}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(args, capture_output=True, text=True, env=env, check=False)


def test_a_tab_loads_nothing_heavy(db_path: Path) -> None:
    probe = (
        "import sys; sys.argv = ['painlog', '__complete', 'log', '--trigger', 'h']\n"
        "from painlog.launch import main\nmain()\n"
        "heavy = [m for m in ('typer', 'sqlalchemy', 'pandas', 'numpy', 'alembic', 'rich')"
        " if m in sys.modules]\nprint('HEAVY', heavy)"
    )
    done = _run(sys.executable, "-c", probe, db=db_path)
    assert done.stdout.splitlines() == ["heat", "humidity", "HEAVY []"]


def test_bash_completes_through_the_script(db_path: Path) -> None:
    script = _run("painlog", "completion", "bash", db=db_path).stdout
    assert script == SCRIPTS["bash"]
    done = _run(
        "bash",
        "-c",
        f"{script}\nCOMP_WORDS=(painlog log -T he); COMP_CWORD=3; _painlog_complete; "
        'printf "%s\\n" "${COMPREPLY[@]}"; complete -p painlog',
        db=db_path,
    )
    assert done.stdout.splitlines() == ["heat", "complete -o default -F _painlog_complete painlog"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_call_the_fast_path(cli: CliRun, shell: str) -> None:
    out = cli("completion", shell).stdout
    assert out == SCRIPTS[shell]
    assert "painlog __complete" in out


# The two shells may be missing where the tests run (apt-get install zsh fish); bash never is.
@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completes_through_the_script(db_path: Path) -> None:
    done = _run(
        "zsh",
        "-f",
        "-c",
        'compdef() { : }; eval "$(painlog completion zsh)"; '
        'compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -l -- "$@"; }; '
        "words=(painlog log --trigger hu); CURRENT=4; _painlog",
        db=db_path,
    )
    assert done.stdout.splitlines() == ["humidity"], done.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_through_the_script(db_path: Path) -> None:
    done = _run(
        "fish",
        "-c",
        'painlog completion fish | source; complete -C "painlog log --remedy bacl"',
        db=db_path,
    )
    assert done.stdout.splitlines() == ["baclofen"], done.stderr
