"""The engine's parts on their own: the index's weights, the scorer's filters, the decision model."""

from __future__ import annotations

import pytest

from bot.engine.decision import FEATURES, DecisionModel, shipped_model
from bot.engine.english_words import is_english_word
from bot.engine.index import SheetIndex
from bot.engine.lexicon import content
from bot.engine.scorer import rank
from bot.engine.text import clean


@pytest.fixture(scope="module")
def index(sheet) -> SheetIndex:
    return SheetIndex(sheet)


def test_a_word_the_sheet_never_uses_weighs_more_than_one_every_fact_shares(index):
    common = max(index.idf, key=lambda t: len(index.postings[t]))
    assert index.weight("zzyzx") > index.weight(common)


def test_an_adverb_the_sheet_never_uses_weighs_half_as_much(index):
    assert index.weight("deeply") == pytest.approx(index.weight("zzyzx") / 2)


def test_the_scorer_keeps_to_the_named_speaker(index, sheet):
    speaker = sheet.speakers[0]
    wanted = content(index.lexicon.terms("troops kursk"))
    ranked, _, _ = rank(index, wanted, "what", None, frozenset({speaker.id}), "")
    assert ranked and all(m.fact.speaker.id == speaker.id for m in ranked)


def test_a_count_comes_only_from_a_fact_that_gives_one(index):
    wanted = content(index.lexicon.terms("north korean soldiers sent to russia"))
    ranked, _, _ = rank(index, wanted, "how-many", None, frozenset(), "")
    assert ranked and all("how-many" in m.fact.answers for m in ranked)


def test_the_best_candidate_comes_with_every_decision_feature(index):
    wanted = content(index.lexicon.terms("who confirmed troops in kursk"))
    ranked, _, features = rank(index, wanted, "who", None, frozenset(), "")
    assert ranked and set(FEATURES) <= set(features)
    assert all(0.0 <= features[name] <= 1.0 for name in FEATURES)


def test_the_decision_model_answers_above_its_threshold_only():
    model = DecisionModel(
        weights={**dict.fromkeys(FEATURES, 0.0), "coverage": 10.0}, bias=-5.0, threshold=0.5
    )
    low = dict.fromkeys(FEATURES, 0.0) | {"coverage": 0.2}
    high = dict.fromkeys(FEATURES, 0.0) | {"coverage": 0.9}
    assert not model.answers(low) and model.answers(high)


def test_the_shipped_model_prefers_a_fact_that_covers_the_question():
    model = shipped_model()
    base = dict.fromkeys(FEATURES, 0.5)
    assert model.probability(base | {"coverage": 0.9}) > model.probability(base | {"coverage": 0.3})


def test_a_question_word_with_is_run_on_reads_as_the_word_and_is():
    # "who's", "whos", "whats": never a possessive, or "who is X" would go unseen.
    assert clean("whos cory doctorow") == clean("who is cory doctorow")
    assert clean("What's the deal?") == clean("what is the deal?")
    assert clean("whose job is it") == "whose job is it"


def test_a_plural_possessive_owns_what_follows_as_a_singular_one_does():
    assert clean("the firms' statement") == "the firms poss statement"
    assert clean("the firm's statement") == "the firm poss statement"
    assert clean("ask the firms' ") == "ask the firms' "  # nothing follows: a closing quote


@pytest.mark.parametrize(
    "word",
    ["troops", "families", "arrested", "managing", "stopping", "died", "went", "to", "cuter"],
)
def test_real_english_words_and_their_inflections_are_english(word):
    assert is_english_word(word)


@pytest.mark.parametrize(
    "word", ["manageing", "readyed", "happend", "companys", "rutte", "trooops", "cuting", "cuted"]
)
def test_misspellings_and_names_are_not_english_words(word):
    assert not is_english_word(word)
