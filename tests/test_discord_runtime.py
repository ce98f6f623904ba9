"""Start-up, sync, sharding, restarts and failures: the bot keeps answering through all of them."""

from __future__ import annotations

import io
import logging
import urllib.parse

import discord
import pytest
import simcord
from conftest import build_bot, embed_text
from discord.ext import commands

from bot import create_bot
from bot.app.service import AnswerService
from bot.app.stories import StoryLibrary
from bot.discord import launcher
from bot.discord.bot import INVITE_PERMISSIONS, NewsBot
from bot.discord.cog import AnswerCog
from bot.settings import Settings, SettingsError

# Every slash command the bot registers.
COMMANDS = {"ask", "who", "claims", "about", "help", "reload", "story", "gaps"}


@pytest.fixture
def world(simcord_env):
    guild = simcord_env.create_guild()
    channel = guild.create_text_channel("news")
    alice = guild.add_member(simcord_env.create_user("alice"))
    return simcord_env, channel, alice


def command_puts(env) -> list[str]:
    return [r.path for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]


def command_gets(env) -> list[str]:
    return [r.path for r in env.http_requests if r.method == "GET" and r.path.endswith("/commands")]


def registered(env, guild_id: int | None = None) -> dict[str, dict]:
    """The commands Discord holds for the application, by name."""
    return {c["name"]: c for c in env.backend.commands.get(guild_id, {}).values()}


def seed_commands(env, payloads) -> None:
    """Register commands before the bot starts, as an earlier deployment would have."""
    fields = ("name", "description", "type", "options", "default_member_permissions")
    fields += ("dm_permission", "contexts", "integration_types")
    env.backend.register_commands(None, [{k: p[k] for k in fields if k in p} for p in payloads])


# ---------------------------------------------------------------- building the bot


def test_create_bot_builds_from_the_environment_without_connecting(monkeypatch, sheet_copy):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    bot = create_bot()
    assert isinstance(bot, commands.Bot)
    assert bot.user is None
    assert not bot.intents.message_content
    assert bot.intents.guilds and bot.intents.guild_messages
    allowed = bot.allowed_mentions
    assert allowed is not None
    assert not (allowed.everyone or allowed.users or allowed.roles or allowed.replied_user)


async def test_the_cog_works_on_any_bot_from_what_its_constructor_is_given(sheet_copy):
    # No NewsBot: the cog must not reach into the bot class for the service or for reloading.
    settings = Settings(knowledge_path=sheet_copy)
    service = AnswerService.open(sheet_copy)
    client = commands.Bot(command_prefix="!", intents=discord.Intents.none())

    async def setup_hook() -> None:
        await client.add_cog(
            AnswerCog(client, StoryLibrary.single(service), settings, question_rate=None)
        )
        await client.tree.sync()

    client.setup_hook = setup_hook
    async with simcord.run(client) as env:
        guild = env.create_guild()
        channel = guild.create_text_channel("news")
        managers = guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
        manager = guild.add_member(env.create_user("manager"), roles=[managers])
        about = await manager.slash(channel, "about")
        assert service.engine.sheet.story.headline in embed_text(about.response.embeds[0])
        reload = await manager.slash(channel, "reload")
        shown = [reload.response, *reload.followups]
        assert any("Fact sheet reloaded" in embed_text(m.embeds[0]) for m in shown if m.embeds)


def test_answer_channels_turn_on_the_message_content_intent(monkeypatch, sheet_copy):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    monkeypatch.setenv("ANSWER_CHANNEL_IDS", "123, 456")
    assert create_bot().intents.message_content


def test_shard_settings_give_an_auto_sharded_bot(monkeypatch, sheet_copy):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "2,3")
    bot = create_bot()
    assert isinstance(bot, commands.AutoShardedBot) and isinstance(bot, NewsBot)
    assert bot.shard_count == 4 and bot.shard_ids == [2, 3]


def test_a_bad_variable_is_named(monkeypatch, sheet_copy):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    monkeypatch.setenv("DISCORD_GUILD_ID", "my-server")
    with pytest.raises(SettingsError, match="DISCORD_GUILD_ID"):
        create_bot()


# ---------------------------------------------------------------- command sync


