"""The Discord client: intents, mention policy, the command tree's error handler, command sync."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import signal
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.replies import slow_down_text
from bot.app.service import AnswerService
from bot.app.stories import StoryLibrary, StoryOutcome
from bot.discord.cog import AnswerCog
from bot.discord.command_sync import commands_match
from bot.discord.gaps_view import GapsCog
from bot.discord.stories import NoSuchStory, StoryCog
from bot.discord.transformers import NotInStory
from bot.discord.views import send_private, send_private_card
from bot.settings import Settings, load_settings
from bot.store.bindings import Bindings
from bot.store.db import Database, DatabaseError, open_database
from bot.store.question_log import QuestionLog

log = logging.getLogger(__name__)

# What the bot needs in a channel: read it, answer (also in threads), show embeds, reply to
# a message (which needs its history). Nothing that could moderate, manage or ping.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)
INVITE_SCOPES = ("bot", "applications.commands")
# Questions per user: at most RATE in PER seconds, shared by /ask and mentions.
DEFAULT_QUESTION_RATE = (3, 15.0)


class AnswerTree(app_commands.CommandTree):
    """The one place app-command errors end: logged with their traceback, told briefly and privately."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Tell the user what happened without detail; log anything unexpected in full."""
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(cause, NotInStory | NoSuchStory):
            # A name or topic the story doesn't have: say what it does have, privately.
            await send_private_card(interaction, cause.card)
            return
        if isinstance(cause, app_commands.CommandOnCooldown):
            message = slow_down_text(cause.retry_after)
        elif isinstance(cause, app_commands.TransformerError):
            message = f"I couldn't read {cause.value!r} as an option of this command."
        elif isinstance(cause, app_commands.CheckFailure):
            message = str(cause) or "You can't use this command here."
            log.info(
                "Refused /%s to user %s: %s",
                _command_name(interaction),
                interaction.user.id,
                message,
            )
        else:
            log.error(
                "Command /%s failed for user %s",
                _command_name(interaction),
                interaction.user.id,
                exc_info=cause,
            )
            message = "Sorry, that didn't work on my side. It has been logged; please try again."
        await send_private(interaction, message)


def _command_name(interaction: discord.Interaction) -> str:
    command = interaction.command
    return command.qualified_name if command is not None else "?"


