"""/gaps: the questions the bot could not answer well, grouped, with teach / not in the article /
dismiss on each group. Admins only, checked when the command runs and again at every click."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import fuzz, process

from bot.app.gaps import DEFAULT_DAYS, PAGE_SIZE, GapGroup, gap_groups, gaps_cards, since
from bot.app.replies import Card, Field, fit, one_line
from bot.app.service import AnswerService
from bot.discord.cog import NotAdmin
from bot.discord.stories import StoryOption, StoryScope
from bot.discord.views import OwnedView, card_embed, send_private
from bot.settings import Settings
from bot.sheet import Fact, SheetError
from bot.store.db import DatabaseError
from bot.store.learned import LearnError
from bot.store.question_log import QuestionLog

log = logging.getLogger(__name__)

GAPS_ADMINS_ONLY = "Only admins (Manage Server, or listed in ADMIN_USER_IDS) can review gaps."
GAPS_TIMEOUT = 900.0
# Facts offered in a teach menu (Discord allows 25 options).
TEACH_CHOICES = 25


def is_admin(interaction: discord.Interaction, settings: Settings) -> bool:
    """Manage Server in this channel, or listed in ADMIN_USER_IDS."""
    listed = interaction.user.id in settings.admin_user_ids
    return listed or interaction.permissions.manage_guild


class GapsCog(commands.Cog, name="Gaps"):
    """The curator's report of questions to fix, and one-click teaching."""

    def __init__(
        self, scope: StoryScope, settings: Settings, question_log: QuestionLog | None
    ) -> None:
        self.scope = scope
        self.settings = settings
        self.question_log = question_log

    @app_commands.command(name="gaps")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(
        days="How many days back to look (default 7)",
        story="Which story (default: this channel's story)",
    )
    async def gaps(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[int, 1, 365] = DEFAULT_DAYS,
        story: StoryOption | None = None,
    ) -> None:
        """Admins: questions the bot could not answer well, most frequent first, to teach it."""
        if not is_admin(interaction, self.settings):
            raise NotAdmin(GAPS_ADMINS_ONLY)
        service = story or await self.scope.story_for(interaction, None)
        if self.question_log is None:
            await send_private(interaction, "The question log is off (QUESTION_LOG=off).")
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            groups = await asyncio.to_thread(self.report, service, days)
        except (DatabaseError, SheetError) as exc:
            log.warning("/gaps could not read the log: %s", exc)
            await send_private(interaction, "The question log cannot be read right now.")
            return
        view = GapsView(interaction.user.id, self, service, groups, days)
        await interaction.edit_original_response(embed=view.embed(), view=view)
        view.attach(interaction=interaction)

    def report(self, service: AnswerService, days: int) -> list[GapGroup]:
        """One story's groups to review (runs off the event loop)."""
        assert self.question_log is not None
        story = service.engine.sheet.story.id
        refused: Sequence[str] = ()
        if service.learned is not None:
            refused = service.learned.load(story).refusals()
        return gap_groups(self.question_log.rows(story, since(days)), refused)

    def candidates(self, service: AnswerService, group: GapGroup) -> list[Fact]:
        """The facts most likely to answer a group: those given or nearest, then the engine's."""
        engine = service.engine
        sheet = engine.sheet
        ids = list(group.facts)
        answer = engine.answer(group.example)
        ids += [m.fact.id for m in answer.alternatives]
        if answer.fact:
            ids.append(answer.fact.id)
        if answer.nearest:
            ids.append(answer.nearest.fact.id)
        # Then facts that share words with it, then the sheet in article order: the menu is
        # never empty, and "Search all facts" finds anything else.
        ids += [f.id for f in self.search(service, group.example)]
        ids += [f.id for f in sheet.facts]
        facts = [f for f in (sheet.fact(i) for i in dict.fromkeys(ids)) if f is not None]
        return facts[:TEACH_CHOICES]

    def search(self, service: AnswerService, query: str) -> list[Fact]:
        """Facts whose statement or phrasings come near the query."""
        sheet = service.engine.sheet
        choices = {
            f.id: " ".join((f.statement, f.speaker.name, *f.phrasings, *f.asked))
            for f in sheet.facts
        }
        found = process.extract(
            query, choices, scorer=fuzz.WRatio, limit=TEACH_CHOICES, score_cutoff=50
        )
        return [f for f in (sheet.fact(key) for _, _, key in found) if f is not None]


