"""/reload: admins only, what changed on success, every problem (and the old sheet live) on failure."""

from __future__ import annotations

import logging
import os
import re
import signal

import discord
import pytest
from conftest import build_bot, embed_text

from bot.sheet import load_sheet


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


def edit_one_statement(path) -> tuple[str, str]:
    """Reword the first fact's statement only (no fact removed, no quote touched)."""
    text = path.read_text(encoding="utf-8")
    fact = load_sheet(path).facts[0]
    new_statement = fact.statement.replace(fact.speaker.name, f"{fact.speaker.name} (edited)", 1)
    old = "statement = " + _toml_str(fact.statement)
    assert old in text
    path.write_text(text.replace(old, "statement = " + _toml_str(new_statement), 1), "utf-8")
    return fact.id, new_statement


def change_one_quote(path) -> str:
    """Change the words of the first fact that has a quote; return its id."""
    text = path.read_text(encoding="utf-8")
    fact = next(f for f in load_sheet(path).facts if f.quote)
    old = "quote = " + _toml_str(fact.quote)
    assert old in text
    path.write_text(
        text.replace(old, "quote = " + _toml_str(fact.quote + " (misquoted)"), 1), "utf-8"
    )
    return fact.id


def buttons(message) -> dict[str, bool]:
    """Each button's label and whether it is disabled."""
    return {
        c["label"]: c.get("disabled", False)
        for row in message.components
        for c in row.get("components", [])
        if c["type"] == 2
    }


async def test_a_reload_that_only_adds_or_rewords_goes_live_at_once(world, sheet_copy):
    env, _, channel, manager, _ = world
    changed, new_statement = edit_one_statement(sheet_copy)
    result = await manager.slash(channel, "reload")
    # Deferred at once (callback type 5), so Discord's 3-second window holds however long the
    # file takes to read.
    callbacks = [r.json["type"] for r in env.http_requests if r.path.endswith("/callback")]
    assert callbacks[-1] == 5
    assert result.ephemeral
    text = said(result)
    assert "Fact sheet reloaded" in text
    assert "Changed" in text and changed in text
    assert buttons(result.response) == {}
    fact = load_sheet(sheet_copy).fact(changed)
    answer = await manager.slash(channel, "ask", question=fact.phrasings[0])
    assert new_statement in embed_text(answer.response.embeds[0])


async def test_a_reload_that_removes_facts_asks_first_and_goes_live_on_confirm(
    world, sheet_copy, sheet
):
    _, _, channel, manager, member = world
    removed, changed, new_statement = drop_last_fact_and_edit_one(sheet_copy)
    result = await manager.slash(channel, "reload")
    assert result.ephemeral
    text = said(result)
    assert "Confirm" in text and "not live yet" in text
    assert "Removed" in text and removed in text
    assert "Changed" in text and changed in text
    assert buttons(result.response) == {"Confirm": False, "Cancel": False}
    # Nothing has changed for anyone until the admin confirms.
    gone = sheet.fact(removed)
    before = await member.slash(channel, "ask", question=gone.phrasings[0])
    assert gone.statement in embed_text(before.response.embeds[0])

    await manager.click(result.response, label="Confirm")
    text = embed_text(result.response.embeds[0])
    assert "Fact sheet reloaded" in text and removed in text
    assert buttons(result.response) == {}
    new_sheet = load_sheet(sheet_copy)
    answer = await member.slash(channel, "ask", question=new_sheet.fact(changed).phrasings[0])
    assert new_statement in embed_text(answer.response.embeds[0])
    about = await member.slash(channel, "about")
    assert str(len(new_sheet.facts)) in embed_text(about.response.embeds[0])


async def test_a_reload_that_changes_a_quote_asks_first(world, sheet_copy):
    _, _, channel, manager, _ = world
    quoted = change_one_quote(sheet_copy)
    result = await manager.slash(channel, "reload")
    text = said(result)
    assert "Quote changed" in text and quoted in text
    assert buttons(result.response) == {"Confirm": False, "Cancel": False}


async def test_cancel_keeps_the_live_sheet(world, sheet_copy, sheet):
    env, _, channel, manager, member = world
    removed, _, _ = drop_last_fact_and_edit_one(sheet_copy)
    result = await manager.slash(channel, "reload")
    await manager.click(result.response, label="Cancel")
    assert "Reload cancelled" in embed_text(result.response.embeds[0])
    assert buttons(result.response) == {}
    assert env.bot.service.engine.sheet.fact(removed) is not None
    about = await member.slash(channel, "about")
    assert str(len(sheet.facts)) in embed_text(about.response.embeds[0])


async def test_an_unanswered_confirmation_expires_with_its_buttons_disabled(world, sheet_copy):
    env, _, channel, manager, _ = world
    removed, _, _ = drop_last_fact_and_edit_one(sheet_copy)
    result = await manager.slash(channel, "reload")
    await env.advance_time(10 * 60)
    assert buttons(result.response) == {"Confirm": True, "Cancel": True}
    assert "expired" in embed_text(result.response.embeds[0])
    assert env.bot.service.engine.sheet.fact(removed) is not None
    assert env.errors == []


async def test_confirm_checks_the_clicker_again_at_click_time(world, sheet_copy):
    env, guild, channel, manager, _ = world
    removed, _, _ = drop_last_fact_and_edit_one(sheet_copy)
    result = await manager.slash(channel, "reload")
    # Manage Server is taken away while the confirmation waits.
    managers = guild.roles["Managers"]
    env.backend.remove_member_role(guild.id, manager.id, managers.id)
    refused = await manager.click(result.response, label="Confirm")
    assert refused.ephemeral and "Only admins" in said(refused)
    assert env.bot.service.engine.sheet.fact(removed) is not None


async def test_confirming_after_another_reload_went_live_is_refused(world, sheet_copy):
    env, _, channel, manager, _ = world
    removed, _, _ = drop_last_fact_and_edit_one(sheet_copy)
    first = await manager.slash(channel, "reload")
    second = await manager.slash(channel, "reload")
    await manager.click(second.response, label="Confirm")
    assert env.bot.service.engine.sheet.fact(removed) is None
    await manager.click(first.response, label="Confirm")
    assert "run /reload again" in embed_text(first.response.embeds[0])


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


async def test_an_admin_listed_in_admin_user_ids_may_reload(world, sheet_copy):
    env, guild, channel, _, member = world
    # Start a bot that knows this member's id, as a deployment would via ADMIN_USER_IDS.
    await env.restart_bot(build_bot(sheet_copy, admin_user_ids=frozenset({member.id})))
    guild.set_command_permissions(reload_command_id(env), {member: True})
    result = await member.slash(channel, "reload")
    assert "Fact sheet reloaded" in said(result)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX-only")
async def test_sighup_reloads_the_sheet_and_logs_the_diff(simcord_env, sheet_copy, caplog):
    caplog.set_level(logging.INFO, logger="bot.app.service")
    env = simcord_env
    bot = build_bot(sheet_copy)
    bot.handle_signals = True
    await env.restart_bot(bot)
    removed, changed, _ = drop_last_fact_and_edit_one(sheet_copy)
    assert bot.service.engine.sheet.fact(removed) is not None
    os.kill(os.getpid(), signal.SIGHUP)
    for _ in range(50):
        await env.settle()
        if bot.service.engine.sheet.fact(removed) is None:
            break
    assert bot.service.engine.sheet.fact(removed) is None
    # No one to ask: SIGHUP swaps at once, as before, and the log says exactly what changed.
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Reloaded")]
    assert removed in line and changed in line
