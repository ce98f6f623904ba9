"""The question log: every question the bot handles and what it answered, written off the loop.

`QuestionLog.record` only puts the entry on a queue and returns; one writer thread drains the
queue into the database in batches, so answering never waits on a disk or a network. A database
that fails (a full or read-only disk, a server gone) costs the entries it could not take and one
warning; answering carries on. No user ids or names are stored: votes are counted, not kept by
who cast them.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.store.db import TIME_FORMAT, Database, DatabaseError, now_text

log = logging.getLogger(__name__)

# Entries waiting to be written at most; past it a question goes unlogged (and one warning).
QUEUE_LIMIT = 10_000
# Entries written per transaction at most.
BATCH = 500
# How often the writer prunes entries past the retention period.
PRUNE_EVERY_S = 6 * 3600.0
# A stored question is cut to this many characters (the bot itself refuses longer ones).
MAX_STORED_QUESTION = 2_000

# What a gap was resolved as by a curator; an unresolved question has "".
RESOLUTIONS = ("taught", "not-in-article", "dismissed")

SCHEMA = "question_log.1"


def _schema(db: Database) -> list[str]:
    return [
        f"""CREATE TABLE question_log (
            {db.id_column},
            entry_key TEXT NOT NULL UNIQUE,
            asked_at TEXT NOT NULL,
            story TEXT NOT NULL,
            source TEXT NOT NULL,
            guild_id BIGINT,
            channel_id BIGINT,
            question TEXT NOT NULL,
            answered INTEGER NOT NULL,
            fact_ids TEXT NOT NULL DEFAULT '',
            score REAL NOT NULL DEFAULT 0,
            reason TEXT NOT NULL DEFAULT '',
            nearest_id TEXT NOT NULL DEFAULT '',
            nearest_score REAL NOT NULL DEFAULT 0,
            sheet_version TEXT NOT NULL DEFAULT '',
            up_votes INTEGER NOT NULL DEFAULT 0,
            down_votes INTEGER NOT NULL DEFAULT 0,
            resolution TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX question_log_story_time ON question_log (story, asked_at)",
    ]


def sheet_version(path: Path) -> str:
    """A short hash of the sheet file's bytes: which version of the sheet gave an answer."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return ""


@dataclass(frozen=True)
class LoggedQuestion:
    """One question as handled: where it came from and what the bot did with it."""

    story: str
    source: str  # "slash", "mention", "channel", "console", "cli"
    question: str
    answered: bool
    fact_ids: tuple[str, ...] = ()
    score: float = 0.0
    reason: str = ""
    nearest_id: str = ""
    nearest_score: float = 0.0
    sheet_version: str = ""
    guild_id: int | None = None
    channel_id: int | None = None
    asked_at: str = ""
    entry_key: str = ""


@dataclass(frozen=True)
class LogRow:
    """A stored question, as the gaps report reads it."""

    entry_key: str
    asked_at: str
    story: str
    question: str
    answered: bool
    fact_ids: tuple[str, ...]
    score: float
    reason: str
    nearest_id: str
    up_votes: int
    down_votes: int
    resolution: str


_COLUMNS = (
    "entry_key, asked_at, story, source, guild_id, channel_id, question, answered, fact_ids, "
    "score, reason, nearest_id, nearest_score, sheet_version"
)
_INSERT = f"INSERT INTO question_log ({_COLUMNS}) VALUES ({', '.join('?' * 14)})"


def open_log(db: Database) -> None:
    """Create or migrate the log's tables."""
    db.migrate(SCHEMA, _schema(db))


