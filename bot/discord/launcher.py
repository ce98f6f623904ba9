"""Starting the bot: the console without a token, Discord with one; short messages when it can't."""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.app.stories import StoryLibrary
from bot.settings import Settings
from bot.store.db import DatabaseError
from bot.store.stores import Stores, open_stores

log = logging.getLogger(__name__)

_PORTAL = "https://discord.com/developers/applications"
_HANDLER_NAME = "newsfact-bot"
# discord.py's own plain format, used whenever stderr is not a terminal.
_PLAIN = logging.Formatter(
    "[{asctime}] [{levelname:<8}] {name}: {message}", "%Y-%m-%d %H:%M:%S", style="{"
)


def setup_logging(level: int) -> None:
    """Log to stderr once per process: discord.py's colours on a terminal, plain text elsewhere."""
    import discord

    root = logging.getLogger()
    if any(h.get_name() == _HANDLER_NAME for h in root.handlers):
        root.setLevel(level)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    stream = handler.stream
    if hasattr(stream, "isatty") and stream.isatty():
        discord.utils.setup_logging(handler=handler, level=level, root=True)
    else:
        # discord.py colours any stream inside Docker; escape codes have no place in a log file.
        discord.utils.setup_logging(handler=handler, formatter=_PLAIN, level=level, root=True)


def _open_library(
    settings: Settings, story: str | None = None
) -> tuple[StoryLibrary, Stores] | None:
    """Every story in KNOWLEDGE_DIR (and KNOWLEDGE_PATH), with the bot's own data (question log,
    taught phrasings); None, having said why, if the database or every story fails."""
    try:
        stores = open_stores(settings, settings.knowledge_path)
    except DatabaseError as exc:
        print(f"The database (DATABASE_URL) cannot be used: {exc}", file=sys.stderr)
        return None
    library = StoryLibrary.open(settings.knowledge_dir, settings.knowledge_path, stores.learned_for)
    for broken in library.broken:
        count = len(broken.problems)
        print(
            f"Left out {broken.path}: {count} problem{'s' if count != 1 else ''}:",
            file=sys.stderr,
        )
        for problem in broken.problems:
            print(f"  {problem}", file=sys.stderr)
    if not len(library):
        print(f"No story could be loaded from {settings.knowledge_dir}.", file=sys.stderr)
        stores.close()
        return None
    if story is not None and library.get(story) is None:
        print(f"No story {story!r}; stories: {', '.join(library.slugs)}", file=sys.stderr)
        stores.close()
        return None
    return library, stores


def run(settings: Settings, story: str | None = None) -> int:
    """Run the Discord bot, or the local console when no token is set; return the exit code.

    `story` binds the console to that story (Discord uses channel bindings instead).
    """
    opened = _open_library(settings, story)
    if opened is None:
        return 1
    library, stores = opened
    if not settings.token:
        from bot.console import run_console

        logging.basicConfig(level=max(settings.log_level_number, logging.WARNING))
        try:
            return run_console(library, story=story, question_log=stores.log)
        finally:
            stores.close()
    import discord

    setup_logging(settings.log_level_number)
    try:
        asyncio.run(_start(settings, library, stores))
    except discord.LoginFailure:
        print(
            "Discord refused the token (DISCORD_TOKEN). Copy a fresh one from "
            f"{_PORTAL} -> your application -> Bot -> Reset Token.",
            file=sys.stderr,
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        print(
            "The Message Content intent is needed because ANSWER_CHANNEL_IDS is set, but it is "
            f"not enabled. Turn it on at {_PORTAL} -> your application -> Bot -> Privileged "
            "Gateway Intents, or leave ANSWER_CHANNEL_IDS empty.",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:  # aiohttp's connection errors are OSErrors too
        print(
            f"Could not reach Discord ({exc}). Check the network, then start again.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stores.close()
    return 0


async def _start(settings: Settings, library: StoryLibrary, stores: Stores) -> None:
    from bot import create_bot

    # The channel bindings share the question log's database when there is one.
    bot = create_bot(
        settings=settings, library=library, question_log=stores.log, database=stores.db
    )
    async with bot:
        await bot.start(settings.token or "")


def sync(settings: Settings) -> int:
    """Sync slash commands now (to DISCORD_GUILD_ID if set, else globally), then exit."""
    if not settings.token:
        print("Syncing commands needs DISCORD_TOKEN (see .env.example).", file=sys.stderr)
        return 1
    opened = _open_library(settings)
    if opened is None:
        return 1
    library, stores = opened
    stores.close()  # a sync neither asks nor teaches
    import discord

    setup_logging(settings.log_level_number)
    try:
        outcome = asyncio.run(_sync(settings, library))
    except discord.LoginFailure:
        print(
            f"Discord refused the token (DISCORD_TOKEN). Copy a fresh one from {_PORTAL}.",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(
            f"Could not reach Discord ({exc}). Check the network, then try again.", file=sys.stderr
        )
        return 1
    scope = f"guild {settings.guild_id}" if settings.guild_id else "all servers (global)"
    if outcome != "synced":
        print(f"Command sync to {scope} failed; see the log above.", file=sys.stderr)
        return 1
    print(f"Slash commands synced to {scope}.")
    return 0


async def _sync(settings: Settings, library: StoryLibrary) -> str:
    from bot import create_bot

    # Logging in runs setup_hook, which syncs; force makes it sync even when nothing changed.
    bot = create_bot(settings=settings, library=library, force_sync=True, handle_signals=False)
    async with bot:
        await bot.login(settings.token or "")
        return bot.last_sync or "failed"
