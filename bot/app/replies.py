"""Answers rendered for people: plain text and embed-shaped cards within Discord's limits.

Everything here is pure: a Card is what the Discord layer turns into an embed and what the
console prints as text, so both show the same words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.engine.answer import AbstainReason, Answer
from bot.engine.matching import AnswerEngine
from bot.sheet import Entity, Fact, FactSheet, Problem, SheetDiff

# Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
TOTAL_LIMIT = 6000
# Message content (the echoed question) must stay far below Discord's 2,000 characters.
CONTENT_LIMIT = 2000

# Longer questions are refused with a clear reply: no question about one article needs more.
MAX_QUESTION_CHARS = 500
# How many facts a /claims or /who page holds, so a page stays readable on a phone.
FACTS_PER_PAGE = 8
# Soft budget per page, well under TOTAL_LIMIT so footers and page markers always fit.
PAGE_CHARS = 5000

TONES = ("answer", "abstain", "info", "success", "error")
# Above the part of a two-part question the article does not answer.
NOT_SAID = "The article doesn't say"
UNANSWERED_PART_CHARS = 300

_ELLIPSIS = "…"
_QUESTION_OPENERS = frozenset(
    "who whom whose what whats when where why how which is are was were do does did has have had "
    "can could will would should".split()
)
# Only inline markup: the echo never starts a line, so headings, lists and quotes cannot trigger.
_MARKDOWN = re.compile(r"([\\*_~`|\[\]])")
_FENCE = re.compile(r"```\w*")


@dataclass(frozen=True)
class Field:
    """One embed field: a short name over a value."""

    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Card:
    """An embed-shaped reply: the Discord layer renders it as an embed, the console as text."""

    title: str
    description: str = ""
    fields: tuple[Field, ...] = ()
    footer: str = ""
    url: str | None = None
    tone: str = "info"

    @property
    def size(self) -> int:
        """Characters Discord counts towards an embed's 6,000 total."""
        return (
            len(self.title)
            + len(self.description)
            + len(self.footer)
            + sum(len(f.name) + len(f.value) for f in self.fields)
        )


@dataclass(frozen=True)
class Reply:
    """What to send for one question: the card, whether only the asker should see it, the answer."""

    card: Card
    private: bool
    answer: Answer | None = None


# ---------------------------------------------------------------- limits and text helpers


def shorten(text: str, limit: int) -> str:
    """Text cut to `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + _ELLIPSIS


def one_line(text: str, limit: int) -> str:
    """Whitespace collapsed to single spaces, then shortened."""
    return shorten(" ".join(text.split()), limit)


def escape_markdown(text: str) -> str:
    """User text shown literally: markdown characters escaped, code fences removed."""
    return _MARKDOWN.sub(r"\\\1", _FENCE.sub("", text))


def fit(card: Card) -> Card:
    """The card cut down to Discord's embed limits, dropping trailing fields if the total is over."""
    fields = tuple(
        Field(
            one_line(f.name, FIELD_NAME_LIMIT) or "\u200b",
            shorten(f.value.strip(), FIELD_VALUE_LIMIT) or "\u200b",
            f.inline,
        )
        for f in card.fields[:FIELD_COUNT_LIMIT]
    )
    fitted = replace(
        card,
        title=one_line(card.title, TITLE_LIMIT),
        description=shorten(card.description, DESCRIPTION_LIMIT),
        footer=shorten(card.footer, FOOTER_LIMIT),
        fields=fields,
    )
    while fitted.size > TOTAL_LIMIT and fitted.fields:
        fitted = replace(fitted, fields=fitted.fields[:-1])
    if fitted.size > TOTAL_LIMIT:
        spare = TOTAL_LIMIT - (fitted.size - len(fitted.description))
        fitted = replace(fitted, description=shorten(fitted.description, max(spare, 0)))
    return fitted


def _source_footer(sheet: FactSheet) -> str:
    citation = sheet.story.citation
    return (
        f"Source: {sheet.story.headline} — {citation}"
        if citation
        else f"Source: {sheet.story.headline}"
    )


def _quote_field(fact: Fact) -> Field:
    if fact.quote:
        return Field("In their words", f"> “{fact.quote}”")
    return Field("As the article reports it", f"> {fact.excerpt}")


def _speaker_line(entity: Entity) -> str:
    return f"{entity.name} — {entity.role}" if entity.role else entity.name


# ---------------------------------------------------------------- questions and answers


