"""The sheet format fits any news story: optional story fields, denials, broken-up quotes,
several voices for a group, facts about someone, and the article checked on every load."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.sheet import SheetError, check_against_source, load_sheet

ARTICLE = 'Labour\'s Jo Bloggs said: "We agree," she told MPs. "It is time." Mr Smith denied it.\n'

SHEET = """
[story]
id = "tiny"
headline = "A tiny story"
summary = "Two MPs disagree."
outlet = "BBC News"
article = "article.txt"

[[entities]]
id = "bloggs"
kind = "person"
name = "Jo Bloggs"
role = "Labour MP"
aliases = ["Bloggs"]

[[entities]]
id = "smith"
kind = "person"
name = "John Smith"
role = "Labour MP"
aliases = ["Mr Smith"]

[[entities]]
id = "labour"
kind = "organization"
name = "Labour"
role = ""
aliases = ["the Labour party"]
represented_by = ["bloggs", "smith"]

[[facts]]
id = "bloggs-agrees"
statement = "Jo Bloggs said she agrees and that it is time."
speaker = "bloggs"
quote = ["We agree,", "It is time."]
excerpt = "\\"We agree,\\" she told MPs. \\"It is time.\\""
status = "statement"
topics = ["vote"]
answers = ["what"]
phrasings = ["what did bloggs say", "does bloggs agree", "is it time"]

[[facts]]
id = "smith-denies"
statement = "John Smith denied it."
speaker = "smith"
quote = ""
excerpt = "Mr Smith denied it."
status = "denied"
topics = ["vote"]
answers = ["what", "yes-no"]
phrasings = ["did smith deny it", "what did smith say", "smith response"]
about = ["bloggs"]

[topics]
vote = "The vote"

