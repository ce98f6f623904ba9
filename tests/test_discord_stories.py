"""Many stories on Discord, as users meet them: /story, routing, bindings, the story option."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
from conftest import embed_text

from bot import create_bot
from bot.settings import DEFAULT_KNOWLEDGE_DIR, Settings
from bot.sheet import load_sheet

NK = "north-korean-troops-russia"
BT = "bt-offers-equal-access-to-rivals"
GITMO = "guantanamo-four-free-in-weeks"
NK_QUESTION = "How many troops did North Korea send, according to the Pentagon?"
BT_QUESTION = "What did BT offer its rivals?"


def settings_for(stories: Path, tmp_path: Path) -> Settings:
    return Settings(
        knowledge_path=stories / f"{NK}.toml", knowledge_dir=stories, data_dir=tmp_path / "data"
    )


@pytest.fixture
def simcord_bot(stories, tmp_path):
    return create_bot(settings=settings_for(stories, tmp_path), handle_signals=False)


@pytest.fixture
def world(simcord_env):
    guild = simcord_env.create_guild()
    news = guild.create_text_channel("news")
    other = guild.create_text_channel("other")
    admins = guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
    admin = guild.add_member(simcord_env.create_user("admin"), roles=[admins])
    alice = guild.add_member(simcord_env.create_user("alice"))
    return simcord_env, guild, news, other, admin, alice


def shown(result) -> str:
    messages = ([result.response] if result.response else []) + result.followups
    return "\n".join(embed_text(e) for m in messages for e in m.embeds)


def headline(slug: str, stories: Path = DEFAULT_KNOWLEDGE_DIR) -> str:
    return load_sheet(stories / f"{slug}.toml").story.headline


def selects(message) -> list[dict]:
    return [c for row in message.components for c in row.get("components", []) if c["type"] == 3]


async def test_story_list_shows_every_story_with_fact_counts_and_load_time(world):
    _, _, news, _, _, alice = world
    result = await alice.slash(news, "story list")
    assert result.ephemeral
    text = shown(result)
    for slug in (NK, BT, GITMO, "format-wars-could-confuse-users"):
        sheet = load_sheet(DEFAULT_KNOWLEDGE_DIR / f"{slug}.toml")
        assert f"`{slug}` · {len(sheet.facts)} facts · loaded " in text
    assert "4 stories served" in text and "UTC" in text


@pytest.mark.parametrize(("question", "slug"), [(NK_QUESTION, NK), (BT_QUESTION, BT)])
async def test_an_unbound_question_is_answered_by_the_story_that_answers_it_and_names_it(
    world, question, slug
):
    _, _, news, _, _, alice = world
    result = await alice.slash(news, "ask", question=question)
    assert not result.ephemeral
    footer = result.response.embeds[0].footer.text
    assert footer.startswith(f"From: {headline(slug)}")


async def test_a_bound_channel_answers_only_from_its_story(world):
    _, _, news, other, admin, alice = world
    bound = await admin.slash(news, "story set", story=BT)
    assert f"answered from **{headline(BT)}** only" in shown(bound)
    result = await alice.slash(news, "ask", question=NK_QUESTION)
    text = shown(result)
    # The North Korea story would answer this; the channel is about BT, so BT abstains.
    assert headline(NK) not in text and headline(BT) in text
    assert result.ephemeral and "doesn't say" in text
    elsewhere = await alice.slash(other, "ask", question=NK_QUESTION)
    assert headline(NK) in shown(elsewhere)


async def test_story_set_autocompletes_the_stories(world):
    _, _, news, _, admin, _ = world
    choices = await admin.autocomplete(news, "story set", "story", "guant")
    assert [c["value"] for c in choices] == [GITMO]
    assert len(await admin.autocomplete(news, "story set", "story", "")) == 4


async def test_only_admins_may_bind_a_story(world):
    env, _, news, _, _, alice = world
    result = await alice.slash(news, "story set", story=BT)
    assert result.ephemeral and "Only admins" in shown(result)
    answered = await alice.slash(news, "ask", question=NK_QUESTION)
    assert headline(NK) in shown(answered)
    env.errors.clear()


async def test_story_clear_unbinds_the_channel(world):
    _, _, news, _, admin, alice = world
    await admin.slash(news, "story set", story=BT)
    cleared = await admin.slash(news, "story clear")
    assert "no longer bound" in cleared.response.content
    assert headline(NK) in shown(await alice.slash(news, "ask", question=NK_QUESTION))


async def test_a_server_default_story_covers_unbound_channels_and_a_binding_wins(world):
    _, _, news, other, admin, alice = world
    await admin.slash(news, "story default", story=BT)
    await admin.slash(other, "story set", story=NK)
    assert headline(BT) in shown(await alice.slash(news, "ask", question=NK_QUESTION))
    assert headline(NK) in shown(await alice.slash(other, "ask", question=NK_QUESTION))
    await admin.slash(news, "story default")
    assert headline(NK) in shown(await alice.slash(news, "ask", question=NK_QUESTION))


async def test_a_binding_is_kept_over_a_restart(world, stories, tmp_path):
    env, _, news, _, admin, alice = world
    await admin.slash(news, "story set", story=BT)
    await env.restart_bot(
        create_bot(settings=settings_for(stories, tmp_path), handle_signals=False)
    )
    result = await alice.slash(news, "ask", question=NK_QUESTION)
    assert headline(NK) not in shown(result) and headline(BT) in shown(result)


async def test_about_who_and_claims_take_a_story_option(world):
    _, _, news, _, _, alice = world
    about = await alice.slash(news, "about", story=GITMO)
    assert about.response.embeds[0].title == headline(GITMO)
    assert (await alice.autocomplete(news, "about", "story", "bt"))[0]["value"] == BT
    people = await alice.autocomplete(news, "who", "person", "verw", story=BT)
    assert "Verwaayen" in people[0]["name"]
    who = await alice.slash(news, "who", person=people[0]["value"], story=BT)
    assert "Verwaayen" in shown(who) and headline(BT) in shown(who)
    claims = await alice.slash(news, "claims", story=BT)
    assert headline(BT) in shown(claims)
    default = await alice.slash(news, "about")
    assert default.response.embeds[0].title == headline(NK)


async def test_about_follows_the_channels_story(world):
    _, _, news, _, admin, alice = world
    await admin.slash(news, "story set", story=GITMO)
    about = await alice.slash(news, "about")
    assert about.response.embeds[0].title == headline(GITMO)


async def test_an_unknown_story_option_lists_the_stories_privately(world):
    env, _, news, _, _, alice = world
    result = await alice.slash(news, "about", story="no-such-story")
    assert result.ephemeral and "No such story" in shown(result) and BT in shown(result)
    env.errors.clear()


async def test_two_stories_answering_alike_are_offered_in_a_menu_and_the_pick_answers(
    world, stories
):
    env, _, news, _, admin, alice = world
    text = (stories / f"{NK}.toml").read_text(encoding="utf-8")
    twin = text.replace(f'id = "{NK}"', 'id = "twin"', 1)
    twin = twin.replace(f"headline = {headline_toml(text)}", 'headline = "The twin story"', 1)
    (stories / "twin.toml").write_text(twin, encoding="utf-8")
    reloaded = await admin.slash(news, "reload")
    assert "New story" in shown(reloaded)
    result = await alice.slash(news, "ask", question=NK_QUESTION)
    (menu,) = selects(result.response)
    assert {o["value"] for o in menu["options"]} == {NK, "twin"}
    assert "Which one do you mean" in shown(result)
    picked = await alice.select(result.response, ["twin"])
    message = env.backend.get_message(news.id, result.response.id)
    assert picked.acknowledged
    assert message.embeds[0]["footer"]["text"].startswith("From: The twin story")


def headline_toml(text: str) -> str:
    line = next(x for x in text.splitlines() if x.startswith("headline = "))
    return line.removeprefix("headline = ")


async def test_reload_reports_each_story_and_lists_a_broken_one(world, stories):
    _, _, news, _, admin, alice = world
    (stories / f"{BT}.toml").write_text("[story\n", encoding="utf-8")
    result = await admin.slash(news, "reload")
    text = shown(result)
    assert "1 refused" in text and "line 1" in text and "Unchanged" in text
    listed = shown(await alice.slash(news, "story list"))
    assert f"Left out: {BT}.toml" in listed
    # Still served from the last good sheet.
    assert headline(BT) in shown(await alice.slash(news, "ask", question=BT_QUESTION))


async def test_a_removed_sheet_waits_for_confirm_and_a_channel_bound_to_it_answers_nothing(
    world, stories
):
    _, _, news, _, admin, alice = world
    await admin.slash(news, "story set", story=BT)
    (stories / f"{BT}.toml").unlink()
    result = await admin.slash(news, "reload")
    assert "Confirm these changes?" in shown(result)
    assert headline(BT) in shown(await alice.slash(news, "ask", question=BT_QUESTION))
    await admin.click(result.response, label="Confirm")
    answer = await alice.slash(news, "ask", question=NK_QUESTION)
    assert answer.ephemeral and "not available" in shown(answer)
    assert headline(NK) not in shown(answer)


async def test_a_mention_in_a_bound_channel_is_answered_from_that_story_only(world):
    env, _, news, _, admin, alice = world
    await admin.slash(news, "story set", story=BT)
    asked = await alice.send(news, f"{env.bot.user.mention} {BT_QUESTION}")
    (reply,) = [m for m in news.history() if m.reference and m.reference.message_id == asked.id]
    assert embed_text(reply.embeds[0]).count(headline(BT)) >= 1
    asked = await alice.send(news, f"{env.bot.user.mention} {NK_QUESTION}")
    (reply,) = [m for m in news.history() if m.reference and m.reference.message_id == asked.id]
    assert headline(NK) not in embed_text(reply.embeds[0])


async def test_bindings_live_in_the_given_database_across_a_restart(
    simcord_env, database, stories, tmp_path
):
    # SQLite and PostgreSQL alike: the binding is read back by a new bot over the same database.
    env = simcord_env
    settings = settings_for(stories, tmp_path)
    await env.restart_bot(create_bot(settings=settings, database=database, handle_signals=False))
    guild = env.create_guild()
    news = guild.create_text_channel("news")
    admins = guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
    admin = guild.add_member(env.create_user("admin"), roles=[admins])
    await admin.slash(news, "story set", story=GITMO)
    await env.restart_bot(create_bot(settings=settings, database=database, handle_signals=False))
    about = await admin.slash(news, "about")
    assert about.response.embeds[0].title == headline(GITMO)
    table = database.execute("SELECT story FROM story_bindings")
    assert table == [(GITMO,)]


async def test_clearing_a_channel_says_where_its_questions_go_now(world):
    _, _, news, _, admin, _ = world
    await admin.slash(news, "story default", story=GITMO)
    await admin.slash(news, "story set", story=BT)
    cleared = await admin.slash(news, "story clear")
    assert f"go to `{GITMO}`" in cleared.response.content


async def test_a_reload_removing_facts_from_one_story_waits_for_confirm_for_that_story_only(
    world, stories
):
    env, _, news, _, admin, _ = world
    bt_path = stories / f"{BT}.toml"
    text = bt_path.read_text(encoding="utf-8")
    last = load_sheet(bt_path).facts[-1].id
    bt_path.write_text(text[: text.rindex("[[facts]]")] + "[end]\n", encoding="utf-8")
    gitmo_path = stories / f"{GITMO}.toml"
    gitmo = load_sheet(gitmo_path).facts[0]
    old = f'statement = "{gitmo.statement}"'
    assert old in gitmo_path.read_text(encoding="utf-8")
    gitmo_path.write_text(
        gitmo_path.read_text(encoding="utf-8").replace(old, old[:-1] + ' (edited)"', 1), "utf-8"
    )
    result = await admin.slash(news, "reload")
    text_shown = shown(result)
    assert "Waiting for Confirm" in text_shown and f"Changed 1: {gitmo.id}" in text_shown
    assert "Confirm these changes?" in text_shown and f"Removes 1: {last}" in text_shown
    library = env.bot.library
    assert library.get(GITMO).engine.sheet.facts[0].statement.endswith("(edited)")
    assert library.get(BT).engine.sheet.fact(last) is not None
    await admin.click(result.response, label="Confirm")
    assert library.get(BT).engine.sheet.fact(last) is None


async def test_without_a_usable_database_questions_are_still_routed_and_binding_is_refused(
    stories, tmp_path, caplog
):
    import simcord

    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    settings = settings_for(stories, tmp_path)
    settings = Settings(**{**settings.__dict__, "data_dir": blocker / "data"})
    bot = create_bot(settings=settings, handle_signals=False)
    async with simcord.run(bot) as env:
        guild = env.create_guild()
        news = guild.create_text_channel("news")
        admins = guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
        admin = guild.add_member(env.create_user("admin"), roles=[admins])
        answer = await admin.slash(news, "ask", question=BT_QUESTION)
        assert headline(BT) in shown(answer)
        refused = await admin.slash(news, "story set", story=BT)
        assert refused.ephemeral and "no database" in shown(refused)
        env.errors.clear()
    assert "Story bindings unavailable" in caplog.text


async def test_a_thread_follows_its_channels_story_unless_bound_itself(world):
    env, _, news, _, admin, alice = world
    await admin.slash(news, "story set", story=BT)
    parent = env.bot.get_channel(news.id)
    await parent.create_thread(name="follow-up", type=discord.ChannelType.public_thread)
    (thread,) = news.threads
    answer = await alice.slash(thread, "ask", question=NK_QUESTION)
    assert headline(NK) not in shown(answer) and headline(BT) in shown(answer)
    await admin.slash(thread, "story set", story=NK)
    assert headline(NK) in shown(await alice.slash(thread, "ask", question=NK_QUESTION))
    assert headline(NK) not in shown(await alice.slash(news, "ask", question=NK_QUESTION))


async def test_a_binding_set_by_another_host_reaches_this_one_within_the_remembered_time(
    tmp_path, monkeypatch
):
    """Bindings are remembered for BINDING_TTL_S, then read again from the shared database."""
    from bot.discord.stories import BINDING_TTL_S, StoryScope
    from bot.store.bindings import Bindings
    from bot.store.db import open_database

    class Channel:
        id = 42
        parent_id = None

    import bot.discord.stories as stories

    clock = [1000.0]
    monkeypatch.setattr(stories.time, "monotonic", lambda: clock[0])
    db = open_database(None, tmp_path / "data")
    bindings = Bindings(db)
    scope = StoryScope(library=None, bindings=bindings)  # type: ignore[arg-type]
    assert await scope.bound_slug(7, Channel()) is None
    bindings.bind_channel(7, 42, "elsewhere", 1)  # as another process would, directly
    assert await scope.bound_slug(7, Channel()) is None  # still remembered
    clock[0] += BINDING_TTL_S + 0.1
    assert await scope.bound_slug(7, Channel()) == "elsewhere"
