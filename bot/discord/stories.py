"""Which story a command is about: channel bindings, the story option, routing and /story."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.replies import Card, Reply, one_line
from bot.app.routing import Routed, route, story_reply
from bot.app.service import AnswerService
from bot.app.stories import StoryLibrary
from bot.app.story_replies import (
    bound_story_missing_card,
    story_bound_card,
    story_choice_card,
    story_list_card,
    unknown_story_card,
)
from bot.discord.views import OwnedView, card_embed
from bot.store.bindings import Bindings

log = logging.getLogger(__name__)

# How long a channel's binding is remembered before the database is asked again: a binding set
# on another host reaches this one within that time.
BINDING_TTL_S = 5.0
# Lookups remembered at most (one per channel recently asked in).
MAX_REMEMBERED_BINDINGS = 10_000


class NoSuchStory(app_commands.TransformerError):
    """A story option (or a binding) naming no story being served; `card` says so."""

    def __init__(self, value: str, card: Card, transformer: app_commands.Transformer) -> None:
        super().__init__(value, discord.AppCommandOptionType.string, transformer)
        self.card = card


class StoryScope:
    """The stories and the bindings: which story a channel, an option or a question means."""

    def __init__(self, library: StoryLibrary, bindings: Bindings | None) -> None:
        self.library = library
        self.bindings = bindings
        # Recent lookups, so a busy channel does not ask the database on every question; a
        # binding changed by another process or host is seen within BINDING_TTL_S.
        self._recent: dict[tuple[int | None, tuple[int, ...]], tuple[float, str | None]] = {}

    def forget_bindings(self) -> None:
        """Drop remembered lookups (after this process changed a binding)."""
        self._recent.clear()

    async def bound_slug(self, guild_id: int | None, channel: Any) -> str | None:
        """The story bound to this channel (a thread, else its parent) or server; None if none."""
        if self.bindings is None or channel is None:
            return None
        ids = [channel.id]
        parent_id = getattr(channel, "parent_id", None)
        if parent_id is not None:
            ids.append(parent_id)
        key = (guild_id, tuple(ids))
        now = time.monotonic()
        remembered = self._recent.get(key)
        if remembered is not None and remembered[0] > now:
            return remembered[1]
        # Off the event loop: the database may be a file or a server across the network.
        slug = await asyncio.to_thread(self.bindings.resolve, guild_id, ids)
        if len(self._recent) >= MAX_REMEMBERED_BINDINGS:
            self._recent.clear()
        self._recent[key] = (now + BINDING_TTL_S, slug)
        return slug

    async def story_for(self, interaction: discord.Interaction, typed: str | None) -> AnswerService:
        """The story a command means: its `story` option, else the channel's, else the default."""
        if typed:
            service = self.library.find(typed)
            if service is None:
                raise LookupError(typed)
            return service
        slug = await self.bound_slug(interaction.guild_id, interaction.channel)
        if slug is not None:
            service = self.library.get(slug)
            if service is None:
                raise LookupError(slug)
            return service
        return self.library.default

    async def question(self, guild_id: int | None, channel: Any, question: str) -> Routed:
        """A question sent to its bound story only, or routed across every story."""
        slug = await self.bound_slug(guild_id, channel)
        many = len(self.library) > 1
        if slug is not None:
            service = self.library.get(slug)
            if service is None:
                # Bound to a story not served now: answering from another would break the binding.
                reply = Reply(bound_story_missing_card(slug), private=True)
                return Routed(question, None, reply)
            return Routed(question, service, story_reply(service, question, name_story=many))
        return route(self.library.services, question)


class _HasScope(Protocol):
    scope: StoryScope


def scope_of(interaction: discord.Interaction) -> StoryScope:
    """The stories and bindings of the command's cog (given to it by its constructor)."""
    command = interaction.command
    cog: _HasScope | None = getattr(command, "binding", None)
    if cog is None or not hasattr(cog, "scope"):
        raise RuntimeError(f"/{getattr(command, 'name', '?')} is not bound to a cog with stories")
    return cog.scope


class StoryTransformer(app_commands.Transformer):
    """A story being served: an id from autocomplete, or words of its headline typed by hand."""

    async def transform(self, interaction: discord.Interaction, value: Any) -> AnswerService:
        """The story `value` names; NoSuchStory (listing the stories) if none."""
        library = scope_of(interaction).library
        service = library.find(str(value))
        if service is None:
            raise NoSuchStory(str(value), unknown_story_card(str(value), library), self)
        return service

    async def autocomplete(
        self, interaction: discord.Interaction, value: int | float | str
    ) -> list[app_commands.Choice[str]]:
        """Stories whose id or headline matches what is typed so far."""
        return [
            app_commands.Choice(name=one_line(s.engine.sheet.story.headline, 100), value=slug)
            for s in scope_of(interaction).library.choices(str(value))
            if (slug := s.engine.sheet.story.id)
        ]


StoryOption = app_commands.Transform[AnswerService, StoryTransformer]


async def story_of(interaction: discord.Interaction) -> AnswerService:
    """For Person and Topic lookups: the story the same command's `story` option or channel means."""
    scope = scope_of(interaction)
    typed = getattr(interaction.namespace, "story", None)
    try:
        return await scope.story_for(interaction, str(typed) if typed else None)
    except LookupError as exc:
        name = str(exc.args[0]) if exc.args else ""
        raise NoSuchStory(
            name, unknown_story_card(name, scope.library), StoryTransformer()
        ) from exc


