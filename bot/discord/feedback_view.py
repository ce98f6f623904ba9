"""👍 / 👎 on public answers: one vote per member per answer, changeable; counts for admins only."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import discord

from bot.discord.views import DidYouMeanView
from bot.sheet import Fact, FactSheet
from bot.store.question_log import QuestionLog

log = logging.getLogger(__name__)

# How long an answer's vote buttons (and its "did you mean" choice) stay usable.
FEEDBACK_TIMEOUT = 3600.0
UP = "👍"
DOWN = "👎"


class FeedbackView(DidYouMeanView):
    """An answer's vote buttons, for everyone, beside its "did you mean" choice, for the asker.

    Votes are kept here by member (never stored) and only their counts go to the log, so one
    member has one vote per answer and can change it while the buttons last.
    """

    def __init__(
        self,
        owner_id: int,
        question: str,
        facts: Sequence[Fact],
        sheet_source: Callable[[], FactSheet],
        question_log: QuestionLog,
        entry_key: str,
        is_admin: Callable[[discord.Interaction], bool],
        timeout: float = FEEDBACK_TIMEOUT,
    ) -> None:
        super().__init__(owner_id, question, facts, sheet_source, timeout)
        if len(facts) < 2:
            self.remove_item(self.select)
        self.question_log = question_log
        self.entry_key = entry_key
        self.is_admin = is_admin
        self.votes: dict[int, int] = {}
        for emoji, value in ((UP, 1), (DOWN, -1)):
            button: discord.ui.Button[FeedbackView] = discord.ui.Button(
                emoji=emoji,
                style=discord.ButtonStyle.secondary,
                custom_id=f"vote:{entry_key}:{value}",
            )
            button.callback = self._voter(value)
            self.add_item(button)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Anyone may vote; only the asker may use "did you mean"."""
        custom_id = (interaction.data or {}).get("custom_id", "")
        if str(custom_id).startswith("vote:"):
            return True
        return await super().interaction_check(interaction)

    def _voter(self, value: int) -> Callable[[discord.Interaction], object]:
        async def vote(interaction: discord.Interaction) -> None:
            before = self.votes.get(interaction.user.id, 0)
            emoji = UP if value == 1 else DOWN
            if before == value:
                message = f"You already voted {emoji} on this answer."
            else:
                self.votes[interaction.user.id] = value
                up = int(value == 1) - int(before == 1)
                down = int(value == -1) - int(before == -1)
                self.question_log.vote(self.entry_key, up, down)
                changed = " (changed)" if before else ""
                message = f"Thanks, your {emoji} is recorded{changed}."
                if value == -1:
                    message += " The curator will see this question among the gaps to fix."
            if self.is_admin(interaction):
                ups = sum(1 for v in self.votes.values() if v == 1)
                downs = len(self.votes) - ups
                message += f"\nAdmins only: {UP} {ups} · {DOWN} {downs} on this answer."
            await interaction.response.send_message(message, ephemeral=True)

        return vote