async def test_first_start_fetches_once_syncs_globally_and_the_commands_work(world):
    env, channel, alice = world
    assert len(command_gets(env)) == 1
    assert len(command_puts(env)) == 1
    assert "/guilds/" not in command_puts(env)[0]
    assert env.bot.last_sync == "synced"
    assert set(registered(env)) == COMMANDS
    assert (await alice.slash(channel, "about")).response is not None


async def test_a_new_bot_instance_sees_discord_already_has_its_commands_and_does_not_sync(
    world, sheet_copy, sheet
):
    env, channel, alice = world
    await env.restart_bot(build_bot(sheet_copy))
    assert len(command_gets(env)) == 2
    assert len(command_puts(env)) == 1
    assert env.bot.last_sync == "unchanged"
    result = await alice.slash(channel, "ask", question=sheet.facts[1].phrasings[0])
    assert result.response.embeds and not result.ephemeral
    assert "Rutte" in (await alice.autocomplete(channel, "who", "person", "nato"))[0]["name"]


async def test_a_fresh_deployment_where_discord_holds_the_same_commands_does_not_sync(
    sheet_copy, tmp_path, monkeypatch
):
    async with simcord.run(build_bot(sheet_copy)) as first:
        held = list(registered(first).values())
    # Another machine, another disk: nothing local says what was synced; Discord does.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "elsewhere"))
    bot = build_bot(sheet_copy)
    env = simcord.Env(bot)
    seed_commands(env, held)
    await env.start()
    try:
        assert command_puts(env) == []
        assert bot.last_sync == "unchanged"
        guild = env.create_guild()
        channel = guild.create_text_channel("news")
        alice = guild.add_member(env.create_user("alice"))
        assert (await alice.slash(channel, "about")).response is not None
    finally:
        await env.shutdown()


async def test_commands_changed_on_discord_since_the_last_start_are_synced_back(world, sheet_copy):
    env, channel, alice = world
    # An older deployment re-registered its own, stale command list in between.
    seed_commands(
        env,
        [
            {"name": "ask", "description": "Old wording", "type": 1, "options": []},
            {"name": "ping", "description": "Gone since", "type": 1, "options": []},
        ],
    )
    await env.restart_bot(build_bot(sheet_copy))
    assert len(command_puts(env)) == 2
    assert env.bot.last_sync == "synced"
    assert set(registered(env)) == COMMANDS
    assert registered(env)["ask"]["description"].startswith("Ask about the story")
    assert (await alice.slash(channel, "ask", question="Where are the troops?")).response


async def test_a_changed_tree_is_synced_on_the_next_start(world, sheet_copy):
    env, channel, alice = world
    bot = build_bot(sheet_copy)

    @bot.tree.command(name="ping", description="Check the bot is alive")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    await env.restart_bot(bot)
    assert len(command_puts(env)) == 2
    assert (await alice.slash(channel, "ping")).response.content == "pong"


async def test_a_changed_option_or_permission_is_a_change(world, sheet_copy):
    env, _, _ = world
    held = list(registered(env).values())
    for name, change in [
        ("who", {"options": []}),
        ("reload", {"default_member_permissions": "8"}),
    ]:
        seed_commands(env, [{**c, **change} if c["name"] == name else c for c in held])
        puts = len(command_puts(env))
        await env.restart_bot(build_bot(sheet_copy))
        assert len(command_puts(env)) == puts + 1, name


async def test_a_forced_sync_runs_even_when_nothing_changed(world, sheet_copy):
    env, _, _ = world
    bot = build_bot(sheet_copy)
    bot.force_sync = True
    await env.restart_bot(bot)
    assert len(command_puts(env)) == 2


async def test_no_sync_state_file_is_written(world, sheet_copy, tmp_path):
    env, _, _ = world
    await env.restart_bot(build_bot(sheet_copy))
    assert not list((tmp_path / "state").rglob("*"))
    assert not list(tmp_path.rglob("command-sync*"))


