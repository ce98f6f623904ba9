"""A local chat with the same commands and answers as the Discord bot, for use without a token."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from typing import TextIO

from bot.app.gaps import log_entry
from bot.app.replies import (
    Card,
    about_card,
    card_as_text,
    claims_cards,
    help_card,
    reload_card,
    reload_refused_card,
    reply_to_question,
    unknown_person_card,
    who_cards,
)
from bot.app.service import AnswerService
from bot.store.question_log import QuestionLog

log = logging.getLogger(__name__)

_OPTION = re.compile(r"(person|topic):\s*(.*?)(?=\s+(?:person|topic):|$)")
QUIT_COMMANDS = frozenset({"/quit", "/exit", "/q"})
PROMPT = "you> "


class Console:
    """Turns one line of input into the text the bot would show, using the live service."""

    def __init__(self, service: AnswerService, question_log: QuestionLog | None = None) -> None:
        self.service = service
        self.question_log = question_log

    def handle(self, line: str) -> str:
        """The reply to one line: a slash command or a plain question."""
        text = line.strip()
        if not text:
            return ""
        command, _, rest = text.partition(" ")
        handlers: dict[str, Callable[[str], list[Card]]] = {
            "/who": self._who,
            "/claims": self._claims,
            "/about": lambda _: [about_card(self.service.engine.sheet)],
            "/help": lambda _: [help_card(self.service.engine.sheet)],
            "/reload": lambda _: [self._reload()],
            "/ask": self._ask,
        }
        handler = handlers.get(command.lower()) if command.startswith("/") else None
        if command.startswith("/") and handler is None:
            return f"Unknown command {command}. Try /help, or just type a question."
        cards = handler(rest) if handler else self._ask(text)
        return "\n\n".join(card_as_text(c) for c in cards)

    def _ask(self, question: str) -> list[Card]:
        engine = self.service.engine
        reply = reply_to_question(engine, question)
        if self.question_log is not None and reply.answer is not None:
            self.question_log.record(
                log_entry(
                    reply.answer,
                    story=engine.sheet.story.id,
                    source="console",
                    version=self.service.version,
                )
            )
        return [reply.card]

    def _who(self, query: str) -> list[Card]:
        directory = self.service.directory
        person = directory.find_person(query)
        if person is None:
            return [unknown_person_card(query, directory.sheet)]
        return list(who_cards(person, directory.facts_by(person), directory.sheet))

    def _claims(self, args: str) -> list[Card]:
        directory = self.service.directory
        options = dict(_OPTION.findall(args))
        person = topic = None
        if options:
            if options.get("person"):
                person = directory.find_person(options["person"])
                if person is None:
                    return [unknown_person_card(options["person"], directory.sheet)]
            if options.get("topic"):
                topic = directory.find_topic(options["topic"])
        elif args.strip():
            # One bare word: a topic if it names one, else a person ("/claims kursk", "/claims zel").
            topic = directory.find_topic(args)
            if topic is None:
                person = directory.find_person(args)
                if person is None:
                    return [unknown_person_card(args, directory.sheet)]
        groups = directory.claims(person, topic)
        return list(claims_cards(groups, directory.sheet, person=person, topic=topic))

    def _reload(self) -> Card:
        result = self.service.reload()
        if result.diff is None:
            return reload_refused_card(result.problems)
        return reload_card(result.diff, self.service.engine.sheet)


def run_console(
    service: AnswerService,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    question_log: QuestionLog | None = None,
) -> int:
    """Chat on a terminal, or answer each line of piped input and stop at its end."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    console = Console(service, question_log)
    interactive = stdin.isatty()
    if interactive:
        sheet = service.engine.sheet
        stdout.write(
            f"Ask about: {sheet.story.headline}\n"
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
