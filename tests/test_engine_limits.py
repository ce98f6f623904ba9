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


@pytest.mark.parametrize(
    "question",
    [
        "were 1" + "0" * 306 + " thousand troops sent?",
        "9" * 309 + " hundred",
        "9" * 288 + "b trillion",
    ],
    ids=["figure thousand", "figure hundred", "figure with suffix"],
)
def test_a_figure_past_any_float_is_read_as_written_not_a_crash(engine, question):
    # Once an OverflowError: /ask said "Something went wrong", a mention got no reply at all.
    answer = engine.answer(question)
    assert not answer.answered


def test_a_question_spaced_out_is_read_as_if_spaced_once(engine):
    # A run of a thousand spaces made the two-part patterns take 100 ms a question.
    spaced = "who   confirmed\n\n north korean" + " " * 1000 + "troops are in kursk?"
    assert (
        engine.answer(spaced).facts
        == engine.answer("who confirmed north korean troops are in kursk?").facts
        != ()
    )


def test_the_second_part_of_a_question_keeps_its_words_whatever_their_case_folds_to(engine):
    # "İ" lowercases to two characters: cut by a lowercased index, the part read
    # "...about Kcasualties?".
    answer = engine.answer("İ What did Rutte say about Kursk, and about casualties?")
    assert answer.unanswered == ("İ What did Rutte say about casualties?",)
