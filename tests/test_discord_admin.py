"""/reload: admins only, what changed on success, every problem (and the old sheet live) on failure."""

from __future__ import annotations

import os
import re
import signal

import discord
import pytest
from conftest import build_bot, embed_text

from bot.knowledge import load_sheet


@pytest.fixture
def world(simcord_env):
    guild = simcord_env.create_guild()
    channel = guild.create_text_channel("news")
    managers = guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
    manager = guild.add_member(simcord_env.create_user("manager"), roles=[managers])
    member = guild.add_member(simcord_env.create_user("member"))
    return simcord_env, guild, channel, manager, member


def reload_command_id(env) -> int:
    return int(env.backend.find_command("reload", None)["id"])


def said(result) -> str:
    messages = ([result.response] if result.response else []) + result.followups
    return "\n".join(embed_text(e) for m in messages for e in m.embeds)


def drop_last_fact_and_edit_one(path) -> tuple[str, str, str]:
    """Remove the sheet's last fact and reword the first statement; return (removed, changed, text)."""
    text = path.read_text(encoding="utf-8")
    sheet = load_sheet(path)
    removed, changed = sheet.facts[-1], sheet.facts[0]
    text = text[: text.rindex("[[facts]]")] + "[end]\n"
    new_statement = changed.statement.replace(
        changed.speaker.name, f"{changed.speaker.name} (edited)", 1
    )
    pattern = re.compile(r'statement = "' + re.escape(changed.statement.replace('"', '\\"')) + '"')
    text = pattern.sub(lambda _: f"statement = {_toml_str(new_statement)}", text, count=1)
    path.write_text(text, encoding="utf-8")
    return removed.id, changed.id, new_statement


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def test_reload_is_hidden_from_members_without_manage_server(world):
    _, _, channel, manager, member = world
    assert "reload" not in member.available_commands(channel)
    assert "reload" in manager.available_commands(channel)


async def test_reload_is_refused_at_run_time_to_a_non_admin(world, sheet_copy):
    env, guild, channel, _, member = world
    # A server can re-grant a hidden command to everyone; the bot still checks.
    guild.set_command_permissions(reload_command_id(env), {member: True})
    before = sheet_copy.read_text(encoding="utf-8")
    sheet_copy.write_text(before.replace("[[facts]]", "[[facts]]\n", 1), encoding="utf-8")
    result = await member.slash(channel, "reload")
    assert result.ephemeral
    assert "Only admins" in said(result)
    assert [type(e).__name__ for e in env.errors] == ["NotAdmin"]


async def test_reload_with_a_valid_change_reports_it_and_answers_from_the_new_sheet(
    world, sheet_copy
):
    env, _, channel, manager, _ = world
    removed, changed, new_statement = drop_last_fact_and_edit_one(sheet_copy)
    result = await manager.slash(channel, "reload")
    # Deferred at once (callback type 5), so Discord's 3-second window holds however long the
    # file takes to read.
    callbacks = [r.json["type"] for r in env.http_requests if r.path.endswith("/callback")]
    assert callbacks[-1] == 5
    assert result.ephemeral
    text = said(result)
    assert "Fact sheet reloaded" in text
    assert "Removed" in text and removed in text
    assert "Changed" in text and changed in text
    new_sheet = load_sheet(sheet_copy)
    fact = new_sheet.fact(changed)
    answer = await manager.slash(channel, "ask", question=fact.phrasings[0])
    assert new_statement in embed_text(answer.response.embeds[0])
    about = await manager.slash(channel, "about")
    assert str(len(new_sheet.facts)) in embed_text(about.response.embeds[0])


async def test_reload_of_a_broken_sheet_shows_every_problem_and_keeps_the_old_one(
    world, sheet_copy, sheet
):
    _, _, channel, manager, member = world
    text = sheet_copy.read_text(encoding="utf-8")
    broken = text.replace('status = "confirmed"', 'status = "rumoured"', 1).replace(
        'speaker = "rutte"', 'speaker = "nobody-here"', 1
    )
    sheet_copy.write_text(broken, encoding="utf-8")
    result = await manager.slash(channel, "reload")
    shown = said(result)
    assert "Reload refused" in shown and "still live" in shown
    assert "rumoured" in shown
    assert "nobody-here" in shown
    fact = sheet.facts[1]
    answer = await member.slash(channel, "ask", question=fact.phrasings[0])
    assert not answer.ephemeral
    old = answer.response.embeds[0]
    assert sheet.story.headline in embed_text(old)

    sheet_copy.write_text("not = [valid toml", encoding="utf-8")
    syntax = await manager.slash(channel, "reload")
    assert "line 1" in said(syntax)


async def test_an_admin_listed_in_admin_user_ids_may_reload(world, sheet_copy, sync_state):
    env, guild, channel, _, member = world
    # Start a bot that knows this member's id, as a deployment would via ADMIN_USER_IDS.
    await env.restart_bot(build_bot(sheet_copy, sync_state, admin_user_ids=frozenset({member.id})))
    guild.set_command_permissions(reload_command_id(env), {member: True})
    result = await member.slash(channel, "reload")
    assert "Fact sheet reloaded" in said(result)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX-only")
async def test_sighup_reloads_the_sheet(simcord_env, sheet_copy, sync_state):
    env = simcord_env
    bot = build_bot(sheet_copy, sync_state)
    bot.handle_signals = True
    await env.restart_bot(bot)
    removed, _, _ = drop_last_fact_and_edit_one(sheet_copy)
    assert bot.service.engine.sheet.fact(removed) is not None
    os.kill(os.getpid(), signal.SIGHUP)
    for _ in range(50):
        await env.settle()
        if bot.service.engine.sheet.fact(removed) is None:
            break
    assert bot.service.engine.sheet.fact(removed) is None
