"""The database layer behaves the same on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest

from bot.store.db import DatabaseError, open_database


def test_a_migration_is_applied_once_and_rows_round_trip(database):
    schema = [f"CREATE TABLE notes ({database.id_column}, body TEXT NOT NULL)"]
    database.migrate("notes.1", schema)
    database.migrate("notes.1", schema)  # a second start: nothing to do, no error
    database.execute("INSERT INTO notes (body) VALUES (?)", ("first",))
    database.execute_many("INSERT INTO notes (body) VALUES (?)", [("second",), ("third",)])
    rows = database.execute("SELECT id, body FROM notes ORDER BY id")
    assert [body for _, body in rows] == ["first", "second", "third"]
    assert len({row_id for row_id, _ in rows}) == 3


def test_a_bad_statement_is_a_database_error_naming_where(database):
    with pytest.raises(DatabaseError) as caught:
        database.execute("SELECT * FROM no_such_table")
    assert database.where in str(caught.value)
    database.execute("SELECT 1")  # and the connection is still usable afterwards


def test_a_database_url_that_is_not_postgresql_is_refused_by_name(tmp_path):
    with pytest.raises(DatabaseError, match="must start with postgresql://"):
        open_database("mysql://user:secret@host/db", tmp_path)


def test_an_unreachable_postgresql_is_a_clear_error_without_the_password(tmp_path):
    with pytest.raises(DatabaseError) as caught:
        open_database("postgresql://user:hunter2@127.0.0.1:1/nothing", tmp_path)
    assert "cannot connect to PostgreSQL" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_a_data_dir_that_cannot_be_created_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseError, match="cannot open the database"):
        open_database(None, blocker / "data")
