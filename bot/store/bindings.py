"""Which story a channel, a thread or a whole server is about, kept in the bot's database.

Calls are synchronous like `Database`'s; async callers run them with `asyncio.to_thread`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.store.db import Database

CHANNEL = "channel"
GUILD = "guild"

_SCHEMA = (
    "CREATE TABLE story_bindings ("
    " scope TEXT NOT NULL,"
    " target_id BIGINT NOT NULL,"
    " guild_id BIGINT,"
    " story TEXT NOT NULL,"
    " set_by BIGINT,"
    " set_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
    " PRIMARY KEY (scope, target_id))",
)


class Bindings:
    """Channel (or thread) bindings and each server's default story."""

    def __init__(self, database: Database) -> None:
        self.database = database
        database.migrate("story_bindings.1", _SCHEMA)

    def bind_channel(self, guild_id: int | None, channel_id: int, story: str, by: int) -> None:
        """Questions in this channel (or thread) go to `story` only."""
        self._set(CHANNEL, channel_id, guild_id, story, by)

    def unbind_channel(self, channel_id: int) -> bool:
        """Forget the channel's story; True if it had one."""
        return self._clear(CHANNEL, channel_id)

    def set_guild_default(self, guild_id: int, story: str, by: int) -> None:
        """Questions anywhere in the server without a channel binding go to `story`."""
        self._set(GUILD, guild_id, guild_id, story, by)

    def clear_guild_default(self, guild_id: int) -> bool:
        """Forget the server's default story; True if it had one."""
        return self._clear(GUILD, guild_id)

    def channel_story(self, channel_id: int) -> str | None:
        """The story bound to exactly this channel or thread, if any."""
        return self._get(CHANNEL, channel_id)

    def guild_default(self, guild_id: int) -> str | None:
        """The server's default story, if any."""
        return self._get(GUILD, guild_id)

    def resolve(self, guild_id: int | None, channel_ids: Sequence[int]) -> str | None:
        """The story for a question: the first bound channel (a thread, then its parent), then
        the server's default; None when nothing is bound."""
        for channel_id in channel_ids:
            story = self.channel_story(channel_id)
            if story is not None:
                return story
        return self.guild_default(guild_id) if guild_id is not None else None

    def bound_channels(self, guild_id: int) -> list[tuple[int, str]]:
        """Every channel binding in a server, as (channel id, story)."""
        rows = self.database.execute(
            "SELECT target_id, story FROM story_bindings WHERE scope = ? AND guild_id = ?"
            " ORDER BY target_id",
            (CHANNEL, guild_id),
        )
        return [(int(channel_id), str(story)) for channel_id, story in rows]

    def _set(self, scope: str, target: int, guild_id: int | None, story: str, by: int) -> None:
        self.database.execute(
            "INSERT INTO story_bindings (scope, target_id, guild_id, story, set_by)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (scope, target_id) DO UPDATE SET story = excluded.story,"
            " set_by = excluded.set_by, set_at = CURRENT_TIMESTAMP",
            (scope, target, guild_id, story, by),
        )

    def _clear(self, scope: str, target: int) -> bool:
        had = self._get(scope, target) is not None
        self.database.execute(
            "DELETE FROM story_bindings WHERE scope = ? AND target_id = ?", (scope, target)
        )
        return had

    def _get(self, scope: str, target: int) -> str | None:
        rows = self.database.execute(
            "SELECT story FROM story_bindings WHERE scope = ? AND target_id = ?", (scope, target)
        )
        return str(rows[0][0]) if rows else None
