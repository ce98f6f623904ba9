"""Every sheet in KNOWLEDGE_DIR is a story: loaded on its own, broken ones left out, reloaded per story."""

from __future__ import annotations

import shutil

import pytest

import bot.app.service
from bot.app.stories import INTERNAL_ERROR, StoryLibrary
from bot.settings import DEFAULT_KNOWLEDGE_DIR, DEFAULT_KNOWLEDGE_PATH

NK = "north-korean-troops-russia"
BT = "bt-offers-equal-access-to-rivals"
ALL = {NK, BT, "format-wars-could-confuse-users", "guantanamo-four-free-in-weeks"}


def test_every_sheet_in_the_folder_is_served_and_north_korea_is_the_default():
    library = StoryLibrary.open(DEFAULT_KNOWLEDGE_DIR, DEFAULT_KNOWLEDGE_PATH)
    assert set(library.slugs) == ALL
    assert library.default_slug == NK
    assert library.slugs[0] == NK
    assert library.broken == ()


def test_knowledge_path_names_the_default_story(stories):
    library = StoryLibrary.open(stories, stories / f"{BT}.toml")
    assert library.default_slug == BT
    assert set(library.slugs) == ALL


def test_a_default_sheet_outside_the_folder_replaces_the_folders_copy_of_that_story(
    stories, tmp_path
):
    elsewhere = tmp_path / "mine.toml"
    shutil.copyfile(stories / f"{NK}.toml", elsewhere)
    library = StoryLibrary.open(stories, elsewhere)
    assert library.default.path == elsewhere
    assert set(library.slugs) == ALL


def test_a_broken_sheet_is_left_out_and_listed_while_the_others_serve(stories, caplog):
    (stories / f"{BT}.toml").write_text("[story\n", encoding="utf-8")
    library = StoryLibrary.open(stories, stories / f"{NK}.toml")
    assert set(library.slugs) == ALL - {BT}
    (broken,) = library.broken
    assert broken.path.name == f"{BT}.toml"
    assert "line 1" in str(broken.problems[0])
    assert f"{BT}.toml left out" in caplog.text


@pytest.fixture
def break_bt_builds(monkeypatch):
    """Call it to make building BT's engine fail the way a bug in the bot would, not a problem
    of its sheet."""
    real = bot.app.service.build_engine

    def build(sheet, learned=None):
        if sheet.story.id == BT:
            raise IndexError("string index out of range")
        return real(sheet, learned)

    return lambda: monkeypatch.setattr(bot.app.service, "build_engine", build)


def test_a_story_the_bot_fails_to_build_is_left_out_while_the_others_start(
    stories, break_bt_builds, caplog
):
    break_bt_builds()
    library = StoryLibrary.open(stories, stories / f"{NK}.toml")
    assert set(library.slugs) == ALL - {BT}
    (broken,) = library.broken
    assert broken.path.name == f"{BT}.toml" and INTERNAL_ERROR in str(broken.problems[0])
    assert "IndexError" in caplog.text  # the traceback is in the log, for whoever fixes it


def test_a_story_the_bot_fails_to_rebuild_keeps_its_old_version_and_the_others_reload(
    stories, break_bt_builds
):
    library = StoryLibrary.open(stories, stories / f"{NK}.toml")
    old = library.get(BT)
    break_bt_builds()
    outcomes = {o.slug: o for o in library.reload()}
    assert outcomes[BT].result is not None and not outcomes[BT].result.ok
    assert outcomes[NK].result is not None and outcomes[NK].result.ok
    assert library.get(BT) is old


def test_a_second_sheet_with_a_served_id_is_listed_as_left_out_and_why(stories):
    # It was only a line in the log: /story list and /reload said nothing of the copy.
    shutil.copyfile(stories / f"{BT}.toml", stories / "zz-copy.toml")
    library = StoryLibrary.open(stories, stories / f"{NK}.toml")
    assert set(library.slugs) == ALL
    (broken,) = library.broken
    assert broken.path.name == "zz-copy.toml"
    assert f"id '{BT}' is already served from {BT}.toml" in str(broken.problems[0])
    outcomes = {o.slug: o for o in library.reload()}
    assert outcomes[BT].result is not None and outcomes[BT].result.ok
    assert not outcomes["zz-copy"].result.ok
    assert [b.path.name for b in library.broken] == ["zz-copy.toml"]


def test_a_broken_default_sheet_leaves_the_others_serving(stories):
    (stories / f"{NK}.toml").write_text("[story\n", encoding="utf-8")
    library = StoryLibrary.open(stories, stories / f"{NK}.toml")
    assert NK not in library.slugs and len(library) == 3
    assert library.default_slug in library.slugs  # the first story stands in


def test_reload_adds_a_new_sheet_without_a_restart(stories, tmp_path):
    guantanamo = stories / "guantanamo-four-free-in-weeks.toml"
    kept = tmp_path / "later.toml"
    shutil.move(guantanamo, kept)
    library = StoryLibrary.open(stories, stories / f"{NK}.toml")
    assert len(library) == 3
    shutil.move(kept, guantanamo)
    outcomes = {o.slug: o for o in library.reload()}
    assert outcomes["guantanamo-four-free-in-weeks"].added_story
    assert len(library) == 4


def test_reload_reports_per_story_and_keeps_the_old_version_of_a_broken_one(stories):
    library = StoryLibrary.open(stories, stories / f"{NK}.toml")
    old = library.get(BT)
    (stories / f"{BT}.toml").write_text("[story\n", encoding="utf-8")
    outcomes = {o.slug: o for o in library.reload()}
    assert outcomes[BT].result is not None and not outcomes[BT].result.ok
    assert outcomes[NK].result is not None and outcomes[NK].result.ok
    assert library.get(BT) is old  # still served, from the last good sheet
    assert [b.path.name for b in library.broken] == [f"{BT}.toml"]


def test_a_reload_that_removes_a_story_or_facts_waits_for_confirmation(stories):
    library = StoryLibrary.open(stories, stories / f"{NK}.toml")
    (stories / f"{BT}.toml").unlink()
    plans = library.prepare_reload()
    waiting = [p for p in plans if p.needs_confirmation]
    assert [p.slug for p in waiting] == [BT] and waiting[0].gone
    outcomes = {o.slug: o for o in library.commit(plans, confirmed=False)}
    assert outcomes[BT].waiting and library.get(BT) is not None
    library.commit(waiting, confirmed=True)
    assert library.get(BT) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("bt", BT), ("BT offers", BT), ("guantanamo", "guantanamo-four-free-in-weeks"), (NK, NK)],
)
def test_a_story_is_found_by_id_or_headline_words(typed, expected):
    library = StoryLibrary.open(DEFAULT_KNOWLEDGE_DIR, DEFAULT_KNOWLEDGE_PATH)
    found = library.find(typed) or library.choices(typed)[0]
    assert found.engine.sheet.story.id == expected
    assert library.find("no such story") is None


def test_a_served_library_reads_no_file_for_its_first_misspelt_question(monkeypatch):
    # A bot answers on its event loop: reading the word lists there would hold up every server.
    from bot.engine import english_words

    english_words._words.cache_clear()
    library = StoryLibrary.open(DEFAULT_KNOWLEDGE_DIR, DEFAULT_KNOWLEDGE_PATH)

    def no_reading(name: str) -> str:
        raise AssertionError(f"read {name} while answering")

    monkeypatch.setattr(english_words, "read_data", no_reading)
    answer = library.default.engine.answer("how many trooops did north korea sendd?")
    assert answer.answered
