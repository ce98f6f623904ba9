"""The live sheet and its engine, swapped as one on reload (no Discord)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.app.directory import Directory
from bot.app.learning import build_engine, taught_engine
from bot.engine.matching import AnswerEngine
from bot.sheet import FactSheet, Problem, SheetDiff, SheetError, diff_sheets, load_sheet
from bot.store.learned import Learned, OverlayStore
from bot.store.question_log import sheet_version

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


@dataclass(frozen=True)
class ReloadCandidate:
    """A new sheet, loaded and indexed but not yet live, and what it would change."""

    engine: AnswerEngine
    diff: SheetDiff
    # Facts kept under the same id whose speaker's words are different now.
    quotes_changed: tuple[str, ...]
    # The engine live when this was prepared; a commit after another reload is refused.
    base: AnswerEngine

    @property
    def needs_confirmation(self) -> bool:
        """Taking facts away or changing someone's words is asked about before it goes live."""
        return bool(self.diff.removed or self.quotes_changed)


def _quotes_changed(old: FactSheet, new: FactSheet, changed: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for fact_id in changed:
        before, after = old.fact(fact_id), new.fact(fact_id)
        if (
            before is not None
            and after is not None
            and (before.quote != after.quote or before.quote_parts != after.quote_parts)
        ):
            out.append(fact_id)
    return tuple(out)


class AnswerService:
    """Holds the live engine and directory, both over one sheet; readers take one per request.

    A reload builds a complete new pair first and then replaces the one reference, so a
    question sees either the old sheet or the new one, never a mix. `reload()` does it in one
    step (console, SIGHUP); `prepare_reload()` then `commit()` lets someone look first.
    """

    def __init__(
        self, path: Path, engine: AnswerEngine, learned: OverlayStore | None = None
    ) -> None:
        self.path = path
        self.learned = learned
        self._live = (engine, Directory(engine.sheet))
        self._reload_lock = threading.Lock()
        self.version = sheet_version(path)

    @classmethod
    def open(cls, path: Path, learned: OverlayStore | None = None) -> AnswerService:
        """Load the sheet at `path` (and its learned overlay); SheetError if it is unusable."""
        return cls(path, build_engine(load_sheet(path), learned), learned)

    def teach(self, question: str, fact_id: str = "") -> Learned:
        """Teach a question as a phrasing of `fact_id` (or, with no fact, as not in the article)
        and make it live at once; LearnError, OSError or DatabaseError change nothing."""
        if self.learned is None:
            raise RuntimeError("this service has no learned overlay")
        with self._reload_lock:
            engine, entry = taught_engine(self.engine, self.learned, question, fact_id)
            self._live = (engine, Directory(engine.sheet))
        log.info("Taught %r as %s", entry.question, entry.fact_id or "not in the article")
        return entry

    @property
    def engine(self) -> AnswerEngine:
        """The engine answering questions right now."""
        return self._live[0]

    @property
    def directory(self) -> Directory:
        """People, topics and claims of the live sheet."""
        return self._live[1]

    def prepare_reload(self) -> ReloadCandidate:
        """Read, validate and index the sheet without making it live; SheetError if unusable."""
        base = self.engine
        try:
            engine = build_engine(load_sheet(self.path), self.learned)
        except SheetError as exc:
            log.warning("Reload of %s refused: %d problem(s)", self.path, len(exc.problems))
            raise
        diff = diff_sheets(base.sheet, engine.sheet)
        return ReloadCandidate(
            engine, diff, _quotes_changed(base.sheet, engine.sheet, diff.changed), base
        )

    def commit(self, candidate: ReloadCandidate) -> ReloadResult:
        """Make a prepared sheet live, unless another reload went live after it was prepared."""
        with self._reload_lock:
            if self.engine is not candidate.base:
                log.warning("Reload of %s not committed: another went live first", self.path)
                stale = Problem(
                    str(self.path),
                    "reload",
                    "another reload went live after this one was prepared; run /reload again",
                )
                return ReloadResult(None, (stale,))
            return self._swap(candidate)

    def reload(self) -> ReloadResult:
        """Re-read and validate the sheet; swap it in at once only if it is wholly valid."""
        with self._reload_lock:
            try:
                candidate = self.prepare_reload()
            except SheetError as exc:
                return ReloadResult(None, exc.problems)
            return self._swap(candidate)

    def _swap(self, candidate: ReloadCandidate) -> ReloadResult:
        self._live = (candidate.engine, Directory(candidate.engine.sheet))
        self.version = sheet_version(self.path)
        diff = candidate.diff
        log.info(
            "Reloaded %s: added %s; removed %s; changed %s (quotes changed: %s)",
            self.path,
            ", ".join(diff.added) or "none",
            ", ".join(diff.removed) or "none",
            ", ".join(diff.changed) or "none",
            ", ".join(candidate.quotes_changed) or "none",
        )
        return ReloadResult(diff)
