"""The one family of errors painlog raises on purpose.

Every error here carries a one-sentence message meant for the person using
painlog and the exit code the CLI returns for it. The CLI's single top-level
handler turns them into one line on stderr; a traceback appears only with
``--debug``.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


class PainlogError(Exception):
    """Base class: something painlog refuses or cannot do, said in one sentence."""

    exit_status = ExitStatus.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(PainlogError):
    """The person gave a value painlog cannot accept; nothing was changed.

    ``field`` names the value it is about (a key from ``painlog.fields``) when
    there is one, so each caller can point at it: the CLI names its option,
    an import its record, the web page the form's field.
    """

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UnknownTerm(BadInput):
    """A pain type, trigger, remedy, location or quality that is not in the vocabulary."""

    def __init__(
        self,
        message: str,
        *,
        suggestions: tuple[str, ...] = (),
        field: str | None = None,
        kind: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.suggestions = suggestions
        self.kind = kind  # the vocabulary kind, and the name as given
        self.name = name


class AlreadyRecorded(BadInput):
    """A value is already there, and replacing it must be asked for (on a terminal, asked)."""


class NotFound(BadInput):
    """An entry id (or another record) that does not exist."""


class DiaryError(PainlogError):
    """The diary file cannot be used: not a painlog database, too new, read-only..."""


class NotAPainlogDatabase(DiaryError):
    pass


class DiaryTooNew(DiaryError):
    pass


class ReadOnlyDiary(DiaryError):
    pass


class DamagedDiary(DiaryError):
    """SQLite says the diary file is damaged (corrupt or not a database)."""


class DiaryBusy(DiaryError):
    """Another painlog held the diary's write lock for longer than painlog waits."""


class DiaryChanged(DiaryBusy):
    """Another painlog wrote to the diary while this one read it without the write lock."""
