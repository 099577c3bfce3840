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
    vocabulary = Vocabulary([*builtin_terms(), *(own_term(row) for row in own)])
    session.info["vocabulary"] = vocabulary
    return vocabulary


def own_term(row: CustomTerm) -> Term:
    """A stored term of the person's own, as the vocabulary holds it."""
    return Term(
        kind=row.kind,
        key=row.key,
        label=row.label,
        aliases=tuple(row.aliases or ()),
        remedy_kind=row.remedy_kind,
        own=True,
    )


def reserved_characters(kind: str) -> str:
    """Commas separate names on the command line; ":" and "@" start a remedy's dose and time."""
    return ",:@" if kind == "remedy" else ","


def typeable_name(kind: str, name: str) -> str:
    """``name`` with the characters a name of this kind cannot hold replaced by spaces."""
    for character in reserved_characters(kind):
        name = name.replace(character, " ")
    return " ".join(name.split())


def check_new_term(
    vocabulary: Vocabulary, *, kind: str, key: str, label: str, aliases: list[str]
) -> None:
    """Refuse a new term that could never be typed back or that would shadow a known one.

    One rule for ``vocab add``, imports of painlog files and Flaredown imports.
    """
    what = KIND_LABELS[kind]
    if not key or not label or len(label) > 200:
        raise BadInput(f"A {what} name must have 1 to 200 characters.")
    for candidate in [label, *aliases]:
        bad = [c for c in reserved_characters(kind) if c in candidate]
        if bad:
            raise BadInput(
                f'"{candidate}" contains "{bad[0]}", which painlog reads as a separator; '
                "choose a name without it."
            )
    # A key is a name too: "hot" as a key would take over the alias of heat.
    for candidate in [label, *aliases, key]:
        existing = vocabulary.find(kind, candidate)
        if existing is not None:
            raise BadInput(
                f'"{candidate}" is already a {what} in the vocabulary ({existing.key}); use that.'
            )
    if vocabulary.get(kind, key) is not None:
        raise BadInput(f'The key "{key}" is already a {what}; choose another name.')


def forget_vocabulary(session: Session) -> None:
    """After adding terms: the next ``load_vocabulary`` reads them afresh."""
    session.info.pop("vocabulary", None)


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
    vocabulary = load_vocabulary(session=session)
    check_new_term(vocabulary, kind=kind, key=key, label=label, aliases=aliases or [])
    if kind == "remedy":
        if remedy_kind is None:
            choices = ", ".join(REMEDY_KINDS)
            raise BadInput(
                f"Say what kind of remedy this is: one of {choices}.", field="remedy_kind"
            )
        if remedy_kind not in REMEDY_KINDS:
            choices = ", ".join(REMEDY_KINDS)
            raise BadInput(
                f'"{remedy_kind}" is not a kind of remedy; use one of: {choices}.',
                field="remedy_kind",
            )
    elif remedy_kind is not None:
        raise BadInput("Only a remedy has a kind of remedy.", field="remedy_kind")
    row = CustomTerm(
        kind=kind, key=key, label=label, aliases=list(aliases or []), remedy_kind=remedy_kind
    )
    session.add(row)
    session.flush()
    forget_vocabulary(session)
    return own_term(row)
