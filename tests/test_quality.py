"""Answer quality on every labelled question set holds its measured floors (see README)."""

from __future__ import annotations

from functools import cache

import pytest

from benchmarks.labels import QUESTION_SETS, QUESTIONS_PATH, QuestionSet, load_questions
from benchmarks.quality import best_threshold, bm25_ranker, engine_replies, score, shown_fact
from bot.engine.matching import AnswerEngine
from bot.sheet import FactSheet, load_sheet

# A little below what `python -m benchmarks.quality --sealed` measures on each set, so a
# regression fails CI: (answerable top-1, abstention precision, abstention recall, right fact
# shown for answerable one-fact questions). Floors on sealed sets tune nothing: they only stop
# the engine from getting worse on questions it has never been tuned on.
FLOORS = {
    "questions": (0.95, 0.97, 0.92, 0.95),
    "holdout": (0.94, 0.94, 0.91, 0.94),
    "blind": (0.93, 0.92, 0.80, 0.95),
    "blind2": (0.83, 0.76, 0.86, 0.86),
    "blind3": (0.88, 0.79, 0.86, 0.89),
    "blind4": (0.88, 0.83, 0.88, 0.92),
    "blind5": (0.87, 0.80, 0.88, 0.90),
    "bt-offers-equal-access-to-rivals/dev": (0.68, 0.77, 0.85, 0.76),
    "bt-offers-equal-access-to-rivals/dev2": (0.78, 0.79, 0.81, 0.85),
    "bt-offers-equal-access-to-rivals/sealed": (0.76, 0.73, 0.82, 0.87),
    "format-wars-could-confuse-users/dev": (0.61, 0.68, 0.87, 0.68),
    "format-wars-could-confuse-users/dev2": (0.66, 0.65, 0.81, 0.72),
    "format-wars-could-confuse-users/sealed": (0.64, 0.68, 0.86, 0.71),
    "guantanamo-four-free-in-weeks/dev": (0.63, 0.60, 0.87, 0.68),
    "guantanamo-four-free-in-weeks/dev2": (0.68, 0.68, 0.78, 0.75),
    "guantanamo-four-free-in-weeks/sealed": (0.84, 0.89, 0.86, 0.91),
    "north-korean-troops-russia/sealed": (0.73, 0.71, 0.87, 0.84),
    # Raised on 2026-11-30 with the BT sheet's second curation pass, except recall: that pass
    # answered one more must-abstain question here (80% -> 76%) while top-1 went 64% -> 80%.
    "bt-offers-equal-access-to-rivals/sealed2": (0.78, 0.80, 0.76, 0.82),
    "format-wars-could-confuse-users/sealed2": (0.56, 0.60, 0.90, 0.64),
    "guantanamo-four-free-in-weeks/sealed2": (0.64, 0.67, 0.90, 0.71),
    "north-korean-troops-russia/sealed2": (0.83, 0.85, 0.88, 0.85),
    "bt-offers-equal-access-to-rivals/sealed3": (0.76, 0.78, 0.87, 0.84),
    "format-wars-could-confuse-users/sealed3": (0.66, 0.65, 0.87, 0.74),
    "guantanamo-four-free-in-weeks/sealed3": (0.58, 0.64, 0.87, 0.66),
    "north-korean-troops-russia/sealed3": (0.86, 0.84, 0.81, 0.87),
    # Measured once at dc3cee0 (first contact); floors about two points below each figure.
    "bt-offers-equal-access-to-rivals/sealed4": (0.78, 0.79, 0.83, 0.85),
    "format-wars-could-confuse-users/sealed4": (0.60, 0.74, 0.91, 0.66),
    "guantanamo-four-free-in-weeks/sealed4": (0.66, 0.68, 0.88, 0.72),
    "north-korean-troops-russia/sealed4": (0.75, 0.77, 0.91, 0.82),
    # Measured once at a034b66 (first contact); floors about two points below each figure.
    "bt-offers-equal-access-to-rivals/sealed5": (0.73, 0.73, 0.83, 0.79),
    "format-wars-could-confuse-users/sealed5": (0.68, 0.66, 0.89, 0.76),
    "guantanamo-four-free-in-weeks/sealed5": (0.69, 0.64, 0.87, 0.78),
    "north-korean-troops-russia/sealed5": (0.85, 0.87, 0.92, 0.90),
    # Measured once at 89159e4 (first contact); floors about two points below each figure.
    "bt-offers-equal-access-to-rivals/sealed6": (0.80, 0.80, 0.82, 0.85),
    "format-wars-could-confuse-users/sealed6": (0.77, 0.78, 0.91, 0.80),
    "guantanamo-four-free-in-weeks/sealed6": (0.76, 0.82, 0.88, 0.78),
    "north-korean-troops-russia/sealed6": (0.75, 0.80, 0.86, 0.79),
    # Measured once at 4f4e470 (first contact); floors about two points below each figure.
    "bt-offers-equal-access-to-rivals/sealed7": (0.69, 0.71, 0.84, 0.76),
    "format-wars-could-confuse-users/sealed7": (0.54, 0.58, 0.91, 0.66),
    "guantanamo-four-free-in-weeks/sealed7": (0.61, 0.59, 0.84, 0.68),
    "north-korean-troops-russia/sealed7": (0.80, 0.80, 0.89, 0.83),
}
# How far ahead of BM25 at its best threshold (on that very set) the engine must stay, overall.
BM25_LEAD = 0.05