class QuestionLog:
    """A queue in front of the database, drained by one writer thread."""

    def __init__(self, db: Database, *, retention_days: int) -> None:
        open_log(db)
        self.db = db
        self.retention_days = retention_days
        self._queue: queue.Queue[Callable[[], None] | LoggedQuestion | None] = queue.Queue(
            QUEUE_LIMIT
        )
        self._warned = False
        self._last_prune = 0.0
        self._thread = threading.Thread(target=self._run, name="question-log", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ called by the bot

    def record(self, entry: LoggedQuestion) -> str:
        """Queue one question for writing and return its key at once (never blocks)."""
        key = entry.entry_key or uuid.uuid4().hex
        stamped = LoggedQuestion(
            **{**entry.__dict__, "entry_key": key, "asked_at": entry.asked_at or now_text()}
        )
        self._put(stamped)
        return key

    def vote(self, entry_key: str, up: int, down: int) -> None:
        """Queue a change of an answer's vote counts (by +1 / -1 / 0 each)."""
        self._put(
            lambda: self.db.execute(
                "UPDATE question_log SET up_votes = up_votes + ?, down_votes = down_votes + ? "
                "WHERE entry_key = ?",
                (up, down, entry_key),
            )
        )

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued so far is written (tests, CLI, shutdown)."""
        done = threading.Event()
        self._put(done.set, block=True)
        return done.wait(timeout)

    def close(self) -> None:
        """Write what is queued, then stop the writer."""
        self.flush()
        self._put(None, block=True)
        self._thread.join(timeout=10.0)

    # ------------------------------------------------------------ reads (call off the loop)

    def rows(self, story: str, since: str) -> list[LogRow]:
        """Every question about `story` asked at or after `since`, oldest first."""
        found = self.db.execute(
            "SELECT entry_key, asked_at, story, question, answered, fact_ids, score, reason, "
            "nearest_id, up_votes, down_votes, resolution FROM question_log "
            "WHERE story = ? AND asked_at >= ? ORDER BY asked_at, id",
            (story, since),
        )
        return [
            LogRow(
                entry_key=r[0],
                asked_at=r[1],
                story=r[2],
                question=r[3],
                answered=bool(r[4]),
                fact_ids=tuple(i for i in r[5].split(",") if i),
                score=float(r[6]),
                reason=r[7],
                nearest_id=r[8],
                up_votes=int(r[9]),
                down_votes=int(r[10]),
                resolution=r[11],
            )
            for r in found
        ]

    def votes(self, entry_key: str) -> tuple[int, int]:
        """An answer's (thumbs up, thumbs down) as stored."""
        found = self.db.execute(
            "SELECT up_votes, down_votes FROM question_log WHERE entry_key = ?", (entry_key,)
        )
        return (int(found[0][0]), int(found[0][1])) if found else (0, 0)

    def resolve(self, entry_keys: Sequence[str], resolution: str) -> None:
        """Mark questions as dealt with by a curator (they leave the gaps report)."""
        if resolution not in RESOLUTIONS:
            raise ValueError(f"unknown resolution {resolution!r}")
        self.db.execute_many(
            "UPDATE question_log SET resolution = ? WHERE entry_key = ?",
            [(resolution, key) for key in entry_keys],
        )

    def prune(self) -> int:
        """Delete entries older than the retention period; how many went."""
        cutoff = (datetime.now(UTC) - timedelta(days=self.retention_days)).strftime(TIME_FORMAT)
        before = self.db.execute("SELECT COUNT(*) FROM question_log WHERE asked_at < ?", (cutoff,))
        self.db.execute("DELETE FROM question_log WHERE asked_at < ?", (cutoff,))
        return int(before[0][0])

    # ------------------------------------------------------------ the writer thread

    def _put(self, item: Any, *, block: bool = False) -> None:
        try:
            self._queue.put(item, block=block, timeout=10.0 if block else None)
        except queue.Full:
            self._warn_once("the question log's queue is full (the database is too slow)")

    def _warn_once(self, why: str) -> None:
        if not self._warned:
            self._warned = True
            log.warning("Questions are not being logged: %s; answering carries on", why)

    def _run(self) -> None:
        # Prune once at start, then every PRUNE_EVERY_S while questions keep coming.
        self._last_prune = time.monotonic()
        self._call(self.prune)
        while True:
            item = self._queue.get()
            batch: list[LoggedQuestion] = []
            stop = False
            while True:
                if isinstance(item, LoggedQuestion):
                    batch.append(item)
                else:
                    self._write(batch)
                    batch = []
                    if item is None:
                        stop = True
                        break
                    self._call(item)
                if len(batch) >= BATCH:
                    self._write(batch)
                    batch = []
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            self._write(batch)
            if stop:
                return
            if time.monotonic() - self._last_prune > PRUNE_EVERY_S:
                self._last_prune = time.monotonic()
                self._call(self.prune)

    def _write(self, batch: list[LoggedQuestion]) -> None:
        if not batch:
            return
        rows = [
            (
                e.entry_key,
                e.asked_at,
                e.story,
                e.source,
                e.guild_id,
                e.channel_id,
                e.question[-MAX_STORED_QUESTION:],
                int(e.answered),
                ",".join(e.fact_ids),
                round(e.score, 2),
                e.reason,
                e.nearest_id,
                round(e.nearest_score, 2),
                e.sheet_version,
            )
            for e in batch
        ]
        self._call(lambda: self.db.execute_many(_INSERT, rows))

    def _call(self, job: Callable[[], Any]) -> None:
        try:
            job()
        except DatabaseError as exc:
            self._warn_once(str(exc))
        except Exception as exc:  # the writer must outlive any one bad job
            self._warn_once(f"{type(exc).__name__}: {exc}")