def question_echo(question: str) -> str:
    """The question as message content above the answer: one line, literal, well within limits."""
    shown = escape_markdown(one_line(question, 300))
    return shorten(f"**Q:** {shown}", CONTENT_LIMIT) if shown else ""


def fact_card(fact: Fact, sheet: FactSheet, *, title: str = "") -> Card:
    """One fact: statement, who said it, certainty, the verbatim quote (or excerpt), the source."""
    fields = [
        Field("Who", _speaker_line(fact.speaker), inline=True),
        Field("Certainty", fact.status_label, inline=True),
        _quote_field(fact),
    ]
    return fit(
        Card(
            title=title or "From the article",
            description=f"**{fact.statement}**",
            fields=tuple(fields),
            footer=_source_footer(sheet),
            tone="answer",
        )
    )


def answer_card(answer: Answer, sheet: FactSheet) -> Card:
    """The card for an engine answer: the fact, or a plain abstention with somewhere to go next."""
    if answer.fact is None:
        return abstention_card(answer, sheet)
    card = fact_card(answer.fact, sheet, title=one_line(answer.question, TITLE_LIMIT))
    for other in answer.also:
        # A question that asks two things: the second fact side by side, with its own speaker.
        words = f"> “{other.quote}”" if other.quote else f"> {other.excerpt}"
        card = fit(
            replace(
                card,
                fields=(
                    *card.fields,
                    Field(
                        f"And — {_speaker_line(other.speaker)} · {other.status_label}",
                        f"**{other.statement}**\n{words}",
                    ),
                ),
            )
        )
    for part in answer.unanswered:
        # Half a question answered: the other half said plainly, not dropped.
        asked = escape_markdown(one_line(part, UNANSWERED_PART_CHARS))
        card = fit(replace(card, fields=(*card.fields, Field(NOT_SAID, f"“{asked}”"))))
    if answer.alternatives:
        close = "\n".join(f"• {one_line(m.fact.statement, 200)}" for m in answer.alternatives)
        card = fit(replace(card, fields=(*card.fields, Field("Did you mean…", close))))
    return card


def abstention_card(answer: Answer, sheet: FactSheet) -> Card:
    """The article doesn't say: said plainly, with topics to try and a pointer to /claims."""
    if answer.reason is AbstainReason.NOT_QUOTED and answer.unquoted is not None:
        description = (
            f"{answer.unquoted.name} is not quoted in the article, so I can't say what "
            f"{answer.unquoted.name} said. The article doesn't say."
        )
    elif answer.reason is AbstainReason.NO_CONTENT:
        description = (
            "I couldn't find a question in that. Ask about the story in plain words, "
            "for example: " + _example_question(sheet)
        )
    else:
        description = "The article doesn't say. I only answer from what the article reports."
    fields = []
    if answer.nearest is not None:
        # Not an answer, and said so: what the article does report nearest to the question.
        fact = answer.nearest.fact
        fields.append(
            Field(
                "The nearest it reports",
                f"{one_line(fact.statement, 300)}\n— {_speaker_line(fact.speaker)}",
            )
        )
    if answer.suggestions:
        fields.append(Field("Topics the article covers", _topic_list(answer.suggestions, sheet)))
    fields.append(
        Field(
            "See everything",
            "Use `/claims` to browse every claim by topic, or `/who` to see what each person said.",
        )
    )
    return fit(
        Card(
            title="The article doesn't say",
            description=description,
            fields=tuple(fields),
            footer=_source_footer(sheet),
            tone="abstain",
        )
    )


def _topic_list(topics: Sequence[str], sheet: FactSheet) -> str:
    return ", ".join(sheet.topic_label(t) for t in topics)


def _example_question(sheet: FactSheet) -> str:
    fact = next((f for f in sheet.facts if f.phrasings), None)
    return f"“{fact.phrasings[0]}”" if fact else "“Who is quoted in the article?”"


def slow_down_text(retry_after: float) -> str:
    """What a member asking too fast is told: whole seconds, rounded up, at least one."""
    return f"You're asking quickly — try again in {max(1, math.ceil(retry_after))} s."


def looks_like_question(text: str) -> bool:
    """Whether a chat message reads as a question: it ends with "?" or opens with a question word."""
    words = re.findall(r"[a-z']+", text.lower())
    return text.rstrip().endswith("?") or bool(
        words and words[0].replace("'", "") in _QUESTION_OPENERS
    )