async def test_guild_id_syncs_to_that_guild_only(sheet_copy):
    guild_id = 1_100_000_000_000_000_000
    bot = build_bot(sheet_copy, guild_id=guild_id)
    async with simcord.run(bot) as env:
        assert command_puts(env) == [
            f"/applications/{bot.application_id}/guilds/{guild_id}/commands"
        ]
        guild = env.create_guild(id=guild_id)
        channel = guild.create_text_channel("dev")
        alice = guild.add_member(env.create_user("alice"))
        result = await alice.slash(channel, "help")
        assert "/ask" in embed_text(result.response.embeds[0])
        assert command_gets(env) == command_puts(env)
        await env.restart_bot(build_bot(sheet_copy, guild_id=guild_id))
        assert len(command_gets(env)) == 2 and len(command_puts(env)) == 1
        assert (await alice.slash(channel, "about")).response is not None


async def test_a_failed_sync_is_logged_and_retried_on_the_next_start(sheet_copy, caplog):
    bot = build_bot(sheet_copy)
    env = simcord.Env(bot)
    env.inject_error("PUT", "/applications/*/commands", status=503)
    with caplog.at_level(logging.ERROR, logger="bot.discord.bot"):
        await env.start()
    try:
        assert bot.last_sync == "failed"
        assert "sync (global) failed" in caplog.text
        await env.restart_bot(build_bot(sheet_copy))
        assert env.bot.last_sync == "synced"
        guild = env.create_guild()
        channel = guild.create_text_channel("news")
        alice = guild.add_member(env.create_user("alice"))
        assert (await alice.slash(channel, "about")).response is not None
    finally:
        await env.shutdown()


async def test_when_discord_cannot_list_the_commands_the_bot_syncs_anyway(sheet_copy, caplog):
    bot = build_bot(sheet_copy)
    env = simcord.Env(bot)
    env.inject_error("GET", "/applications/*/commands", status=503)
    with caplog.at_level(logging.WARNING, logger="bot.discord.bot"):
        await env.start()
    try:
        assert bot.last_sync == "synced"
        assert "Could not fetch" in caplog.text
        assert [type(e) for e in env.errors] == []
    finally:
        await env.shutdown()


async def test_the_process_without_shard_zero_leaves_sync_to_the_one_with_it(sheet_copy):
    bot = build_bot(sheet_copy, shard_count=2, shard_ids=(1,))
    async with simcord.run(bot) as env:
        assert bot.last_sync == "skipped"
        assert command_puts(env) == []


async def test_invite_url_is_logged_with_both_scopes_and_only_needed_permissions(
    sheet_copy, caplog
):
    with caplog.at_level(logging.INFO, logger="bot.discord.bot"):
        async with simcord.run(build_bot(sheet_copy)):
            pass
    (line,) = [r.getMessage() for r in caplog.records if "Invite URL" in r.getMessage()]
    query = urllib.parse.parse_qs(urllib.parse.urlparse(line.split()[-1]).query)
    assert query["scope"] == ["bot applications.commands"]
    permissions = discord.Permissions(int(query["permissions"][0]))
    assert permissions == INVITE_PERMISSIONS
    assert not (
        permissions.administrator or permissions.mention_everyone or permissions.manage_guild
    )


# ---------------------------------------------------------------- sharding


async def test_a_sharded_bot_answers_in_guilds_on_every_shard(sheet_copy, sheet):
    bot = build_bot(sheet_copy, shard_count=2)
    assert isinstance(bot, commands.AutoShardedBot)
    async with simcord.run(bot) as env:
        assert sorted(bot.shards) == [0, 1]
        for shard_id in (0, 1):
            guild = env.create_guild(f"guild-{shard_id}", shard_id=shard_id)
            channel = guild.create_text_channel("news")
            alice = guild.add_member(env.create_user(f"alice-{shard_id}"))
            result = await alice.slash(channel, "ask", question=sheet.facts[1].phrasings[0])
            assert result.response.embeds
            assert bot.get_guild(guild.id).shard_id == shard_id


# ---------------------------------------------------------------- failing REST calls


async def test_a_failed_interaction_response_is_logged_and_the_bot_carries_on(world, sheet, caplog):
    env, channel, alice = world
    question = sheet.facts[1].phrasings[0]
    env.inject_error("POST", "/interactions/*/*/callback", status=500)
    with caplog.at_level(logging.ERROR, logger="bot.discord.bot"):
        failed = await alice.slash(channel, "ask", question=question)
    assert failed.ephemeral
    assert "didn't work on my side" in embed_text(failed.response.embeds[0])
    assert any(r.exc_info for r in caplog.records), "logged with the traceback"
    (error,) = env.errors
    assert isinstance(error.original, discord.HTTPException)
    ok = await alice.slash(channel, "ask", question=question)
    assert ok.response.embeds and not ok.ephemeral


