"""The engine's TOML data files, parsed once and kept parsed like bytecode."""

from __future__ import annotations

import os
import sys

import pytest

from bot.engine.data import DATA_FOLDER, PARSED_SUBFOLDER, load_toml_data

LANGUAGE_FILE = "language.toml"


@pytest.fixture
def writes_bytecode(monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _data_file(folder, text: str):
    path = folder / "words.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _parsed_files(folder):
    return sorted((folder / PARSED_SUBFOLDER).glob("words.toml.*"))


def test_a_data_file_reads_the_same_parsed_or_kept(tmp_path, writes_bytecode):
    _data_file(tmp_path, 'stopwords = ["the", "a"]\n[numbers]\nten = 10\n')
    first = load_toml_data("words.toml", tmp_path)
    assert _parsed_files(tmp_path), "the parsed form should be kept beside the file"
    assert (
        load_toml_data("words.toml", tmp_path)
        == first
        == {
            "stopwords": ["the", "a"],
            "numbers": {"ten": 10},
        }
    )


def test_a_kept_data_file_is_read_without_parsing_toml(tmp_path, writes_bytecode, monkeypatch):
    _data_file(tmp_path, 'stopwords = ["the"]\n')
    load_toml_data("words.toml", tmp_path)
    monkeypatch.setitem(sys.modules, "tomllib", None)  # any import of tomllib now fails
    assert load_toml_data("words.toml", tmp_path) == {"stopwords": ["the"]}


def test_an_edited_data_file_is_read_again_not_taken_from_the_kept_form(tmp_path, writes_bytecode):
    path = _data_file(tmp_path, 'stopwords = ["the"]\n')
    load_toml_data("words.toml", tmp_path)
    path.write_text('stopwords = ["the", "an"]\n', encoding="utf-8")
    assert load_toml_data("words.toml", tmp_path) == {"stopwords": ["the", "an"]}


def test_a_data_file_edited_to_the_same_size_is_read_again(tmp_path, writes_bytecode):
    path = _data_file(tmp_path, 'stopwords = ["aaa"]\n')
    load_toml_data("words.toml", tmp_path)
    path.write_text('stopwords = ["bbb"]\n', encoding="utf-8")
    later = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(later, later))
    assert load_toml_data("words.toml", tmp_path) == {"stopwords": ["bbb"]}


def test_a_damaged_kept_form_is_ignored_and_replaced(tmp_path, writes_bytecode):
    _data_file(tmp_path, 'stopwords = ["the"]\n')
    load_toml_data("words.toml", tmp_path)
    for kept in _parsed_files(tmp_path):
        kept.write_bytes(b"\x00not marshal at all")
    assert load_toml_data("words.toml", tmp_path) == {"stopwords": ["the"]}
    assert load_toml_data("words.toml", tmp_path) == {"stopwords": ["the"]}


def test_nothing_is_kept_when_python_writes_no_bytecode(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _data_file(tmp_path, 'stopwords = ["the"]\n')
    assert load_toml_data("words.toml", tmp_path) == {"stopwords": ["the"]}
    assert not _parsed_files(tmp_path)


def test_a_folder_where_nothing_can_be_kept_still_reads(tmp_path, writes_bytecode):
    # A file where the folder would go: writing fails as on a read-only install, even for root.
    (tmp_path / PARSED_SUBFOLDER).write_text("not a folder", encoding="utf-8")
    _data_file(tmp_path, 'stopwords = ["the"]\n')
    assert load_toml_data("words.toml", tmp_path) == {"stopwords": ["the"]}
    assert load_toml_data("words.toml", tmp_path) == {"stopwords": ["the"]}
    assert sorted(p.name for p in tmp_path.iterdir()) == [PARSED_SUBFOLDER, "words.toml"]


def test_the_shipped_language_file_parses_to_what_tomllib_reads():
    import tomllib

    text = (DATA_FOLDER / LANGUAGE_FILE).read_text(encoding="utf-8")
    assert load_toml_data(LANGUAGE_FILE) == tomllib.loads(text)
