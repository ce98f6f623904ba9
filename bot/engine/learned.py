"""The engine with what a curator taught: taught questions answer with their fact at once, and
questions confirmed as not in the article keep being refused.

Each taught question joins its fact's phrasings, so reworded variants are found by the ordinary
matching; this layer also makes sure that the taught question itself, or one within a typo of
it, gets the taught outcome. A taught question the sheet reads as one name or none ("where is
Kursk exactly?") gets only the latter: as a phrasing it would make its fact the answer to every
bare mention of the name ("kursk?"), which is ambiguous and should stay so.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bot.engine.answer import AbstainReason, Answer, Match
from bot.engine.index import sheet_lexicon
from bot.engine.lexicon import Lexicon, content
from bot.engine.matching import AnswerEngine
from bot.sheet import FactSheet

# How close (rapidfuzz token_sort_ratio, 0-100, on folded text) a question must come to a taught
# one to take its outcome directly: a typo or a reordering, not a different question.
TAUGHT_CUTOFF = 92.0


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def says_more_than_a_name(lexicon: Lexicon, question: str) -> bool:
    """Whether a taught question may join its fact's phrasings: it reads as more than one term."""
    return len(set(content(lexicon.terms(question)))) > 1


def _with_phrasings(sheet: FactSheet, taught: Sequence[tuple[str, str]]) -> FactSheet:
    """The sheet with each taught question that says more than a name among its fact's phrasings."""
    if not taught:
        return sheet
    lexicon = sheet_lexicon(sheet)
    extra: dict[str, list[str]] = {}
    for question, fact_id in taught:
        if says_more_than_a_name(lexicon, question):
            extra.setdefault(fact_id, []).append(question)
    if not extra:
        return sheet
    facts = tuple(
        dataclasses.replace(f, phrasings=(*f.phrasings, *extra[f.id])) if f.id in extra else f
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
        """`taught`: (question, fact id) pairs, as taught; `refused`: folded questions."""
        super().__init__(_with_phrasings(base_sheet, taught))
        # The sheet as curated, without the overlay: what a new overlay is merged into.
        self.base_sheet = base_sheet
        self._taught_questions = [_fold(question) for question, _ in taught]
        self._taught_facts = [fact_id for _, fact_id in taught]
        self._refused = list(refused)

    def answer(self, question: str) -> Answer:
        """The engine's answer, or the taught outcome when the question is one that was taught."""
        answer = super().answer(question)
        key = _fold(question[-1000:])
        if not key:
            return answer
        refusal = (
            process.extractOne(
                key,
                self._refused,
                scorer=fuzz.token_sort_ratio,
                processor=None,
                score_cutoff=TAUGHT_CUTOFF,
            )
            if self._refused
            else None
        )
        taught = (
            process.extractOne(
                key,
                self._taught_questions,
                scorer=fuzz.token_sort_ratio,
                processor=None,
                score_cutoff=TAUGHT_CUTOFF,
            )
            if self._taught_questions
            else None
        )
        if refusal is not None and (taught is None or refusal[1] >= taught[1]):
            if not answer.answered and answer.reason is not None:
                return answer
            nearest = Match(answer.fact, answer.score) if answer.fact else answer.nearest
            return dataclasses.replace(
                answer,
                answered=False,
                fact=None,
                alternatives=(),
                also=(),
                reason=AbstainReason.NOT_IN_ARTICLE,
                nearest=nearest,
            )
        if taught is None:
            return answer
        fact = self.sheet.fact(self._taught_facts[taught[2]])
        if fact is None or (
            answer.answered and answer.fact is not None and answer.fact.id == fact.id
        ):
            return answer
        return dataclasses.replace(
            answer,
            answered=True,
            fact=fact,
            score=max(float(taught[1]), answer.score),
            alternatives=(),
            also=(),
            reason=None,
            nearest=None,
            unquoted=None,
        )
