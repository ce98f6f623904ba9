"""Configuration from the environment and `.env`, validated once at start-up (no Discord)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_KNOWLEDGE_PATH = (
    Path(__file__).resolve().parent.parent / "knowledge" / "north-korean-troops-russia.toml"
)
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


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
        if not discord:
            return cls(knowledge_path=knowledge_path)
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
            token=get("DISCORD_TOKEN") or None,
            knowledge_path=knowledge_path,
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
        return logging.getLevelNamesMapping()[self.log_level]


def load_settings(env_file: Path | None = Path(".env"), *, discord: bool = True) -> Settings:
    """Settings from the process environment, falling back to `.env` for unset variables.

    ``discord=False`` reads only what the offline commands need (see `Settings.from_env`).
    """
    from dotenv import dotenv_values

    file_values = dotenv_values(env_file) if env_file and env_file.is_file() else {}
    merged = {k: v for k, v in file_values.items() if v is not None}
    merged.update(os.environ)
    return Settings.from_env(merged, discord=discord)


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
