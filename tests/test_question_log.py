"""The question log: written off the caller's thread, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import time

from bot.app.gaps import gap_groups, log_entries, log_entry, since
from bot.engine.matching import AnswerEngine
from bot.store.db import DatabaseError
from bot.store.question_log import LoggedQuestion, QuestionLog


def entry(question: str, *, answered: bool = False, score: float = 0.0, **extra) -> LoggedQuestion:
    return LoggedQuestion(
        story="s", source="slash", question=question, answered=answered, score=score, **extra
    )


def test_a_question_is_stored_with_its_outcome_and_no_user(database, sheet):
    qlog = QuestionLog(database, retention_days=90)
    answer = AnswerEngine(sheet).answer("How many troops did North Korea send?")
    key = qlog.record(
        log_entry(answer, story="s", source="slash", version="abc", guild_id=1, channel_id=2)
    )
    assert qlog.flush()
    (row,) = qlog.rows("s", since(1))
    assert row.entry_key == key and row.answered and row.fact_ids == (answer.fact.id,)
    assert row.score == round(answer.score, 2)
    columns = database.execute("SELECT * FROM question_log")[0]
    assert 1 in columns and 2 in columns and "abc" in columns  # guild, channel, sheet version
    qlog.close()


def test_a_half_answered_question_logs_its_unanswered_part_as_a_miss(database, sheet):
    qlog = QuestionLog(database, retention_days=90)
    answer = AnswerEngine(sheet).answer("When did Rutte speak, and how many soldiers have died?")
    for logged in log_entries(answer, story="s", source="slash", version="abc"):
        qlog.record(logged)
    assert qlog.flush()
    rows = qlog.rows("s", since(1))
    assert [(r.question, r.answered) for r in rows] == [
        ("When did Rutte speak, and how many soldiers have died?", True),
        ("how many soldiers have died?", False),
    ]
    assert [g.example for g in gap_groups(rows)] == ["how many soldiers have died?"]
    qlog.close()


def test_votes_are_counted_and_changeable(database):
    qlog = QuestionLog(database, retention_days=90)
    key = qlog.record(entry("q", answered=True, score=90))
    qlog.vote(key, 1, 0)
    qlog.vote(key, -1, 1)  # the same member changes their mind
    qlog.flush()
    assert qlog.votes(key) == (0, 1)
    qlog.close()


def test_old_questions_are_pruned(database):
    qlog = QuestionLog(database, retention_days=30)
    qlog.record(entry("old", asked_at="2000-01-01 00:00:00"))
    qlog.record(entry("new"))
    qlog.flush()
    assert qlog.prune() == 1
    assert [r.question for r in qlog.rows("s", "")] == ["new"]
    qlog.close()


def test_a_failing_database_warns_once_and_recording_never_raises(database, caplog):
    qlog = QuestionLog(database, retention_days=90)

    def full_disk(*args):
        raise DatabaseError("database or disk is full")

    database.execute_many = full_disk
    with caplog.at_level(logging.WARNING):
        for n in range(5):
            qlog.record(entry(f"q{n}"))
        qlog.flush()
    warnings = [r for r in caplog.records if "not being logged" in r.getMessage()]
    assert len(warnings) == 1
    assert "disk is full" in warnings[0].getMessage()
    qlog.close()


def test_recording_does_not_wait_for_the_database(database):
    qlog = QuestionLog(database, retention_days=90)
    slow = database.execute_many

    def crawl(*args):
        time.sleep(0.2)
        return slow(*args)

    database.execute_many = crawl
    started = time.perf_counter()
    for n in range(50):
        qlog.record(entry(f"q{n}"))
    assert time.perf_counter() - started < 0.05
    qlog.flush()
    assert len(qlog.rows("s", "")) == 50
    qlog.close()


def test_gaps_group_near_duplicates_most_frequent_first(database):
    qlog = QuestionLog(database, retention_days=90)
    for text in ("How is Putin faring?", "how is putin faring", "How's Putin faring??"):
        qlog.record(entry(text, nearest_id="rutte-putin-growing-desperation"))
    qlog.record(entry("Who won the war?"))
    qlog.record(entry("answered well", answered=True, score=95))
    weak = qlog.record(entry("answered weakly", answered=True, score=40, fact_ids=("f1",)))
    disliked = qlog.record(entry("answered but wrong", answered=True, score=95, fact_ids=("f2",)))
    qlog.vote(disliked, 0, 1)
    qlog.flush()
    groups = gap_groups(qlog.rows("s", since(7)))
    assert [g.count for g in groups] == [3, 1, 1, 1]
    assert groups[0].facts == ("rutte-putin-growing-desperation",)
    reasons = {g.example: g.reasons for g in groups}
    assert reasons["answered weakly"] == ("low-confidence",)
    assert reasons["answered but wrong"] == ("thumbs-down",)
    assert "answered well" not in reasons
    qlog.resolve([weak], "dismissed")
    assert "answered weakly" not in {g.example for g in gap_groups(qlog.rows("s", since(7)))}
    qlog.close()


def test_a_new_log_prunes_what_is_past_retention_at_start(database):
    first = QuestionLog(database, retention_days=30)
    first.record(entry("old", asked_at="2000-01-01 00:00:00"))
    first.close()
    second = QuestionLog(database, retention_days=30)
    second.flush()
    assert second.rows("s", "") == []
    second.close()
