"""Questions for a person at a terminal: forgiving an unknown name.

Off a terminal nothing is asked: the one-line refusal stays, so a script never
hangs on a question and never records a guess.
"""

from __future__ import annotations

import sys

import typer

from painlog.errors import UnknownTerm
from painlog.vocab import KIND_LABELS, KIND_PLURALS, remember_answer


def on_terminal() -> bool:
    """Whether a person is there to answer (standard input and output are a terminal)."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def forgive(exc: UnknownTerm, db: str | None) -> bool:
    """Ask about a name the vocabulary does not know: the nearest term as a yes/no
    question, else whether to add the word as the person's own term. True when
    the name now means a term, for this run (and, when added, for good)."""
    from painlog.cli.common import session_for
    from painlog.services.vocabulary import add_term, load_vocabulary

    kind, name = exc.kind, exc.name
    if kind is None or name is None:
        return False
    what = KIND_LABELS[kind]
    if exc.suggestions:
        with session_for(db, write=False) as session:
            term = load_vocabulary(session=session).get(kind, exc.suggestions[0])
        if term is not None and typer.confirm(
            f'painlog knows no {what} "{name}"; did you mean {term.label}?', default=True
        ):
            remember_answer(kind, name, term)
            return True
    if kind == "remedy":
        # A remedy needs its kind (painlog vocab add remedy NAME --kind ...): not asked here.
        return False
    question = f'Add "{name}" as your own {what}?'
    if not exc.suggestions:
        question = f'painlog knows no {what} "{name}". {question}'
    if not typer.confirm(question, default=False):
        return False
    with session_for(db, write=True) as session:
        term = add_term(session=session, kind=kind, name=name)
    remember_answer(kind, name, term)
    typer.echo(f'Added "{term.label}" to your own {KIND_PLURALS[kind]}.')
    return True
