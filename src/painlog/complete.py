"""Shell completion's fast path: ``painlog __complete WORD...`` prints the candidates.

The scripts ``painlog completion bash|zsh|fish`` prints call this on every Tab,
so it answers without Typer, SQLAlchemy or anything heavy: command names from
a list, vocabulary names from the shipped ``vocabulary.json`` plus the
person's own terms read from the diary with ``sqlite3``, read-only. Option
names for a command come from the command itself (that costs Typer's import,
but nothing is looked up in the diary).
"""

from __future__ import annotations

import json
import os
import sys

TYPE_CHECKING = False  # not typing's: see painlog/__init__.py
if TYPE_CHECKING:
    from collections.abc import Sequence

# The options whose values are vocabulary names, and the kind of name.
VALUE_KINDS = {
    "--type": "pain_type",
    "-t": "pain_type",
    "--where": "location",
    "-w": "location",
    "--add-where": "location",
    "--remove-where": "location",
    "--quality": "quality",
    "-Q": "quality",
    "--add-quality": "quality",
    "--remove-quality": "quality",
    "--trigger": "trigger",
    "-T": "trigger",
    "--add-trigger": "trigger",
    "--remove-trigger": "trigger",
    "--exposure": "trigger",
    "--remove-exposure": "trigger",
    "--remedy": "remedy",
    "-r": "remedy",
    "--add-remedy": "remedy",
    "--remove-remedy": "remedy",
}
# Options only some commands give a name with (guide -e takes an entry id).
COMMAND_VALUE_KINDS = {"day": {"-e": "trigger"}}
CONFIG_KINDS = {"where": "location", "type": "pain_type"}


def _builtin_keys(kind: str) -> list[str]:
    # Where painlog.resources looks (in the package, else at the top of a checkout),
    # and painlog.vocab's VOCABULARY_DATA: both named here so that a Tab imports neither.
    here = os.path.dirname(os.path.abspath(__file__))
    for folder in (here, os.path.dirname(os.path.dirname(here))):
        path = os.path.join(folder, "reference", "vocabulary.json")
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                data = json.load(handle)
            return [str(raw["key"]) for raw in data.get(kind, [])]
    return []


def _diary(words: Sequence[str]) -> str:
    for index, word in enumerate(words[:-1]):
        if word == "--db":
            return os.path.expanduser(words[index + 1])
        if word.startswith("--db="):
            return os.path.expanduser(word.removeprefix("--db="))
    if os.environ.get("PAINLOG_DB"):
        return os.path.expanduser(os.environ["PAINLOG_DB"])
    from painlog.paths import default_db_path

    return str(default_db_path())


def _own_keys(kind: str, diary: str) -> list[str]:
    """The person's own terms of a kind, read-only; nothing when there is no diary yet."""
    if not os.path.isfile(diary):
        return []
    import sqlite3
    from urllib.parse import quote

    try:
        uri = f"file:{quote(os.path.abspath(diary))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=0.1)
        try:
            rows = conn.execute("SELECT key FROM custom_terms WHERE kind = ?", (kind,)).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:  # locked, damaged or not a diary: complete the built-in names
        return []
    return [str(row[0]) for row in rows]


def _command_words() -> list[str]:
    from painlog.cli import COMMANDS

    return [name for name in COMMANDS if not name.startswith("_")]


def _option_words(command: str) -> list[str]:
    from painlog.cli import build_app

    group = build_app(command)
    import typer.main

    click_group = typer.main.get_command(group)
    sub = click_group.commands.get(command)  # type: ignore[attr-defined]
    if sub is None:
        return []
    return sorted({opt for param in sub.params for opt in param.opts if opt.startswith("-")})


def candidates(words: Sequence[str]) -> list[str]:
    """What may follow ``words`` (the words after ``painlog``, the last being typed)."""
    if not words:
        words = [""]
    typed = words[-1]
    before = list(words[:-1])
    if before and before[-1] == "--db":
        return []  # a path: the shell completes it (bash's -o default)
    command = None
    for index, word in enumerate(before):
        if not word.startswith("-") and (index == 0 or before[index - 1] != "--db"):
            command = word
            break
    option = before[-1] if before else None
    if typed.startswith("--") and "=" in typed:
        option, typed = typed.split("=", 1)
        prefix_text = f"{option}="
    else:
        prefix_text = ""
    kind = None
    if option is not None:
        kind = VALUE_KINDS.get(option) or COMMAND_VALUE_KINDS.get(command or "", {}).get(option)
    if kind is None and command == "config" and len(before) >= 3 and before[-2] == "set":
        kind = CONFIG_KINDS.get(before[-1])
    if kind is not None:
        # A list may be typed with commas: complete the name after the last one.
        done, _, last = typed.rpartition(",")
        lead = prefix_text + (done + "," if done else "")
        names = dict.fromkeys([*_builtin_keys(kind), *_own_keys(kind, _diary(words))])
        return [lead + name for name in names if name.startswith(last.lower())]
    if command is None:
        return [name for name in _command_words() if name.startswith(typed)]
    if typed.startswith("-"):
        return [name for name in _option_words(command) if name.startswith(typed)]
    return []


def main(words: Sequence[str]) -> None:
    try:
        found = candidates(words)
    except Exception:  # a completion never shows a traceback in the middle of a command line
        found = []
    sys.stdout.write("".join(f"{word}\n" for word in found))


BASH = """\
# painlog completion for bash: eval "$(painlog completion bash)" in ~/.bashrc
_painlog_complete() {
    local IFS=$'\\n'
    COMPREPLY=( $(painlog __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
}
complete -o default -F _painlog_complete painlog
"""

ZSH = """\
#compdef painlog
# painlog completion for zsh: eval "$(painlog completion zsh)" in ~/.zshrc
_painlog() {
    local -a found
    found=("${(@f)$(painlog __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    compadd -Q -S '' -- "${found[@]}"
}
if (( $+functions[compdef] )); then compdef _painlog painlog; fi
"""

FISH = """\
# painlog completion for fish: painlog completion fish > ~/.config/fish/completions/painlog.fish
function __painlog_complete
    set -l words (commandline -opc) (commandline -ct)
    painlog __complete $words[2..-1] 2>/dev/null
end
complete -c painlog -f -a '(__painlog_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}
