"""The fact sheet: the real one is complete and verbatim; broken ones are refused with every problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import DEFAULT_KNOWLEDGE_PATH
from bot.sheet import (
    QUESTION_KINDS,
    STATUS_LABELS,
    SheetError,
    check_against_source,
    diff_sheets,
    load_sheet,
)

SHEET_TEXT = DEFAULT_KNOWLEDGE_PATH.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sheet.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(SheetError) as caught:
        load_sheet(path)
    return [str(p) for p in caught.value.problems]


def test_real_sheet_loads_with_every_speaker_of_the_article():
    sheet = load_sheet(DEFAULT_KNOWLEDGE_PATH)
    names = {e.name for e in sheet.speakers}
    assert {"Mark Rutte", "Volodymyr Zelenskyy", "Sabrina Singh", "Western officials"} <= names
    assert all(len(f.phrasings) >= 3 for f in sheet.facts)
    assert all(f.status in STATUS_LABELS for f in sheet.facts)
    assert all(set(f.answers) <= set(QUESTION_KINDS) for f in sheet.facts)


def test_real_sheet_quotes_and_excerpts_are_verbatim_in_the_article(article):
    sheet = load_sheet(DEFAULT_KNOWLEDGE_PATH)
    text = article.read_text(encoding="utf-8")
    assert check_against_source(sheet, text, "article") == []


def test_capture_noise_is_not_content():
    for noise in ("cookies", "Manage Settings", "\nf\n"):
        assert noise not in SHEET_TEXT.split("[[entities]]", 1)[1]


def test_sources_that_differ_share_a_topic():
    sheet = load_sheet(DEFAULT_KNOWLEDGE_PATH)
    for topic in ("troop-numbers", "timing", "kursk"):
        speakers = {f.speaker.id for f in sheet.facts if topic in f.topics}
        assert len(speakers) >= 2, topic


def test_quote_check_flags_an_altered_quote_and_accepts_curly_quotes(article):
    sheet = load_sheet(DEFAULT_KNOWLEDGE_PATH)
    text = article.read_text(encoding="utf-8")
    curly = text.replace('"growing desperation."', "\u201cgrowing desperation.\u201d")
    assert check_against_source(sheet, curly, "article") == []
    altered = text.replace("significant escalation", "major escalation")
    problems = check_against_source(sheet, altered, "article")
    assert [p.where for p in problems] == ["fact 'rutte-significant-escalation'"] * 2


# Each edit of the real sheet, and a phrase every reported problem must contain.
BROKEN = [
    ("unknown status", ('status = "estimate"', 'status = "rumour"'), "unknown status 'rumour'"),
    (
        "empty statement",
        (
            'statement = "Rutte said the deployment represents a dangerous expansion of Russia\'s war."',
            'statement = ""',
        ),
        "field 'statement' is empty",
    ),
    (
        "duplicate id",
        ('id = "rutte-dangerous-expansion"', 'id = "rutte-significant-escalation"'),
        "duplicate fact id (the fact #4 in the file)",
    ),
    ("unknown speaker", ('speaker = "singh"', 'speaker = "sing-h"'), "is not one of the story's"),
    (
        "shared phrasing",
        ('"Is the war expanding?"', '"Is Putin desperate?"'),
        "is also on fact 'rutte-putin-growing-desperation'",
    ),
    (
        "alias naming two entities",
        ('aliases = ["Brussel", "Bruxelles"]', 'aliases = ["Brussel", "Kursk"]'),
        "alias 'Kursk' also names entity",
    ),
    (
        "too few phrasings",
        (
            '    "How significant is North Korea\'s involvement?",\n'
            '    "Does the move escalate North Korea\'s role in the war?",\n'
            '    "What does Rutte call North Korea\'s involvement?",\n',
            "",
        ),
        "needs at least 3 entries, has 2",
    ),
    ("missing field", ('topics = ["photo"]\n', ""), "missing field 'topics'"),
    (
        "is_a not a list",
        ('is_a = ["city", "capital"]', 'is_a = "city"'),
        "field 'is_a' must be a list of text",
    ),
]


@pytest.mark.parametrize(
    ("edit", "expected"), [(b[1], b[2]) for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_sheet_is_refused_naming_the_problem(tmp_path, edit, expected):
    old, new = edit
    assert old in SHEET_TEXT
    problems = problems_of(write(tmp_path, SHEET_TEXT.replace(old, new, 1)))
    assert any(expected in p for p in problems), problems
    assert all(str(tmp_path / "sheet.toml") in p for p in problems)


def test_every_problem_is_reported_at_once(tmp_path):
    text = SHEET_TEXT
    for _, (old, new), _ in BROKEN:
        text = text.replace(old, new, 1)
    problems = problems_of(write(tmp_path, text))
    for _, _, expected in BROKEN:
        assert any(expected in p for p in problems), (expected, problems)


def test_syntax_error_names_the_line(tmp_path):
    lines = SHEET_TEXT.splitlines()
    bad_line = next(i for i, line in enumerate(lines) if line.startswith("statement =")) + 1
    lines[bad_line - 1] = 'statement = "unterminated'
    problems = problems_of(write(tmp_path, "\n".join(lines)))
    assert len(problems) == 1
    assert re.search(rf"line {bad_line}\b", problems[0]), problems
    assert "TOML syntax error" in problems[0]


def test_missing_file_is_a_problem_not_a_crash(tmp_path):
    problems = problems_of(tmp_path / "nope.toml")
    assert "cannot read" in problems[0]


def test_diff_reports_added_removed_and_changed_facts(tmp_path):
    old = load_sheet(DEFAULT_KNOWLEDGE_PATH)
    text = SHEET_TEXT.replace('id = "rutte-dangerous-expansion"', 'id = "rutte-dangerous-widening"')
    text = text.replace(
        "a significant escalation in North Korea's", "a significant escalation in Pyongyang's"
    )
    new = load_sheet(write(tmp_path, text))
    diff = diff_sheets(old, new)
    assert diff.added == ("rutte-dangerous-widening",)
    assert diff.removed == ("rutte-dangerous-expansion",)
    assert diff.changed == ("rutte-significant-escalation",)


def test_a_topic_without_a_label_is_a_problem(tmp_path):
    text = SHEET_TEXT.replace('topics = ["photo"]', 'topics = ["fotos"]')
    problems = problems_of(write(tmp_path, text))
    assert any("topic 'fotos' is used by a fact but has no label" in p for p in problems)


# ------------------------------------------------------------ limits
# A sheet past a limit is refused before it is built, with a message naming the limit.


# How many other phrasings the fact with "Is the war expanding?" has: 101 more go past the limit.
PHRASINGS_BESIDE_EXPANDING = next(
    len(f.phrasings) - 1
    for f in load_sheet(DEFAULT_KNOWLEDGE_PATH).facts
    if "Is the war expanding?" in f.phrasings
)


def over(old: str, new: str, expected: str) -> tuple[tuple[str, str], str]:
    return (old, new), expected


def words(count: int) -> str:
    return " ".join(["word"] * count)


OVER_LIMIT = {
    "long alias": over(
        'aliases = ["Brussel", "Bruxelles"]',
        f'aliases = ["Brussel", "{"b" * 201}"]',
        "is 201 characters long; the limit is 200",
    ),
    "alias of many words": over(
        'aliases = ["Brussel", "Bruxelles"]',
        f'aliases = ["Brussel", "{words(13)}"]',
        "is 13 words long; the limit is 12",
    ),
    "long role": over(
        'role = "NATO Secretary-General"',
        f'role = "{"r" * 201}"',
        "'role' is 201 characters long; the limit is 200",
    ),
    "long name": over(
        'name = "Mark Rutte"', f'name = "{"n" * 201}"', "is 201 characters long; the limit is 200"
    ),
    "long statement": over(
        'statement = "NATO Secretary-General Mark Rutte said on Monday',
        f'statement = "{"s" * 2000} NATO Secretary-General Mark Rutte said on Monday',
        "'statement' is 2,",
    ),
    "long excerpt": over(
        'excerpt = "The move marks',
        f'excerpt = "{"e" * 2000} The move marks',
        "characters long; the limit is 2,000",
    ),
    "long quote": over(
        'quote = "a significant escalation"',
        f'quote = "{"q" * 2001}"',
        "'quote' is 2,001 characters long; the limit is 2,000",
    ),
    "long phrasing": over(
        '"Is the war expanding?"',
        f'"{"p" * 300}?"',
        "is 301 characters long; the limit is 300",
    ),
    "long fact id": over(
        'id = "rutte-dangerous-expansion"',
        f'id = "rutte-{"d" * 60}"',
        "'id' is 66 characters long; the limit is 64",
    ),
    "long entity id": over('id = "rutte"', f'id = "{"r" * 65}"', "the limit is 64"),
    "many phrasings": over(
        '"Is the war expanding?"',
        ", ".join(f'"Is the war expanding, take {i}?"' for i in range(101)),
        f"'phrasings' has {PHRASINGS_BESIDE_EXPANDING + 101} entries; the limit is 100",
    ),
}


@pytest.mark.parametrize(("edit", "expected"), OVER_LIMIT.values(), ids=OVER_LIMIT.keys())
def test_a_field_past_its_limit_is_refused_naming_the_limit(tmp_path, edit, expected):
    old, new = edit
    assert old in SHEET_TEXT
    problems = problems_of(write(tmp_path, SHEET_TEXT.replace(old, new, 1)))
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(("name", "count"), [("MAX_FACTS", 18), ("MAX_ENTITIES", 25)])
def test_more_facts_or_entities_than_the_limit_are_refused(tmp_path, monkeypatch, name, count):
    import bot.sheet.loading as loading

    monkeypatch.setattr(loading, name, count - 1)
    problems = problems_of(write(tmp_path, SHEET_TEXT))
    assert any(f"has {count} " in p and f"the limit is {count - 1}" in p for p in problems)


@pytest.mark.parametrize("depth", [12, 5000], ids=["deeper than allowed", "deeper than Python"])
def test_arrays_nested_too_deep_are_refused_naming_the_limit(tmp_path, depth):
    nested = "[" * depth + "]" * depth
    problems = problems_of(write(tmp_path, f"deep = {nested}\n{SHEET_TEXT}"))
    assert any("nested deeper than 8 levels" in p for p in problems), problems


def test_a_sheet_over_2_mb_is_refused_before_it_is_read(tmp_path):
    padding = "#" * (2 * 1024 * 1024)
    problems = problems_of(write(tmp_path, f"{SHEET_TEXT}\n{padding}\n"))
    assert problems == [
        f"{tmp_path / 'sheet.toml'}: file: is 2.0 MB "
        f"({len(SHEET_TEXT.encode()) + len(padding) + 2:,} "
        "bytes); a sheet may be at most 2 MB"
    ]


# ------------------------------------------------------------ a sheet cut short
MISSING_END = "the sheet does not end with the line [end]"


def test_a_sheet_cut_short_at_any_table_is_refused(tmp_path):
    # A partial copy or save is still valid TOML: cut before the last fact, it would load as a
    # sheet one fact smaller, with nothing to say so.
    cuts = [m.start() + 1 for m in re.finditer(r"\n\[", SHEET_TEXT)]
    assert len(cuts) > 40
    for cut in cuts:
        problems = problems_of(write(tmp_path, SHEET_TEXT[:cut]))
        assert any(MISSING_END in p for p in problems), (SHEET_TEXT[cut : cut + 40], problems)


def test_a_sheet_without_end_is_told_how_to_add_it(tmp_path):
    complete = SHEET_TEXT[: SHEET_TEXT.rindex("[end]")]
    problems = problems_of(write(tmp_path, complete))
    assert problems == [
        f"{tmp_path / 'sheet.toml'}: end: {MISSING_END}, so it may have been cut short (a "
        "partial copy or save). If it is complete, add [end] as its last line."
    ]


def test_a_fact_after_end_is_refused_naming_the_line(tmp_path):
    last_fact = SHEET_TEXT[SHEET_TEXT.rindex("[[facts]]") : SHEET_TEXT.rindex("[end]")]
    extra = last_fact.replace('id = "', 'id = "another-', 1)
    text = f"{SHEET_TEXT}\n{extra}"
    problems = problems_of(write(tmp_path, text))
    line = text.count("\n", 0, text.rindex("]")) + 1
    assert any(
        f"line {line}: only blank lines and comments may follow [end]" in p for p in problems
    ), problems


def test_end_holds_nothing_but_may_be_followed_by_comments(tmp_path):
    assert load_sheet(write(tmp_path, f"{SHEET_TEXT}\n# curated 2026-11-30\n\n"))
    problems = problems_of(write(tmp_path, f"{SHEET_TEXT}facts = 18\n"))
    assert any("end: [end] holds nothing" in p for p in problems), problems
