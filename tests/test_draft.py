"""`python -m bot draft`: a sheet drafted from an article, for a curator to finish."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.draft import draft_text, fill_placeholders, read_article_text
from bot.draft.article import quote_spans
from bot.sheet import normalise_for_quote
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = {
    "north-korean-troops-russia": SHARED / "source" / "article.txt",
    "guantanamo-four-free-in-weeks": SHARED / "stories" / "guantanamo-four-free-in-weeks.txt",
    "format-wars-could-confuse-users": SHARED / "stories" / "format-wars-could-confuse-users.txt",
    "bt-offers-equal-access-to-rivals": SHARED / "stories" / "bt-offers-equal-access-to-rivals.txt",
}

STRAW = """Guantanamo four free in weeks

All four Britons will be returned within weeks, Foreign Secretary Jack Straw told the Commons on Tuesday.

Mr Straw said the US had agreed to release the four after "intensive and complex discussions" over security. The shadow foreign secretary, Michael Ancram, welcomed the return. But he said there were still "serious questions". Mr Godsiff said: "People get released from prison. "I don't see any difference in this case." Officials declined to comment on the talks.

f

We use cookies to improve your experience. By continuing you accept these cookies.
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


def drafted(text: str = STRAW) -> dict:
    return tomllib.loads(draft_text(text, "straw", "straw.txt").text)


def entity(sheet: dict, name: str) -> dict:
    return next(e for e in sheet["entities"] if e["name"] == name)


def test_capture_noise_is_not_part_of_the_draft():
    article = read_article_text(STRAW)
    assert article.headline == "Guantanamo four free in weeks"
    assert "cookies" not in article.body
    assert all(s.text != "f" for s in article.sentences)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ('He said "a portion" of the "soldiers moved."', ["a portion", "soldiers moved."]),
        ('X said: "One. "Two."', ["One. ", "Two."]),
        ("“Curly,” she said, “quotes.”", ["Curly,", "quotes."]),
    ],
)
def test_quote_parts_are_the_text_inside_the_marks(text, parts):
    assert [text[s:e] for s, e, _ in quote_spans(text)] == parts


def test_a_person_named_three_ways_is_one_entity_with_the_articles_role():
    sheet = drafted()
    straw = entity(sheet, "Jack Straw")
    assert straw["kind"] == "person"
    assert straw["role"] == "Foreign Secretary"
    assert {"Straw", "Mr Straw"} <= set(straw["aliases"])
    assert entity(sheet, "Michael Ancram")["role"].lower() == "shadow foreign secretary"


def test_he_said_is_the_last_person_who_spoke():
    facts = drafted()["facts"]
    serious = next(f for f in facts if f["quote"] == "serious questions")
    assert serious["speaker"] == "ancram"


def test_a_quote_broken_in_two_is_a_list_of_its_parts_and_the_excerpt_holds_both():
    facts = drafted()["facts"]
    godsiff = next(f for f in facts if isinstance(f["quote"], list))
    assert godsiff["quote"] == [
        "People get released from prison.",
        "I don't see any difference in this case.",
    ]
    assert godsiff["excerpt"].startswith("Mr Godsiff said:")
    assert godsiff["excerpt"].endswith('case."')


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Mr Straw said the talks were over.", "statement"),
        ("Mr Straw claimed the talks were over.", "claimed"),
        ("Mr Straw denied the talks were over.", "denied"),
        ("Mr Straw rejected the claim.", "denied"),
        ("Mr Straw warned the talks could fail.", "assessment"),
        ("Mr Straw declined to comment on the talks.", "declined-to-comment"),
        ("Mr Straw confirmed the talks were over.", "confirmed"),
        ("Mr Straw said around 10,000 people took part.", "estimate"),
        ("Mr Straw estimated the cost.", "estimate"),
    ],
)
def test_status_is_guessed_from_the_reporting_verb(sentence, status):
    text = f"Headline\n\nForeign Secretary Jack Straw spoke on Tuesday. {sentence}\n"
    facts = drafted(text)["facts"]
    assert facts[-1]["status"] == status
    assert facts[-1]["speaker"] == "straw"