class NewsBot(commands.Bot):
    """The bot: client-wide policy lives here, commands live in the cog."""

    def __init__(
        self,
        settings: Settings,
        library: StoryLibrary,
        *,
        database: Database | None = None,
        force_sync: bool = False,
        question_rate: tuple[int, float] | None = DEFAULT_QUESTION_RATE,
        handle_signals: bool = True,
        question_log: QuestionLog | None = None,
        **options: Any,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True
        intents.dm_messages = True
        # Privileged: only needed to read messages that don't mention the bot.
        intents.message_content = bool(settings.answer_channel_ids)
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=AnswerTree,
            **options,
        )
        self.settings = settings
        self.library = library
        self.database = database
        # A database given by the caller is theirs to close; one opened here is closed here.
        self._owns_database = database is None
        self.bindings: Bindings | None = None
        self.force_sync = force_sync
        self.question_rate = question_rate
        self.handle_signals = handle_signals
        self.question_log = question_log
        self.last_sync: str | None = None
        self._background: set[asyncio.Task[Any]] = set()
        self._signal_installed = False

    async def setup_hook(self) -> None:
        """Add the cog, sync commands if Discord's differ, log the invite URL, listen for SIGHUP."""
        # setup_hook runs on every login; a restarted bot keeps its cog (and its cooldowns).
        if self.get_cog(AnswerCog.__cog_name__) is None:
            self.bindings = await self._open_bindings()
            cog = AnswerCog(
                self,
                self.library,
                self.settings,
                self.question_rate,
                self.bindings,
                self.question_log,
            )
            await self.add_cog(cog)
            await self.add_cog(StoryCog(cog.scope, cog.is_admin))
            await self.add_cog(GapsCog(cog.scope, self.settings, self.question_log))
        await self.sync_commands(force=self.force_sync)
        if self.application_id is not None:
            log.info("Invite URL: %s", self.invite_url())
        self._install_signal_handler()

    @property
    def service(self) -> AnswerService:
        """The default story's live service."""
        return self.library.default

    async def _open_bindings(self) -> Bindings | None:
        """The channel bindings in the bot's database (opened off the event loop)."""
        try:
            if self.database is None:
                self.database = await asyncio.to_thread(
                    open_database, self.settings.database_url, self.settings.data_dir
                )
            return await asyncio.to_thread(Bindings, self.database)
        except DatabaseError as exc:
            # Questions are still answered (routed across every story); binding is unavailable.
            log.error("Story bindings unavailable: %s", exc)
            return None

    def invite_url(self) -> str:
        """The OAuth2 URL that adds the bot with its commands and only the permissions it needs."""
        assert self.application_id is not None
        return discord.utils.oauth_url(
            self.application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES
        )

    async def sync_commands(self, *, force: bool = False) -> str:
        """Sync the tree to the dev guild (or globally) unless Discord already holds it.

        Discord's own list is fetched (one request) and compared with the tree; only a
        difference, or `force`, costs the sync. Returns "synced", "unchanged", "skipped" or
        "failed".
        """
        guild = discord.Object(self.settings.guild_id) if self.settings.guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        shard_ids = self.settings.shard_ids
        if not force and shard_ids is not None and 0 not in shard_ids:
            # With several processes, the one running shard 0 owns sync; the rest never race it.
            self.last_sync = "skipped"
            return self.last_sync
        scope = f"guild {guild.id}" if guild else "global"
        if not force and await self._registered_match(guild, scope):
            log.info("Slash commands on Discord (%s) match the bot's; not syncing", scope)
            self.last_sync = "unchanged"
            return self.last_sync
        try:
            synced = await self.tree.sync(guild=guild)
        except discord.HTTPException:
            # The bot still answers mentions; the next start compares and retries.
            log.exception("Slash command sync (%s) failed", scope)
            self.last_sync = "failed"
            return self.last_sync
        log.info("Synced %d slash commands (%s)", len(synced), scope)
        self.last_sync = "synced"
        return self.last_sync

    async def _registered_match(self, guild: discord.abc.Snowflake | None, scope: str) -> bool:
        local = [c.to_dict(self.tree) for c in self.tree.get_commands(guild=guild)]
        assert self.application_id is not None
        try:
            # The raw JSON, not tree.fetch_commands(): its AppCommand objects lose "contexts"
            # (discord.py 2.7 reads [0] as none), which would make every start look changed.
            if guild is None:
                remote = await self.http.get_global_commands(self.application_id)
            else:
                remote = await self.http.get_guild_commands(self.application_id, guild.id)
        except discord.HTTPException as exc:
            # Not knowing what Discord holds, syncing is the safe side.
            log.warning("Could not fetch the registered slash commands (%s): %s", scope, exc)
            return False
        return commands_match(local, remote, guild_scope=guild is not None)

    async def reload_sheet(self, reason: str) -> list[StoryOutcome]:
        """Re-read every sheet off the event loop, so answers keep flowing while they load."""
        log.info("Reloading the stories (%s)", reason)
        return await asyncio.to_thread(self.library.reload)

    def _install_signal_handler(self) -> None:
        hangup = getattr(signal, "SIGHUP", None)
        if not self.handle_signals or hangup is None or self._signal_installed:
            return
        try:
            asyncio.get_running_loop().add_signal_handler(hangup, self._on_hangup)
        except (NotImplementedError, RuntimeError, ValueError) as exc:
            # Windows loops and non-main threads cannot take signal handlers.
            log.debug("SIGHUP reload not available: %s", exc)
            return
        self._signal_installed = True

    def _on_hangup(self) -> None:
        task = asyncio.get_running_loop().create_task(self.reload_sheet("SIGHUP"))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def close(self) -> None:
        """Stop listening for SIGHUP, then disconnect."""
        hangup = getattr(signal, "SIGHUP", None)
        if self._signal_installed and hangup is not None:
            try:
                asyncio.get_running_loop().remove_signal_handler(hangup)
            except (NotImplementedError, RuntimeError, ValueError):
                log.debug("Could not remove the SIGHUP handler", exc_info=True)
            self._signal_installed = False
        await super().close()
        if self.database is not None and self._owns_database:
            await asyncio.to_thread(self.database.close)
            self.database = None

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: messages are handled by the cog's listener only."""


class ShardedNewsBot(NewsBot, commands.AutoShardedBot):
    """The same bot on Discord's sharding: one process, many shards, or a slice of them."""


def create_bot(
    *,
    settings: Settings | None = None,
    service: AnswerService | None = None,
    library: StoryLibrary | None = None,
    database: Database | None = None,
    force_sync: bool = False,
    question_rate: tuple[int, float] | None = DEFAULT_QUESTION_RATE,
    handle_signals: bool = True,
    question_log: QuestionLog | None = None,
    **setting_overrides: Any,
) -> NewsBot:
    """Build the bot from the environment (and `.env`); it does not connect.

    Any Settings field may be overridden by keyword (e.g. ``knowledge_path=...``).
    """
    settings = settings or load_settings()
    if setting_overrides:
        settings = dataclasses.replace(settings, **setting_overrides)
    if library is None:
        library = (
            StoryLibrary.single(service)
            if service is not None
            else StoryLibrary.open(settings.knowledge_dir, settings.knowledge_path)
        )
    options: dict[str, Any] = {
        "force_sync": force_sync,
        "question_rate": question_rate,
        "handle_signals": handle_signals,
        "database": database,
        "question_log": question_log,
    }
    if settings.shard_count is not None:
        return ShardedNewsBot(
            settings,
            library,
            shard_count=settings.shard_count,
            shard_ids=list(settings.shard_ids) if settings.shard_ids else None,
            **options,
        )
    return NewsBot(settings, library, **options)
