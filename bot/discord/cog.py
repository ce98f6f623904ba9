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

from bot.app.gaps import log_entry
from bot.app.replies import (
    MAX_QUESTION_CHARS,
    Card,
    Reply,
    about_card,
    claims_cards,
    help_card,
    looks_like_question,
    question_echo,
    reload_card,
    reload_confirm_card,
    reload_refused_card,
    reply_to_question,
    who_cards,
)
from bot.app.service import AnswerService, ReloadCandidate
from bot.discord.feedback_view import FeedbackView
from bot.discord.transformers import Person, Topic
from bot.discord.views import ConfirmReloadView, DidYouMeanView, PagesView, card_embed, send_private
from bot.settings import Settings
from bot.sheet import SheetError
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
    mentions), the live service, the settings and the question rate.
    """

    def __init__(
        self,
        bot: commands.Bot,
        service: AnswerService,
        settings: Settings,
        question_rate: tuple[int, float] | None,
        question_log: QuestionLog | None = None,
    ) -> None:
        self.bot = bot
        self.service = service
        self.settings = settings
        self.limiter = QuestionLimiter(*question_rate) if question_rate else None
        self.question_log = question_log

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
        # One read of the engine: the whole answer comes from one sheet even during a reload.
        engine = self.service.engine
        reply = reply_to_question(engine, question)
        key = self._record(reply, "slash", interaction.guild_id, interaction.channel_id)
        public = not (private or reply.private)
        view = self._answer_view(interaction.user.id, question, reply, key if public else None)
        await interaction.response.send_message(
            content=question_echo(question),
            embed=card_embed(reply.card),
            ephemeral=private or reply.private,
            **({"view": view} if view else {}),
        )
        if view is not None:
            view.attach(interaction=interaction)

    def _record(
        self, reply: Reply, source: str, guild_id: int | None, channel_id: int | None
    ) -> str | None:
        """Queue the question for the log (never waits); its key, for votes on the answer."""
        if self.question_log is None or reply.answer is None:
            return None
        entry = log_entry(
            reply.answer,
            story=self.service.engine.sheet.story.id,
            source=source,
            version=self.service.version,
            guild_id=guild_id,
            channel_id=channel_id,
        )
        return self.question_log.record(entry)

    def _answer_view(
        self, owner_id: int, question: str, reply: Reply, entry_key: str | None
    ) -> DidYouMeanView | None:
        """Vote buttons on a public answer that was logged, with "did you mean" if it has one."""
        answer = reply.answer
        if entry_key is None or self.question_log is None or answer is None or not answer.answered:
            return self._did_you_mean(owner_id, question, reply)
        facts = [f for f in (answer.fact, *(m.fact for m in answer.alternatives)) if f]
        return FeedbackView(
            owner_id,
            question,
            facts,
            lambda: self.service.engine.sheet,
            self.question_log,
            entry_key,
            self._is_admin,
        )

    def _did_you_mean(self, owner_id: int, question: str, reply: Reply) -> DidYouMeanView | None:
        answer = reply.answer
        if answer is None or answer.fact is None or not answer.alternatives:
            return None
        facts = [answer.fact, *(m.fact for m in answer.alternatives)]
        return DidYouMeanView(owner_id, question, facts, lambda: self.service.engine.sheet)

    # ------------------------------------------------------------ /who

    @app_commands.command(name="who")
    @app_commands.describe(
        person="A name or role: Zelenskyy, NATO, the Pentagon… (pick from the list)"
    )
    async def who(self, interaction: discord.Interaction, person: Person) -> None:
        """What one person in the story said, in article order, with their words."""
        directory = self.service.directory
        cards = who_cards(person, directory.facts_by(person), directory.sheet)
        await self._send_pages(interaction, cards)

    # ------------------------------------------------------------ /claims

    @app_commands.command(name="claims")
    @app_commands.describe(
        person="Only what this person said (pick from the list)",
        topic="Only this topic, e.g. troop numbers, timing, Kursk (pick from the list)",
    )
    async def claims(
        self,
        interaction: discord.Interaction,
        person: Person | None = None,
        topic: Topic | None = None,
    ) -> None:
        """Every claim grouped by topic, so where sources differ they sit side by side."""
        directory = self.service.directory
        groups = directory.claims(person, topic)
        cards = claims_cards(groups, directory.sheet, person=person, topic=topic)
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
    async def about(self, interaction: discord.Interaction) -> None:
        """The story: headline, people, what the fact sheet covers and when it was loaded."""
        await interaction.response.send_message(
            embed=card_embed(about_card(self.service.engine.sheet))
        )

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What this bot does, with examples."""
        await interaction.response.send_message(
            embed=card_embed(help_card(self.service.engine.sheet)), ephemeral=True
        )

    # ------------------------------------------------------------ /reload

    @app_commands.command(name="reload")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def reload(self, interaction: discord.Interaction) -> None:
        """Admins: re-read the fact sheet, validate it, and swap it in if it is wholly valid."""
        # Default permissions only hide the command; a server can re-grant it, so check again.
        if not self._is_admin(interaction):
            raise NotAdmin(ADMINS_ONLY)
        await interaction.response.defer(ephemeral=True, thinking=True)
        log.info("Reloading the fact sheet (/reload by user %s)", interaction.user.id)
        try:
            # Off the event loop, so answers keep flowing while the file is read and indexed.
            candidate = await asyncio.to_thread(self.service.prepare_reload)
        except SheetError as exc:
            await interaction.edit_original_response(
                embed=card_embed(reload_refused_card(exc.problems))
            )
            return
        if not candidate.needs_confirmation:
            await interaction.edit_original_response(embed=card_embed(self._commit(candidate)))
            return
        # Facts taken away or words changed: nothing goes live until the admin says so.
        view = ConfirmReloadView(
            interaction.user.id, self._may_still_reload, lambda: self._commit(candidate)
        )
        card = reload_confirm_card(candidate.diff, candidate.quotes_changed, candidate.engine.sheet)
        await interaction.edit_original_response(embed=card_embed(card), view=view)
        view.attach(interaction=interaction)

    def _is_admin(self, interaction: discord.Interaction) -> bool:
        is_listed = interaction.user.id in self.settings.admin_user_ids
        return is_listed or interaction.permissions.manage_guild

    async def _may_still_reload(self, interaction: discord.Interaction) -> bool:
        if self._is_admin(interaction):
            return True
        log.info("Refused a reload confirmation to user %s: not an admin", interaction.user.id)
        await send_private(interaction, ADMINS_ONLY)
        return False

    def _commit(self, candidate: ReloadCandidate) -> Card:
        result = self.service.commit(candidate)
        if result.diff is None:
            return reload_refused_card(result.problems)
        return reload_card(result.diff, self.service.engine.sheet)

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
                await self._reply(message, f"You're asking quickly — try again in {wait:.0f} s.")
            return
        reply = reply_to_question(self.service.engine, text)
        source = "mention" if mentioned else "dm" if in_dm else "channel"
        guild_id = message.guild.id if message.guild else None
        key = self._record(reply, source, guild_id, message.channel.id)
        if not (mentioned or in_dm) and reply.answer is not None and not reply.answer.answered:
            # Unprompted, the bot speaks only when it has something from the article to add.
            return
        view = self._answer_view(message.author.id, text, reply, key)
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
