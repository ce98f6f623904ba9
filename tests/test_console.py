"""The local console: same commands and answers as the bot, piped input answered line by line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.replies import answer_card, card_as_text
from bot.app.service import AnswerService
from bot.console import Console, run_console

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def service(sheet_copy) -> AnswerService:
    return AnswerService.open(sheet_copy)


def test_a_question_gets_the_same_card_as_the_bot(service, sheet):
    question = sheet.facts[1].phrasings[0]
    answer = service.engine.answer(question)
    assert Console(service).handle(question) == card_as_text(
        answer_card(answer, service.engine.sheet)
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/who zel", "Volodymyr Zelenskyy"),
        ("/who pentagon", "Sabrina Singh"),
        ("/who Napoleon", "Nobody by that name"),
        ("/who \U0001f4a5", "Nobody by that name"),
        ("/claims", "Every claim in the article"),
        ("/claims kursk", "Claims on Kursk"),
        ("/claims person:nato topic:significance", "Claims by Mark Rutte on Significance"),
        ("/claims person:Napoleon", "Nobody by that name"),
        ("/about", "Facts"),
        ("/help", "/claims"),
        ("/ask", "couldn't find a question"),
        ("/frobnicate", "Unknown command /frobnicate"),
        ("What is the weather on Mars?", "The article doesn't say"),
    ],
)
def test_console_commands(service, line, expected):
    assert expected in Console(service).handle(line)


def test_reload_in_the_console_reports_changes_and_refuses_a_broken_sheet(service, sheet_copy):
    console = Console(service)
    assert "Fact sheet reloaded" in console.handle("/reload")
    sheet_copy.write_text("this is [not toml", encoding="utf-8")
    refused = console.handle("/reload")
    assert "Reload refused" in refused and "line 1" in refused


def test_piped_input_answers_each_line_and_exits_at_end(service, sheet):
    question = sheet.facts[1].phrasings[0]
    stdin = io.StringIO(f"{question}\n\n/who zel\n")
    stdout = io.StringIO()
    assert run_console(service, stdin, stdout) == 0
    out = stdout.getvalue()
    assert "you>" not in out
    assert service.engine.answer(question).fact.statement in out
    assert "Volodymyr Zelenskyy" in out


def test_quit_stops_before_later_lines(service):
    stdout = io.StringIO()
    assert run_console(service, io.StringIO("/quit\n/about\n"), stdout) == 0
    assert stdout.getvalue() == ""


def test_python_m_bot_without_token_runs_the_console(tmp_path, sheet):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["DISCORD_TOKEN"] = ""
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="/who nato\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Mark Rutte" in done.stdout


def test_claims_with_an_unknown_topic_says_so_as_discord_does(service):
    from bot.console import Console

    text = Console(service).handle("/claims topic: weather")
    assert "No such topic" in text
