"""What the first 100 bytes of a file say: an SQLite database, and a painlog diary at that."""

from __future__ import annotations

from pathlib import Path

# Stamped into the SQLite header (PRAGMA application_id) so painlog can tell
# its own files from any other SQLite database. Bytes spell "PLOG".
APPLICATION_ID = 0x504C4F47
SQLITE_MAGIC = b"SQLite format 3\x00"


def is_painlog_header(header: bytes) -> bool:
    """True for the header of a painlog diary (application id at bytes 68-71)."""
    return header.startswith(SQLITE_MAGIC) and header[68:72] == APPLICATION_ID.to_bytes(4, "big")


def holds_a_diary(path: Path) -> bool:
    """True when ``path`` is an ordinary file whose header is a painlog diary's."""
    try:
        with path.open("rb") as handle:
            return is_painlog_header(handle.read(100))
    except OSError:
        return False
