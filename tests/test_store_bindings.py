"""Story bindings: set, read, cleared and kept, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from bot.store.bindings import Bindings
from bot.store.db import open_database


def test_a_channel_binding_is_read_back_replaced_and_cleared(database):
    bindings = Bindings(database)
    assert bindings.channel_story(10) is None
    bindings.bind_channel(1, 10, "story-a", by=7)
    assert bindings.channel_story(10) == "story-a"
    bindings.bind_channel(1, 10, "story-b", by=7)
    assert bindings.channel_story(10) == "story-b"
    assert bindings.bound_channels(1) == [(10, "story-b")]
    assert bindings.unbind_channel(10) is True
    assert bindings.unbind_channel(10) is False
    assert bindings.channel_story(10) is None


def test_a_thread_then_its_channel_then_the_server_default_decide(database):
    bindings = Bindings(database)
    assert bindings.resolve(1, [20, 10]) is None
    bindings.set_guild_default(1, "server-story", by=7)
    assert bindings.resolve(1, [20, 10]) == "server-story"
    bindings.bind_channel(1, 10, "channel-story", by=7)
    assert bindings.resolve(1, [20, 10]) == "channel-story"
    bindings.bind_channel(1, 20, "thread-story", by=7)
    assert bindings.resolve(1, [20, 10]) == "thread-story"
    assert bindings.resolve(2, [30]) is None  # another server is not affected
    assert bindings.clear_guild_default(1) is True
    assert bindings.guild_default(1) is None


def test_bindings_are_kept_when_the_database_is_opened_again(tmp_path):
    db = open_database(None, tmp_path / "data")
    Bindings(db).bind_channel(1, 10, "story-a", by=7)
    db.close()
    again = open_database(None, tmp_path / "data")
    assert Bindings(again).channel_story(10) == "story-a"  # migration not applied twice
    again.close()