class StoryChoiceView(OwnedView):
    """A select over stories that answer a question about equally well; choosing one answers."""

    def __init__(
        self,
        owner_id: int,
        question: str,
        stories: Sequence[AnswerService],
        library: Callable[[], StoryLibrary],
        timeout: float = 180.0,
    ) -> None:
        super().__init__(owner_id, timeout)
        self.question = question
        self.library = library
        self.select: discord.ui.Select[StoryChoiceView] = discord.ui.Select(
            placeholder="Which story do you mean?",
            options=[
                discord.SelectOption(
                    label=one_line(s.engine.sheet.story.headline, 100),
                    value=s.engine.sheet.story.id,
                    description=one_line(
                        s.engine.sheet.story.citation or s.engine.sheet.story.id, 100
                    ),
                )
                for s in stories[:25]
            ],
        )
        self.select.callback = self._chosen
        self.add_item(self.select)

    async def _chosen(self, interaction: discord.Interaction) -> None:
        slug = self.select.values[0]
        # The live story now: a reload may have happened since the question was asked.
        service = self.library().get(slug)
        if service is None:
            await interaction.response.send_message(
                "That story is no longer served (it was reloaded). Ask again with `/ask`.",
                ephemeral=True,
            )
            return
        self.stop()
        reply = story_reply(service, self.question, name_story=True)
        await interaction.response.edit_message(embed=card_embed(reply.card), view=None)


def choice_message(
    routed: Routed, owner_id: int, library: Callable[[], StoryLibrary]
) -> tuple[discord.Embed, StoryChoiceView]:
    """The card and select offering the stories that answer about equally well."""
    view = StoryChoiceView(owner_id, routed.question, routed.choices, library)
    return card_embed(story_choice_card(routed.question, routed.choices)), view


class StoryAdmin(app_commands.CheckFailure):
    """The user may not bind stories."""


STORY_ADMINS_ONLY = "Only admins (Manage Server, or listed in ADMIN_USER_IDS) can set stories."


class StoryCog(commands.Cog, name="Stories"):
    """/story set, clear, default and list: which story a channel or server is about."""

    story = app_commands.Group(
        name="story", description="Which story this channel or server is about", guild_only=True
    )

    def __init__(self, scope: StoryScope, is_admin: Callable[[discord.Interaction], bool]) -> None:
        self.scope = scope
        self.is_admin = is_admin

    def _bindings(self, interaction: discord.Interaction) -> Bindings:
        if not self.is_admin(interaction):
            raise StoryAdmin(STORY_ADMINS_ONLY)
        if self.scope.bindings is None:
            raise app_commands.CheckFailure("Stories cannot be bound: the bot has no database.")
        return self.scope.bindings

    @story.command(name="set")
    @app_commands.describe(
        story="The story questions in this channel are about (pick from the list)"
    )
    async def set_story(self, interaction: discord.Interaction, story: StoryOption) -> None:
        """Admins: questions in this channel (or thread) are answered from this story only."""
        bindings = self._bindings(interaction)
        channel = interaction.channel
        assert channel is not None
        slug = story.engine.sheet.story.id
        await asyncio.to_thread(
            bindings.bind_channel, interaction.guild_id, channel.id, slug, interaction.user.id
        )
        self.scope.forget_bindings()
        log.info("Channel %s bound to story %s by user %s", channel.id, slug, interaction.user.id)
        card = story_bound_card(story.engine.sheet, where="this channel")
        await interaction.response.send_message(embed=card_embed(card))

    @story.command(name="clear")
    async def clear_story(self, interaction: discord.Interaction) -> None:
        """Admins: questions in this channel go to the server's default, or the best story."""
        bindings = self._bindings(interaction)
        channel = interaction.channel
        assert channel is not None
        had = await asyncio.to_thread(bindings.unbind_channel, channel.id)
        self.scope.forget_bindings()
        log.info("Channel %s unbound by user %s", channel.id, interaction.user.id)
        message = (
            "This channel is no longer bound to a story."
            if had
            else "This channel was not bound to a story."
        )
        now = await self.scope.bound_slug(interaction.guild_id, channel)
        if now is not None:
            message += f" Questions here go to `{now}` (the server's default story)."
        else:
            message += _unbound_means(self.scope)
        await interaction.response.send_message(message)

    @story.command(name="default")
    @app_commands.describe(story="The server's default story; leave empty to remove the default")
    async def default_story(
        self, interaction: discord.Interaction, story: StoryOption | None = None
    ) -> None:
        """Admins: the story for every channel of this server that is not bound to one."""
        bindings = self._bindings(interaction)
        guild_id = interaction.guild_id
        assert guild_id is not None
        if story is None:
            await asyncio.to_thread(bindings.clear_guild_default, guild_id)
            self.scope.forget_bindings()
            await interaction.response.send_message(
                "This server has no default story now." + _unbound_means(self.scope)
            )
            return
        slug = story.engine.sheet.story.id
        await asyncio.to_thread(bindings.set_guild_default, guild_id, slug, interaction.user.id)
        self.scope.forget_bindings()
        log.info("Server %s default story %s by user %s", guild_id, slug, interaction.user.id)
        card = story_bound_card(story.engine.sheet, where="this server (unbound channels)")
        await interaction.response.send_message(embed=card_embed(card))

    @story.command(name="list")
    async def list_stories(self, interaction: discord.Interaction) -> None:
        """The stories served, with their facts and load times, and this channel's story."""
        slug = await self.scope.bound_slug(interaction.guild_id, interaction.channel)
        card = story_list_card(self.scope.library, bound=slug)
        await interaction.response.send_message(embed=card_embed(card), ephemeral=True)


def _unbound_means(scope: StoryScope) -> str:
    if len(scope.library) > 1:
        return " Questions here go to the story that answers them best."
    return ""