def test_draft_command_prints_a_sheet_and_counts_the_todos(tmp_path):
    article = tmp_path / "straw.txt"
    article.write_text(STRAW, encoding="utf-8")
    result = run("draft", str(article))
    assert result.returncode == 0, result.stderr
    assert tomllib.loads(result.stdout)["story"]["headline"] == "Guantanamo four free in weeks"
    assert "TODO items left for the curator" in result.stderr


def test_a_courtesy_title_is_an_alias_and_curly_quotes_are_quotes():
    text = "Headline\n\n\u201cPrices will rise,\u201d said Dr Jane Smith, chief economist at Acme Bank.\n"
    sheet = drafted(text)
    smith = entity(sheet, "Jane Smith")
    assert smith["role"] == "Chief economist at Acme Bank"
    assert "Dr Smith" in smith["aliases"]
    assert sheet["facts"][0]["quote"] == "Prices will rise,"


def test_draft_command_refuses_an_article_with_only_a_headline(tmp_path):
    article = tmp_path / "empty.txt"
    article.write_text("Only a headline\n", encoding="utf-8")
    result = run("draft", str(article))
    assert result.returncode == 1
    assert "no sentences to draft from" in result.stderr
    assert result.stdout == ""


def test_draft_command_will_not_overwrite_a_sheet(tmp_path):
    article = tmp_path / "straw.txt"
    article.write_text(STRAW, encoding="utf-8")
    sheet = tmp_path / "straw.toml"
    sheet.write_text("precious", encoding="utf-8")
    result = run("draft", str(article), "-o", str(sheet))
    assert result.returncode == 1
    assert "--force" in result.stderr
    assert sheet.read_text(encoding="utf-8") == "precious"


@pytest.fixture(params=sorted(ARTICLES))
def story(request) -> tuple[str, Path]:
    path = ARTICLES[request.param]
    if not path.is_file():
        pytest.skip(f"no article at {path}: put the shared folder beside the checkout")
    return request.param, path


def test_every_quote_and_excerpt_in_a_draft_is_verbatim_in_its_article(story, tmp_path):
    _, article = story
    sheet = tmp_path / "draft.toml"
    assert run("draft", str(article), "-o", str(sheet)).returncode == 0
    haystack = normalise_for_quote(article.read_text(encoding="utf-8"))
    facts = tomllib.loads(sheet.read_text(encoding="utf-8"))["facts"]
    assert facts
    for fact in facts:
        quote = fact["quote"]
        for text in [*(quote if isinstance(quote, list) else [quote]), fact["excerpt"]]:
            assert normalise_for_quote(text) in haystack, (fact["id"], text)


def test_check_reports_only_todo_items_on_a_fresh_draft(story, tmp_path):
    _, article = story
    sheet = tmp_path / "draft.toml"
    run("draft", str(article), "-o", str(sheet))
    result = run("--knowledge", str(sheet), "check", "--source", str(article))
    assert result.returncode == 1
    problems = result.stderr.splitlines()[1:]
    assert problems
    assert all("todo" in line.lower() for line in problems), result.stderr


def test_a_draft_with_its_todos_resolved_passes_check_against_its_article(story, tmp_path):
    _, article = story
    sheet = tmp_path / "draft.toml"
    run("draft", str(article), "-o", str(sheet))
    sheet.write_text(fill_placeholders(sheet.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("--knowledge", str(sheet), "check", "--source", str(article))
    assert result.returncode == 0, result.stderr
    assert "quotes verified" in result.stdout


def test_every_person_who_speaks_in_a_draft_has_a_role(story, tmp_path):
    _, article = story
    sheet = tmp_path / "draft.toml"
    run("draft", str(article), "-o", str(sheet))
    raw = tomllib.loads(sheet.read_text(encoding="utf-8"))
    speakers = {f["speaker"] for f in raw["facts"]}
    for item in raw["entities"]:
        if item["kind"] == "person" and item["id"] in speakers:
            assert item["role"] and not item["role"].startswith("TODO"), item
