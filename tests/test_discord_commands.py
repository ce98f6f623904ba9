"""Slash commands as users meet them, driven through SimCord: /ask, /who, /claims, /about, /help."""

from __future__ import annotations

import pytest
import simcord
from conftest import embed_text
from discord import app_commands

from bot.app.directory import Directory
from bot.app.replies import MAX_QUESTION_CHARS
from bot.engine.matching import AnswerEngine


def question_with_alternatives(sheet) -> str:
    engine = AnswerEngine(sheet)
    return next(p for f in sheet.facts for p in f.phrasings if engine.answer(p).alternatives)


def components_of(message) -> list[dict]:
    return [c for row in message.components for c in row.get("components", [])]


async def test_ask_answers_publicly_with_statement_speaker_quote_certainty_and_source(world, sheet):
    _, _, channel, alice, _ = world
    fact = sheet.facts[1]
    question = fact.phrasings[0]
    expected = AnswerEngine(sheet).answer(question).fact
    result = await alice.slash(channel, "ask", question=question)
    assert result.acknowledged and not result.ephemeral
    text = embed_text(result.response.embeds[0])
    assert expected.statement in text
    assert expected.speaker.name in text
    assert expected.status_label in text
    assert (expected.quote or expected.excerpt) in text
    assert sheet.story.headline in text
    assert question in result.response.content


async def test_ask_answers_the_part_it_can_and_says_which_part_the_article_does_not(world):
    _, _, channel, alice, _ = world
    question = "Who confirmed the troops are in Kursk, and how many of them have died?"
    result = await alice.slash(channel, "ask", question=question)
    text = embed_text(result.response.embeds[0])
    assert "Rutte" in text
    assert "The article doesn't say" in text and "how many of them have died?" in text


async def test_ask_private_is_only_shown_to_the_asker(world, sheet):
    _, _, channel, alice, _ = world
    result = await alice.slash(channel, "ask", question=sheet.facts[1].phrasings[0], private=True)
    assert result.ephemeral


async def test_not_in_article_is_said_plainly_and_privately(world):
    _, _, channel, alice, _ = world
    result = await alice.slash(
        channel, "ask", question="What will the weather be in Paris tomorrow?"
    )
    assert result.ephemeral
    text = embed_text(result.response.embeds[0])
    assert "The article doesn't say" in text
    assert "/claims" in text


async def test_not_in_article_shows_the_nearest_fact_it_does_report(world):
    _, _, channel, alice, _ = world
    result = await alice.slash(
        channel,
        "ask",
        question="Did China send troops to Kursk too?",
    )
    assert result.ephemeral
    text = embed_text(result.response.embeds[0])
    assert "The article doesn't say" in text
    assert "The nearest it reports" in text and "Kursk" in text
    assert "Mark Rutte" in text


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("🎉🎉🎉", "couldn't find a question"),
        ("```\n\n```", "couldn't find a question"),
        ("   ", "couldn't find a question"),
        ("**bold** _words_ ~~and~~ `code` > quote", "The article doesn't say"),
    ],
)
async def test_odd_questions_get_a_clear_private_reply(world, question, shown):
    env, _, channel, alice, _ = world
    result = await alice.slash(channel, "ask", question=question)
    assert result.ephemeral
    assert shown in embed_text(result.response.embeds[0])
    assert env.errors == []


async def test_ask_declares_its_length_limit_so_discord_refuses_a_longer_question(world):
    env, _, channel, alice, _ = world
    (question,) = [
        o for o in env.backend.find_command("ask", None)["options"] if o["name"] == "question"
    ]
    assert (question["min_length"], question["max_length"]) == (1, MAX_QUESTION_CHARS)
    with pytest.raises(simcord.OptionError, match="at most"):
        await alice.slash(channel, "ask", question="x" * (MAX_QUESTION_CHARS + 1))
    result = await alice.slash(channel, "ask", question="x" * MAX_QUESTION_CHARS)
    assert result.ephemeral and result.response.embeds


async def test_did_you_mean_lets_the_asker_switch_to_an_alternative(world, sheet):
    _, _, channel, alice, _ = world
    question = question_with_alternatives(sheet)
    answer = AnswerEngine(sheet).answer(question)
    result = await alice.slash(channel, "ask", question=question)
    (select,) = [c for c in components_of(result.response) if c["type"] == 3]
    offered = [o["value"] for o in select["options"]]
    assert offered == [answer.fact.id, *(m.fact.id for m in answer.alternatives)]
    alternative = answer.alternatives[0].fact
    await alice.select(result.response, [alternative.id])
    shown = embed_text(result.response.embeds[0])
    assert alternative.statement in shown
    assert alternative.speaker.name in shown


