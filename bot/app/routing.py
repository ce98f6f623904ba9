"""Which story a question is about, when no channel binding says (no Discord).

The rule holds for any set of stories. A cheap first pass over every story's words (each fact's
statement, phrasings, speaker and topics, and the story's headline and names, weighted by how
rare a word is among all facts) keeps the few stories whose best fact shares the most with the
question; their engines answer it, and the story whose answer scores highest wins. Stories whose answers score within
CLOSE_MARGIN of the best (the margin the engine uses to offer a close fact as "did you mean")
answer about equally well, and the user picks. When no story answers, the abstention comes from
the story whose nearest fact came nearest.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
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
from bot.engine.language import CHAT_WORDS, STOPWORDS
from bot.engine.matching import CLOSE_MARGIN, AnswerEngine
from bot.engine.text import stem
from bot.sheet import FactSheet

# At most this many stories are offered when several answer about equally well.
MAX_STORY_CHOICES = 5
# How many stories the first pass hands to their engines: enough that the story a question is
# about is among them (every phrasing of the four real stories is), few enough that routing
# across 50 stories stays within a few engine answers' time (benchmarks/stories.py).
ROUTE_CANDIDATES = 3
# A story whose best first-pass score is below this share of the top story's is not asked: it
# shares too little of the question to answer it about as well. An engine reading a question
# full of words it has never seen is its slowest (spelling correction), so each one skipped counts.
ROUTE_SCORE_SHARE = 0.6
_NOT_CONTENT = STOPWORDS | CHAT_WORDS


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


_WORD = re.compile(r"[a-z0-9]+")


def words_of(text: str) -> set[str]:
    """The content words of a text, stemmed: what the first pass compares.

    Plain lower-case runs of letters and digits: the first pass reads every fact of every story
    at each reload, so it skips the engine's fuller normalising (it only has to find candidates).
    """
    return {stem(w) for w in _WORD.findall(text.lower()) if w not in _NOT_CONTENT}


class StoryIndex:
    """Every story's words, for the first pass: word -> the facts (and stories) that use it."""

    def __init__(self, engines: Sequence[AnswerEngine]) -> None:
        # A document is one fact, or one story's headline, summary and names; `owner` its story.
        self.owner: list[int] = []
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for number, engine in enumerate(engines):
            for words in _documents(engine.sheet):
                doc = len(self.owner)
                self.owner.append(number)
                for word in words:
                    postings[word].append(doc)
        total = max(len(self.owner), 1)
        self.postings = dict(postings)
        self.weight = {w: math.log(1 + total / len(docs)) for w, docs in postings.items()}

    def candidates(self, question: str, limit: int) -> list[int]:
        """The stories whose best document shares the most (rare) words with the question."""
        scores: defaultdict[int, float] = defaultdict(float)
        for word in words_of(question):
            weight = self.weight.get(word)
            if weight is None:
                continue
            for doc in self.postings[word]:
                scores[doc] += weight
        best: dict[int, float] = {}
        for doc, score in scores.items():
            story = self.owner[doc]
            if score > best.get(story, 0.0):
                best[story] = score
        ranked = sorted(best, key=lambda story: (-best[story], story))[:limit]
        floor = best[ranked[0]] * ROUTE_SCORE_SHARE if ranked else 0.0
        return [story for story in ranked if best[story] >= floor]


def _documents(sheet: FactSheet) -> Iterable[set[str]]:
    story = sheet.story
    names = " ".join(n for e in sheet.entities if e.kind != "narrator" for n in e.names)
    yield words_of(f"{story.headline} {story.summary} {names}")
    for fact in sheet.facts:
        speaker = fact.speaker
        parts = [
            fact.statement,
            *fact.phrasings,
            *fact.asked,
            *(speaker.names if speaker.kind != "narrator" else ()),
            speaker.role,
            *(sheet.topic_label(t) for t in fact.topics),
        ]
        yield words_of(" ".join(parts))


# The index of the stories last routed over, with their engines (held, so an engine's identity
# cannot pass to a new one), rebuilt when any story's engine changes (a reload).
_last_index: tuple[tuple[AnswerEngine, ...], StoryIndex] | None = None


def story_index(engines: Sequence[AnswerEngine]) -> StoryIndex:
    """The first-pass index over these engines, built once per set of live engines."""
    global _last_index
    cached = _last_index
    if (
        cached is not None
        and len(cached[0]) == len(engines)
        and all(a is b for a, b in zip(cached[0], engines, strict=True))
    ):
        return cached[1]
    index = StoryIndex(engines)
    _last_index = (tuple(engines), index)
    return index


def route(services: Sequence[AnswerService], question: str) -> Routed:
    """The story that answers `question` best, or the stories that answer it equally well."""
    if len(services) == 1 or len(question.strip()) > MAX_QUESTION_CHARS:
        # One story, or a question refused for its length before any engine reads it.
        first = services[0]
        return Routed(question, first, story_reply(first, question, name_story=len(services) > 1))
    # One read of each engine: each answer and its card come from the same sheet.
    engines = [service.engine for service in services]
    text = question.strip()
    picked = story_index(engines).candidates(text, ROUTE_CANDIDATES) or [0]
    answers = [(services[i], engines[i], engines[i].answer(text)) for i in picked]
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
