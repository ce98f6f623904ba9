"""Slash-command options as story types: a person or a topic, looked up and autocompleted in one place."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app import commands as app
from bot.app.directory import Directory
from bot.app.replies import Card, one_line
from bot.discord.stories import story_of
from bot.sheet import Entity


class NotInStory(app_commands.TransformerError):
    """An option value that names nobody (or no topic) in the story; `card` says so to the user."""

    def __init__(self, value: str, card: Card, transformer: app_commands.Transformer) -> None:
        super().__init__(value, discord.AppCommandOptionType.string, transformer)
        self.card = card


async def _directory(interaction: discord.Interaction) -> Directory:
    # The story the command's `story` option (or the channel) names, read live per call, so a
    # reload is seen at once by lookups and autocomplete alike.
    return (await story_of(interaction)).directory


class PersonTransformer(app_commands.Transformer):
    """A person in the story: an id from autocomplete, or a name or role typed by hand."""

    async def transform(self, interaction: discord.Interaction, value: Any) -> Entity:
        """The speaker `value` names; NotInStory (listing who is in the story) if nobody."""
        directory = await _directory(interaction)
        try:
            return app.find_person(directory, str(value))
        except app.NotFound as missing:
            raise NotInStory(missing.value, missing.card, self) from None

    async def autocomplete(
        self, interaction: discord.Interaction, value: int | float | str
    ) -> list[app_commands.Choice[str]]:
        """People whose name or role matches what is typed so far, best first."""
        return [
            app_commands.Choice(name=one_line(f"{e.name} — {e.role}", 100), value=e.id)
            for e in (await _directory(interaction)).person_choices(str(value))
        ]


class TopicTransformer(app_commands.Transformer):
    """A topic of the story, as its slug: from autocomplete, or words typed by hand."""

    async def transform(self, interaction: discord.Interaction, value: Any) -> str:
        """The topic slug `value` names; NotInStory (listing the topics) if none."""
        directory = await _directory(interaction)
        try:
            return app.find_topic(directory, str(value))
        except app.NotFound as missing:
            raise NotInStory(missing.value, missing.card, self) from None

    async def autocomplete(
        self, interaction: discord.Interaction, value: int | float | str
    ) -> list[app_commands.Choice[str]]:
        """Topics whose label matches what is typed so far, best first."""
        directory = await _directory(interaction)
        return [
            app_commands.Choice(name=one_line(directory.sheet.topic_label(slug), 100), value=slug)
            for slug in directory.topic_choices(str(value))
        ]


Person = app_commands.Transform[Entity, PersonTransformer]
Topic = app_commands.Transform[str, TopicTransformer]
