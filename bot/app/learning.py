"""Building the live engine with its learned overlay, and teaching it (no Discord)."""

from __future__ import annotations

from bot.engine.learned import LearnedEngine
from bot.engine.matching import AnswerEngine
from bot.sheet import FactSheet, SheetError
from bot.store.learned import (
    Learned,
    LearnError,
    Overlay,
    OverlayStore,
    check_overlay,
    validate_entry,
)


def base_sheet(engine: AnswerEngine) -> FactSheet:
    """The sheet as curated, without what was taught."""
    return engine.base_sheet if isinstance(engine, LearnedEngine) else engine.sheet


def engine_with(sheet: FactSheet, overlay: Overlay) -> AnswerEngine:
    """An engine over the sheet merged with a (valid) overlay."""
    taught = [(e.question, e.fact_id) for e in overlay.entries if e.fact_id]
    refused = [e.question for e in overlay.entries if not e.fact_id]
    return LearnedEngine(sheet, taught, refused)


def build_engine(sheet: FactSheet, store: OverlayStore | None) -> AnswerEngine:
    """The engine for a freshly loaded sheet; SheetError when its overlay is corrupt."""
    if store is None:
        return AnswerEngine(sheet)
    overlay = store.load(sheet.story.id)
    problems = check_overlay(sheet, overlay, store.where)
    if problems:
        raise SheetError(problems)
    return engine_with(sheet, overlay)


def taught_engine(
    engine: AnswerEngine, store: OverlayStore, question: str, fact_id: str
) -> tuple[AnswerEngine, Learned]:
    """Validate one teach, store it, and return the engine that knows it (not yet live).

    LearnError for a question or fact that cannot be taught; OSError or DatabaseError when the
    store cannot be written. Either way nothing has changed.
    """
    sheet = base_sheet(engine)
    entry = validate_entry(sheet, Learned(question, fact_id))
    try:
        overlay = store.load(sheet.story.id)
    except SheetError as exc:
        raise LearnError(f"The learned overlay is corrupt, so nothing was taught: {exc}") from exc
    overlay = overlay.with_entry(entry)
    new = engine_with(sheet, overlay)
    store.save(overlay, entry)
    return new, entry
