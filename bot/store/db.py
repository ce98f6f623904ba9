"""One small database API over SQLite (embedded default) and PostgreSQL (shared by hosts).

Every call is synchronous and thread-safe; async callers run it with `asyncio.to_thread`, so the
event loop never waits on a disk or a network. SQL is written once with `?` placeholders and
portable types; `Database.sql` adapts it to PostgreSQL. Each feature creates its own tables with
`Database.migrate(name, statements)`, applied once per name and recorded in `schema_migrations`.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# SQLite waits this long for another process's write lock before giving up.
SQLITE_BUSY_TIMEOUT_S = 5.0
# The embedded database's file inside DATA_DIR.
SQLITE_FILE = "newsfact-bot.sqlite3"

Row = tuple[Any, ...]
# How both stores write a time: sortable text, the same on SQLite and PostgreSQL.
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def now_text() -> str:
    """The current UTC time as the stores write it."""
    return datetime.now(UTC).strftime(TIME_FORMAT)


class DatabaseError(Exception):
    """A database that cannot be opened or used, with why."""


class Database:
    """A connection behind a lock; `kind` is "sqlite" or "postgresql"."""

    def __init__(self, connection: Any, kind: str, where: str) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self.kind = kind
        self.where = where
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )

    @property
    def id_column(self) -> str:
        """An auto-numbered primary key column, in this database's dialect."""
        if self.kind == "postgresql":
            return "id BIGSERIAL PRIMARY KEY"
        return "id INTEGER PRIMARY KEY AUTOINCREMENT"

    def sql(self, statement: str) -> str:
        """A statement written with `?` placeholders, in this database's dialect."""
        return statement.replace("?", "%s") if self.kind == "postgresql" else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one statement (committed at once); the rows it returns, if any."""
        with self._lock:
            try:
                cursor = self._connection.execute(self.sql(statement), tuple(params))
                rows = cursor.fetchall() if cursor.description else []
                if self.kind == "sqlite":
                    self._connection.commit()
                return [tuple(row) for row in rows]
            except (sqlite3.Error, _pg_error()) as exc:
                if self.kind == "sqlite":
                    self._connection.rollback()
                raise DatabaseError(f"{self.where}: {exc}") from exc

    def execute_many(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each row, in one transaction."""
        with self._lock:
            try:
                if self.kind == "sqlite":
                    self._connection.executemany(self.sql(statement), list(rows))
                    self._connection.commit()
                else:
                    with self._connection.cursor() as cursor:
                        cursor.executemany(self.sql(statement), list(rows))
            except (sqlite3.Error, _pg_error()) as exc:
                if self.kind == "sqlite":
                    self._connection.rollback()
                raise DatabaseError(f"{self.where}: {exc}") from exc

    def migrate(self, name: str, statements: Sequence[str]) -> None:
        """Apply a feature's schema once; `name` records it (e.g. "question_log.1")."""
        done = self.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,))
        if done:
            return
        for statement in statements:
            self.execute(statement)
        self.execute(
            "INSERT INTO schema_migrations (name, applied_at) VALUES (?, CURRENT_TIMESTAMP)",
            (name,),
        )
        log.info("Applied schema %s to %s", name, self.where)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._connection.close()


def open_database(url: str | None, data_dir: Path) -> Database:
    """PostgreSQL at `url` (postgresql://...), else SQLite in `data_dir` (WAL mode)."""
    if url:
        if not url.startswith(("postgresql://", "postgres://")):
            raise DatabaseError(f"DATABASE_URL must start with postgresql://, not {url[:16]!r}")
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise DatabaseError("DATABASE_URL needs the psycopg package") from exc
        try:
            connection = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise DatabaseError(f"cannot connect to PostgreSQL: {exc}") from exc
        return Database(connection, "postgresql", _redacted(url))
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / SQLITE_FILE
        connection = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(f"cannot open the database in {data_dir}: {exc}") from exc
    return Database(connection, "sqlite", str(path))


def _redacted(url: str) -> str:
    """The URL without its password, for logs and messages."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def _pg_error() -> type[Exception]:
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return sqlite3.Error
    return psycopg.Error
