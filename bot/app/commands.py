"""One function per command: what was asked and the live story in, the reply's cards out.

The Discord cog, the console and the CLI only translate input into these calls and render what
comes back, so the same input gets the same reply everywhere. An unknown person or topic is a
`NotFound` carrying the card that says so, whichever adapter asked.
"""

from __future__ import annotations

from bot.app.directory import Directory
from bot.app.replies import (
    Card,
    about_card,
    claims_cards,
    help_card,
    unknown_person_card,
    unknown_topic_card,
    who_cards,
)
from bot.app.service import AnswerService
from bot.sheet import Entity


class NotFound(LookupError):
    """A person or topic the story does not have; `card` says so and lists what it has."""

    def __init__(self, value: str, card: Card) -> None:
        super().__init__(value)
        self.value = value
        self.card = card


def find_person(directory: Directory, query: str) -> Entity:
    """The person (or body) a name or role names; NotFound if the story has none."""
    person = directory.find_person(query)
    if person is None:
        raise NotFound(query, unknown_person_card(query, directory.sheet))
    return person


def find_topic(directory: Directory, query: str) -> str:
    """The topic slug words name; NotFound if the story has no such topic."""
    topic = directory.find_topic(query)
    if topic is None:
        raise NotFound(query, unknown_topic_card(query, directory.sheet))
    return topic


def who(directory: Directory, person: Entity) -> tuple[Card, ...]:
    """/who: everything one person said, in article order."""
    return who_cards(person, directory.facts_by(person), directory.sheet)


def claims(directory: Directory, person: Entity | None, topic: str | None) -> tuple[Card, ...]:
    """/claims: every claim grouped by topic, optionally one person's or one topic's."""
    groups = directory.claims(person, topic)
    return claims_cards(groups, directory.sheet, person=person, topic=topic)


def about(story: AnswerService) -> Card:
    """/about: the story, who is quoted, what the sheet covers, when it was loaded."""
    return about_card(story.engine.sheet)


def help_reply(story: AnswerService) -> Card:
    """/help: what the bot does, with examples from the story."""
    return help_card(story.engine.sheet)