[end]
"""


ABOUT = 'about = ["bloggs"]'


def write_story(tmp_path: Path, sheet: str = SHEET, article: str = ARTICLE) -> Path:
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    path = tmp_path / "tiny.toml"
    path.write_text(sheet, encoding="utf-8")
    return path


def test_a_story_without_related_headline_or_photo_loads_and_cites_its_outlet(tmp_path):
    sheet = load_sheet(write_story(tmp_path))
    assert sheet.story.related_headline == ""
    assert sheet.story.photo == ""
    assert sheet.story.citation == "BBC News"


def test_a_quote_in_parts_is_checked_part_by_part_and_shown_joined(tmp_path):
    fact = load_sheet(write_story(tmp_path)).fact("bloggs-agrees")
    assert fact is not None
    assert fact.quote_parts == ("We agree,", "It is time.")
    assert fact.quote == "We agree, … It is time."


def test_a_denial_has_its_own_status(tmp_path):
    fact = load_sheet(write_story(tmp_path)).fact("smith-denies")
    assert fact is not None
    assert fact.status_label.startswith("Denied")
    assert [e.id for e in fact.about] == ["bloggs"]


def test_a_group_may_speak_through_several_people(tmp_path):
    labour = load_sheet(write_story(tmp_path)).entity("labour")
    assert labour is not None
    assert labour.represented_by == ("bloggs", "smith")


def test_readers_questions_a_fact_answered_are_optional_and_kept_apart_from_phrasings(tmp_path):
    sheet = load_sheet(
        write_story(tmp_path, SHEET.replace(ABOUT, f'{ABOUT}\nasked = ["so did smith say no lol"]'))
    )
    fact = sheet.fact("smith-denies")
    assert fact is not None
    assert fact.asked == ("so did smith say no lol",)
    assert "so did smith say no lol" not in fact.phrasings
    assert sheet.fact("bloggs-agrees").asked == ()


def test_a_quote_the_article_never_printed_is_refused_on_load(tmp_path):
    forged = SHEET.replace('"It is time."]', '"It is never time."]')
    with pytest.raises(SheetError) as caught:
        load_sheet(write_story(tmp_path, forged))
    assert any("It is never time" in str(p) for p in caught.value.problems)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('about = ["bloggs"]', 'about = ["nobody"]'), "about 'nobody' is not one of"),
        (('represented_by = ["bloggs", "smith"]', 'represented_by = ["x"]'), "represented_by 'x'"),
        (('outlet = "BBC News"', 'outlet = "BBC News"\nbyline = "me"'), "unknown field 'byline'"),
        ((ABOUT, f'{ABOUT}\nasked = "did smith say no"'), "field 'asked' must be a list of text"),
        (
            (ABOUT, f'{ABOUT}\nasked = ["What did Bloggs say?"]'),
            "phrasing 'What did Bloggs say?' is also on fact 'bloggs-agrees'",
        ),
    ],
)
def test_bad_new_fields_are_named(tmp_path, change, message):
    with pytest.raises(SheetError) as caught:
        load_sheet(write_story(tmp_path, SHEET.replace(*change)))
    assert any(message in str(p) for p in caught.value.problems)


LEXICON = '[lexicon]\nsynonyms = [["vote", "ballot"]]\n\n[topics]'


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # A group headed by a mark the bot cannot read as a word once stopped every story loading.
        (("[topics]", LEXICON.replace('"vote"', '"?"')), "synonym '?' has no letter or digit"),
        (("[topics]", LEXICON.replace('"vote"', '"\u2014"')), "has no letter or digit"),
        # A typo for "synonyms" silently dropped every group.
        (("[topics]", LEXICON.replace("synonyms", "synonym")), "unknown field 'synonym'"),
        (('id = "tiny"', 'id = "Tiny Story!"'), "id 'Tiny Story!' must be a lowercase-hyphen"),
        (('role = "Labour MP"', 'role = "Labour MP\\u001b[31m"'), "control character (U+001B)"),
        (('name = "Jo Bloggs"', 'name = "Jo \\u202eBloggs"'), "control character (U+202E)"),
        (
            ('represented_by = ["bloggs", "smith"]', 'represented_by = ["labour"]'),
            "represented_by names the entity itself",
        ),
        (
            ('represented_by = ["bloggs", "smith"]', 'represented_by = ["bloggs", "bloggs"]'),
            "represented_by names someone twice",
        ),
        (('kind = "organization"', 'kind = "narrator"'), "only one entity may be the narrator"),
    ],
)
def test_a_sheet_that_would_mislead_the_bot_is_refused_with_the_reason(tmp_path, change, message):
    sheet = SHEET.replace(*change)
    if "only one entity" in message:
        sheet = sheet.replace('kind = "person"', 'kind = "narrator"', 1)
    with pytest.raises(SheetError) as caught:
        load_sheet(write_story(tmp_path, sheet))
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems


def test_the_sheet_used_by_these_tests_loads_with_a_lexicon(tmp_path):
    sheet = load_sheet(write_story(tmp_path, SHEET.replace("[topics]", LEXICON)))
    assert sheet.synonyms == (("vote", "ballot"),)


def test_a_runaway_dotted_key_is_refused_before_it_is_parsed(tmp_path):
    # Python's TOML parser takes time that grows with the square of a key's parts: 10,000 parts
    # took 10 s and 600 MB. The sheet is refused at once, naming the line.
    runaway = "x" + ".a" * 10_000 + " = 1\n"
    with pytest.raises(SheetError) as caught:
        load_sheet(write_story(tmp_path, SHEET.replace("[end]", runaway + "[end]")))
    [problem] = caught.value.problems
    assert problem.where.startswith("line ") and "dotted parts" in problem.message


def test_a_byte_order_mark_is_named_with_how_to_fix_it(tmp_path):
    with pytest.raises(SheetError) as caught:
        load_sheet(write_story(tmp_path, "\ufeff" + SHEET))
    [problem] = caught.value.problems
    assert "byte order mark" in problem.message and "without one" in problem.message


def test_a_text_is_found_in_the_article_exactly_when_it_is_there_word_for_word(tmp_path):
    # Quotes and excerpts are looked up by their inner words, not by a scan of the article per
    # text; every cut of the article, mid-word or not, is still found, and an altered one not.
    article = (
        "Jo Bloggs said: \u201cWe agree, we agree.\u201d  She told MPs it is time;\n"
        "it is time, she said, and the time is now. Mr Smith denied it. It is time."
    )
    sheet = load_sheet(write_story(tmp_path))
    flat = " ".join(article.split())
    for start in range(len(flat)):
        for end in range(start + 1, min(len(flat), start + 60) + 1):
            cut = flat[start:end].strip()
            if not cut:
                continue
            kept = replace(sheet.facts[0], quote_parts=(cut,), excerpt="")
            altered = replace(kept, quote_parts=(cut[:-1] + "#",))
            assert check_against_source(replace(sheet, facts=(kept,)), article, "a") == [], cut
            assert check_against_source(replace(sheet, facts=(altered,)), article, "a"), cut
