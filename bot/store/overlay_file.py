"""Where a sheet's overlay file of taught phrasings lives, and how big it may be.

Apart from `bot.store.learned` (which reads and writes it, and imports the database layer) so
that a cold `ask` answering from a saved engine can name the file without importing either.
"""

from __future__ import annotations

from pathlib import Path

# An overlay file bigger than this is refused like an oversized sheet.
MAX_OVERLAY_BYTES = 2_000_000
# The overlay beside a sheet: knowledge/<story>.toml -> knowledge/<story>.learned.toml.
OVERLAY_SUFFIX = ".learned.toml"


def overlay_path(sheet_path: Path) -> Path:
    """knowledge/<story>.toml -> knowledge/<story>.learned.toml."""
    return sheet_path.with_name(f"{sheet_path.stem}{OVERLAY_SUFFIX}")
