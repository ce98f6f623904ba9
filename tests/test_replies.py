"""Cards people see: right content, honest abstentions, always within Discord's limits."""

from __future__ import annotations

import pytest

from bot.app.directory import Directory
from bot.app.replies import (
    DESCRIPTION_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    MAX_QUESTION_CHARS,
    TITLE_LIMIT,
    TOTAL_LIMIT,
    Card,
    Field,
    about_card,
    answer_card,
    card_as_text,
    claims_cards,
    fact_card,
    fit,
    help_card,
    looks_like_question,
    question_echo,
    reload_card,
    reload_refused_card,
    reply_to_question,
    unknown_person_card,
    who_cards,
)
from bot.engine.answer import AbstainReason, Answer
from bot.engine.matching import AnswerEngine
from bot.sheet import Problem, SheetDiff


@pytest.fixture(scope="module")
def engine(sheet) -> AnswerEngine:
    return AnswerEngine(sheet)


def assert_within_limits(card: Card) -> None:
    assert 0 < len(card.title) <= TITLE_LIMIT
    assert len(card.description) <= DESCRIPTION_LIMIT
    assert len(card.fields) <= FIELD_COUNT_LIMIT
    for field in card.fields:
        assert 0 < len(field.name) <= FIELD_NAME_LIMIT
        assert 0 < len(field.value) <= FIELD_VALUE_LIMIT
    assert card.size <= TOTAL_LIMIT


def every_card(sheet, engine):
    directory = Directory(sheet)
    for fact in sheet.facts:
        yield fact_card(fact, sheet)
        for phrasing in fact.phrasings:
            yield reply_to_question(engine, phrasing).card
    for person in sheet.speakers:
        yield from who_cards(person, sheet.facts_by(person.id), sheet)
    yield from claims_cards(directory.claims(), sheet)
    for topic in sheet.topics:
        yield from claims_cards(directory.claims(topic=topic), sheet, topic=topic)
    yield about_card(sheet)
    yield help_card(sheet)
    yield unknown_person_card("x" * 5000, sheet)
    yield reload_card(SheetDiff(tuple(f.id for f in sheet.facts), (), ()), sheet)
    yield reload_refused_card([Problem("sheet.toml", f"fact #{i}", "m" * 300) for i in range(500)])
    for question in ("", "🎉🎉🎉", "```py\nprint(1)\n```", "**bold** _it_ > quote", "q" * 6000):
        yield reply_to_question(engine, question).card


def test_every_card_the_bot_can_make_is_within_discord_limits(sheet, engine):
    cards = list(every_card(sheet, engine))
    assert len(cards) > 50
    for card in cards:
        assert_within_limits(card)


def test_fit_cuts_an_oversized_card_down_to_the_limits():
    huge = Card(
        title="t" * 1000,
        description="d" * 10_000,
        fields=tuple(Field("n" * 500, "v" * 5000) for _ in range(40)),
        footer="f" * 5000,
    )
    fitted = fit(huge)
    assert_within_limits(fitted)
    assert fitted.title.endswith("…")


def test_answer_card_shows_statement_speaker_role_quote_certainty_and_source(sheet, engine):
    for fact in sheet.facts:
        answer = engine.answer(fact.phrasings[0])
        if not answer.answered:
            continue
        shown = answer.fact
        text = card_as_text(answer_card(answer, sheet))
        assert shown.statement in text
        assert shown.speaker.name in text
        assert shown.role in text
        assert shown.status_label in text
        assert sheet.story.headline in text
        if shown.quote:
            assert shown.quote in text
        else:
            assert "As the article reports it" in text
            assert shown.excerpt in text


def test_a_fact_without_a_quote_shows_the_article_excerpt(sheet):
    fact = next(f for f in sheet.facts if not f.quote)
    text = card_as_text(fact_card(fact, sheet))
    assert "As the article reports it" in text
    assert fact.excerpt in text


def test_close_alternatives_are_listed_as_did_you_mean(sheet, engine):
    answer = next(
        a for f in sheet.facts for p in f.phrasings if (a := engine.answer(p)).alternatives
    )
    text = card_as_text(answer_card(answer, sheet))
    assert "Did you mean" in text
    for match in answer.alternatives:
        assert match.fact.statement[:60] in text


def test_not_in_article_says_so_plainly_with_topics_and_claims_hint(sheet, engine):
    reply = reply_to_question(engine, "What is the weather like on Mars tomorrow?")
    assert reply.private
    assert reply.answer is not None and not reply.answer.answered
    text = card_as_text(reply.card)
    assert "The article doesn't say" in text
    assert "/claims" in text
    assert any(sheet.topic_label(s) in text for s in reply.answer.suggestions)


