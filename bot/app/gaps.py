"""The curator's report: questions the bot could not answer, answered weakly, or got a thumbs-down
for, with near-duplicates grouped and the most frequent first (no Discord)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from rapidfuzz import fuzz, process

from bot.app.replies import Card, Field, fit, one_line
from bot.engine.answer import AbstainReason, Answer
from bot.sheet import FactSheet, fold
from bot.store.db import TIME_FORMAT
from bot.store.question_log import LoggedQuestion, LogRow

# The report's period unless asked otherwise.
DEFAULT_DAYS = 7
# An answer scoring under this (0-100) counts as low confidence and is reported.
LOW_CONFIDENCE = 60.0
# Two questions whose folded texts score this high (rapidfuzz token_set_ratio) are one group.
GROUP_CUTOFF = 85.0
# Groups per page of the report.
PAGE_SIZE = 8


def log_entry(
    answer: Answer,
    *,
    story: str,
    source: str,
    version: str,
    guild_id: int | None = None,
    channel_id: int | None = None,
) -> LoggedQuestion:
    """What the log keeps of one handled question (no user, only where and what)."""
    return LoggedQuestion(
        story=story,
        source=source,
        question=answer.question,
        answered=answer.answered,
        fact_ids=tuple(f.id for f in answer.facts),
        score=answer.score,
        reason=str(answer.reason or ""),
        nearest_id=answer.nearest.fact.id if answer.nearest else "",
        nearest_score=answer.nearest.score if answer.nearest else 0.0,
        sheet_version=version,
        guild_id=guild_id,
        channel_id=channel_id,
    )


def log_entries(
    answer: Answer,
    *,
    story: str,
    source: str,
    version: str,
    guild_id: int | None = None,
    channel_id: int | None = None,
) -> tuple[LoggedQuestion, ...]:
    """The question as handled, then each part of it the article did not answer, on its own.

    "When does it open, and who will run it?" is answered, so only its second part, logged as
    a question of its own, can reach the report and be taught.
    """
    whole = log_entry(
        answer,
        story=story,
        source=source,
        version=version,
        guild_id=guild_id,
        channel_id=channel_id,
    )
    # Each part is logged where and when the whole was, as a question nothing answered.
    parts = (
        replace(
            whole,
            question=part,
            answered=False,
            fact_ids=(),
            score=0.0,
            reason=str(AbstainReason.NOT_IN_ARTICLE),
            nearest_id="",
            nearest_score=0.0,
        )
        for part in answer.unanswered
    )
    return (whole, *parts)


def since(days: int, now: datetime | None = None) -> str:
    """The log's time `days` ago."""
    return ((now or datetime.now(UTC)) - timedelta(days=days)).strftime(TIME_FORMAT)


def why(row: LogRow) -> str | None:
    """Why a logged question belongs in the report, or None if it does not."""
    if row.resolution:
        return None
    if row.down_votes > row.up_votes:
        return "thumbs-down"
    if not row.answered:
        return "no-content" if row.reason == "no-content" else "unanswered"
    if row.score < LOW_CONFIDENCE:
        return "low-confidence"
    return None


@dataclass(frozen=True)
class GapGroup:
    """Near-duplicate questions reported together."""

    example: str
    questions: tuple[str, ...]
    entry_keys: tuple[str, ...]
    reasons: tuple[str, ...]  # most common first
    # Facts given or nearest, most often first: the likely answers to offer when teaching.
    facts: tuple[str, ...]
    last_asked: str

    @property
    def count(self) -> int:
        """How many times it was asked."""
        return len(self.entry_keys)


def gap_groups(rows: Sequence[LogRow], refused: Sequence[str] = ()) -> list[GapGroup]:
    """The rows that belong in the report, grouped, the most frequent group first."""
    refused_keys = set(refused)
    groups: list[list[tuple[LogRow, str]]] = []
    heads: list[str] = []
    for row in rows:
        reason = why(row)
        key = fold(row.question)
        if reason is None or reason == "no-content" or not key or key in refused_keys:
            continue
        found = (
            process.extractOne(
                key, heads, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=GROUP_CUTOFF
            )
            if heads
            else None
        )
        if found is None:
            heads.append(key)
            groups.append([(row, reason)])
        else:
            groups[found[2]].append((row, reason))
    out = []
    for members in groups:
        texts = Counter(row.question.strip() for row, _ in members)
        facts: Counter[str] = Counter()
        for row, _ in members:
            facts.update(row.fact_ids)
            if row.nearest_id:
                facts[row.nearest_id] += 1
        out.append(
            GapGroup(
                example=texts.most_common(1)[0][0],
                questions=tuple(texts),
                entry_keys=tuple(row.entry_key for row, _ in members),
                reasons=tuple(r for r, _ in Counter(r for _, r in members).most_common()),
                facts=tuple(f for f, _ in facts.most_common()),
                last_asked=max(row.asked_at for row, _ in members),
            )
        )
    out.sort(key=lambda g: (-g.count, g.last_asked), reverse=False)
    return out


_REASON_LABELS = {
    "unanswered": "not answered",
    "low-confidence": "low confidence",
    "thumbs-down": "👎",
}


def group_line(number: int, group: GapGroup) -> str:
    """One report line: number, count, example, why, and the fact that came nearest."""
    reasons = ", ".join(_REASON_LABELS.get(r, r) for r in group.reasons)
    near = f" · nearest `{group.facts[0]}`" if group.facts else ""
    return f"{number}. {group.count}x “{one_line(group.example, 120)}” — {reasons}{near}"


def gaps_cards(groups: Sequence[GapGroup], sheet: FactSheet, days: int) -> tuple[Card, ...]:
    """The report as pages of one line per group."""
    total = sum(g.count for g in groups)
    title = f"Gaps · last {days} day{'s' if days != 1 else ''}"
    if not groups:
        return (
            Card(
                title=title,
                description="Nothing to review: every question in this period was answered "
                "with confidence, or has been dealt with.",
                footer=sheet.story.headline[:200],
                tone="success",
            ),
        )
    pages = []
    for start in range(0, len(groups), PAGE_SIZE):
        lines = [
            group_line(start + i + 1, g) for i, g in enumerate(groups[start : start + PAGE_SIZE])
        ]
        pages.append(
            fit(
                Card(
                    title=title,
                    description="\n".join(lines),
                    fields=(
                        Field(
                            "What to do",
                            "Pick a group below: teach the fact that answers it, confirm it is "
                            "not in the article, or dismiss it.",
                        ),
                    ),
                    footer=f"{len(groups)} groups · {total} questions · {sheet.story.id}",
                    tone="info",
                )
            )
        )
    return tuple(pages)


def gaps_as_json(groups: Sequence[GapGroup]) -> list[dict[str, object]]:
    """The report for `gaps --json`."""
    return [
        {
            "example": g.example,
            "count": g.count,
            "questions": list(g.questions),
            "reasons": list(g.reasons),
            "facts": list(g.facts),
            "last_asked": g.last_asked,
        }
        for g in groups
    ]
