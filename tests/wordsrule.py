"""The words rule: no run of five words in a row may match a reference article.

The articles are not part of the repository, so ``tests/data/article-shingles5.txt``
holds a hash of every five-word run ("shingle") in them; the check needs only
that file. When the articles change, rebuild it:

    python -m tests.wordsrule /path/to/articles

Proper names that cannot be put in other words (an organisation, a journal,
the title an article is cited by) are listed in ``NAMES``; a run never spans
one of them, so naming them is not copying. The list is short on purpose:
it holds names, never phrases.

Five words in a row catches copied runs, not a sentence that follows an
article clause by clause with a synonym swapped in every few words. That
needs the article sentences themselves: ``most_similar()`` measures it, and
the tests run it whenever the articles are at hand (see
``tests/test_guidance_reference.py``).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

SHINGLE = 5
FINGERPRINTS = Path(__file__).parent / "data" / "article-shingles5.txt"
NAMES = (
    "National Multiple Sclerosis Society",
    "Food and Drug Administration",
    "International Journal of General Medicine",
    "Clinical Journal of Pain",
    "Multiple Sclerosis Symptoms: Keeping Back Pain Under Control",
)
# A text unit this similar to an article sentence (difflib ratio on word lists)
# follows the article too closely, whatever its longest shared run.
SIMILARITY_CEILING = 0.6
# Units shorter than this (a name, a label) are not compared.
SIMILARITY_MIN_WORDS = 5


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes dropped, any other punctuation a break."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


_NAME_WORDS = tuple(words(name) for name in NAMES)


def segments(text: str) -> list[list[str]]:
    """The words of ``text``, cut wherever one of ``NAMES`` stands (the name left out)."""
    ws = words(text)
    out: list[list[str]] = [[]]
    i = 0
    while i < len(ws):
        name = next((n for n in _NAME_WORDS if ws[i : i + len(n)] == n), None)
        if name:
            out.append([])
            i += len(name)
        else:
            out[-1].append(ws[i])
            i += 1
    return [seg for seg in out if seg]


def _runs(ws: Sequence[str], n: int) -> Iterable[str]:
    return (" ".join(ws[i : i + n]) for i in range(len(ws) - n + 1))


def _hash(run: str) -> str:
    return hashlib.blake2b(run.encode(), digest_size=8).hexdigest()


def shingle_hashes(text: str, n: int = SHINGLE) -> dict[str, str]:
    """hash -> the shingle itself, for every ``n``-word run in ``text`` (an article)."""
    return {_hash(run): run for run in _runs(words(text), n)}


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
    """The five-word runs of ``text`` that an article also has (``NAMES`` aside)."""
    runs = {run for seg in segments(text) for run in _runs(seg, SHINGLE)}
    return sorted(run for run in runs if _hash(run) in fingerprints)


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


# ------------------------------------------------------------ similarity


def _unit_words(text: str) -> list[str]:
    return [w for seg in segments(text) for w in seg]


def article_sentences(text: str) -> list[tuple[str, list[str]]]:
    """(sentence, its words) for each sentence or list item of an article."""
    out = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
            ws = _unit_words(sentence)
            if len(ws) >= 3:
                out.append((sentence, ws))
    return out


def units(text: str) -> list[str]:
    """The text and each of its sentences, long enough to compare."""
    parts = [text, *(s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s != text)]
    return [p for p in parts if len(_unit_words(p)) >= SIMILARITY_MIN_WORDS]


def most_similar(text: str, sentences: Sequence[tuple[str, list[str]]]) -> tuple[float, str, str]:
    """(ratio, unit of ``text``, article sentence) for the closest pair."""
    best = (0.0, "", "")
    for unit in units(text):
        ws = _unit_words(unit)
        for sentence, sws in sentences:
            ratio = difflib.SequenceMatcher(None, ws, sws, autojunk=False).ratio()
            if ratio > best[0]:
                best = (ratio, unit, sentence)
    return best


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    FINGERPRINTS.parent.mkdir(exist_ok=True)
    FINGERPRINTS.write_text(fingerprint_text(folder.glob("*.txt")), encoding="utf-8")
    print(f"wrote {FINGERPRINTS}")
