"""The vocabulary as this diary knows it: built-in terms plus the person's own."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from painlog.errors import BadInput
from painlog.models import CustomTerm
from painlog.vocab import KIND_LABELS, REMEDY_KINDS, Term, Vocabulary, builtin_terms, slugify


def load_vocabulary(*, session: Session) -> Vocabulary:
    """The vocabulary, read once per session (``add_term`` forgets it)."""
    cached = session.info.get("vocabulary")
    if isinstance(cached, Vocabulary):
        return cached
    own = session.scalars(select(CustomTerm).order_by(CustomTerm.id)).all()
    vocabulary = Vocabulary(
        [
            *builtin_terms(),
            *(
                Term(
                    kind=t.kind,
                    key=t.key,
                    label=t.label,
                    aliases=tuple(t.aliases or ()),
                    remedy_kind=t.remedy_kind,
                    own=True,
                )
                for t in own
            ),
        ]
    )
    session.info["vocabulary"] = vocabulary
    return vocabulary


def add_term(
    *,
    session: Session,
    kind: str,
    name: str,
    aliases: list[str] | None = None,
    remedy_kind: str | None = None,
) -> Term:
    """Add the person's own term; refuse names the vocabulary already knows."""
    label = " ".join(name.split())
    key = slugify(label)
    what = KIND_LABELS[kind]
    if not key or len(label) > 200:
        raise BadInput(f"A {what} name must have 1 to 200 characters.")
    # Commas separate names on the command line, and ":" and "@" start a remedy's
    # dose and time: a name holding them could never be typed back.
    reserved = ",:@" if kind == "remedy" else ","
    for candidate in [label, *(aliases or [])]:
        bad = [c for c in reserved if c in candidate]
        if bad:
            raise BadInput(
                f'"{candidate}" contains "{bad[0]}", which painlog reads as a separator; '
                "choose a name without it."
            )
    vocabulary = load_vocabulary(session=session)
    for candidate in [label, *(aliases or [])]:
        existing = vocabulary.find(kind, candidate)
        if existing is not None:
            raise BadInput(
                f'"{candidate}" is already a {what} in the vocabulary ({existing.key}); use that.'
            )
    if vocabulary.get(kind, key) is not None:
        raise BadInput(f'The key "{key}" is already a {what}; choose another name.')
    if kind == "remedy":
        if remedy_kind is None:
            choices = ", ".join(REMEDY_KINDS)
            raise BadInput(f"Say what kind of remedy this is with --kind; one of: {choices}.")
        if remedy_kind not in REMEDY_KINDS:
            choices = ", ".join(REMEDY_KINDS)
            raise BadInput(f'"{remedy_kind}" is not a kind of remedy; use one of: {choices}.')
    elif remedy_kind is not None:
        raise BadInput("--kind applies to remedies only.")
    row = CustomTerm(
        kind=kind, key=key, label=label, aliases=list(aliases or []), remedy_kind=remedy_kind
    )
    session.add(row)
    session.flush()
    session.info.pop("vocabulary", None)
    return Term(
        kind=kind,
        key=key,
        label=label,
        aliases=tuple(aliases or ()),
        remedy_kind=remedy_kind,
        own=True,
    )
