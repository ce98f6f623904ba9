"""A local chat with the same commands and answers as the Discord bot, for use without a token."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TextIO

from bot.app import commands as app
from bot.app.gaps import log_entries
from bot.app.replies import (
    Card,
    Reply,
    card_as_text,
)
from bot.app.routing import route, story_reply
from bot.app.service import AnswerService
from bot.app.stories import StoryLibrary
from bot.app.story_replies import (
    reload_stories_card,
    story_bound_card,
    story_choice_card,
    story_list_card,
    unknown_story_card,
)
from bot.store.question_log import QuestionLog

log = logging.getLogger(__name__)

_OPTION = re.compile(r"(person|topic):\s*(.*?)(?=\s+(?:person|topic):|$)")
QUIT_COMMANDS = frozenset({"/quit", "/exit", "/q"})
PROMPT = "you> "


class Console:
    """Turns one line of input into the text the bot would show, using the live service."""

    def __init__(
        self,
        stories: StoryLibrary | AnswerService,
        story: str | None = None,
        question_log: QuestionLog | None = None,
    ) -> None:
        self.library = (
            stories if isinstance(stories, StoryLibrary) else StoryLibrary.single(stories)
        )
        # The story this console is bound to (--story, or /story set), like a bound channel.
        self.story = story
        self.question_log = question_log

    @property
    def service(self) -> AnswerService:
        """The story commands are about: the bound one, else the default."""
        return self.library.get(self.story) or self.library.default

    def handle(self, line: str) -> str:
        """The reply to one line: a slash command or a plain question."""
        text = line.strip()
        if not text:
            return ""
        command, _, rest = text.partition(" ")
        handlers: dict[str, Callable[[str], list[Card]]] = {
            "/who": self._who,
            "/claims": self._claims,
            "/about": self._about,
            "/story": self._story,
            "/help": lambda _: [app.help_reply(self.service)],
            "/reload": lambda _: [self._reload()],
            "/ask": self._ask,
        }
        handler = handlers.get(command.lower()) if command.startswith("/") else None
        if command.startswith("/") and handler is None:
            return f"Unknown command {command}. Try /help, or just type a question."
        cards = handler(rest) if handler else self._ask(text)
        return "\n\n".join(card_as_text(c) for c in cards)

    def _ask(self, question: str) -> list[Card]:
        many = len(self.library) > 1
        bound = self.library.get(self.story)
        if bound is not None:
            reply = story_reply(bound, question, name_story=many)
            self._record(reply, bound)
            return [reply.card]
        routed = route(self.library.services, question)
        if routed.needs_choice:
            slugs = ", ".join(s.engine.sheet.story.id for s in routed.choices)
            card = story_choice_card(question, routed.choices)
            note = f"Pick one with /story set SLUG ({slugs}) and ask again."
            return [replace(card, description=f"{card.description} {note}")]
        assert routed.reply is not None
        self._record(routed.reply, routed.story)
        return [routed.reply.card]

    def _record(self, reply: Reply, story: AnswerService | None) -> None:
        """Log the question as Discord does (queued; never waits)."""
        if self.question_log is None or reply.answer is None or story is None:
            return
        for entry in log_entries(
            reply.answer,
            story=story.engine.sheet.story.id,
            source="console",
            version=story.version,
        ):
            self.question_log.record(entry)

    def _about(self, args: str) -> list[Card]:
        if not args.strip():
            return [app.about(self.service)]
        story = self.library.find(args)
        if story is None:
            return [unknown_story_card(args, self.library)]
        return [app.about(story)]

    def _story(self, args: str) -> list[Card]:
        action, _, rest = args.strip().partition(" ")
        if action == "set":
            story = self.library.find(rest)
            if story is None:
                return [unknown_story_card(rest, self.library)]
            self.story = story.engine.sheet.story.id
            return [story_bound_card(story.engine.sheet, where="this console")]
        if action == "clear":
            self.story = None
        return [story_list_card(self.library, bound=self.story, here="this console")]

    def _who(self, query: str) -> list[Card]:
        directory = self.service.directory
        try:
            return list(app.who(directory, app.find_person(directory, query)))
        except app.NotFound as missing:
            return [missing.card]

    def _claims(self, args: str) -> list[Card]:
        directory = self.service.directory
        options = dict(_OPTION.findall(args))
        person = topic = None
        try:
            if options:
                if options.get("person"):
                    person = app.find_person(directory, options["person"])
                if options.get("topic"):
                    topic = app.find_topic(directory, options["topic"])
            elif args.strip():
                # One bare word: a topic if it names one, else a person ("/claims cost").
                topic = directory.find_topic(args)
                if topic is None:
                    person = app.find_person(directory, args)
        except app.NotFound as missing:
            return [missing.card]
        return list(app.claims(directory, person, topic))

    def _reload(self) -> Card:
        return reload_stories_card(self.library.reload())


def run_console(
    service: StoryLibrary | AnswerService,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    *,
    story: str | None = None,
    question_log: QuestionLog | None = None,
) -> int:
    """Chat on a terminal, or answer each line of piped input and stop at its end."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    console = Console(service, story, question_log)
    interactive = stdin.isatty()
    if interactive:
        about = (
            console.service.engine.sheet.story.headline
            if console.story or len(console.library) == 1
            else f"{len(console.library)} stories (/story lists them)"
        )
        stdout.write(
            f"Ask about: {about}\n"
            "No DISCORD_TOKEN set, so this is the local console. "
            "Type a question, /help for commands, /quit to leave.\n\n"
        )
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        try:
            line = stdin.readline()
        except KeyboardInterrupt:
            stdout.write("\n")
            return 0
        if not line:
            if interactive:
                stdout.write("\n")
            return 0
        if line.strip().lower() in QUIT_COMMANDS:
            return 0
        reply = console.handle(line)
        if reply:
            stdout.write(reply + "\n\n")
            stdout.flush()
