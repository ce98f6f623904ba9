"""Configuration from the environment and `.env`, validated once at start-up (no Discord)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_KNOWLEDGE_PATH = (
    Path(__file__).resolve().parent.parent / "knowledge" / "north-korean-troops-russia.toml"
)
DEFAULT_KNOWLEDGE_DIR = DEFAULT_KNOWLEDGE_PATH.parent
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# How long the question log keeps a question unless LOG_RETENTION_DAYS says otherwise.
DEFAULT_RETENTION_DAYS = 90
APP_NAME = "newsfact-bot"
# CACHE_DIR's value that turns the engine cache off.
CACHE_OFF = "off"


class SettingsError(ValueError):
    """A configuration variable with a value the bot cannot use."""

    def __init__(self, variable: str, message: str) -> None:
        self.variable = variable
        super().__init__(f"{variable}: {message}")


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    token: str | None = None
    knowledge_path: Path = DEFAULT_KNOWLEDGE_PATH
    admin_user_ids: frozenset[int] = frozenset()
    guild_id: int | None = None
    answer_channel_ids: frozenset[int] = frozenset()
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    log_level: str = "INFO"
    # The bot's own data (question log, taught phrasings, channel bindings): SQLite in data_dir,
    # or PostgreSQL at database_url when set.
    data_dir: Path = Path(APP_NAME)
    database_url: str | None = None
    question_log: bool = True
    log_retention_days: int = DEFAULT_RETENTION_DAYS
    # Every sheet in this folder is a story the bot can serve.
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    # Where the offline `ask` keeps built engines (bot/store/snapshots.py); None: it keeps none.
    cache_dir: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, discord: bool = True) -> Settings:
        """Build settings from a mapping of variables; raise SettingsError naming a bad one.

        With ``discord=False`` only what the offline commands use is read, so a bad Discord-only
        variable cannot stop ``ask``, ``facts`` or ``check``.
        """

        def get(name: str) -> str:
            return environ.get(name, "").strip()

        knowledge = get("KNOWLEDGE_PATH")
        knowledge_path = Path(knowledge).expanduser() if knowledge else DEFAULT_KNOWLEDGE_PATH
        stories = get("KNOWLEDGE_DIR")
        question_log = (get("QUESTION_LOG") or "on").lower()
        if question_log not in ("on", "off"):
            raise SettingsError("QUESTION_LOG", f"must be on or off, got {question_log!r}")
        cache = get("CACHE_DIR")
        database_url = get("DATABASE_URL") or None
        if database_url and not database_url.startswith(("postgresql://", "postgres://")):
            raise SettingsError("DATABASE_URL", "must be a postgresql:// URL")
        data = {
            "knowledge_path": knowledge_path,
            "knowledge_dir": Path(stories).expanduser() if stories else DEFAULT_KNOWLEDGE_DIR,
            "data_dir": Path(get("DATA_DIR")).expanduser()
            if get("DATA_DIR")
            else _xdg_dir(environ, "XDG_STATE_HOME", Path(".local") / "state"),
            "database_url": database_url,
            "question_log": question_log == "on",
            "log_retention_days": _positive_int("LOG_RETENTION_DAYS", get("LOG_RETENTION_DAYS"))
            or DEFAULT_RETENTION_DAYS,
            "cache_dir": _cache_dir(cache, environ),
        }
        if not discord:
            return cls(**data)
        shard_count = _positive_int("SHARD_COUNT", get("SHARD_COUNT"))
        shard_ids = _id_list("SHARD_IDS", get("SHARD_IDS"), allow_zero=True)
        if shard_ids and shard_count is None:
            raise SettingsError("SHARD_IDS", "needs SHARD_COUNT to be set too")
        if shard_ids and shard_count is not None and max(shard_ids) >= shard_count:
            raise SettingsError("SHARD_IDS", f"every id must be below SHARD_COUNT ({shard_count})")
        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in _LOG_LEVELS:
            raise SettingsError("LOG_LEVEL", f"must be one of {', '.join(_LOG_LEVELS)}")
        return cls(
            **data,
            token=get("DISCORD_TOKEN") or None,
            admin_user_ids=frozenset(_id_list("ADMIN_USER_IDS", get("ADMIN_USER_IDS"))),
            guild_id=_positive_int("DISCORD_GUILD_ID", get("DISCORD_GUILD_ID")),
            answer_channel_ids=frozenset(_id_list("ANSWER_CHANNEL_IDS", get("ANSWER_CHANNEL_IDS"))),
            shard_count=shard_count,
            shard_ids=tuple(shard_ids) if shard_ids else None,
            log_level=log_level,
        )

    @property
    def log_level_number(self) -> int:
        """The level as the logging module's number."""
        import logging  # here, not at the top: the offline commands never log

        return logging.getLevelNamesMapping()[self.log_level]


def load_settings(env_file: Path | None = Path(".env"), *, discord: bool = True) -> Settings:
    """Settings from the process environment, falling back to `.env` for unset variables.

    ``discord=False`` reads only what the offline commands need (see `Settings.from_env`).
    """
    file_values: dict[str, str | None] = {}
    if env_file and env_file.is_file():
        from dotenv import dotenv_values  # only when there is a file: a cold `ask` is quicker

        file_values = dict(dotenv_values(env_file))
    merged = {k: v for k, v in file_values.items() if v is not None}
    merged.update(os.environ)
    return Settings.from_env(merged, discord=discord)


def _xdg_dir(environ: Mapping[str, str], variable: str, fallback: Path) -> Path:
    """The bot's per-user folder (XDG): $VARIABLE/newsfact-bot, else ~/FALLBACK/newsfact-bot.

    A relative $VARIABLE is ignored, as the XDG spec says.
    """
    base = environ.get(variable, "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / fallback
    return root / APP_NAME


def _cache_dir(value: str, environ: Mapping[str, str]) -> Path | None:
    """CACHE_DIR: a folder, `off` for none, or by default the per-user cache folder (XDG)."""
    if value.lower() == CACHE_OFF:
        return None
    return (
        Path(value).expanduser() if value else _xdg_dir(environ, "XDG_CACHE_HOME", Path(".cache"))
    )


def _positive_int(name: str, value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or int(value) == 0:
        raise SettingsError(name, f"must be a positive whole number, got {value!r}")
    return int(value)


def _id_list(name: str, value: str, *, allow_zero: bool = False) -> list[int]:
    ids = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        if not part.isdigit() or (int(part) == 0 and not allow_zero):
            raise SettingsError(name, f"must be comma-separated numeric ids, got {part!r}")
        ids.append(int(part))
    return ids
