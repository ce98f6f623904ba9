"""The curator's loop through SimCord: ask -> miss -> /gaps -> teach -> ask again -> answered;
a thumbs-down shows in /gaps; admins only; a restart keeps the log and what was taught."""

from __future__ import annotations

import discord
import pytest
from conftest import embed_text

from bot import create_bot
from bot.app.service import AnswerService
from bot.settings import Settings
from bot.store.overlay_file import overlay_path
from bot.store.stores import open_stores

MISS = "How is Putin faring?"
FACT = "rutte-putin-growing-desperation"
ANSWERED = "How many troops did North Korea send, according to the Pentagon?"


@pytest.fixture
def settings(sheet_copy, tmp_path):
    return Settings(knowledge_path=sheet_copy, data_dir=tmp_path / "data")


def make_bot(settings, opened):
    stores = open_stores(settings, settings.knowledge_path)
    opened.append(stores)
    service = AnswerService.open(settings.knowledge_path, stores.learned)
    return create_bot(
        settings=settings,
        service=service,
        handle_signals=False,
        question_rate=None,
        question_log=stores.log,
    )


@pytest.fixture
def opened():
    stores = []
    yield stores
    for s in stores:
        s.close()


@pytest.fixture
def simcord_bot(settings, opened):
    return make_bot(settings, opened)


@pytest.fixture
def world(simcord_env, opened):
    guild = simcord_env.create_guild()
    channel = guild.create_text_channel("news")
    managers = guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
    manager = guild.add_member(simcord_env.create_user("manager"), roles=[managers])
    member = guild.add_member(simcord_env.create_user("member"))
    return simcord_env, channel, manager, member, opened


def flush(opened):
    for s in opened:
        if s.log is not None:
            s.log.flush()


def text(result) -> str:
    messages = ([result.response] if result.response else []) + result.followups
    return "\n".join(embed_text(e) for m in messages for e in m.embeds) + "\n".join(
        m.content or "" for m in messages
    )


def custom_ids(message, prefix: str) -> list[str]:
    return [
        c["custom_id"]
        for row in message.components
        for c in row.get("components", [])
        if str(c.get("custom_id", "")).startswith(prefix)
    ]


async def test_ask_miss_gaps_teach_ask_again_answered_and_a_restart_keeps_it(world, settings):
    env, channel, manager, member, opened = world
    miss = await member.slash(channel, "ask", question=MISS)
    assert miss.ephemeral and "doesn't say" in text(miss)
    flush(opened)
    report = await manager.slash(channel, "gaps")
    assert report.ephemeral and MISS in text(report)
    await manager.select(report.response, ["0"])
    assert "Teach" in text(report)
    await manager.select(report.response, [FACT])
    assert "Taught" in text(report) and "live now" in text(report)
    again = await member.slash(channel, "ask", question=MISS)
    assert not again.ephemeral and "desperation" in text(again)
    assert FACT in overlay_path(settings.knowledge_path).read_text()
    flush(opened)
    assert MISS not in text(await manager.slash(channel, "gaps"))
    # A restart: a new bot over the same data folder and overlay.
    await env.restart_bot(make_bot(settings, opened))
    after = await member.slash(channel, "ask", question="how is putin faring")
    assert "desperation" in text(after)
    rows = opened[-1].log.rows("north-korean-troops-russia", "")
    assert [r.question for r in rows][:2] == [MISS, MISS]


async def test_not_in_the_article_and_dismiss_leave_the_report(world):
    _env, channel, manager, member, opened = world
    for question in ("How many North Korean soldiers have died?", "Who won the lottery?"):
        await member.slash(channel, "ask", question=question)
    flush(opened)
    report = await manager.slash(channel, "gaps")
    await manager.select(report.response, ["0"])
    await manager.click(report.response, label="Not in the article")
    assert "not in the article" in text(report)
    await manager.select(report.response, ["0"])
    await manager.click(report.response, label="Dismiss")
    assert "Dismissed" in text(report)
    assert "Nothing to review" in text(await manager.slash(channel, "gaps"))
    died = await member.slash(channel, "ask", question="How many North Korean soldiers have died?")
    assert "doesn't say" in text(died)


