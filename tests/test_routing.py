"""Unbound questions go to the story that answers best; near-equal answers make the user pick."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app.routing import route
from bot.app.service import AnswerService
from bot.app.stories import StoryLibrary
from bot.settings import DEFAULT_KNOWLEDGE_DIR, DEFAULT_KNOWLEDGE_PATH


@pytest.fixture(scope="module")
def library() -> StoryLibrary:
    return StoryLibrary.open(DEFAULT_KNOWLEDGE_DIR, DEFAULT_KNOWLEDGE_PATH)


def test_every_answer_comes_from_the_story_its_card_names(library):
    # The must-hold, over every phrasing of every story: the fact shown is in the named story.
    for service in library.services:
        for fact in service.engine.sheet.facts:
            for phrasing in fact.phrasings:
                routed = route(library.services, phrasing)
                if routed.needs_choice:
                    continue
                answer, named = routed.reply.answer, routed.story.engine.sheet
                assert routed.reply.card.footer.startswith(f"From: {named.story.headline}")
                for shown in answer.facts:
                    assert named.fact(shown.id) is shown, phrasing


def test_a_phrasing_its_own_story_answers_goes_to_that_story_or_a_choice_with_it(library):
    wrong = []
    for service in library.services:
        for fact in service.engine.sheet.facts:
            for phrasing in fact.phrasings:
                if not service.engine.answer(phrasing).answered:
                    continue
                routed = route(library.services, phrasing)
                if not (routed.story is service or service in routed.choices):
                    wrong.append(phrasing)
    assert wrong == []


def test_a_routed_answer_names_its_story_in_the_footer(library):
    routed = route(library.services, "What did BT offer its rivals?")
    assert routed.story is library.get("bt-offers-equal-access-to-rivals")
    assert routed.reply.card.footer.startswith("From: BT offers equal access to rivals")
    fact = routed.reply.answer.fact
    assert routed.story.engine.sheet.fact(fact.id) == fact


def test_a_question_no_story_answers_says_none_of_them_does_privately(library):
    routed = route(library.services, "What will the weather be in Paris tomorrow?")
    assert routed.reply.private
    assert routed.reply.card.title == "None of the stories says"


def test_two_stories_answering_equally_well_are_offered_as_a_choice(library, tmp_path):
    # The same sheet under a second id answers every question exactly as well as the first.
    text = DEFAULT_KNOWLEDGE_PATH.read_text(encoding="utf-8")
    twin = tmp_path / "twin.toml"
    twin.write_text(text.replace('id = "north-korean-troops-russia"', 'id = "twin"', 1), "utf-8")
    services = [library.get("north-korean-troops-russia"), AnswerService.open(twin)]
    routed = route(services, "How many troops did North Korea send?")
    assert routed.needs_choice and routed.reply is None
    assert {s.engine.sheet.story.id for s in routed.choices} == {
        "north-korean-troops-russia",
        "twin",
    }


def test_one_story_is_answered_as_before_without_naming_it(library):
    nk = library.get("north-korean-troops-russia")
    routed = route([nk], "How many troops did North Korea send?")
    assert routed.story is nk and routed.reply.card.footer.startswith("Source:")
    assert replace(routed.reply.card) == routed.reply.card


def test_the_first_pass_index_is_built_once_per_set_of_live_engines(library):
    from bot.app.routing import story_index

    engines = [s.engine for s in library.services]
    assert story_index(engines) is story_index(list(engines))
    assert story_index(engines[:2]) is not story_index(engines)


def test_the_first_pass_hands_a_question_to_the_stories_that_share_its_words(library):
    from bot.app.routing import story_index

    engines = [s.engine for s in library.services]
    index = story_index(engines)
    picked = [engines[i].sheet.story.id for i in index.candidates("What did Verwaayen say?", 3)]
    assert picked == ["bt-offers-equal-access-to-rivals"]
    assert index.candidates("zzz qqq", 3) == []