class SearchModal(discord.ui.Modal, title="Search all facts"):
    """Words to look for among every fact, to teach a group with one the menu did not offer."""

    words: discord.ui.TextInput[SearchModal] = discord.ui.TextInput(
        label="Words from the fact", custom_id="words", min_length=1, max_length=100
    )

    def __init__(self, view: GapsView) -> None:
        super().__init__()
        self.view = view

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Offer the facts found in the teach menu."""
        if not await self.view.interaction_check(interaction):
            return
        found = self.view.cog.search(self.view.service, self.words.value)
        self.view.choices = found
        note = f"{len(found)} fact(s) match “{one_line(self.words.value, 80)}”." if found else ""
        self.view.note = note or "No fact matches those words; try others."
        self.view.render()
        await interaction.response.edit_message(embed=self.view.embed(), view=self.view)


class GapsView(OwnedView):
    """Pages of groups; a chosen group shows its actions."""

    def __init__(
        self,
        owner_id: int,
        cog: GapsCog,
        service: AnswerService,
        groups: list[GapGroup],
        days: int,
    ) -> None:
        super().__init__(owner_id, GAPS_TIMEOUT)
        self.cog = cog
        self.service = service  # the story this report is about
        self.groups = groups
        self.days = days
        self.page = 0
        self.current: GapGroup | None = None
        self.choices: list[Fact] = []
        self.note = ""
        self.render()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """The admin who ran /gaps, and still an admin at the click."""
        if not await super().interaction_check(interaction):
            return False
        if is_admin(interaction, self.cog.settings):
            return True
        log.info("Refused a /gaps action to user %s: not an admin", interaction.user.id)
        await send_private(interaction, GAPS_ADMINS_ONLY)
        return False

    # ------------------------------------------------------------ what is shown

    def embed(self) -> discord.Embed:
        """The page or the chosen group, with the last action's note."""
        return card_embed(self.card())

    def card(self) -> Card:
        """The card being shown."""
        sheet = self.service.engine.sheet
        if self.current is None:
            pages = gaps_cards(self.groups, sheet, self.days)
            self.page = min(self.page, len(pages) - 1)
            card = pages[self.page]
            if self.note:
                card = fit(
                    Card(**{**card.__dict__, "description": f"{self.note}\n\n{card.description}"})
                )
            return card
        group = self.current
        others = [q for q in group.questions if q != group.example][:5]
        fields = [Field("Asked", f"{group.count} time(s) · {', '.join(group.reasons)}")]
        if others:
            fields.append(Field("Also worded", "\n".join(f"• {one_line(q, 150)}" for q in others)))
        if self.choices:
            fields.append(
                Field(
                    "Teach",
                    "Pick the fact that answers it below; the next time it is asked, that "
                    "fact is the answer.",
                )
            )
        return fit(
            Card(
                title=one_line(f"“{group.example}”", 256),
                description=self.note,
                fields=tuple(fields),
                footer=f"{sheet.story.id} · taught phrasings are saved for review",
                tone="info",
            )
        )

    def render(self) -> None:
        """Rebuild the controls for what is shown."""
        self.clear_items()
        if self.current is None:
            start = self.page * PAGE_SIZE
            shown = self.groups[start : start + PAGE_SIZE]
            if shown:
                pick: discord.ui.Select[GapsView] = discord.ui.Select(
                    placeholder="Act on a group…",
                    options=[
                        discord.SelectOption(
                            label=one_line(f"{start + i + 1}. {g.example}", 100),
                            value=str(start + i),
                            description=f"asked {g.count} time(s)",
                        )
                        for i, g in enumerate(shown)
                    ],
                )
                pick.callback = self._open
                self.add_item(pick)
            if len(self.groups) > PAGE_SIZE:
                self._button("◀ Previous", self._previous, disabled=self.page == 0)
                last = (len(self.groups) - 1) // PAGE_SIZE
                self._button("Next ▶", self._next, disabled=self.page >= last)
            return
        if self.choices:
            teach: discord.ui.Select[GapsView] = discord.ui.Select(
                placeholder="Teach: the fact that answers it…",
                options=[
                    discord.SelectOption(
                        label=one_line(f.statement, 100),
                        value=f.id,
                        description=one_line(f"{f.id} · {f.speaker.name}", 100),
                    )
                    for f in self.choices
                ],
            )
            teach.callback = self._teach
            self.add_item(teach)
        self._button("Search all facts", self._search)
        self._button("Not in the article", self._refuse, style=discord.ButtonStyle.danger)
        self._button("Dismiss", self._dismiss)
        self._button("Back", self._back)

    def _button(
        self,
        label: str,
        callback: object,
        *,
        disabled: bool = False,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        button: discord.ui.Button[GapsView] = discord.ui.Button(
            label=label, style=style, disabled=disabled
        )
        button.callback = callback  # type: ignore[assignment]
        self.add_item(button)

    async def _show(self, interaction: discord.Interaction) -> None:
        self.render()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    # ------------------------------------------------------------ actions

    async def _previous(self, interaction: discord.Interaction) -> None:
        self.page, self.note = max(0, self.page - 1), ""
        await self._show(interaction)

    async def _next(self, interaction: discord.Interaction) -> None:
        self.page, self.note = self.page + 1, ""
        await self._show(interaction)

    async def _open(self, interaction: discord.Interaction) -> None:
        index = int((interaction.data or {}).get("values", ["0"])[0])
        self.current = self.groups[index]
        self.choices = self.cog.candidates(self.service, self.current)
        self.note = ""
        await self._show(interaction)

    async def _back(self, interaction: discord.Interaction) -> None:
        self.current, self.note = None, ""
        await self._show(interaction)

    async def _search(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(SearchModal(self))

    async def _teach(self, interaction: discord.Interaction) -> None:
        fact_id = str((interaction.data or {}).get("values", [""])[0])
        await self._act(interaction, fact_id, "taught")

    async def _refuse(self, interaction: discord.Interaction) -> None:
        await self._act(interaction, "", "not-in-article")

    async def _dismiss(self, interaction: discord.Interaction) -> None:
        await self._act(interaction, None, "dismissed")

    async def _act(
        self, interaction: discord.Interaction, fact_id: str | None, resolution: str
    ) -> None:
        group = self.current
        assert group is not None
        service = self.service
        try:
            if fact_id is not None:
                # Off the loop: the new engine is built and the overlay written before the swap.
                entry = await asyncio.to_thread(service.teach, group.example, fact_id)
                question = entry.question
            else:
                question = group.example
            log_ = self.cog.question_log
            if log_ is not None:
                await asyncio.to_thread(log_.resolve, group.entry_keys, resolution)
        except LearnError as exc:
            await send_private(interaction, f"Nothing was taught: {exc}")
            return
        except (OSError, DatabaseError) as exc:
            log.warning("A /gaps action could not be saved: %s", exc)
            await send_private(interaction, "Nothing was taught: it could not be saved.")
            return
        log.info("/gaps: %s %r (%s) by user %s", resolution, question, fact_id, interaction.user.id)
        self.groups = [g for g in self.groups if g is not group]
        self.current = None
        self.note = {
            "taught": f"✅ Taught “{one_line(question, 100)}” → `{fact_id}`. It is live now.",
            "not-in-article": f"✅ “{one_line(question, 100)}” is not in the article: "
            "the bot keeps saying so.",
            "dismissed": f"Dismissed “{one_line(question, 100)}”.",
        }[resolution]
        await self._show(interaction)
