"""The live sheet and its engine, swapped as one on reload (no Discord)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.directory import Directory
from bot.knowledge import Problem, SheetDiff, SheetError, diff_sheets, load_sheet
from bot.matching import AnswerEngine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: the change it made, or every problem that stopped it."""

    diff: SheetDiff | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the new sheet is live."""
        return self.diff is not None


class AnswerService:
    """Holds the live engine and directory, both over one sheet; readers take one per request.

    A reload builds a complete new pair first and then replaces the one reference, so a
    question sees either the old sheet or the new one, never a mix.
    """

    def __init__(self, path: Path, engine: AnswerEngine) -> None:
        self.path = path
        self._live = (engine, Directory(engine.sheet))
        self._reload_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> AnswerService:
        """Load the sheet at `path`; raise SheetError listing every problem if it is unusable."""
        return cls(path, AnswerEngine(load_sheet(path)))

    @property
    def engine(self) -> AnswerEngine:
        """The engine answering questions right now."""
        return self._live[0]

    @property
    def directory(self) -> Directory:
        """People, topics and claims of the live sheet."""
        return self._live[1]

    def reload(self) -> ReloadResult:
        """Re-read and validate the sheet; swap it in only if it is wholly valid."""
        with self._reload_lock:
            old = self.engine.sheet
            try:
                engine = AnswerEngine(load_sheet(self.path))
            except SheetError as exc:
                log.warning("Reload of %s refused: %d problem(s)", self.path, len(exc.problems))
                return ReloadResult(None, exc.problems)
            self._live = (engine, Directory(engine.sheet))
            diff = diff_sheets(old, engine.sheet)
            log.info(
                "Reloaded %s: %d added, %d removed, %d changed",
                self.path,
                len(diff.added),
                len(diff.removed),
                len(diff.changed),
            )
            return ReloadResult(diff)
