"""What the engine replies: an answer with its fact(s), or an abstention with its reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.sheet import Entity, Fact


class AbstainReason(StrEnum):
    """Why the engine gives no answer; the values are what `ask --json` prints."""

    NO_CONTENT = "no-content"  # nothing in the message asks about anything
    NOT_IN_ARTICLE = "not-in-article"  # the article does not say
    NOT_QUOTED = "not-quoted"  # asks what someone said whom the article does not quote


@dataclass(frozen=True)
class Match:
    """One fact with how well it answers the question (0-100)."""

    fact: Fact
    score: float


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question."""

    question: str
    answered: bool
    score: float
    fact: Fact | None
    alternatives: tuple[Match, ...]
    kind: str
    reason: AbstainReason | None = None
    suggestions: tuple[str, ...] = ()
    unquoted: Entity | None = None
    # When it abstains: the fact that came nearest to covering the question, if any came near.
    nearest: Match | None = None
    # When the question asks for two things ("how do X's and Y's figures differ"): the second
    # fact, shown beside the first.
    also: tuple[Fact, ...] = ()
    # When the question asks two things and the article answers only one: the other part, as
    # asked, so the reply can say the article doesn't say it.
    unanswered: tuple[str, ...] = ()
    # The decision features of the best candidate, for fitting and explaining (not shown).
    features: Mapping[str, float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact the answer shows, the main one first; empty for an abstention."""
        return (self.fact, *self.also) if self.answered and self.fact else ()

    def to_dict(self) -> dict[str, object]:
        """The CLI's JSON shape."""
        return {
            "question": self.question,
            "answered": self.answered,
            "score": round(self.score, 1),
            "fact": self.fact.to_dict() if self.fact else None,
            "facts": [f.to_dict() for f in self.facts],
            "alternatives": [
                {"id": m.fact.id, "score": round(m.score, 1)} for m in self.alternatives
            ],
            "kind": self.kind,
            "reason": self.reason or "",
            "suggestions": list(self.suggestions),
            "unanswered": list(self.unanswered),
            "nearest": (
                {"id": self.nearest.fact.id, "score": round(self.nearest.score, 1)}
                if self.nearest
                else None
            ),
        }
