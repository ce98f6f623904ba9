"""Hostile questions: very long or endlessly new ones neither slow the engine down nor grow it."""

from __future__ import annotations

import pytest

from bot.engine.lexicon import QUESTION_CACHE_LIMIT
from bot.engine.matching import MAX_QUESTION_CHARS, AnswerEngine


@pytest.fixture(scope="module")
def engine(sheet):
    return AnswerEngine(sheet)


def test_new_words_from_questions_never_grow_the_caches_past_their_limit(engine):
    for n in range(QUESTION_CACHE_LIMIT + 500):
        engine.lexicon.terms(f"what about zqx{n}word and qqy{n}thing", fix_spelling=True)
    assert len(engine.lexicon._question_terms) <= QUESTION_CACHE_LIMIT
    assert len(engine.lexicon._corrections) <= QUESTION_CACHE_LIMIT


def test_a_question_of_a_thousand_commas_is_read_from_its_end(engine):
    question = "rutte, zelensky? " * 5000 + "who confirmed north korean troops are in kursk?"
    answer = engine.answer(question)
    assert len(answer.question) <= MAX_QUESTION_CHARS
    assert answer.question.endswith("kursk?")
    assert answer.answered and answer.fact is not None