async def test_search_all_facts_offers_any_fact_to_teach(world):
    _env, channel, manager, member, opened = world
    await member.slash(channel, "ask", question=MISS)
    flush(opened)
    report = await manager.slash(channel, "gaps")
    await manager.select(report.response, ["0"])
    shown = await manager.click(report.response, label="Search all facts")
    assert shown.modal is not None
    await manager.submit_modal(shown, {"words": "Kursk"})
    assert "match" in text(report)
    await manager.select(report.response, ["rutte-confirms-troops-in-kursk"])
    assert "Taught" in text(report)


async def test_a_thumbs_down_shows_in_gaps_with_the_fact_given(world):
    _env, channel, manager, member, opened = world
    answer = await member.slash(channel, "ask", question=ANSWERED)
    assert not answer.ephemeral
    (up,) = custom_ids(answer.response, "vote:")[:1]
    down = custom_ids(answer.response, "vote:")[1]
    assert up.endswith(":1") and down.endswith(":-1")
    await member.click(answer.response, custom_id=up)
    changed = await member.click(answer.response, custom_id=down)
    assert "changed" in text(changed) and "Admins only" not in text(changed)
    seen = await manager.click(answer.response, custom_id=down)
    assert "Admins only: 👍 0 · 👎 2" in text(seen)
    flush(opened)
    report = await manager.slash(channel, "gaps")
    assert ANSWERED in text(report) and "👎" in text(report)
    votes = opened[-1].log.rows("north-korean-troops-russia", "")[0]
    assert (votes.up_votes, votes.down_votes) == (0, 2)


async def test_gaps_is_refused_privately_to_members_and_rechecked_at_click(world):
    env, channel, manager, member, opened = world
    guild = env.guild  # the one guild this test built
    assert "gaps" not in member.available_commands(channel)
    # A server can re-grant the hidden command to everyone; the bot still checks.
    guild.set_command_permissions(int(env.backend.find_command("gaps", None)["id"]), {member: True})
    refused = await member.slash(channel, "gaps")
    assert refused.ephemeral and "Only admins" in text(refused)
    await member.slash(channel, "ask", question=MISS)
    flush(opened)
    report = await manager.slash(channel, "gaps")
    # Manage Server is taken away while the report is open.
    env.backend.remove_member_role(guild.id, manager.id, guild.roles["Managers"].id)
    clicked = await manager.select(report.response, ["0"])
    assert clicked.ephemeral and "Only admins" in text(clicked)
    assert "Teach" not in text(report)
    assert [type(e).__name__ for e in env.errors] == ["NotAdmin"]


async def test_teaching_a_question_with_markup_is_refused_and_changes_nothing(world, settings):
    _env, channel, manager, member, opened = world
    await member.slash(channel, "ask", question="how is **putin** faring @everyone")
    flush(opened)
    report = await manager.slash(channel, "gaps")
    await manager.select(report.response, ["0"])
    refused = await manager.select(report.response, [FACT])
    assert refused.ephemeral and "Nothing was taught" in text(refused)
    assert "mentions" in text(refused) or "plain words" in text(refused)
    assert not overlay_path(settings.knowledge_path).exists()
    assert "Taught" not in text(report)


async def test_a_mention_is_logged_with_where_it_was_asked_and_no_user(world):
    _env, channel, _manager, member, opened = world
    bot_user = _env.bot.user
    await member.send(channel, f"<@{bot_user.id}> How many troops did North Korea send?")
    flush(opened)
    row = opened[-1].db.execute("SELECT source, channel_id, guild_id, question FROM question_log")
    assert row == [
        ("mention", channel.id, channel.guild.id, "How many troops did North Korea send?")
    ]
    columns = " ".join(
        str(c) for r in opened[-1].db.execute("SELECT * FROM question_log") for c in r
    )
    assert str(member.id) not in columns and "member" not in columns


async def test_the_part_of_a_question_the_article_does_not_answer_reaches_gaps(world):
    _env, channel, manager, member, opened = world
    asked = await member.slash(
        channel, "ask", question="When did Rutte speak, and how many soldiers have died?"
    )
    assert "The article doesn't say" in text(asked)
    flush(opened)
    report = await manager.slash(channel, "gaps")
    assert "how many soldiers have died?" in text(report)
    assert "When did Rutte speak" not in text(report)
