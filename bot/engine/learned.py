"""The engine with what a curator taught: taught questions answer with their fact at once, and
questions confirmed as not in the article keep being refused.

Each taught question joins its fact's readers' questions (`Fact.asked`, see bot/engine/asked.py):
asked again, or within a typo of it, it gets its fact; otherwise it is a wording to come close
to, its words not taken as what the fact says. This layer adds the refusals: a question
confirmed as not in the article, or one within a typo of it, keeps being refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bot.engine.answer import AbstainReason, Answer, Match
from bot.engine.matching import AnswerEngine
from bot.sheet import FactSheet


def with_asked(sheet: FactSheet, taught: Sequence[tuple[str, str]]) -> FactSheet:
    """The sheet with each taught question among its fact's readers' questions."""
    extra: dict[str, list[str]] = {}
    for question, fact_id in taught:
        extra.setdefault(fact_id, []).append(question)
    if not extra:
        return sheet
    facts = tuple(
        dataclasses.replace(f, asked=(*f.asked, *extra[f.id])) if f.id in extra else f
        for f in sheet.facts
    )
    return dataclasses.replace(sheet, facts=facts)


class LearnedEngine(AnswerEngine):
    """An AnswerEngine over a sheet and what was taught for it, honouring taught outcomes."""

    def __init__(
        self,
        base_sheet: FactSheet,
        taught: Sequence[tuple[str, str]],
        refused: Sequence[str],
    ) -> None:
        """`taught`: (question, fact id) pairs, as taught; `refused`: questions not to answer."""
        super().__init__(with_asked(base_sheet, taught))
        # The sheet as curated, without the overlay: what a new overlay is merged into.
        self.base_sheet = base_sheet
        self._refused = self.known_questions((question, "") for question in refused)

    @property
    def _knows_questions(self) -> bool:
        return bool(self._asked) or bool(self._refused)

    def _outcome(self, answer: Answer, key: str) -> Answer:
        """The engine's answer, refused when the question is one confirmed as not in the article
        (and is not nearer to one a reader was answered)."""
        answer = super()._outcome(answer, key)
        refusal = self._refused.closest(key)
        if refusal is None:
            return answer
        known = self._asked.closest(key)
        if known is not None and known[1] > refusal[1]:
            return answer
        if not answer.answered and answer.reason is not None:
            return answer
        nearest = Match(answer.fact, answer.score) if answer.fact else answer.nearest
        return dataclasses.replace(
            answer,
            answered=False,
            fact=None,
            alternatives=(),
            also=(),
            unanswered=(),
            reason=AbstainReason.NOT_IN_ARTICLE,
            nearest=nearest,
        )