def reply_to_question(engine: AnswerEngine, question: str) -> Reply:
    """Everything the bot says to a question: guarded for size, answered, privately if no answer."""
    sheet = engine.sheet
    text = question.strip()
    if len(text) > MAX_QUESTION_CHARS:
        card = Card(
            title="That question is too long",
            description=(
                f"Please ask in under {MAX_QUESTION_CHARS} characters "
                f"(yours has {len(text)}). One question at a time works best."
            ),
            footer=_source_footer(sheet),
            tone="error",
        )
        return Reply(fit(card), private=True)
    answer = engine.answer(text)
    # An abstention is only useful to the asker; an answer is worth sharing with the channel.
    return Reply(answer_card(answer, sheet), private=not answer.answered, answer=answer)


def _fact_entry(fact: Fact, *, with_speaker: bool) -> Field:
    who = f"{fact.speaker.name} · " if with_speaker else ""
    if fact.quote:
        body = f"{fact.statement}\n> “{fact.quote}”"
    else:
        body = f"{fact.statement}\n*(reported, not quoted)*"
    return Field(f"{who}{fact.status_label}", body)


def _paginate(
    title: str,
    description: str,
    blocks: Sequence[tuple[Field, ...]],
    footer: str,
    tone: str = "info",
) -> tuple[Card, ...]:
    """Blocks of fields spread over pages; a block stays whole unless it alone is too long."""
    pages: list[list[Field]] = [[]]
    used = 0
    facts_on_page = 0
    for block in blocks:
        size = sum(len(f.name) + len(f.value) for f in block)
        if pages[-1] and (
            facts_on_page + len(block) > FACTS_PER_PAGE + 1 or used + size > PAGE_CHARS
        ):
            pages.append([])
            used = 0
            facts_on_page = 0
        for field in block:
            field_size = len(field.name) + len(field.value)
            if pages[-1] and (
                facts_on_page >= FACTS_PER_PAGE + 1 or used + field_size > PAGE_CHARS
            ):
                pages.append([])
                used = 0
                facts_on_page = 0
            pages[-1].append(field)
            used += field_size
            facts_on_page += 1
    total = len(pages)
    cards = []
    for number, fields in enumerate(pages, start=1):
        marker = f"Page {number}/{total} · " if total > 1 else ""
        cards.append(
            fit(
                Card(
                    title=title,
                    description=description,
                    fields=tuple(fields),
                    footer=f"{marker}{footer}",
                    tone=tone,
                )
            )
        )
    return tuple(cards)


def who_cards(person: Entity, facts: Sequence[Fact], sheet: FactSheet) -> tuple[Card, ...]:
    """What one person said, in article order, as one or more pages."""
    count = len(facts)
    description = (
        f"{count} statement{'s' if count != 1 else ''} in the article, in article order."
        if count
        else "The article attributes nothing to them."
    )
    blocks = [(_fact_entry(f, with_speaker=False),) for f in facts]
    return _paginate(_speaker_line(person), description, blocks, _source_footer(sheet))


def unknown_person_card(query: str, sheet: FactSheet) -> Card:
    """Nobody by that name: who is in the story instead."""
    people = "\n".join(f"• **{e.name}** — {e.role}" for e in sheet.speakers)
    shown = escape_markdown(one_line(query, 80))
    return fit(
        Card(
            title="Nobody by that name in the story",
            description=f"The article quotes nobody matching “{shown}”. Who is in the story:\n\n"
            f"{people}",
            footer="Try /who with one of these names.",
            tone="abstain",
        )
    )


def unknown_topic_card(query: str, sheet: FactSheet) -> Card:
    """No topic like that: the topics the story has instead."""
    shown = escape_markdown(one_line(query, 80))
    return fit(
        Card(
            title="No such topic",
            description=f"The story has no topic like “{shown}”. Its topics: "
            f"{_topic_list(sheet.topics, sheet)}.",
            footer="Try /claims with one of these, or without a topic to see every claim.",
            tone="abstain",
        )
    )


