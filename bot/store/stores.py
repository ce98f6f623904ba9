"""Opening the bot's own data once, from the settings: the question log and the learned overlay."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings
from bot.store.db import Database, DatabaseError, open_database
from bot.store.learned import DatabaseOverlay, FileOverlay, OverlayStore
from bot.store.overlay_file import overlay_path
from bot.store.question_log import QuestionLog

log = logging.getLogger(__name__)


@dataclass
class Stores:
    """The database (if any), the question log (None when off or unavailable), the overlay."""

    db: Database | None
    log: QuestionLog | None
    learned: OverlayStore

    def learned_for(self, sheet_path: Path) -> OverlayStore:
        """Where one story's taught phrasings live: the shared database (keyed by story), else
        the overlay file beside its sheet."""
        if isinstance(self.learned, DatabaseOverlay):
            return self.learned
        return FileOverlay(overlay_path(sheet_path))

    def close(self) -> None:
        """Write what the log has queued and close the database."""
        if self.log is not None:
            self.log.close()
        if self.db is not None:
            self.db.close()


def open_stores(settings: Settings, sheet_path: Path) -> Stores:
    """The stores the settings ask for.

    With DATABASE_URL both the log and the taught phrasings live in PostgreSQL, and a server that
    cannot be reached is a DatabaseError (shards must share one set of phrasings). Without it the
    overlay is a file beside the sheet, and an embedded log that cannot be opened costs only the
    log: one warning, and the bot answers as before.
    """
    if settings.database_url:
        db = open_database(settings.database_url, settings.data_dir)
        question_log = (
            QuestionLog(db, retention_days=settings.log_retention_days)
            if settings.question_log
            else None
        )
        return Stores(db, question_log, DatabaseOverlay(db))
    learned = FileOverlay(overlay_path(sheet_path))
    if not settings.question_log:
        return Stores(None, None, learned)
    try:
        db = open_database(None, settings.data_dir)
        question_log = QuestionLog(db, retention_days=settings.log_retention_days)
    except DatabaseError as exc:
        log.warning("The question log is off: %s; answering carries on", exc)
        return Stores(None, None, learned)
    return Stores(db, question_log, learned)
