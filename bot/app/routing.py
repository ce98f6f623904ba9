"""Which story a question is about, when no channel binding says (no Discord).

The rule is the engine's own and holds for any set of stories: every story's engine answers the
question; the story whose answer scores highest wins. Stories whose answers score within
CLOSE_MARGIN of the best (the margin the engine uses to offer a close fact as "did you mean")
answer about equally well, and the user picks. When no story answers, the abstention comes from
the story whose nearest fact came nearest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.app.replies import (
    MAX_QUESTION_CHARS,
    Card,
    Reply,
    answer_card,
    fit,
    reply_to_question,
)
from bot.app.service import AnswerService
from bot.engine.answer import Answer
from bot.engine.matching import CLOSE_MARGIN
from bot.sheet import FactSheet

# At most this many stories are offered when several answer about equally well.
MAX_STORY_CHOICES = 5


@dataclass(frozen=True)
class Routed:
    """A question sent to one story, or several stories to choose from."""

    question: str
    # The story that answers (or abstains), with its engine's reply; None when there is a choice.
    story: AnswerService | None
    reply: Reply | None
    # Stories answering about equally well, best first; empty unless the user must pick.
    choices: tuple[AnswerService, ...] = ()

    @property
    def needs_choice(self) -> bool:
        """Two or more stories answer about equally well."""
        return len(self.choices) > 1


def story_reply(service: AnswerService, question: str, *, name_story: bool) -> Reply:
    """One story's reply to a question, its card naming the story when `name_story`."""
    # One read of the engine: the whole answer comes from one sheet even during a reload.
    engine = service.engine
    reply = reply_to_question(engine, question)
    if not name_story:
        return reply
    return replace(reply, card=named_card(reply.card, engine.sheet))


def named_card(card: Card, sheet: FactSheet) -> Card:
    """A card whose footer names the story it comes from: 'From: <headline> — <source>'."""
    story = sheet.story
    citation = f" — {story.citation}" if story.citation else ""
    return fit(replace(card, footer=f"From: {story.headline}{citation}"))


def route(services: Sequence[AnswerService], question: str) -> Routed:
    """The story that answers `question` best, or the stories that answer it equally well."""
    if len(services) == 1 or len(question.strip()) > MAX_QUESTION_CHARS:
        # One story, or a question refused for its length before any engine reads it.
        first = services[0]
        return Routed(question, first, story_reply(first, question, name_story=len(services) > 1))
    # One read of each engine: each answer and its card come from the same sheet.
    engines = [(service, service.engine) for service in services]
    answers = [(service, engine, engine.answer(question.strip())) for service, engine in engines]
    answered = sorted((t for t in answers if t[2].answered), key=lambda t: -t[2].score)
    if answered:
        best = answered[0][2].score
        close = tuple(s for s, _, a in answered if a.score >= best - CLOSE_MARGIN)
        if len(close) > 1:
            return Routed(question, None, None, close[:MAX_STORY_CHOICES])
        service, engine, answer = answered[0]
        card = named_card(answer_card(answer, engine.sheet), engine.sheet)
        reply = Reply(card, private=False, answer=answer)
        return Routed(question, service, reply)
    service, engine, answer = max(answers, key=lambda t: _nearness(t[2]))
    card = answer_card(answer, engine.sheet)
    card = replace(
        card,
        title="None of the stories says",
        description=(
            f"None of the {len(services)} stories I follow reports that. I only answer from "
            "what they report; `/story list` shows them."
        ),
    )
    reply = Reply(named_card(card, engine.sheet), private=True, answer=answer)
    return Routed(question, service, reply)


def _nearness(answer: Answer) -> float:
    return answer.nearest.score if answer.nearest is not None else -1.0
