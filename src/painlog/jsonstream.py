"""Reading one large JSON document a record at a time, with the standard library only.

A ten-year diary export holds a hundred thousand entries; ``json.load`` would
build all of them in memory before the first one could be checked. This reader
walks the top-level object and its arrays itself and hands each array element
to ``json``'s decoder separately, so memory stays at one record (plus a
buffer) whatever the file's size. It reports where a file stops making sense
(line and column) and tells a cut-off file from a malformed one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

CHUNK_CHARS = 1 << 20
# The largest record painlog writes is a few tens of kilobytes (a 5,000-character note
# and its lists); a record past this is refused while it is being read, before the
# reader holds more than a few chunks of it.
MAX_RECORD_CHARS = 1 << 20
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class JsonStreamError(ValueError):
    """The text is not the JSON expected; ``message`` says where and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class JsonReader:
    """Pull-style reading of ``{"key": value, "records": [{...}, {...}]}`` documents."""

    def __init__(self, handle: TextIO, *, max_value_chars: int = MAX_RECORD_CHARS) -> None:
        self._handle = handle
        self._max_value_chars = max_value_chars
        self._decoder = json.JSONDecoder()
        self._buffer = ""
        self._pos = 0
        self._eof = False
        self._lines_before = 0  # newlines in text already dropped from the buffer

    # -- buffer --------------------------------------------------------------

    def _more(self, wanted: int = CHUNK_CHARS) -> bool:
        """Read more text; False at the end of the file."""
        if self._eof:
            return False
        if self._pos > CHUNK_CHARS:
            self._lines_before += self._buffer.count("\n", 0, self._pos)
            self._buffer = self._buffer[self._pos :]
            self._pos = 0
        text = self._handle.read(max(wanted, CHUNK_CHARS))
        if not text:
            self._eof = True
            return False
        self._buffer += text
        return True

    def _where(self, pos: int) -> str:
        line = self._lines_before + self._buffer.count("\n", 0, pos) + 1
        start = self._buffer.rfind("\n", 0, pos) + 1
        return f"line {line} column {pos - start + 1}"

    def _peek(self) -> str | None:
        """The next character that is not whitespace, without taking it."""
        while True:
            self._pos = _WHITESPACE.match(self._buffer, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._more():
                return None

    def _take(self, expected: str, what: str) -> None:
        char = self._peek()
        if char is None:
            raise self._truncated()
        if char != expected:
            raise JsonStreamError(f"expected {what} at {self._where(self._pos)}, found {char!r}")
        self._pos += 1

    def _truncated(self) -> JsonStreamError:
        return JsonStreamError(
            "the file ends in the middle of the JSON (it looks cut off; was the copy complete?)"
        )

    # -- values ----------------------------------------------------------------

    def value(self) -> Any:
        """The next complete JSON value."""
        if self._peek() is None:
            raise self._truncated()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._pos)
            except RecursionError:
                raise JsonStreamError(
                    f"values are nested too deeply at {self._where(self._pos)}"
                ) from None
            except json.JSONDecodeError as exc:
                # The decoder stops either at a real mistake or where the buffer
                # runs out (an unterminated string reports where it started).
                unterminated = exc.msg.startswith("Unterminated")
                if (unterminated or exc.pos >= len(self._buffer) - 8) and self._grow():
                    continue
                if unterminated or exc.pos >= len(self._buffer.rstrip()):
                    raise self._truncated() from None
                raise JsonStreamError(
                    f"{exc.msg.lower()} at {self._where(exc.pos)}; the file is not valid JSON"
                ) from None
            except ValueError as exc:  # e.g. a number with thousands of digits
                raise JsonStreamError(f"{exc} at {self._where(self._pos)}") from None
            # A number at the very end of the buffer may continue in the next chunk.
            if end == len(self._buffer) and self._grow():
                continue
            self._pos = end
            return value

    def _grow(self) -> bool:
        """Read more for a value that does not fit in the buffer yet; False at the end."""
        pending = len(self._buffer) - self._pos
        if pending > self._max_value_chars:
            raise JsonStreamError(
                f"a single record at {self._where(self._pos)} is larger than "
                f"{self._max_value_chars >> 20} MB, more than any painlog record can be"
            )
        return self._more(wanted=pending)  # doubling keeps re-parsing cheap

    def object_keys(self) -> Iterator[str]:
        """Walk an object: yield each key, after which the caller reads its value."""
        self._take("{", "an object ({)")
        if self._peek() == "}":
            self._pos += 1
            return
        while True:
            if self._peek() != '"':
                if self._peek() is None:
                    raise self._truncated()
                raise JsonStreamError(
                    f"expected a quoted key at {self._where(self._pos)}; the file is not valid JSON"
                )
            key = self.value()
            self._take(":", "a colon (:)")
            yield key
            char = self._peek()
            if char == ",":
                self._pos += 1
                continue
            if char == "}":
                self._pos += 1
                return
            if char is None:
                raise self._truncated()
            raise JsonStreamError(
                f"expected , or }} at {self._where(self._pos)}; the file is not valid JSON"
            )

    def array_items(self) -> Iterator[Any]:
        """Walk an array, yielding each element as it is decoded."""
        self._take("[", "a list ([)")
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            char = self._peek()
            if char == ",":
                self._pos += 1
                continue
            if char == "]":
                self._pos += 1
                return
            if char is None:
                raise self._truncated()
            raise JsonStreamError(
                f"expected , or ] at {self._where(self._pos)}; the file is not valid JSON"
            )

    def next_is_array(self) -> bool:
        return self._peek() == "["

    def finish(self) -> None:
        """Only whitespace may follow the document."""
        char = self._peek()
        if char is not None:
            raise JsonStreamError(
                f"unexpected text after the end of the document at {self._where(self._pos)}"
            )
