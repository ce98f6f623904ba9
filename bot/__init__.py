"""A Discord bot that answers questions about one news story from a curated, cited fact sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.discord.bot import NewsBot

__all__ = ["create_bot"]


def create_bot(**overrides: Any) -> NewsBot:
    """Build the Discord bot from the environment (and `.env`); it does not connect."""
    # Imported here so the offline CLI (ask, facts, check) never pays for importing discord.
    from bot.discord.bot import create_bot as _create_bot

    return _create_bot(**overrides)
