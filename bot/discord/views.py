"""Embeds from cards, and the interactive parts: "did you mean" and page buttons."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

import discord

from bot.app.replies import (
    Card,
    error_card,
    fact_card,
    one_line,
    reload_cancelled_card,
    reload_expired_card,
)
from bot.sheet import Fact, FactSheet

log = logging.getLogger(__name__)

TONE_COLOURS = {
    "answer": discord.Colour.blurple(),
    "abstain": discord.Colour.light_grey(),
    "info": discord.Colour.teal(),
    "success": discord.Colour.green(),
    "error": discord.Colour.red(),
}
# How long a "did you mean" choice, page buttons or a reload awaiting confirmation stay usable.
CHOICE_TIMEOUT = 180.0
PAGES_TIMEOUT = 300.0
RELOAD_CONFIRM_TIMEOUT = 300.0


def card_embed(card: Card) -> discord.Embed:
    """A card as a Discord embed (the card is already within Discord's limits)."""
    embed = discord.Embed(
        title=card.title,
        description=card.description or None,
        url=card.url,
        colour=TONE_COLOURS.get(card.tone, discord.Colour.default()),
    )
    for field in card.fields:
        embed.add_field(name=field.name, value=field.value, inline=field.inline)
    if card.footer:
        embed.set_footer(text=card.footer)
    return embed


async def send_private(interaction: discord.Interaction, message: str) -> None:
    """A short ephemeral note, whether or not the interaction was already answered."""
    await send_private_card(interaction, error_card(message))


async def send_private_card(interaction: discord.Interaction, card: Card) -> None:
    """A card only the user sees, whether or not the interaction was already answered."""
    embed = card_embed(card)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(embed=embed, ephemeral=True)
        else:
            await interaction.response.send_message(embed=embed, ephemeral=True)
    except discord.HTTPException as exc:
        # Nothing more can reach the user; the original error is already logged.
        log.warning("Could not tell user %s about an error: %s", interaction.user.id, exc)


class OwnedView(discord.ui.View):
    """A view only the person it was made for can use; on timeout its controls are disabled."""

    def __init__(self, owner_id: int, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.interaction: discord.Interaction | None = None
        self.message: discord.Message | None = None

    def attach(
        self,
        *,
        interaction: discord.Interaction | None = None,
        message: discord.Message | None = None,
    ) -> None:
        """Remember where the view is shown, so it can be disabled there when it expires."""
        self.interaction = interaction
        self.message = message

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Only the owner may use it; anyone else is told so privately."""
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "Only the person who asked can use these controls. Ask your own with `/ask`.",
            ephemeral=True,
        )
        return False

    async def on_timeout(self) -> None:
        """Grey the controls out, so nobody clicks something that no longer answers."""
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        try:
            if self.interaction is not None:
                await self.interaction.edit_original_response(view=self)
            elif self.message is not None:
                await self.message.edit(view=self)
        except discord.HTTPException as exc:
            # The message may be gone or its token expired; there is nothing left to tidy.
            log.info("Could not disable expired controls: %s", exc)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        """Log with the traceback and tell the user briefly and privately."""
        log.error("Control %r failed for user %s", item, interaction.user.id, exc_info=error)
        await send_private(interaction, "Sorry, that didn't work on my side. Please try again.")


class DidYouMeanView(OwnedView):
    """A select over the answer and its close alternatives; choosing one shows that fact."""

    def __init__(
        self,
        owner_id: int,
        question: str,
        facts: Sequence[Fact],
        sheet_source: Callable[[], FactSheet],
        timeout: float = CHOICE_TIMEOUT,
    ) -> None:
        super().__init__(owner_id, timeout)
        self.question = question
        self.sheet_source = sheet_source
        self.select: discord.ui.Select[DidYouMeanView] = discord.ui.Select(
            placeholder="Did you mean…",
            options=[
                discord.SelectOption(
                    label=one_line(fact.statement, 100),
                    value=fact.id,
                    description=one_line(f"{fact.speaker.name} · {fact.status_label}", 100),
                    default=index == 0,
                )
                for index, fact in enumerate(facts[:25])
            ],
        )
        self.select.callback = self._chosen
        self.add_item(self.select)

    async def _chosen(self, interaction: discord.Interaction) -> None:
        fact_id = self.select.values[0]
        # Read the live sheet now: a reload may have happened since the question was asked.
        sheet = self.sheet_source()
        fact = sheet.fact(fact_id)
        if fact is None:
            await interaction.response.send_message(
                "That fact is no longer in the sheet (it was reloaded). Ask again with `/ask`.",
                ephemeral=True,
            )
            return
        for option in self.select.options:
            option.default = option.value == fact_id
        card = fact_card(fact, sheet, title=one_line(self.question, 256))
        await interaction.response.edit_message(embed=card_embed(card), view=self)


class PagesView(OwnedView):
    """Previous / next buttons over pages of cards, for the person who asked."""

    def __init__(
        self, owner_id: int, cards: Sequence[Card], timeout: float = PAGES_TIMEOUT
    ) -> None:
        super().__init__(owner_id, timeout)
        self.cards = tuple(cards)
        self.page = 0
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= len(self.cards) - 1
        self.position.label = f"{self.page + 1} / {len(self.cards)}"

    @property
    def embed(self) -> discord.Embed:
        """The page being shown."""
        return card_embed(self.cards[self.page])

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        shown = self.page
        self.page = max(0, min(page, len(self.cards) - 1))
        self._sync_buttons()
        try:
            await interaction.response.edit_message(embed=self.embed, view=self)
        except discord.HTTPException:
            # The message still shows the old page; stay in step with it so "next" means next.
            self.page = shown
            self._sync_buttons()
            raise

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        """Show the page before."""
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="1 / 1", style=discord.ButtonStyle.secondary, disabled=True)
    async def position(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        """A label only; it cannot be clicked."""

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        """Show the page after."""
        await self._show(interaction, self.page + 1)


class ConfirmReloadView(OwnedView):
    """Confirm / Cancel for a reload that removes facts or changes quotes.

    Whoever clicks is checked again when they click (`may_reload`): being an admin when
    /reload was run is not enough if that has changed since.
    """

    def __init__(
        self,
        owner_id: int,
        may_reload: Callable[[discord.Interaction], Awaitable[bool]],
        confirm: Callable[[], Card],
        timeout: float = RELOAD_CONFIRM_TIMEOUT,
    ) -> None:
        super().__init__(owner_id, timeout)
        self.may_reload = may_reload
        self.confirm_reload = confirm

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """The person who ran /reload, and still allowed to reload."""
        return await super().interaction_check(interaction) and await self.may_reload(interaction)

    async def _finish(self, interaction: discord.Interaction, card: Card) -> None:
        self.stop()
        await interaction.response.edit_message(embed=card_embed(card), view=None)

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        """Make the prepared sheet live."""
        await self._finish(interaction, self.confirm_reload())

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        """Keep the sheet in use."""
        await self._finish(interaction, reload_cancelled_card())

    async def on_timeout(self) -> None:
        """Grey the buttons out and say that nothing changed."""
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.interaction is None:
            return
        try:
            await self.interaction.edit_original_response(
                embed=card_embed(reload_expired_card()), view=self
            )
        except discord.HTTPException as exc:
            log.info("Could not mark the reload confirmation expired: %s", exc)
