"""The --chart option of trends, patterns and triggers: checked before any work, then written.

render.charts draws a chart into PNG or SVG bytes; this module checks the
file name first (the same rules as every file painlog writes, in
``painlog.files``) and writes the bytes through the one writer: never the
diary, never a link, pipe or device, an existing file only with --force,
whole or not at all, readable by its owner only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from painlog.errors import BadInput
from painlog.files import check_target, write_private
from painlog.oserrors import name_too_long

FORMATS = {".png": "png", ".svg": "svg"}


@dataclass(frozen=True)
class ChartTarget:
    path: Path
    format: str
    force: bool = False
    diary: Path | None = None
    existed: bool = False

    def write(self, data: bytes) -> None:
        write_private([(self.path, data)], force=self.force, diary=self.diary)


def chart_target(text: str, *, diary: Path | None = None, force: bool = False) -> ChartTarget:
    """Check ``--chart FILE`` before any work: a .png or .svg file painlog may write."""
    path = Path(text).expanduser()
    chart_format = FORMATS.get(path.suffix.lower())
    if chart_format is None:
        raise BadInput(
            f'--chart must name a .png or .svg file (the ending picks the format), not "{text}".'
        )
    if path.is_dir():
        raise BadInput(f"--chart {text} is a folder; give a file name such as trends.png.")
    too_long = name_too_long(path)
    if too_long:
        raise BadInput(too_long)
    existed = path.exists()
    check_target(path, diary=diary, force=force, option="--chart")
    return ChartTarget(path=path, format=chart_format, force=force, diary=diary, existed=existed)
