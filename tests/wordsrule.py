"""The words rule: no run of six words in a row may match a reference article.

The articles are not part of the repository, so ``tests/data/article-shingles.txt``
holds a hash of every six-word run ("shingle") in them; the check needs only
that file. When the articles change, rebuild it:

    python -m tests.wordsrule /path/to/articles
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

SHINGLE = 6
FINGERPRINTS = Path(__file__).parent / "data" / "article-shingles.txt"


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes dropped, any other punctuation a break."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def shingle_hashes(text: str, n: int = SHINGLE) -> dict[str, str]:
    """hash -> the shingle itself, for every ``n``-word run in ``text``."""
    ws = words(text)
    runs = (" ".join(ws[i : i + n]) for i in range(len(ws) - n + 1))
    return {hashlib.blake2b(run.encode(), digest_size=8).hexdigest(): run for run in runs}


def load_fingerprints(path: Path = FINGERPRINTS) -> tuple[list[str], set[str]]:
    """(article file names, shingle hashes) from the fingerprint file."""
    files: list[str] = []
    hashes: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# file: "):
            files.append(line.removeprefix("# file: "))
        elif line and not line.startswith("#"):
            hashes.add(line)
    return files, hashes


def fingerprint_text(articles: Iterable[Path]) -> str:
    paths = sorted(articles, key=lambda p: p.name)
    hashes: set[str] = set()
    for path in paths:
        hashes.update(shingle_hashes(path.read_text(encoding="utf-8")))
    header = [
        f"# blake2b-64 of every {SHINGLE}-word run in the reference articles (tests/wordsrule.py).",
        "# Rebuild with: python -m tests.wordsrule /path/to/articles",
        *(f"# file: {p.name}" for p in paths),
    ]
    return "\n".join([*header, *sorted(hashes)]) + "\n"


def overlaps(text: str, fingerprints: set[str]) -> list[str]:
    """The six-word runs of ``text`` that an article also has."""
    return sorted(run for h, run in shingle_hashes(text).items() if h in fingerprints)


def strings(value: object, path: str = "") -> Iterable[tuple[str, str]]:
    """(where, text) for every string inside parsed TOML."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, f"{path}[{i}]")


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    FINGERPRINTS.parent.mkdir(exist_ok=True)
    FINGERPRINTS.write_text(fingerprint_text(folder.glob("*.txt")), encoding="utf-8")
    print(f"wrote {FINGERPRINTS}")
