"""Answers rendered for people: plain text and embed-shaped cards within Discord's limits."""

from __future__ import annotations

from bot.matching import Answer


def answer_as_text(answer: Answer) -> str:
    """One answer as plain text, for the console and the CLI."""
    fact = answer.fact
    if fact is None:
        topics = ", ".join(answer.suggestions)
        return f"The article doesn't say. Try asking about: {topics}."
    lines = [fact.statement, f"— {fact.speaker.name} ({fact.role}) · {fact.status_label}"]
    if fact.quote:
        lines.append(f'"{fact.quote}"')
    return "\n".join(lines)