FLOORED = [s for s in QUESTION_SETS if s.name in FLOORS]


@cache
def story(qset: QuestionSet) -> tuple[FactSheet, AnswerEngine]:
    sheet = load_sheet(qset.sheet_path)
    return sheet, AnswerEngine(sheet)


def test_every_set_has_a_floor():
    assert sorted(FLOORS) == sorted(s.name for s in QUESTION_SETS)


def test_question_set_is_big_and_varied_enough():
    questions = load_questions(QUESTIONS_PATH)
    answerable = [q for q in questions if not q.abstain]
    assert len(questions) >= 150 and len(answerable) >= 110
    assert len(questions) - len(answerable) >= 40
    kinds = {q.kind for q in questions}
    assert {"misspelling", "role", "keyword", "long", "casual", "near-topic", "noise"} <= kinds


@pytest.mark.parametrize("qset", FLOORED, ids=[s.name for s in FLOORED])
def test_engine_holds_its_quality_floors(qset):
    questions = load_questions(qset.path)
    measured = score(questions, engine_replies(story(qset)[1], questions))
    top1, precision, recall, _ = FLOORS[qset.name]
    assert measured.answerable_top1 >= top1, measured
    assert measured.abstain_precision is not None and measured.abstain_precision >= precision
    assert measured.abstain_recall >= recall, measured


@pytest.mark.parametrize("qset", FLOORED, ids=[s.name for s in FLOORED])
def test_engine_handles_far_more_questions_right_than_bm25(qset):
    sheet, engine = story(qset)
    questions = load_questions(qset.path)
    mine = score(questions, engine_replies(engine, questions))
    rank = bm25_ranker(sheet)
    bm25 = best_threshold(questions, [rank(q.text) for q in questions])  # its best showing
    assert mine.overall >= bm25.overall + BM25_LEAD, (mine, bm25)


@pytest.mark.parametrize("qset", FLOORED, ids=[s.name for s in FLOORED])
def test_the_right_fact_is_shown_for_nearly_every_answerable_question(qset):
    engine = story(qset)[1]
    answerable = [q for q in load_questions(qset.path) if not q.abstain and not q.needs_two_facts]
    shown = [q.is_correct(shown_fact(engine.answer(q.text))) for q in answerable]
    assert sum(shown) / len(shown) >= FLOORS[qset.name][3]
