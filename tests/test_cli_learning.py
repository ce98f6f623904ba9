"""`python -m bot gaps`, `teach` and `fold`, and the console's questions in the log."""

from __future__ import annotations

import io
import json

from bot.cli import main
from bot.console import run_console
from bot.store.overlay_file import overlay_path


def test_console_questions_show_in_gaps_and_teach_fixes_them(
    sheet_copy, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("sys.stdin", io.StringIO("How is Putin faring?\nhow is putin faring\n"))
    assert main(["run"]) == 0
    capsys.readouterr()
    assert main(["gaps", "--json"]) == 0
    (group,) = json.loads(capsys.readouterr().out)
    assert group["count"] == 2
    assert main(["teach", "How is Putin faring?", "rutte-putin-growing-desperation"]) == 0
    assert "Taught" in capsys.readouterr().out
    assert main(["gaps", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["ask", "how is putin faring?", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fact"]["id"] == "rutte-putin-growing-desperation"
    assert main(["check"]) == 0
    assert "1 taught" in capsys.readouterr().out


def test_teach_refuses_bad_input_with_a_message(sheet_copy, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert main(["teach", "q?", "no-such-fact"]) == 1
    assert "There is no fact" in capsys.readouterr().err
    assert main(["teach", "q?"]) == 2
    assert not overlay_path(sheet_copy).exists()
    overlay_path(sheet_copy).write_text("story = [")
    assert main(["check"]) == 1
    assert "sheet.learned.toml" in capsys.readouterr().err
    assert main(["teach", "q?", "rutte-putin-growing-desperation"]) == 1
    assert overlay_path(sheet_copy).read_text() == "story = ["


def test_question_log_off_means_no_report(sheet_copy, monkeypatch, capsys):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    monkeypatch.setenv("QUESTION_LOG", "off")
    assert main(["gaps"]) == 1
    assert "QUESTION_LOG=off" in capsys.readouterr().err


def test_the_console_records_without_a_log_too(sheet_copy):
    from bot.app.service import AnswerService

    out = io.StringIO()
    run_console(AnswerService.open(sheet_copy), io.StringIO("kursk?\n"), out)
    assert "Kursk" in out.getvalue()


def test_fold_moves_taught_questions_into_the_sheet_and_keeps_its_layout(
    sheet_copy, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    before = sheet_copy.read_text(encoding="utf-8")
    assert main(["teach", "How is Putin faring?", "rutte-putin-growing-desperation"]) == 0
    assert main(["teach", "Did the Pope say anything?", "--not-in-article"]) == 0
    capsys.readouterr()
    assert main(["fold"]) == 0
    out = capsys.readouterr().out
    assert "Moved 1 taught question" in out and "1 question(s) confirmed not in the article" in out
    after = sheet_copy.read_text(encoding="utf-8")
    # Only the one question was added: every line of the sheet as curated is still there.
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ['    "How is Putin faring?",']
    assert all(line in after.splitlines() for line in before.splitlines())
    overlay = overlay_path(sheet_copy).read_text(encoding="utf-8")
    assert "How is Putin faring?" not in overlay and "Did the Pope say anything?" in overlay
    # The sheet alone now answers it, and a second fold has nothing to move.
    assert main(["--knowledge", str(sheet_copy), "ask", "how is putin faring", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fact"]["id"] == "rutte-putin-growing-desperation"
    assert main(["fold"]) == 0
    assert "Nothing to move" in capsys.readouterr().out
    assert main(["check"]) == 0


def test_fold_changes_nothing_when_the_overlay_does_not_fit_the_sheet(
    sheet_copy, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert main(["teach", "How is Putin faring?", "rutte-putin-growing-desperation"]) == 0
    sheet_before = sheet_copy.read_text(encoding="utf-8")
    overlay = overlay_path(sheet_copy)
    overlay.write_text(
        overlay.read_text(encoding="utf-8").replace("rutte-putin-growing-desperation", "gone"),
        encoding="utf-8",
    )
    overlay_before = overlay.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["fold"]) == 1
    assert "gone" in capsys.readouterr().err
    assert sheet_copy.read_text(encoding="utf-8") == sheet_before
    assert overlay.read_text(encoding="utf-8") == overlay_before


def test_questions_with_terminal_codes_are_printed_as_codes_not_obeyed(
    sheet_copy, tmp_path, monkeypatch, capsys
):
    # A logged question may carry escape sequences (Discord's ansi code blocks use them); printed
    # raw by `gaps` or `ask` they retitle the admin's window or clear the screen.
    monkeypatch.setenv("KNOWLEDGE_PATH", str(sheet_copy))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    hostile = "\x1b]0;owned\x07\x1b[2Jwhat is the weather in paris?"
    monkeypatch.setattr("sys.stdin", io.StringIO(hostile + "\n"))
    assert main(["run"]) == 0
    assert "\x1b" not in capsys.readouterr().out
    assert main(["gaps"]) == 0
    report = capsys.readouterr().out
    assert "\x1b" not in report and "\x07" not in report
    assert "\\x1b]0;owned\\x07\\x1b[2Jwhat is the weather in paris?" in report
    assert main(["ask", "who confirmed troops in kursk\x1b[2J?"]) == 0
    answer = capsys.readouterr().out
    assert "\x1b" not in answer and "kursk\\x1b[2J?" in answer
