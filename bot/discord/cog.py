"""The cog: /ask, /who, /claims, /about, /help, /reload, and answers to mentions."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import deque

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import commands as app
from bot.app.gaps import log_entries
from bot.app.replies import (
    MAX_QUESTION_CHARS,
    Card,
    Reply,
    looks_like_question,
    question_echo,
    slow_down_text,
)
from bot.app.service import AnswerService
from bot.app.stories import StoryLibrary, StoryReload
from bot.app.story_replies import reload_stories_card, reload_stories_confirm_card
from bot.discord.feedback_view import FeedbackView
from bot.discord.stories import StoryOption, StoryScope, choice_message, story_of
from bot.discord.transformers import Person, Topic
from bot.discord.views import ConfirmReloadView, DidYouMeanView, PagesView, card_embed, send_private
from bot.settings import Settings
from bot.store.bindings import Bindings
from bot.store.question_log import QuestionLog

log = logging.getLogger(__name__)


class QuestionLimiter:
    """At most `rate` questions per `per` seconds for each user (a sliding window)."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._seen: dict[int, deque[float]] = {}

    def retry_after(self, user_id: int) -> float:
        """Seconds until this user may ask again; 0 means go ahead (and counts the question)."""
        # Read the clock at call time: the test harness moves time.monotonic virtually.
        now = time.monotonic()
        recent = self._seen.setdefault(user_id, deque())
        while recent and now - recent[0] >= self.per:
            recent.popleft()
        if len(recent) >= self.rate:
            return self.per - (now - recent[0])
        recent.append(now)
        if len(self._seen) > 10_000:
            # Forget idle users so a busy bot's memory does not grow without bound.
            self._seen = {u: q for u, q in self._seen.items() if q and now - q[-1] < self.per}
        return 0.0


async def _question_limit(interaction: discord.Interaction) -> bool:
    """App-command check: the per-user question cooldown, shared with mentions."""
    cog = interaction.command.binding if interaction.command is not None else None
    limiter = getattr(cog, "limiter", None)
    if limiter is None:
        return True
    wait = limiter.retry_after(interaction.user.id)
    if wait > 0:
        raise app_commands.CommandOnCooldown(app_commands.Cooldown(limiter.rate, limiter.per), wait)
    return True


class NotAdmin(app_commands.CheckFailure):
    """The user may not reload the sheet."""


ADMINS_ONLY = "Only admins (Manage Server, or listed in ADMIN_USER_IDS) can reload."