def test_not_quoted_person_is_named(sheet):
    unquoted = next(e for e in sheet.entities if e.kind == "person" and not sheet.facts_by(e.id))
    answer = Answer(
        "q", False, 0.0, None, (), "what", AbstainReason.NOT_QUOTED, ("kursk",), unquoted
    )
    text = card_as_text(answer_card(answer, sheet))
    assert f"{unquoted.name} is not quoted in the article" in text


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("", "couldn't find a question"),
        ("   ", "couldn't find a question"),
        ("🎉🎉🎉", "couldn't find a question"),
        ("```\n```", "couldn't find a question"),
        ("x" * (MAX_QUESTION_CHARS + 1), "too long"),
    ],
)
def test_empty_emoji_code_and_huge_questions_get_a_clear_private_reply(engine, question, problem):
    reply = reply_to_question(engine, question)
    assert reply.private
    assert problem in card_as_text(reply.card)


def test_markdown_and_code_block_questions_are_still_answered(sheet, engine):
    fact = sheet.facts[1]
    plain = engine.answer(fact.phrasings[0])
    for dressed in (f"**{fact.phrasings[0]}**", f"```\n{fact.phrasings[0]}\n```"):
        reply = reply_to_question(engine, dressed)
        assert reply.answer is not None
        assert reply.answer.answered == plain.answered
        assert reply.answer.fact == plain.fact


def test_question_echo_is_literal_one_line_and_short():
    echo = question_echo("**bold** @everyone\n```code```" + "x" * 1000)
    assert "\n" not in echo
    assert "\\*\\*bold\\*\\*" in echo
    assert len(echo) < 400


def test_who_lists_what_a_person_said_in_article_order(sheet):
    person = max(sheet.speakers, key=lambda e: len(sheet.facts_by(e.id)))
    text = "\n".join(card_as_text(c) for c in who_cards(person, sheet.facts_by(person.id), sheet))
    positions = [text.index(f.statement) for f in sheet.facts_by(person.id)]
    assert positions == sorted(positions)
    assert person.role in text


def test_unknown_person_lists_who_is_in_the_story(sheet):
    text = card_as_text(unknown_person_card("Napoleon", sheet))
    for person in sheet.speakers:
        assert person.name in text


def test_claims_put_differing_sources_on_a_topic_side_by_side(sheet):
    directory = Directory(sheet)
    groups = directory.claims()
    differing = [slug for slug, facts in groups if len({f.speaker.id for f in facts}) > 1]
    assert differing, "the story has topics where sources differ"
    slug = differing[0]
    (card,) = claims_cards(directory.claims(topic=slug), sheet, topic=slug)
    entries = [f for f in card.fields if not f.name.startswith("▍")]
    assert entries and all(f.inline for f in entries)


def test_long_claims_are_split_into_numbered_pages(sheet):
    cards = claims_cards(Directory(sheet).claims(), sheet)
    assert len(cards) > 1
    assert all(f"Page {i}/{len(cards)}" in c.footer for i, c in enumerate(cards, start=1))
    shown = "\n".join(card_as_text(c) for c in cards)
    for fact in sheet.facts:
        assert fact.statement in shown


def test_about_shows_headline_people_fact_count_and_load_time(sheet):
    text = card_as_text(about_card(sheet))
    assert sheet.story.headline in text
    assert str(len(sheet.facts)) in text
    assert sheet.loaded_at.strftime("%Y-%m-%d") in text
    for person in sheet.speakers:
        if person.kind != "narrator":
            assert person.name in text


def test_help_names_every_command_with_examples(sheet):
    text = card_as_text(help_card(sheet))
    for command in ("/ask", "/who", "/claims", "/about", "/reload"):
        assert command in text
    assert "question:" in text


def test_reload_card_lists_added_removed_and_changed_ids(sheet):
    diff = SheetDiff(added=("new-fact",), removed=("old-fact",), changed=("edited-fact",))
    text = card_as_text(reload_card(diff, sheet))
    for label, fact_id in (
        ("Added", "new-fact"),
        ("Removed", "old-fact"),
        ("Changed", "edited-fact"),
    ):
        assert label in text and fact_id in text


def test_reload_refused_shows_every_problem_and_that_the_old_sheet_is_live():
    problems = [Problem("sheet.toml", f"fact 'f{i}'", f"problem {i}") for i in range(5)]
    text = card_as_text(reload_refused_card(problems))
    assert "old sheet is still live" in text
    for problem in problems:
        assert problem.where in text and problem.message in text


def test_reload_refused_with_too_many_problems_says_how_many_more():
    problems = [Problem("sheet.toml", f"fact #{i}", "x" * 200) for i in range(100)]
    card = reload_refused_card(problems)
    assert "more" in card.description
    assert "100 problems" in card.description


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How many troops were sent?", True),
        ("who confirmed it", True),
        ("is NATO worried", True),
        ("nice weather today", False),
        ("lol", False),
        ("", False),
    ],
)
def test_looks_like_question(text, expected):
    assert looks_like_question(text) is expected
