"""--story SLUG in the CLI and the console; the console routes unbound questions like the bot."""

from __future__ import annotations

import io
import json
import shutil

from test_cli import run

from bot.app.stories import StoryLibrary
from bot.console import Console, run_console
from bot.settings import DEFAULT_KNOWLEDGE_DIR, DEFAULT_KNOWLEDGE_PATH
from bot.sheet import load_sheet

BT = "bt-offers-equal-access-to-rivals"
BT_HEADLINE = "BT offers equal access to rivals"
NK_QUESTION = "How many troops did North Korea send?"


def test_ask_with_story_answers_from_that_story():
    result = run("--story", BT, "ask", "--json", "What did BT offer its rivals?")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    bt = load_sheet(DEFAULT_KNOWLEDGE_DIR / f"{BT}.toml")
    assert answer["answered"] and bt.fact(answer["fact"]["id"]) is not None


def test_ask_with_story_never_answers_from_another_story():
    result = run("--story", BT, "ask", "--json", NK_QUESTION)
    assert json.loads(result.stdout)["answered"] is False


def test_facts_with_story_lists_that_storys_facts():
    result = run("--story", BT, "facts", "--json")
    bt = load_sheet(DEFAULT_KNOWLEDGE_DIR / f"{BT}.toml")
    assert [f["id"] for f in json.loads(result.stdout)] == [f.id for f in bt.facts]


def test_an_unknown_story_is_refused_naming_the_stories():
    result = run("--story", "nope", "ask", "x")
    assert result.returncode == 1
    assert "No story 'nope'" in result.stderr and BT in result.stderr


def test_a_story_filed_under_another_name_is_found_by_its_id(tmp_path):
    folder = tmp_path / "k"
    folder.mkdir()
    shutil.copyfile(DEFAULT_KNOWLEDGE_DIR / f"{BT}.toml", folder / "renamed.toml")
    result = run("--story", BT, "facts", env_extra={"KNOWLEDGE_DIR": str(folder)})
    assert result.returncode == 0, result.stderr


def test_the_piped_console_routes_each_question_and_names_the_story():
    result = run(stdin="What did BT offer its rivals?\n" + NK_QUESTION + "\n")
    assert result.returncode == 0, result.stderr
    assert f"From: {BT_HEADLINE}" in result.stdout
    assert "From: North Korean troops" in result.stdout


def test_the_console_with_story_is_bound_to_it():
    result = run("--story", BT, stdin=NK_QUESTION + "\n")
    assert "North Korean troops" not in result.stdout
    assert BT_HEADLINE in result.stdout


def library() -> StoryLibrary:
    return StoryLibrary.open(DEFAULT_KNOWLEDGE_DIR, DEFAULT_KNOWLEDGE_PATH)


def test_story_commands_in_the_console_list_bind_and_clear():
    console = Console(library())
    listed = console.handle("/story")
    assert "4 stories served" in listed and f"{BT} · " in listed
    assert "only" in console.handle(f"/story set {BT}")
    assert "North Korean troops" not in console.handle(NK_QUESTION)
    assert BT_HEADLINE in console.handle("/about")
    assert "4 stories served" in console.handle("/story clear")
    assert "North Korean troops" in console.handle(NK_QUESTION)
    assert "No such story" in console.handle("/story set nothing")
    assert BT_HEADLINE in console.handle(f"/about {BT}")


def test_the_console_reload_reports_per_story(tmp_path):
    folder = tmp_path / "k"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder)
    console = Console(StoryLibrary.open(folder, folder / DEFAULT_KNOWLEDGE_PATH.name))
    (folder / f"{BT}.toml").write_text("[story\n", encoding="utf-8")
    text = console.handle("/reload")
    assert "Stories reloaded (1 refused" in text and "line 1" in text


def test_run_console_takes_a_library():
    out = io.StringIO()
    assert run_console(library(), io.StringIO("/story\n"), out, story=BT) == 0
    assert f"Questions in this console go to {BT} only" in out.getvalue()