async def test_did_you_mean_refuses_anyone_but_the_asker(world, sheet):
    _, _, channel, alice, bob = world
    question = question_with_alternatives(sheet)
    answer = AnswerEngine(sheet).answer(question)
    result = await alice.slash(channel, "ask", question=question)
    other = await bob.select(result.response, [answer.alternatives[0].fact.id])
    assert other.ephemeral
    assert "Only the person who asked" in other.response.content
    assert answer.fact.statement in embed_text(result.response.embeds[0])


async def test_did_you_mean_expires_cleanly(world, sheet):
    env, _, channel, alice, _ = world
    result = await alice.slash(channel, "ask", question=question_with_alternatives(sheet))
    await env.advance_time(600)
    (select,) = [c for c in components_of(result.response) if c["type"] == 3]
    assert select["disabled"] is True
    assert env.errors == []


async def test_who_shows_what_the_person_said_in_article_order(world, sheet):
    _, _, channel, alice, _ = world
    person = Directory(sheet).find_person("nato")
    result = await alice.slash(channel, "who", person="nato")
    text = embed_text(result.response.embeds[0])
    assert person.name in text and person.role in text
    statements = [f.statement for f in sheet.facts_by(person.id)]
    positions = [text.index(s) for s in statements]
    assert positions == sorted(positions)


def transformer_errors(env) -> list[str]:
    """The option values the tree's error handler was given as not convertible (read once)."""
    return [e.value for e in env.errors if isinstance(e, app_commands.TransformerError)]


async def test_who_unknown_person_lists_who_is_in_the_story(world, sheet):
    env, _, channel, alice, _ = world
    result = await alice.slash(channel, "who", person="Napoleon Bonaparte")
    assert result.ephemeral
    text = embed_text(result.response.embeds[0])
    assert "Nobody by that name" in text and "Napoleon Bonaparte" in text
    for person in sheet.speakers:
        assert person.name in text
    # Refused while converting the option, and told by the tree's one error handler.
    assert transformer_errors(env) == ["Napoleon Bonaparte"]


@pytest.mark.parametrize(
    ("typed", "first_name_part"),
    [("zel", "Zelenskyy"), ("nato", "Rutte"), ("pentagon", "Singh"), ("sing", "Singh")],
)
async def test_who_autocomplete_is_fuzzy(world, typed, first_name_part):
    _, _, channel, alice, _ = world
    choices = await alice.autocomplete(channel, "who", "person", typed)
    assert first_name_part in choices[0]["name"]


async def test_who_autocomplete_empty_offers_everyone_and_the_choice_works(world, sheet):
    _, _, channel, alice, _ = world
    choices = await alice.autocomplete(channel, "who", "person", "")
    assert [c["value"] for c in choices] == [e.id for e in sheet.speakers]
    result = await alice.slash(channel, "who", person=choices[-1]["value"])
    assert sheet.speakers[-1].name in embed_text(result.response.embeds[0])


async def test_claims_autocomplete_on_person_and_topic(world):
    _, _, channel, alice, _ = world
    people = await alice.autocomplete(channel, "claims", "person", "zel")
    assert people[0]["value"] == "zelenskyy"
    topics = await alice.autocomplete(channel, "claims", "topic", "troop")
    assert topics[0]["value"] == "troop-numbers"
    assert len(await alice.autocomplete(channel, "claims", "topic", "")) <= 25


async def test_claims_by_topic_puts_differing_sources_side_by_side(world, sheet):
    _, _, channel, alice, _ = world
    result = await alice.slash(channel, "claims", topic="troop-numbers")
    embed = result.response.embeds[0]
    facts = [f for f in sheet.facts if "troop-numbers" in f.topics]
    text = embed_text(embed)
    for fact in facts:
        assert fact.statement in text
    side_by_side = [f for f in embed.fields if f.inline]
    assert len(side_by_side) == len(facts)


