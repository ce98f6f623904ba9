"""Starting the bot: the console without a token, Discord with one; short messages when it can't."""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.app.service import AnswerService
from bot.settings import Settings
from bot.sheet import SheetError
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


def _open_service(settings: Settings) -> tuple[AnswerService, Stores] | None:
    try:
        stores = open_stores(settings, settings.knowledge_path)
    except DatabaseError as exc:
        print(f"The database (DATABASE_URL) cannot be used: {exc}", file=sys.stderr)
        return None
    try:
        return AnswerService.open(settings.knowledge_path, stores.learned), stores
    except SheetError as exc:
        stores.close()
        count = len(exc.problems)
        print(f"The fact sheet has {count} problem{'s' if count != 1 else ''}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def run(settings: Settings) -> int:
    """Run the Discord bot, or the local console when no token is set; return the exit code."""
    opened = _open_service(settings)
    if opened is None:
        return 1
    service, stores = opened
    if not settings.token:
        from bot.console import run_console

        logging.basicConfig(level=max(settings.log_level_number, logging.WARNING))
        try:
            return run_console(service, question_log=stores.log)
        finally:
            stores.close()
    import discord

    setup_logging(settings.log_level_number)
    try:
        asyncio.run(_start(settings, service, stores))
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


async def _start(settings: Settings, service: AnswerService, stores: Stores) -> None:
    from bot import create_bot

    bot = create_bot(settings=settings, service=service, question_log=stores.log)
    async with bot:
        await bot.start(settings.token or "")


def sync(settings: Settings) -> int:
    """Sync slash commands now (to DISCORD_GUILD_ID if set, else globally), then exit."""
    if not settings.token:
        print("Syncing commands needs DISCORD_TOKEN (see .env.example).", file=sys.stderr)
        return 1
    opened = _open_service(settings)
    if opened is None:
        return 1
    service, stores = opened
    stores.close()  # a sync neither asks nor teaches
    import discord

    setup_logging(settings.log_level_number)
    try:
        outcome = asyncio.run(_sync(settings, service))
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


async def _sync(settings: Settings, service: AnswerService) -> str:
    from bot import create_bot

    # Logging in runs setup_hook, which syncs; force makes it sync even when nothing changed.
    bot = create_bot(settings=settings, service=service, force_sync=True, handle_signals=False)
    async with bot:
        await bot.login(settings.token or "")
        return bot.last_sync or "failed"
