"""Mentions and answer channels: replies to the message, no pings, content intent only when needed."""

from __future__ import annotations

import discord
import pytest
import simcord
from conftest import build_bot, embed_text

from bot.engine.matching import AnswerEngine


def replies_to(channel, message) -> list[discord.Message]:
    return [
        m
        for m in channel.history()
        if m.reference is not None and m.reference.message_id == message.id
    ]


def pings(env, message) -> tuple[list[int], list[int], bool]:
    stored = env.backend.get_message(message.channel.id, message.id)
    return list(stored.ping_user_ids), list(stored.ping_role_ids), bool(stored.mention_everyone)


async def test_a_mention_with_a_question_gets_a_reply_with_the_same_answer(world, sheet):
    env, _, channel, alice, _ = world
    question = sheet.facts[1].phrasings[0]
    expected = AnswerEngine(sheet).answer(question).fact
    asked = await alice.send(channel, f"{env.bot.user.mention} {question}")
    (reply,) = replies_to(channel, asked)
    assert reply.author.id == env.bot.user.id
    assert expected.statement in embed_text(reply.embeds[0])
    slash = await alice.slash(channel, "ask", question=question)
    assert embed_text(slash.response.embeds[0]) == embed_text(reply.embeds[0])


async def test_a_mention_with_no_question_gets_a_clear_reply(world):
    env, _, channel, alice, _ = world
    asked = await alice.send(channel, env.bot.user.mention)
    (reply,) = replies_to(channel, asked)
    assert "couldn't find a question" in embed_text(reply.embeds[0])


async def test_messages_without_a_mention_are_ignored_outside_answer_channels(world, sheet):
    _, _, channel, alice, _ = world
    before = len(channel.history())
    await alice.send(channel, sheet.facts[1].phrasings[0])
    assert len(channel.history()) == before + 1


@pytest.mark.parametrize(
    "dressing",
    ["@everyone {q}", "@here {q}", "{bob} {q}", "{role} {q}", "@everyone {bob} {role} @here"],
)
async def test_no_answer_pings_anyone_whatever_the_question_held(world, sheet, dressing):
    env, guild, channel, alice, bob = world
    role = guild.create_role("Everyone-ish", mentionable=True)
    question = dressing.format(
        q=sheet.facts[1].phrasings[0], bob=bob.mention, role=f"<@&{role.id}>"
    )
    slash = await alice.slash(channel, "ask", question=question)
    assert pings(env, slash.response.message) == ([], [], False)
    asked = await alice.send(channel, f"{env.bot.user.mention} {question}")
    (reply,) = replies_to(channel, asked)
    assert pings(env, reply) == ([], [], False)


async def test_a_mention_reply_does_not_ping_its_author(world, sheet):
    env, _, channel, alice, _ = world
    asked = await alice.send(channel, f"{env.bot.user.mention} {sheet.facts[1].phrasings[0]}")
    (reply,) = replies_to(channel, asked)
    assert alice.id not in pings(env, reply)[0]


async def test_answer_channels_answer_questions_without_a_mention(world, sheet_copy, sheet):
    env, guild, channel, alice, _ = world
    other = guild.create_text_channel("chat")
    await env.restart_bot(build_bot(sheet_copy, answer_channel_ids=frozenset({channel.id})))
    assert env.bot.intents.message_content
    question = sheet.facts[1].phrasings[0]
    asked = await alice.send(channel, question)
    (reply,) = replies_to(channel, asked)
    assert AnswerEngine(sheet).answer(question).fact.statement in embed_text(reply.embeds[0])
    chatter = await alice.send(channel, "good morning everyone")
    assert replies_to(channel, chatter) == []
    unanswerable = await alice.send(channel, "What is the weather in Paris tomorrow?")
    assert replies_to(channel, unanswerable) == []
    elsewhere = await alice.send(other, question)
    assert replies_to(other, elsewhere) == []


async def test_did_you_mean_under_a_mention_reply_works_and_expires(world, sheet):
    env, _, channel, alice, bob = world
    engine = AnswerEngine(sheet)
    question = next(p for f in sheet.facts for p in f.phrasings if engine.answer(p).alternatives)
    alternative = engine.answer(question).alternatives[0].fact
    asked = await alice.send(channel, f"{env.bot.user.mention} {question}")
    (reply,) = replies_to(channel, asked)
    refused = await bob.select(reply, [alternative.id])
    assert refused.ephemeral
    await alice.select(reply, [alternative.id])
    (reply,) = replies_to(channel, asked)
    assert alternative.statement in embed_text(reply.embeds[0])
    await env.advance_time(600)
    (reply,) = replies_to(channel, asked)
    rows = reply.components
    assert all(item.disabled for row in rows for item in row.children)


async def test_mention_questions_share_the_per_user_cooldown(world, sheet):
    env, _, channel, alice, _ = world
    rate, per = env.bot.question_rate
    question = sheet.facts[1].phrasings[0]
    for _ in range(rate):
        await alice.send(channel, f"{env.bot.user.mention} {question}")
    asked = await alice.send(channel, f"{env.bot.user.mention} {question}")
    (reply,) = replies_to(channel, asked)
    assert "try again in" in reply.content
    await env.advance_time(per)
    asked = await alice.send(channel, f"{env.bot.user.mention} {question}")
    (reply,) = replies_to(channel, asked)
    assert reply.embeds


_NO_CONTENT = discord.Intents.default()
_NO_CONTENT.message_content = False


@pytest.mark.simcord(approved_intents=_NO_CONTENT)
async def test_starts_and_answers_mentions_without_the_message_content_intent(world, sheet):
    env, _, channel, alice, _ = world
    assert not env.bot.intents.message_content
    asked = await alice.send(channel, f"{env.bot.user.mention} {sheet.facts[1].phrasings[0]}")
    (reply,) = replies_to(channel, asked)
    assert reply.embeds
    result = await alice.slash(channel, "ask", question=sheet.facts[1].phrasings[0])
    assert result.response.embeds


async def test_answer_channels_need_the_intent_and_fail_to_start_without_it(sheet_copy):
    bot = build_bot(sheet_copy, answer_channel_ids=frozenset({1}))
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with simcord.run(bot, approved_intents=_NO_CONTENT):
            pass


async def test_a_direct_message_is_answered_without_a_mention(simcord_env, sheet):
    env = simcord_env
    user = env.create_user("dana")
    question = sheet.facts[1].phrasings[0]
    asked = await user.send_dm(question)
    history = user.dm_channel.history()
    (reply,) = [m for m in history if m.reference and m.reference.message_id == asked.id]
    assert AnswerEngine(sheet).answer(question).fact.statement in embed_text(reply.embeds[0])
    result = await user.slash("ask", question=question)
    assert result.response.embeds
    assert "reload" not in user.available_commands()