def claims_cards(
    groups: Sequence[tuple[str, Sequence[Fact]]],
    sheet: FactSheet,
    *,
    person: Entity | None = None,
    topic: str | None = None,
) -> tuple[Card, ...]:
    """Claims grouped by topic; where sources differ on a topic their positions sit side by side."""
    filters = []
    if person is not None:
        filters.append(f"by {person.name}")
    if topic is not None:
        filters.append(f"on {sheet.topic_label(topic)}")
    title = "Claims " + " ".join(filters) if filters else "Every claim in the article"
    if not groups:
        return (
            fit(
                Card(
                    title=title,
                    description="No claims match. Try /claims without options to see them all.",
                    footer=_source_footer(sheet),
                    tone="abstain",
                )
            ),
        )
    blocks = []
    for slug, facts in groups:
        speakers = list(dict.fromkeys(f.speaker.name for f in facts))
        differ = len(speakers) > 1
        summary = (
            f"Sources: {', '.join(speakers)} — compare side by side."
            if differ
            else f"Source: {speakers[0]}."
        )
        header = Field(f"▍{sheet.topic_label(slug)}", summary)
        entries = tuple(replace(_fact_entry(f, with_speaker=True), inline=differ) for f in facts)
        blocks.append((header, *entries))
    count = len({f.id for _, facts in groups for f in facts})
    description = (
        f"{count} claim{'s' if count != 1 else ''}, grouped by topic. "
        "A claim on two topics appears under both."
    )
    return _paginate(title, description, blocks, _source_footer(sheet))


# ---------------------------------------------------------------- about, help, reload


def about_card(sheet: FactSheet) -> Card:
    """The story: headline, summary, people, topics, fact count and when the sheet was loaded."""
    story = sheet.story
    people = "\n".join(f"• {e.name} — {e.role}" for e in sheet.speakers if e.kind != "narrator")
    loaded = sheet.loaded_at.strftime("%Y-%m-%d %H:%M UTC")
    fields = (
        Field("People quoted", people or "Nobody is quoted by name."),
        Field("What the sheet covers", _topic_list(sheet.topics, sheet)),
        Field("Facts", str(len(sheet.facts)), inline=True),
        Field("Loaded", loaded, inline=True),
    )
    if story.related_headline:
        fields = (*fields, Field("Related", story.related_headline))
    footer = " · ".join(
        part
        for part in (
            f"Source: {story.citation}" if story.citation else "",
            f"Photo: {story.photo}" if story.photo else "",
        )
        if part
    )
    return fit(
        Card(
            title=story.headline,
            description=story.summary,
            fields=fields,
            footer=footer,
            tone="info",
        )
    )


def help_card(sheet: FactSheet) -> Card:
    """What the bot does, with examples drawn from the sheet itself."""
    examples = [f.phrasings[0] for f in _spread_facts(sheet, 3)]
    person = sheet.speakers[0].name.split()[-1] if sheet.speakers else "someone"
    topic = sheet.topics[0] if sheet.topics else "topic"
    ask_lines = "\n".join(f"`/ask question:{q}`" for q in examples)
    fields = (
        Field(
            "/ask question [private]",
            f"Answers from the article with the quote and how certain it is.\n{ask_lines}",
        ),
        Field("/who person", f"What one person said, in article order. `/who person:{person}`"),
        Field(
            "/claims [person] [topic]",
            f"Every claim grouped by topic, so differing sources sit side by side. "
            f"`/claims topic:{topic}`",
        ),
        Field("/about", "The story, who is in it, and what the fact sheet covers."),
        Field("/story list", "Every story I follow; admins bind a channel with `/story set`."),
        Field("/reload", "Admins: re-read the fact sheet and show what changed."),
        Field(
            "Mention me",
            "Mention the bot with a question and it replies to your message.",
        ),
    )
    return fit(
        Card(
            title="Ask me about this story",
            description=(
                f"I answer questions about one article — “{sheet.story.headline}” — only from "
                "what it reports, with the speaker, their words and how certain the claim is. "
                "When the article doesn't say, I say so."
            ),
            fields=fields,
            footer=_source_footer(sheet),
            tone="info",
        )
    )


def _spread_facts(sheet: FactSheet, count: int) -> list[Fact]:
    """Facts with phrasings from different topics, so examples show the range of the story."""
    chosen: list[Fact] = []
    seen_topics: set[str] = set()
    for fact in sheet.facts:
        if fact.phrasings and fact.speaker.kind != "narrator" and fact.topics[0] not in seen_topics:
            chosen.append(fact)
            seen_topics.add(fact.topics[0])
        if len(chosen) == count:
            break
    return chosen


def reload_card(diff: SheetDiff, sheet: FactSheet) -> Card:
    """A reload that went live: what was added, removed and changed."""
    if diff.unchanged:
        description = f"The sheet is live again with no fact changes ({len(sheet.facts)} facts)."
        fields: tuple[Field, ...] = ()
    else:
        description = f"The new sheet is live: {len(sheet.facts)} facts."
        fields = _diff_fields(diff)
    return fit(
        Card(
            title="Fact sheet reloaded",
            description=description,
            fields=fields,
            footer=str(sheet.path),
            tone="success",
        )
    )