class AnswerCog(commands.Cog, name="Answers"):
    """Questions about the story, answered from the live fact sheet.

    Everything it uses comes through its constructor: the client (for its own user, to spot
    mentions), the live stories, the settings, the question rate and the channel bindings.
    """

    def __init__(
        self,
        bot: commands.Bot,
        library: StoryLibrary,
        settings: Settings,
        question_rate: tuple[int, float] | None,
        bindings: Bindings | None = None,
        question_log: QuestionLog | None = None,
    ) -> None:
        self.bot = bot
        self.scope = StoryScope(library, bindings)
        self.settings = settings
        self.limiter = QuestionLimiter(*question_rate) if question_rate else None
        self.question_log = question_log

    @property
    def library(self) -> StoryLibrary:
        """Every story being served."""
        return self.scope.library

    @property
    def service(self) -> AnswerService:
        """The default story's live service."""
        return self.scope.library.default

    # ------------------------------------------------------------ /ask

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question about the story, e.g. who said what, how many, where or when",
        private="Show the answer only to you (default: everyone in the channel sees it)",
    )
    @app_commands.check(_question_limit)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        private: bool = False,
    ) -> None:
        """Ask about the story; the answer comes from the article, with its source."""
        routed = await self.scope.question(interaction.guild_id, interaction.channel, question)
        if routed.needs_choice:
            embed, choice = choice_message(routed, interaction.user.id, lambda: self.library)
            await interaction.response.send_message(
                content=question_echo(question), embed=embed, ephemeral=private, view=choice
            )
            choice.attach(interaction=interaction)
            return
        assert routed.reply is not None
        reply = routed.reply
        key = self._record(
            reply, routed.story, "slash", interaction.guild_id, interaction.channel_id
        )
        public = not (private or reply.private)
        view = self._answer_view(
            interaction.user.id, question, reply, routed.story, key if public else None
        )
        await interaction.response.send_message(
            content=question_echo(question),
            embed=card_embed(reply.card),
            ephemeral=private or reply.private,
            **({"view": view} if view else {}),
        )
        if view is not None:
            view.attach(interaction=interaction)

    def _record(
        self,
        reply: Reply,
        story: AnswerService | None,
        source: str,
        guild_id: int | None,
        channel_id: int | None,
    ) -> str | None:
        """Queue the question for the log (never waits); its key, for votes on the answer."""
        if self.question_log is None or reply.answer is None or story is None:
            return None
        whole, *parts = log_entries(
            reply.answer,
            story=story.engine.sheet.story.id,
            source=source,
            version=story.version,
            guild_id=guild_id,
            channel_id=channel_id,
        )
        key = self.question_log.record(whole)
        for part in parts:
            self.question_log.record(part)
        return key

    def _answer_view(
        self,
        owner_id: int,
        question: str,
        reply: Reply,
        story: AnswerService | None,
        entry_key: str | None,
    ) -> DidYouMeanView | None:
        """Vote buttons on a public answer that was logged, with "did you mean" if it has one."""
        answer = reply.answer
        if (
            entry_key is None
            or self.question_log is None
            or story is None
            or answer is None
            or not answer.answered
        ):
            return self._did_you_mean(owner_id, question, reply, story)
        facts = [f for f in (answer.fact, *(m.fact for m in answer.alternatives)) if f]
        return FeedbackView(
            owner_id,
            question,
            facts,
            lambda: story.engine.sheet,
            self.question_log,
            entry_key,
            self.is_admin,
        )

    def _did_you_mean(
        self, owner_id: int, question: str, reply: Reply, story: AnswerService | None
    ) -> DidYouMeanView | None:
        answer = reply.answer
        if story is None or answer is None or answer.fact is None or not answer.alternatives:
            return None
        facts = [answer.fact, *(m.fact for m in answer.alternatives)]
        # The alternatives come from the answering story only, read live at the choice.
        return DidYouMeanView(owner_id, question, facts, lambda: story.engine.sheet)

    # ------------------------------------------------------------ /who

    @app_commands.command(name="who")
    @app_commands.describe(
        person="A name or role from the story (pick from the list)",
        story="Which story (default: this channel's story)",
    )
    async def who(
        self, interaction: discord.Interaction, person: Person, story: StoryOption | None = None
    ) -> None:
        """What one person in the story said, in article order, with their words."""
        directory = (story or await story_of(interaction)).directory
        cards = app.who(directory, person)
        await self._send_pages(interaction, cards)

    # ------------------------------------------------------------ /claims

    @app_commands.command(name="claims")
    @app_commands.describe(
        person="Only what this person said (pick from the list)",
        topic="Only this topic (pick from the list)",
        story="Which story (default: this channel's story)",
    )
    async def claims(
        self,
        interaction: discord.Interaction,
        person: Person | None = None,
        topic: Topic | None = None,
        story: StoryOption | None = None,
    ) -> None:
        """Every claim grouped by topic, so where sources differ they sit side by side."""
        directory = (story or await story_of(interaction)).directory
        cards = app.claims(directory, person, topic)
        await self._send_pages(interaction, cards)

    async def _send_pages(self, interaction: discord.Interaction, cards: tuple[Card, ...]) -> None:
        if len(cards) == 1:
            await interaction.response.send_message(embed=card_embed(cards[0]))
            return
        view = PagesView(interaction.user.id, cards)
        await interaction.response.send_message(embed=view.embed, view=view)
        view.attach(interaction=interaction)

    # ------------------------------------------------------------ /about, /help

    @app_commands.command(name="about")
    @app_commands.describe(story="Which story (default: this channel's story)")
    async def about(
        self, interaction: discord.Interaction, story: StoryOption | None = None
    ) -> None:
        """The story: headline, people, what the fact sheet covers and when it was loaded."""
        service = story or await story_of(interaction)
        await interaction.response.send_message(embed=card_embed(app.about(service)))

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What this bot does, with examples."""
        await interaction.response.send_message(
            embed=card_embed(app.help_reply(self.service)), ephemeral=True
        )

    # ------------------------------------------------------------ /reload

    @app_commands.command(name="reload")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def reload(self, interaction: discord.Interaction) -> None:
        """Admins: re-read the fact sheet, validate it, and swap it in if it is wholly valid."""
        # Default permissions only hide the command; a server can re-grant it, so check again.
        if not self.is_admin(interaction):
            raise NotAdmin(ADMINS_ONLY)
        await interaction.response.defer(ephemeral=True, thinking=True)
        log.info("Reloading the stories (/reload by user %s)", interaction.user.id)
        # Off the event loop, so answers keep flowing while the files are read and indexed.
        plans = await asyncio.to_thread(self.library.prepare_reload)
        # What needs no confirmation goes live at once, story by story; the rest waits.
        outcomes = await asyncio.to_thread(self.library.commit, plans, confirmed=False)
        waiting = [p for p in plans if p.needs_confirmation and not p.problems]
        if not waiting:
            await interaction.edit_original_response(
                embed=card_embed(reload_stories_card(outcomes))
            )
            return
        # Facts taken away or words changed: nothing of those goes live until the admin says so.
        view = ConfirmReloadView(
            interaction.user.id, self._may_still_reload, lambda: self._commit(waiting)
        )
        embeds = [card_embed(reload_stories_confirm_card(plans))]
        if len(plans) > 1:
            embeds.insert(0, card_embed(reload_stories_card(outcomes)))
        await interaction.edit_original_response(embeds=embeds, view=view)
        view.attach(interaction=interaction)

    def is_admin(self, interaction: discord.Interaction) -> bool:
        """Listed in ADMIN_USER_IDS, or has Manage Server here."""
        is_listed = interaction.user.id in self.settings.admin_user_ids
        return is_listed or interaction.permissions.manage_guild

    async def _may_still_reload(self, interaction: discord.Interaction) -> bool:
        if self.is_admin(interaction):
            return True
        log.info("Refused a reload confirmation to user %s: not an admin", interaction.user.id)
        await send_private(interaction, ADMINS_ONLY)
        return False

    def _commit(self, plans: list[StoryReload]) -> Card:
        return reload_stories_card(self.library.commit(plans, confirmed=True))

    # ------------------------------------------------------------ mentions

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a mention (or, in answer channels, a question) with a reply to that message."""
        me = self.bot.user
        if message.author.bot or me is None:
            return
        mentioned = me.id in message.raw_mentions
        in_dm = message.guild is None
        watched = message.channel.id in self.settings.answer_channel_ids
        text = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        if not (mentioned or in_dm or (watched and looks_like_question(text))):
            return
        if self.limiter is not None and (wait := self.limiter.retry_after(message.author.id)) > 0:
            if mentioned or in_dm:
                await self._reply(message, slow_down_text(wait))
            return
        guild_id = message.guild.id if message.guild else None
        routed = await self.scope.question(guild_id, message.channel, text)
        if routed.needs_choice:
            embed, choice = choice_message(routed, message.author.id, lambda: self.library)
            sent = await self._reply(message, embed=embed, view=choice)
            if sent is not None:
                choice.attach(message=sent)
            return
        assert routed.reply is not None
        reply = routed.reply
        source = "mention" if mentioned else "dm" if in_dm else "channel"
        key = self._record(reply, routed.story, source, guild_id, message.channel.id)
        if not (mentioned or in_dm) and reply.answer is not None and not reply.answer.answered:
            # Unprompted, the bot speaks only when it has something from the article to add.
            return
        view = self._answer_view(message.author.id, text, reply, routed.story, key)
        sent = await self._reply(message, embed=card_embed(reply.card), view=view)
        if view is not None and sent is not None:
            view.attach(message=sent)

    async def _reply(
        self,
        message: discord.Message,
        content: str | None = None,
        *,
        embed: discord.Embed | None = None,
        view: discord.ui.View | None = None,
    ) -> discord.Message | None:
        try:
            return await message.reply(
                content=content,
                embed=embed,
                mention_author=False,
                **({"view": view} if view else {}),
            )
        except discord.HTTPException:
            # A failed send (a 5xx, lost permissions) costs this reply only; the bot carries on.
            log.exception(
                "Could not reply to message %s in channel %s", message.id, message.channel.id
            )
            if view is not None:
                view.stop()
            return None