async def test_claims_by_person_and_topic(world, sheet):
    _, _, channel, alice, _ = world
    result = await alice.slash(channel, "claims", person="singh", topic="kursk")
    text = embed_text(result.response.embeds[0])
    expected = [f for f in sheet.facts_by("singh") if "kursk" in f.topics]
    assert expected
    for fact in expected:
        assert fact.statement in text
    others = [f for f in sheet.facts if f.speaker.id != "singh" and "kursk" in f.topics]
    for fact in others:
        assert fact.statement not in text


async def test_claims_unknown_topic_or_person_is_told_privately(world, sheet):
    env, _, channel, alice, _ = world
    topic = await alice.slash(channel, "claims", topic="zzzz")
    assert topic.ephemeral and "No such topic" in embed_text(topic.response.embeds[0])
    person = await alice.slash(channel, "claims", person="Napoleon")
    assert person.ephemeral and "Nobody by that name" in embed_text(person.response.embeds[0])
    assert transformer_errors(env) == ["zzzz", "Napoleon"]


@pytest.mark.parametrize(
    "options",
    [
        {"topic": "weather"},
        {"topic": "Weather "},
        {"person": "singh", "topic": "weather"},
        {"topic": "weather", "person": "zelenskyy"},
    ],
)
async def test_claims_topic_weather_always_says_no_such_topic(world, sheet, options):
    env, _, channel, alice, _ = world
    result = await alice.slash(channel, "claims", **options)
    assert result.ephemeral
    text = embed_text(result.response.embeds[0])
    assert "No such topic" in text and "weather" in text.lower()
    for slug in sheet.topics:
        assert sheet.topic_label(slug) in text
    assert transformer_errors(env) == [options["topic"]]


async def test_claims_pages_with_buttons_only_the_invoker_can_use(world, sheet):
    env, _, channel, alice, bob = world
    result = await alice.slash(channel, "claims")
    message = result.response
    first = embed_text(message.embeds[0])
    assert "Page 1/" in first
    refused = await bob.click(message, label="Next ▶")
    assert refused.ephemeral and "Only the person who asked" in refused.response.content
    assert "Page 1/" in embed_text(message.embeds[0])
    pages = [first]
    while not next(c for c in components_of(message) if c["label"] == "Next ▶")["disabled"]:
        await alice.click(message, label="Next ▶")
        pages.append(embed_text(message.embeds[0]))
    assert len(pages) > 1
    shown = "\n".join(pages)
    for fact in sheet.facts:
        assert fact.statement in shown
    await alice.click(message, label="◀ Previous")
    assert f"Page {len(pages) - 1}/{len(pages)}" in embed_text(message.embeds[0])
    await env.advance_time(3600)
    assert all(c["disabled"] for c in components_of(message))


async def test_about_describes_the_story(world, sheet):
    _, _, channel, alice, _ = world
    result = await alice.slash(channel, "about")
    embed = result.response.embeds[0]
    assert embed.title == sheet.story.headline
    text = embed_text(embed)
    assert str(len(sheet.facts)) in text
    assert sheet.speakers[0].name in text


async def test_help_explains_every_command_privately(world):
    _, _, channel, alice, _ = world
    result = await alice.slash(channel, "help")
    assert result.ephemeral
    text = embed_text(result.response.embeds[0])
    for command in ("/ask", "/who", "/claims", "/about"):
        assert command in text


async def test_every_command_and_option_has_a_description(world):
    env, _, _, _, _ = world
    for command in env.bot.tree.get_commands():
        payload = command.to_dict(env.bot.tree)
        assert payload["description"]
        for option in payload.get("options", []):
            assert option["description"], (command.name, option["name"])


async def test_questions_have_a_per_user_cooldown_with_a_friendly_private_note(world, sheet):
    env, _, channel, alice, bob = world
    question = sheet.facts[1].phrasings[0]
    rate = env.bot.question_rate[0]
    for _ in range(rate):
        assert not (await alice.slash(channel, "ask", question=question)).ephemeral
    slow = await alice.slash(channel, "ask", question=question)
    assert slow.ephemeral
    note = embed_text(slow.response.embeds[0])
    assert "try again in" in note and " s" in note
    # The tree's error handler saw the cooldown (SimCord records it; reading acknowledges it).
    assert [type(e) for e in env.errors] == [app_commands.CommandOnCooldown]
    assert not (await bob.slash(channel, "ask", question=question)).ephemeral
    await env.advance_time(env.bot.question_rate[1])
    assert not (await alice.slash(channel, "ask", question=question)).ephemeral