def _diff_fields(diff: SheetDiff) -> tuple[Field, ...]:
    return tuple(
        Field(f"{name} ({len(ids)})", ", ".join(f"`{i}`" for i in ids))
        for name, ids in (
            ("Added", diff.added),
            ("Removed", diff.removed),
            ("Changed", diff.changed),
        )
        if ids
    )


def reload_confirm_card(diff: SheetDiff, quotes_changed: Sequence[str], sheet: FactSheet) -> Card:
    """A reload that takes facts away or changes someone's words: what it would do, before it does."""
    reasons = []
    if diff.removed:
        reasons.append(f"removes {len(diff.removed)} fact{'s' if len(diff.removed) != 1 else ''}")
    if quotes_changed:
        count = len(quotes_changed)
        reasons.append(f"changes {count} quote{'s' if count != 1 else ''}")
    fields = _diff_fields(diff)
    if quotes_changed:
        fields += (
            Field(
                f"Quote changed ({len(quotes_changed)})",
                ", ".join(f"`{i}`" for i in quotes_changed),
            ),
        )
    return fit(
        Card(
            title="Confirm the reload?",
            description=(
                f"The new sheet ({len(sheet.facts)} facts) {' and '.join(reasons)}. It is not live "
                "yet: Confirm to make it live, Cancel to keep the sheet in use."
            ),
            fields=fields,
            footer=str(sheet.path),
            tone="info",
        )
    )


def reload_cancelled_card() -> Card:
    """The admin kept the sheet in use."""
    return Card(
        title="Reload cancelled",
        description="Nothing changed: the sheet in use stays live.",
        tone="abstain",
    )


def reload_expired_card() -> Card:
    """Nobody confirmed in time."""
    return Card(
        title="Reload not confirmed — it expired",
        description="Nothing changed: the sheet in use stays live. Run /reload again to retry.",
        tone="abstain",
    )


def more_problems(count: int) -> str:
    """The line that stands for problems a reply has no room for, and where to see them all."""
    return f"…and {count} more (run `python -m bot check`)"


def reload_refused_card(problems: Sequence[Problem]) -> Card:
    """A reload that was refused: every problem, and that the old sheet stays live."""
    count = len(problems)
    lines = [f"• {p.where}: {p.message}" for p in problems]
    files = sorted({p.file for p in problems})
    header = (
        f"{count} problem{'s' if count != 1 else ''} in {', '.join(files)}. "
        "The previous sheet is still live.\n\n"
    )
    body = ""
    for index, line in enumerate(lines):
        rest = count - index
        tail = f"\n{more_problems(rest)}"
        if len(header) + len(body) + len(line) + 1 + len(tail) > DESCRIPTION_LIMIT:
            body += tail
            break
        body += line + "\n"
    return fit(
        Card(
            title="Reload refused — the old sheet is still live",
            description=header + body.rstrip(),
            footer="Fix the sheet, then run /reload again.",
            tone="error",
        )
    )


def error_card(message: str) -> Card:
    """A brief, private error for the person who hit it."""
    return fit(Card(title="Something went wrong", description=message, tone="error"))


# ---------------------------------------------------------------- text rendering


# Characters a terminal acts on rather than shows (escape sequences retitle a window or clear the
# screen; carriage returns overwrite a line; bidi overrides reorder it), shown as their code.
_TERMINAL_CONTROLS = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (
        *range(0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def terminal_text(text: str) -> str:
    """Text a reader wrote, safe to print to a terminal: its control characters shown as codes,
    line breaks and tabs kept."""
    return text.translate(_TERMINAL_CONTROLS)


def card_as_text(card: Card) -> str:
    """A card as plain text for the console: the same words as the embed, printable as is."""
    lines = [card.title, "=" * min(len(card.title), 72)]
    if card.description:
        lines += [_plain(card.description), ""]
    for field in card.fields:
        lines.append(f"{_plain(field.name)}:")
        lines += [f"  {line}" for line in _plain(field.value).splitlines()]
    if card.footer:
        lines += ["", f"({card.footer})"]
    return terminal_text("\n".join(lines).rstrip())


def _plain(text: str) -> str:
    """Markdown the console cannot show, removed: bold, code ticks, escapes."""
    text = text.replace("**", "").replace("`", "")
    return re.sub(r"\\(.)", r"\1", text)
