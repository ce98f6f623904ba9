"""Taught phrasings: validated, stored atomically (file) or shared (database), live at once."""

from __future__ import annotations

import pytest

from bot.app.service import AnswerService
from bot.sheet import SheetError
from bot.store.learned import (
    DatabaseOverlay,
    FileOverlay,
    Learned,
    LearnError,
    Overlay,
    parse_overlay,
    render_overlay,
)
from bot.store.overlay_file import overlay_path

MISS = "How is Putin faring?"
FACT = "rutte-putin-growing-desperation"


@pytest.fixture
def service(sheet_copy):
    return AnswerService.open(sheet_copy, FileOverlay(overlay_path(sheet_copy)))


def test_a_taught_question_is_answered_at_once_and_lands_in_the_file(service, sheet_copy):
    assert not service.engine.answer(MISS).answered
    service.teach(MISS, FACT)
    answer = service.engine.answer(MISS)
    assert answer.answered and answer.fact.id == FACT
    assert service.engine.answer("how is putin faring").fact.id == FACT
    text = overlay_path(sheet_copy).read_text()
    assert FACT in text and MISS in text
    # A restart (a new service over the same files) keeps it.
    again = AnswerService.open(sheet_copy, FileOverlay(overlay_path(sheet_copy)))
    assert again.engine.answer(MISS).fact.id == FACT


def test_a_taught_question_that_only_names_a_place_leaves_the_bare_name_ambiguous(service):
    # "where is kursk oblast exactly" reads as nothing but Kursk: were it a phrasing of the
    # Pentagon's Kursk fact, "kursk?" would get that fact alone, with no other to choose from.
    before = service.engine.answer("kursk?")
    service.teach("where is kursk oblast exactly", "singh-concern-combat-kursk")
    assert service.engine.answer("Where is Kursk oblast, exactly?").fact.id == (
        "singh-concern-combat-kursk"
    )
    after = service.engine.answer("kursk?")
    assert after.fact.id == before.fact.id
    assert [m.fact.id for m in after.alternatives] == [m.fact.id for m in before.alternatives]


def test_not_in_the_article_keeps_refusing(service):
    question = "Who sent the troops to Kursk?"
    assert service.engine.answer(question).answered
    service.teach(question)
    answer = service.engine.answer(question)
    assert not answer.answered and answer.reason == "not-in-article"
    assert answer.nearest is not None  # the reader still sees what the article does say


@pytest.mark.parametrize(
    ("question", "fact", "message"),
    [
        ("x" * 5000, FACT, "too long to teach"),
        ("what about **this**", FACT, "plain words"),
        ("hey @everyone what now", FACT, "mentions"),
        ("hi <@123456789>", FACT, "mentions"),
        ("   ?!  ", FACT, "no words"),
        ("a fine question", "no-such-fact", "There is no fact 'no-such-fact'"),
    ],
)
def test_bad_teaching_is_refused_clearly_and_changes_nothing(
    service, sheet_copy, question, fact, message
):
    before = service.engine
    with pytest.raises(LearnError, match=message):
        service.teach(question, fact)
    assert service.engine is before
    assert not overlay_path(sheet_copy).exists()


def test_a_corrupt_overlay_is_refused_by_name_and_the_live_sheet_stays(service, sheet_copy):
    service.teach(MISS, FACT)
    live = service.engine
    overlay_path(sheet_copy).write_text('story = "north-korean-troops-russia"\n[[phrasing]]\n')
    result = service.reload()
    assert not result.ok
    assert "sheet.learned.toml" in str(result.problems[0])
    assert service.engine is live
    with pytest.raises(LearnError, match="corrupt"):
        service.teach("another question", FACT)
    with pytest.raises(SheetError):
        AnswerService.open(sheet_copy, FileOverlay(overlay_path(sheet_copy)))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x = " + "[" * 5000 + "]" * 5000, "nested deeper than"),
        ("x = " + "{a=" * 3000 + "1" + "}" * 3000, "nested deeper than"),
        ("y" + ".a" * 20_000 + " = 1", "dotted parts"),
    ],
    ids=["deep arrays", "deep tables", "runaway dotted key"],
)
def test_an_overlay_too_deep_to_parse_is_refused_and_the_live_sheet_stays(
    service, sheet_copy, body, message
):
    # Each once ended a reload (or the bot's start) in a traceback, or took seconds and GBs.
    live = service.engine
    overlay_path(sheet_copy).write_text(f'story = "north-korean-troops-russia"\n{body}\n')
    result = service.reload()
    assert not result.ok and message in str(result.problems[0])
    assert service.engine is live


def test_an_overlay_naming_a_fact_the_sheet_lacks_is_a_problem(sheet_copy):
    overlay_path(sheet_copy).write_text(
        render_overlay(Overlay("north-korean-troops-russia", (Learned("q", "gone-fact"),)))
    )
    with pytest.raises(SheetError, match="gone-fact"):
        AnswerService.open(sheet_copy, FileOverlay(overlay_path(sheet_copy)))


def test_the_file_round_trips_and_leaves_no_temp_files(tmp_path):
    overlay = Overlay("s", (Learned('say "hi"?', "f", "t"), Learned("no \\ way", "", "t")))
    store = FileOverlay(tmp_path / "s.learned.toml")
    store.save(overlay, overlay.entries[0])
    assert store.load("s") == overlay
    assert [p.name for p in tmp_path.iterdir()] == ["s.learned.toml"]
    assert parse_overlay(render_overlay(overlay), "x") == overlay


def test_a_failed_write_changes_nothing(service, sheet_copy, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("bot.store.learned.os.fsync", full_disk)
    before = service.engine
    with pytest.raises(OSError):
        service.teach(MISS, FACT)
    assert service.engine is before
    assert list(sheet_copy.parent.glob("*.learned.toml*")) == []
    assert [p for p in sheet_copy.parent.iterdir() if p.name.startswith(".")] == []


def test_the_database_overlay_is_shared_and_live(database, sheet_copy):
    first = AnswerService.open(sheet_copy, DatabaseOverlay(database))
    first.teach(MISS, FACT)
    first.teach(MISS, FACT)  # teaching twice keeps one entry
    second = AnswerService.open(sheet_copy, DatabaseOverlay(database))
    assert second.engine.answer(MISS).fact.id == FACT
    assert len(DatabaseOverlay(database).load("north-korean-troops-russia").entries) == 1


def test_removed_entries_leave_the_database_overlay(database, sheet_copy):
    store = DatabaseOverlay(database)
    service = AnswerService.open(sheet_copy, store)
    service.teach(MISS, FACT)
    service.teach("Who sent the troops to Kursk?")
    overlay = store.load("north-korean-troops-russia")
    taught = [e for e in overlay.entries if e.fact_id]
    kept = Overlay(overlay.story, tuple(e for e in overlay.entries if not e.fact_id))
    store.remove(kept, taught)
    assert [e.question for e in store.load("north-korean-troops-russia").entries] == [
        "Who sent the troops to Kursk?"
    ]
