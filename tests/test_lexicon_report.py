"""`python -m bot lexicon`: the groups the engine really reads, and words that change a question."""

from __future__ import annotations

from pathlib import Path

from bot.engine.lexicon_report import lexicon_report, report_as_text
from bot.sheet import load_sheet
from tests.test_engine_rules import SHEET


def sheet_with(tmp_path: Path, groups: str):
    text = SHEET.replace("[topics]", f"[lexicon]\nsynonyms = {groups}\n\n[topics]")
    path = tmp_path / "bikes.toml"
    path.write_text(text, encoding="utf-8")
    return load_sheet(path)


def test_a_sheet_group_shows_the_general_words_it_took_in(tmp_path):
    sheet = sheet_with(tmp_path, '[["cost", "price"]]')
    general = [["price", "charge", "fee"]]
    report = lexicon_report(sheet, general)
    assert report.groups[0].general_words == ("charge", "fee")
    assert "cost: cost, price  (+ general: charge, fee)" in report_as_text(report)


def test_a_general_group_that_would_join_two_sheet_groups_is_listed_as_left_out(tmp_path):
    sheet = sheet_with(tmp_path, '[["cost", "price"], ["fee", "toll"]]')
    report = lexicon_report(sheet, [["price", "fee"]])
    assert report.left_out == (("price", ("cost", "fee")),)


def test_a_question_word_or_a_name_in_a_group_is_warned_about(tmp_path):
    sheet = sheet_with(tmp_path, '[["compare", "names", "likens"], ["mayor", "lee"]]')
    warnings = "\n".join(lexicon_report(sheet, []).warnings)
    assert "'names' marks a 'who' question" in warnings
    assert "'lee' is also a name of entity 'mayor'" in warnings


def test_a_word_the_engine_ignores_in_a_group_is_warned_about(tmp_path):
    sheet = sheet_with(tmp_path, '[["cyclists", "riders", "folks"]]')
    warnings = "\n".join(lexicon_report(sheet, []).warnings)
    assert (
        "'folks' is a word the engine ignores in general; in this sheet every 'folks' reads as 'cyclists'"
        in warnings
    )
    assert "'riders'" not in warnings


def test_a_question_word_in_a_group_is_named_as_one(tmp_path):
    # It was reported as marking a 'when' question, from the cue "which day".
    sheet = sheet_with(tmp_path, '[["whatever", "which"], ["how many", "number"]]')
    warnings = "\n".join(lexicon_report(sheet, []).warnings)
    assert "group 'whatever': 'which' is a question word" in warnings
    assert "'when'" not in warnings
    assert "group 'how many': its head marks a 'how-many' question" in warnings


def test_an_alias_most_questions_contain_is_warned_about(tmp_path):
    # An alias "what" made "what did he say" name that entity; "a" and "x" the same.
    text = SHEET.replace('aliases = ["Lee"', 'aliases = ["what", "x", "Lee"', 1)
    path = tmp_path / "bikes.toml"
    path.write_text(text, encoding="utf-8")
    warnings = "\n".join(lexicon_report(load_sheet(path), []).warnings)
    assert "'what' is a word most questions use" in warnings
    assert "'x' is a word most questions use" in warnings
    assert "'Lee'" not in warnings
