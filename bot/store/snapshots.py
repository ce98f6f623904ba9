"""Built engines kept on disk, so a cold `ask` skips reading and indexing its sheet.

A snapshot is the pickled engine of one sheet, with the exact inputs it was built from: the
sheet's bytes, its overlay's bytes, the article the sheet was checked against, the bot's own code
and data files, and the Python that ran them. It is used only when every one of them is as it is
now, so a stale engine is never used; a snapshot that cannot be read is ignored, and the engine
is built as usual and saved over it.

Reading a pickle can run code, so snapshots live only in a folder of the user's own that no one
else may write to (as Python keeps its bytecode in __pycache__). They are a cache: deleting the
folder at any time is safe.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.engine.matching import AnswerEngine
from bot.sheet import MAX_ARTICLE_BYTES, MAX_SHEET_BYTES, SheetError, read_limited
from bot.store.overlay_file import MAX_OVERLAY_BYTES

# Bump when what a snapshot file holds changes shape.
SNAPSHOT_FORMAT = 2
# Snapshots kept per folder (one per sheet file); the least recently written go first.
SNAPSHOTS_KEPT = 16
SUFFIX = ".engine"
# Files whose change can change an engine: the bot's code and its language data.
_SOURCE_SUFFIXES = (".py", ".toml", ".txt")
# Group- or world-writable: someone else could plant a snapshot.
_WRITABLE_BY_OTHERS = 0o022


class EngineSnapshots:
    """The snapshot folder, holding one saved engine per sheet file."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def open(self, sheet_path: Path, overlay_path: Path) -> Snapshot | None:
        """The sheet's snapshot with its inputs read now, before any engine is built from them
        (so one saved later can never claim newer bytes than it was built from); None when the
        sheet cannot be read, for loading it to report."""
        try:
            inputs = _inputs(sheet_path, overlay_path)
        except (OSError, SheetError):
            return None
        name = str(sheet_path.resolve()).encode("utf-8", "surrogateescape")
        file = self.directory / f"{zlib.crc32(name):08x}-{sheet_path.stem[:40]}{SUFFIX}"
        return Snapshot(self, sheet_path, file, inputs)

    def private(self) -> bool:
        """True when the folder is the user's own and only they may write to it."""
        status = self.directory.stat()
        if hasattr(os, "getuid") and status.st_uid != os.getuid():
            return False
        return not status.st_mode & _WRITABLE_BY_OTHERS

    def prune(self) -> None:
        """Keep the SNAPSHOTS_KEPT most recently written snapshots."""
        snapshots = sorted(
            self.directory.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
        for stale in snapshots[SNAPSHOTS_KEPT:]:
            stale.unlink(missing_ok=True)


@dataclass(frozen=True)
class Snapshot:
    """One sheet's saved engine, for the inputs as they were read when it was opened."""

    folder: EngineSnapshots
    sheet_path: Path
    file: Path
    inputs: tuple[Any, ...]

    def load(self) -> AnswerEngine | None:
        """The engine saved for exactly these inputs, or None (build it, then `save`)."""
        try:
            if not self.folder.private():
                return None
            with self.file.open("rb") as handle:
                if pickle.load(handle) != self.inputs:
                    return None
                article = pickle.load(handle)
                if article is not None and _article(Path(article[0])) != article:
                    return None  # load the sheet again: it is checked against the article
                engine = pickle.load(handle)
            return engine if isinstance(engine, AnswerEngine) else None
        # A cache miss, a file cut short, another version's classes, a folder gone: any failure
        # to read a snapshot only means building the engine as if there were none.
        except Exception:
            return None

    def save(self, engine: AnswerEngine) -> None:
        """Keep the engine built from these inputs; a folder that cannot be written is skipped."""
        temp = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        try:
            self.folder.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self.folder.private():
                return
            article = engine.sheet.article_path
            descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                for part in (self.inputs, _article(article) if article else None, engine):
                    pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.file)
            self.folder.prune()
        except (OSError, pickle.PicklingError):
            temp.unlink(missing_ok=True)


def _inputs(sheet_path: Path, overlay_path: Path) -> tuple[Any, ...]:
    """Everything an engine is built from, as it is now (SheetError for an unreadable sheet)."""
    overlay = (
        read_limited(overlay_path, MAX_OVERLAY_BYTES, "an overlay")
        if overlay_path.exists()
        else None
    )
    return (
        SNAPSHOT_FORMAT,
        sys.version,
        _code_fingerprint(),
        str(sheet_path.resolve()),
        read_limited(sheet_path, MAX_SHEET_BYTES, "a sheet"),
        overlay,
    )


def _article(path: Path) -> tuple[str, bytes | None]:
    """The article the sheet was checked against, as it is now (None when it is not there)."""
    try:
        return str(path.resolve()), read_limited(path, MAX_ARTICLE_BYTES, "an article")
    except (OSError, SheetError):
        return str(path), None


@cache
def _code_fingerprint() -> str:
    """Every code and data file of the bot package, by name, size and modification time."""
    package = Path(__file__).resolve().parents[1]
    entries = []
    for folder, _, files in os.walk(package):
        for name in files:
            if name.endswith(_SOURCE_SUFFIXES):
                status = os.stat(os.path.join(folder, name))
                entries.append(f"{folder}/{name}:{status.st_size}:{status.st_mtime_ns}")
    return "\n".join(sorted(entries))