async def test_a_failed_reply_to_a_mention_is_logged_and_the_bot_carries_on(world, sheet, caplog):
    env, channel, alice = world
    question = sheet.facts[1].phrasings[0]
    env.inject_error("POST", "/channels/*/messages", status=502)
    with caplog.at_level(logging.ERROR, logger="bot.discord.cog"):
        await alice.send(channel, f"{env.bot.user.mention} {question}")
    assert "Could not reply" in caplog.text
    assert env.errors == []
    asked = await alice.send(channel, f"{env.bot.user.mention} {question}")
    assert any(m.reference and m.reference.message_id == asked.id for m in channel.history())


async def test_a_failed_page_turn_is_logged_and_told_privately(world, caplog):
    env, channel, alice = world
    result = await alice.slash(channel, "claims")
    env.inject_error("POST", "/interactions/*/*/callback", status=500)
    with caplog.at_level(logging.ERROR, logger="bot.discord.views"):
        await alice.click(result.response, label="Next ▶")
    assert "failed" in caplog.text
    assert [type(e) for e in env.errors] == [discord.HTTPException]
    await alice.click(result.response, label="Next ▶")
    assert "Page 2/" in embed_text(result.response.embeds[0])


# ---------------------------------------------------------------- launcher


def test_run_without_a_token_uses_the_console(monkeypatch, sheet_copy, capsys):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("/who nato\n"))
    assert launcher.run(Settings(knowledge_path=sheet_copy)) == 0
    assert "Mark Rutte" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("error", "hint"),
    [
        (discord.LoginFailure("Improper token has been passed."), "Reset Token"),
        (discord.PrivilegedIntentsRequired(None), "Privileged Gateway Intents"),
        (OSError("Cannot connect to host discord.com:443"), "Could not reach Discord"),
    ],
)
def test_run_explains_a_bad_token_or_missing_intent_and_exits_1(
    monkeypatch, sheet_copy, capsys, error, hint
):
    async def refuse(settings, service, *_):
        raise error

    monkeypatch.setattr(launcher, "_start", refuse)
    monkeypatch.setattr(discord.utils, "setup_logging", lambda **_: None)
    code = launcher.run(Settings(token="not-a-real-token", knowledge_path=sheet_copy))
    err = capsys.readouterr().err
    assert code == 1
    assert hint in err
    assert "Traceback" not in err


@pytest.fixture
def root_logging():
    """Put the root logger back as it was after a test that configures logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("stream_type", "coloured"), [(io.StringIO, False), (Terminal, True)])
def test_discord_logs_are_coloured_on_a_terminal_and_plain_in_a_file(
    monkeypatch, sheet_copy, root_logging, stream_type, coloured
):
    # In Docker, discord.py colours its logs even when stderr is a file or a pipe.
    monkeypatch.setattr(discord.utils, "is_docker", lambda: True)
    stream = stream_type()
    monkeypatch.setattr("sys.stderr", stream)

    async def start(settings, service, *_):
        logging.getLogger("discord.gateway").warning("Shard ID None has connected to Gateway")

    monkeypatch.setattr(launcher, "_start", start)
    settings = Settings(token="not-a-real-token", knowledge_path=sheet_copy)
    assert launcher.run(settings) == 0
    assert launcher.run(settings) == 0
    logged = stream.getvalue()
    assert logged.count("Shard ID None has connected to Gateway") == 2, "one handler, set up once"
    assert ("\x1b[" in logged) is coloured


def test_run_with_a_broken_sheet_lists_the_problems_and_exits_1(tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text("[story\n", encoding="utf-8")
    assert launcher.run(Settings(knowledge_path=broken, knowledge_dir=tmp_path)) == 1
    err = capsys.readouterr().err
    assert "line 1" in err and "No story could be loaded" in err


def test_sync_needs_a_token(sheet_copy, capsys):
    assert launcher.sync(Settings(knowledge_path=sheet_copy)) == 1
    assert "DISCORD_TOKEN" in capsys.readouterr().err
