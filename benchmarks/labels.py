"""Labelled question sets: which story each measures, loading them, and judging a reply.

A question is labelled by what a right reply must show (a name, a number, a word of the
article), not by fact id, so a set written from the article alone can judge any sheet.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.sheet import Fact, FactSheet, normalise_for_quote
from bot.store.learned import fold

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
KNOWLEDGE = ROOT / "knowledge"
FIRST_STORY = "north-korean-troops-russia"
QUESTIONS_PATH = DATA / "questions.toml"

# How a set has been used, which says what its figures are evidence of.
TUNED = "tuned"  # measured once on first contact, then used to find misses and tune
DEV = "dev"  # written for fitting and tuning across stories
SEALED = "sealed"  # measured once for the first-contact figure, then frozen: never tuned on


@dataclass(frozen=True)
class QuestionSet:
    """One labelled file about one story, and how it has been used."""

    story: str
    path: Path
    use: str

    @property
    def name(self) -> str:
        """How reports name it: 'blind5' or 'guantanamo-four-free-in-weeks/sealed'."""
        if self.path.parent == DATA:
            return self.path.stem
        return f"{self.path.parent.name}/{self.path.stem}"

    @property
    def sheet_path(self) -> Path:
        """The story's sheet."""
        return KNOWLEDGE / f"{self.story}.toml"


def _first_story_history() -> tuple[QuestionSet, ...]:
    # The first story's sets in the order they were written; each was measured on first contact
    # (README) and since used to find misses, so none of them is evidence any more.
    names = ("questions", "holdout", "blind", "blind2", "blind3", "blind4", "blind5")
    return tuple(QuestionSet(FIRST_STORY, DATA / f"{name}.toml", TUNED) for name in names)


# Each story's files and their use: dev sets to tune on, and sealed sets written by people who saw
# only the article ("sealed2" was written after the engine of issue 7 was built, to measure it;
# "sealed3" a day later, after the BT sheet's second curation pass, to measure that afresh;
# "sealed4" in the session after, before that session's engine changes, to measure them;
# "sealed5", "sealed6" and "sealed7" likewise at the start of the fifth, sixth and seventh
# sessions).
SET_FILES = (
    (DEV, "dev"),
    (DEV, "dev2"),
    (SEALED, "sealed"),
    (SEALED, "sealed2"),
    (SEALED, "sealed3"),
    (SEALED, "sealed4"),
    (SEALED, "sealed5"),
    (SEALED, "sealed6"),
    (SEALED, "sealed7"),
)


def _story_sets() -> tuple[QuestionSet, ...]:
    sets: list[QuestionSet] = []
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir()):
        for use, file_name in SET_FILES:
            path = folder / f"{file_name}.toml"
            if path.exists():
                sets.append(QuestionSet(folder.name, path, use))
    return tuple(sets)


QUESTION_SETS: tuple[QuestionSet, ...] = (*_first_story_history(), *_story_sets())
STORIES: tuple[str, ...] = tuple(dict.fromkeys(s.story for s in QUESTION_SETS))


def shown_text(fact: Fact) -> str:
    """What a reply shows of a fact: statement, their words (or the article's), who said it."""
    words = fact.quote or fact.excerpt
    # Curly quotes and spacing folded on both sides, as the article check does.
    return normalise_for_quote(f"{fact.statement} {words} {fact.speaker.name} {fact.role}").lower()


def _satisfies(expect: Sequence[str], fact: Fact) -> bool:
    shown = shown_text(fact)
    return all(
        any(normalise_for_quote(option).lower() in shown for option in e.split("|")) for e in expect
    )


@dataclass(frozen=True)
class LabelledQuestion:
    """One question and what a correct reply must show, or that the bot must abstain."""

    text: str
    kind: str
    expect: tuple[str, ...]
    abstain: bool
    # For a question that needs two facts: what each of them must show.
    expect_facts: tuple[tuple[str, ...], ...] = ()

    @property
    def needs_two_facts(self) -> bool:
        """True when a right reply shows two facts, side by side."""
        return bool(self.expect_facts)

    def is_correct(self, reply: Fact | Sequence[Fact] | None) -> bool:
        """True when the reply (its facts in order; None or () for an abstention) is right.

        A one-fact question is judged by the first fact shown; a two-fact question needs each
        of its parts shown by a different fact of the reply.
        """
        facts: tuple[Fact, ...] = (
            () if reply is None else (reply,) if isinstance(reply, Fact) else tuple(reply)
        )
        if self.abstain or not facts:
            return self.abstain and not facts
        if not self.expect_facts:
            return _satisfies(self.expect, facts[0])
        return _assign(self.expect_facts, facts)


def _assign(parts: tuple[tuple[str, ...], ...], facts: tuple[Fact, ...]) -> bool:
    """True when each part is shown by a fact of its own."""
    if not parts:
        return True
    first, rest = parts[0], parts[1:]
    return any(
        _satisfies(first, fact) and _assign(rest, facts[:i] + facts[i + 1 :])
        for i, fact in enumerate(facts)
    )


def load_questions(path: Path = QUESTIONS_PATH) -> list[LabelledQuestion]:
    """Every labelled question in the file, in order."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return [
        LabelledQuestion(
            text=q["text"],
            kind=q["kind"],
            expect=tuple(q.get("expect", ())),
            abstain=bool(q.get("abstain", False)),
            expect_facts=tuple(tuple(part) for part in q.get("expect_facts", ())),
        )
        for q in raw["question"]
    ]


def training_questions(story: str) -> frozenset[str]:
    """Every question of the story's sets that are not sealed, folded as the sheet compares them."""
    return frozenset(
        fold(question.text)
        for qset in QUESTION_SETS
        if qset.story == story and qset.use != SEALED
        for question in load_questions(qset.path)
    )


def untaught(sheet: FactSheet, questions: frozenset[str]) -> FactSheet:
    """The sheet without the phrasings that are these very questions.

    A curator teaches missed questions as phrasings (/gaps): asked again, such a question meets
    itself, which says nothing about how the engine reads a question it has not seen.
    """
    facts = tuple(
        replace(
            fact,
            phrasings=tuple(p for p in fact.phrasings if fold(p) not in questions),
            asked=tuple(p for p in fact.asked if fold(p) not in questions),
        )
        for fact in sheet.facts
    )
    return replace(sheet, facts=facts)
