"""`python -m bot gaps` and `teach`, and the console's questions in the log."""

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
