"""The Discord client: intents, mention policy, the command tree's error handler, command sync."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
import math
import os
import signal
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.service import AnswerService, ReloadResult
from bot.settings import Settings, load_settings
from bot.views import send_private

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


def default_sync_state_path() -> Path:
    """Where the hash of the last synced command tree is kept between runs."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "newsfact-bot" / "command-sync.json"


class SyncState:
    """Hashes of the command payloads last synced, per application and scope, in a JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            # A damaged state file only costs one extra sync; say so and carry on.
            log.warning("Ignoring unreadable command sync state %s: %s", self.path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> str | None:
        """The hash last synced under `key`, if any."""
        return self._read().get(key)

    def put(self, key: str, digest: str) -> None:
        """Record that `digest` is now synced under `key`."""
        data = self._read()
        data[key] = digest
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            log.warning("Could not save command sync state to %s: %s", self.path, exc)


def commands_digest(payloads: list[dict[str, Any]]) -> str:
    """A stable hash of command payloads: equal trees give equal hashes."""
    ordered = sorted(payloads, key=lambda p: (p.get("type", 1), p.get("name", "")))
    blob = json.dumps(ordered, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class AnswerTree(app_commands.CommandTree):
    """The one place app-command errors end: logged with their traceback, told briefly and privately."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Tell the user what happened without detail; log anything unexpected in full."""
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(cause, app_commands.CommandOnCooldown):
            seconds = max(1, math.ceil(cause.retry_after))
            message = f"You're asking quickly — try again in {seconds} s."
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
        service: AnswerService,
        *,
        sync_state_path: Path | None = None,
        force_sync: bool = False,
        question_rate: tuple[int, float] | None = DEFAULT_QUESTION_RATE,
        handle_signals: bool = True,
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
        self.service = service
        self.sync_state = SyncState(sync_state_path or default_sync_state_path())
        self.force_sync = force_sync
        self.question_rate = question_rate
        self.handle_signals = handle_signals
        self.last_sync: str | None = None
        self._background: set[asyncio.Task[Any]] = set()
        self._signal_installed = False
        from bot.commands import AnswerCog

        self.answers = AnswerCog(self, service, settings, question_rate)
        # The tree is complete as soon as the bot exists, so its commands can be inspected (or
        # hashed) without logging in; setup_hook then loads the cog itself with its listener.
        for command in self.answers.get_app_commands():
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        """Load the cog, sync commands if they changed, log the invite URL, listen for SIGHUP."""
        # setup_hook runs on every login; a restarted bot keeps its cog.
        if self.get_cog(self.answers.qualified_name) is None:
            await self.add_cog(self.answers, override=True)
        await self.sync_commands(force=self.force_sync)
        if self.application_id is not None:
            log.info("Invite URL: %s", self.invite_url())
        self._install_signal_handler()

    def invite_url(self) -> str:
        """The OAuth2 URL that adds the bot with its commands and only the permissions it needs."""
        assert self.application_id is not None
        return discord.utils.oauth_url(
            self.application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES
        )

    async def sync_commands(self, *, force: bool = False) -> str:
        """Sync the tree to the dev guild (or globally) when it changed since the last sync.

        Returns what happened: "synced", "unchanged", "skipped" or "failed".
        """
        guild = discord.Object(self.settings.guild_id) if self.settings.guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        shard_ids = self.settings.shard_ids
        if not force and shard_ids is not None and 0 not in shard_ids:
            # With several processes, the one running shard 0 owns sync; the rest never race it.
            self.last_sync = "skipped"
            return self.last_sync
        payloads = [c.to_dict(self.tree) for c in self.tree._get_all_commands(guild=guild)]
        digest = commands_digest(payloads)
        scope = f"guild:{guild.id}" if guild else "global"
        key = f"{self.application_id}:{scope}"
        if not force and self.sync_state.get(key) == digest:
            log.info("Slash commands unchanged since last sync (%s); not syncing", scope)
            self.last_sync = "unchanged"
            return self.last_sync
        try:
            synced = await self.tree.sync(guild=guild)
        except discord.HTTPException:
            # The bot still answers mentions; the next start retries because nothing was saved.
            log.exception("Slash command sync (%s) failed", scope)
            self.last_sync = "failed"
            return self.last_sync
        self.sync_state.put(key, digest)
        log.info("Synced %d slash commands (%s)", len(synced), scope)
        self.last_sync = "synced"
        return self.last_sync

    async def reload_sheet(self, reason: str) -> ReloadResult:
        """Re-read the sheet off the event loop, so answers keep flowing while it loads."""
        log.info("Reloading the fact sheet (%s)", reason)
        return await asyncio.to_thread(self.service.reload)

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

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: messages are handled by the cog's listener only."""


class ShardedNewsBot(NewsBot, commands.AutoShardedBot):
    """The same bot on Discord's sharding: one process, many shards, or a slice of them."""


def create_bot(
    *,
    settings: Settings | None = None,
    service: AnswerService | None = None,
    sync_state_path: Path | None = None,
    force_sync: bool = False,
    question_rate: tuple[int, float] | None = DEFAULT_QUESTION_RATE,
    handle_signals: bool = True,
    **setting_overrides: Any,
) -> NewsBot:
    """Build the bot from the environment (and `.env`); it does not connect.

    Any Settings field may be overridden by keyword (e.g. ``knowledge_path=...``).
    """
    settings = settings or load_settings()
    if setting_overrides:
        settings = dataclasses.replace(settings, **setting_overrides)
    service = service or AnswerService.open(settings.knowledge_path)
    options: dict[str, Any] = {
        "sync_state_path": sync_state_path,
        "force_sync": force_sync,
        "question_rate": question_rate,
        "handle_signals": handle_signals,
    }
    if settings.shard_count is not None:
        return ShardedNewsBot(
            settings,
            service,
            shard_count=settings.shard_count,
            shard_ids=list(settings.shard_ids) if settings.shard_ids else None,
            **options,
        )
    return NewsBot(settings, service, **options)
