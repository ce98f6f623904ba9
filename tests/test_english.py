"""General English paraphrases, merged with a sheet's own synonym groups."""

from __future__ import annotations

import pytest

from bot.engine import language
from bot.engine.english import english_synonyms, merged_synonyms
from bot.engine.lexicon import Lexicon


def test_a_general_group_widens_the_story_group_it_meets_and_keeps_its_head():
    story = [["troops", "soldiers"], ["send", "deployed"]]
    merged = merged_synonyms(story, [["soldiers", "manpower"]])
    assert merged[0] == ("troops", "soldiers", "manpower")
    assert merged[1] == ("send", "deployed")


def test_a_general_group_that_would_join_two_story_ideas_is_left_out():
    story = [["troops", "soldiers"], ["send", "deployed"]]
    merged = merged_synonyms(story, [["troops", "send", "forces"]])
    assert merged == (("troops", "soldiers"), ("send", "deployed"))


def test_a_general_group_meeting_no_story_group_stands_alone():
    merged = merged_synonyms([["troops", "soldiers"]], [["sign", "signal"]])
    assert merged == (("troops", "soldiers"), ("sign", "signal"))


def test_the_shipped_groups_load_and_repeat_no_word():
    groups = english_synonyms()
    words = [w for g in groups for w in g]
    assert len(groups) >= 20 and all(len(g) >= 2 for g in groups)
    assert len(words) == len(set(words))


# The language.toml lists the engine compares with a question's terms as written (the others,
# such as role, compare and head words, are read through the sheet's lexicon first).
_COMPARED_AS_WRITTEN = (
    "ASKERS",
    "ARTICLES",
    "COPULAS",
    "LEAD_INS",
    "PASSIVE_AUXILIARIES",
    "QUESTION_OPENERS",
    "STANCE_LINKS",
    "WH_WORDS",
    "YES_NO_OPENERS",
)


@pytest.mark.parametrize("name", _COMPARED_AS_WRITTEN)
def test_words_compared_as_written_read_as_a_word_of_their_own_list(name):
    # "president" reads as "presid": a list matched as written must hold what its words become.
    words = getattr(language, name)
    lexicon = Lexicon([], english_synonyms())
    for word in words:
        assert set(lexicon.terms(word)) <= words, (name, word, lexicon.terms(word))
