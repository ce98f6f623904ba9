"""The offline CLI, run as a user runs it: `python -m bot ask|facts|check`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import DEFAULT_KNOWLEDGE_PATH
from bot.sheet import load_sheet

ROOT = Path(__file__).resolve().parents[1]


def cache_env() -> dict[str, str]:
    """The test's own cache folder (see conftest), so no run writes to the user's."""
    return {"XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}


def run(*args: str, stdin: str = "", env_extra: dict[str, str] | None = None):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **cache_env(), **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def run_bytes(*args: str, stdin: bytes, env_extra: dict[str, str] | None = None):
    """Run the CLI on raw bytes, as a pipe delivers them; stdout and stderr stay bytes too."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DISCORD_TOKEN": "", **cache_env()}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**env, **(env_extra or {})},
        timeout=60,
    )


def test_ask_json_has_the_documented_shape():
    result = run("ask", "--json", "How many soldiers did the Pentagon say North Korea sent?")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) >= {"question", "answered", "score", "fact", "alternatives"}
    assert answer["answered"] is True
    assert {"id", "statement", "speaker", "role", "quote", "status"} <= set(answer["fact"])
    assert answer["fact"]["speaker"] == "Sabrina Singh"
    assert "10,000" in answer["fact"]["quote"]
    assert all(set(alt) == {"id", "score"} for alt in answer["alternatives"])


def test_ask_json_names_the_part_of_a_question_the_article_does_not_answer():
    result = run("ask", "--json", "When did Rutte speak, and how many soldiers have died?")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answered"] is True
    assert answer["unanswered"] == ["how many soldiers have died?"]


def test_ask_json_abstention_names_the_nearest_fact():
    result = run(
        "ask",
        "--json",
        "Did China send troops to Kursk too?",
    )
    answer = json.loads(result.stdout)
    assert answer["answered"] is False and answer["fact"] is None
    assert answer["nearest"]["id"] == "rutte-confirms-troops-in-kursk"
    assert 0 < answer["nearest"]["score"] < 100


def test_ask_reads_one_question_per_line_and_answers_in_order():
    questions = ["Who confirmed troops in Kursk?", "What's the weather in Paris?", "???"]
    result = run("ask", "--json", "-", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == questions
    assert answers[0]["fact"]["speaker"] == "Mark Rutte"
    assert [a["answered"] for a in answers[1:]] == [False, False]
    assert answers[1]["fact"] is None and answers[1]["suggestions"]


def test_ask_as_text_cites_the_speaker():
    result = run("ask", "what", "did", "zelensky", "say", "about", "the", "battlefield")
    assert result.returncode == 0, result.stderr
    assert "Volodymyr Zelenskyy" in result.stdout and "within days" in result.stdout


def test_facts_json_lists_every_fact_in_order():
    result = run("facts", "--json")
    assert result.returncode == 0, result.stderr
    listed = [f["id"] for f in json.loads(result.stdout)]
    assert listed == [f.id for f in load_sheet(DEFAULT_KNOWLEDGE_PATH).facts]


def test_check_passes_on_the_real_sheet_against_the_article(article):
    result = run("check", "--source", str(article))
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def broken_sheet(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = DEFAULT_KNOWLEDGE_PATH.read_text(encoding="utf-8")
    for old, new in edits:
        text = text.replace(old, new)
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_lists_every_problem_and_exits_1(tmp_path):
    broken = broken_sheet(
        tmp_path,
        ('status = "estimate"', 'status = "rumour"'),
        ('status = "confirmed"', 'status = "sure"'),
    )
    result = run("check", env_extra={"KNOWLEDGE_PATH": str(broken)})
    assert result.returncode == 1
    assert "unknown status 'rumour'" in result.stderr
    assert "unknown status 'sure'" in result.stderr


def test_check_against_the_article_names_a_quote_not_in_it(tmp_path, article):
    broken = broken_sheet(tmp_path, ("significant escalation", "major escalation"))
    result = run("--knowledge", str(broken), "check", "--source", str(article))
    assert result.returncode == 1
    assert "quote is not verbatim" in result.stderr
    assert "rutte-significant-escalation" in result.stderr


def test_check_says_when_a_sheets_article_is_not_where_it_says(tmp_path):
    # A typo in `article` used to pass in silence, and with it every made-up quote.
    broken = broken_sheet(tmp_path, ('article = "', 'article = "missing/'))
    result = run("--knowledge", str(broken), "check")
    assert result.returncode == 0, result.stderr  # a fresh clone has no articles beside it
    assert "quotes not verified: its article" in result.stdout and "missing/" in result.stdout


# Variables only the Discord bot reads, each with a value it cannot use.
BAD_DISCORD_SETTINGS = {
    "ADMIN_USER_IDS": "12,abc",
    "DISCORD_GUILD_ID": "my-server",
    "ANSWER_CHANNEL_IDS": "general",
    "SHARD_COUNT": "0",
    "SHARD_IDS": "3",
    "LOG_LEVEL": "loud",
}


@pytest.mark.parametrize("command", ["run", "sync"])
def test_a_bad_discord_setting_stops_the_bot_naming_the_variable(command):
    result = run(command, env_extra={"ADMIN_USER_IDS": "12,abc"})
    assert result.returncode == 1
    assert "Configuration error: ADMIN_USER_IDS" in result.stderr


@pytest.mark.parametrize(
    "args", [("check",), ("facts",), ("ask", "kursk?")], ids=lambda args: args[0]
)
def test_offline_commands_run_whatever_the_discord_settings(args):
    result = run(*args, env_extra=BAD_DISCORD_SETTINGS)
    assert result.returncode == 0, result.stderr
    assert result.stdout and not result.stderr


def test_offline_commands_never_import_discord():
    code = (
        "import sys, runpy, io, contextlib\n"
        "sys.argv = ['bot', 'ask', 'kursk?']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        runpy.run_module('bot', run_name='__main__')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert 'discord' not in sys.modules, 'discord was imported'\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.stdout.strip() == "clean", result.stderr


# Python's own stdio settings a user may have: the default (C.UTF-8 here, which lets bad bytes
# through), strict UTF-8 (which raises on them) and ASCII (which cannot print a curly quote).
STDIO_SETTINGS = [{}, {"PYTHONIOENCODING": "utf-8"}, {"PYTHONIOENCODING": "ascii"}]
NOT_UTF8 = b"Who confirmed troops in Kursk?\n\xff\xfe Rutte \xc3(\n\nWho is Sabrina Singh?\n"


@pytest.mark.parametrize("env", STDIO_SETTINGS, ids=["default", "strict", "ascii"])
def test_ask_json_answers_every_line_of_invalid_utf8_as_valid_utf8(env):
    result = run_bytes("ask", "--json", "-", stdin=NOT_UTF8, env_extra=env)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stderr == b""
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [a["question"] for a in answers] == [
        "Who confirmed troops in Kursk?",
        "\ufffd\ufffd Rutte \ufffd(",
        "",
        "Who is Sabrina Singh?",
    ]
    assert answers[0]["fact"]["speaker"] == "Mark Rutte"
    assert answers[3]["fact"]["speaker"] == "Sabrina Singh"


def test_ask_as_text_answers_invalid_utf8_lines_without_a_traceback():
    result = run_bytes("ask", "-", stdin=NOT_UTF8, env_extra={"PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("utf-8")
    assert out.count("Mark Rutte") >= 2 and "Sabrina Singh" in out


def test_the_piped_console_answers_invalid_utf8_lines_without_a_traceback():
    stdin = b"/who \xff\xfe\n/who nato\n"
    result = run_bytes(stdin=stdin, env_extra={"PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("utf-8")
    assert "Nobody by that name" in out and "Mark Rutte" in out


def test_a_question_argument_of_invalid_utf8_is_read_with_replacement_characters():
    question = b"\xffwho confirmed troops in kursk?".decode("utf-8", "surrogateescape")
    result = run_bytes("ask", "--json", question, stdin=b"")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    answer = json.loads(result.stdout.decode("utf-8"))
    assert answer["question"] == "\ufffdwho confirmed troops in kursk?"
    assert answer["fact"]["speaker"] == "Mark Rutte"


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("ask", "kursk"), b""),
        (("ask", "--json", "-"), b"kursk?\nwho is rutte?\n"),
        (("facts", "--json"), b""),
        (("facts",), b""),
        (("check",), b""),
        ((), b"/who nato\n/claims\n"),
    ],
    ids=["ask", "ask-json-stdin", "facts-json", "facts", "check", "console"],
)
def test_output_into_a_closed_pipe_ends_quietly(args, stdin):
    # As `... | head -1` does once it has its line: the reader is gone before the bot writes.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            stdout=writer,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={
                "PATH": "/usr/bin:/bin",
                "PYTHONPATH": str(ROOT),
                "DISCORD_TOKEN": "",
                **cache_env(),
            },
            timeout=60,
        )
    finally:
        os.close(writer)
    assert result.stderr == b""
    assert result.returncode == 1


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_a_sheet_that_is_not_a_regular_file_is_refused_unread(fifo):
    for sheet in (str(fifo), "/dev/zero"):
        result = run("--knowledge", sheet, "check")
        assert result.returncode == 1
        assert f"{sheet}: file: not a regular file" in result.stderr
        assert "Traceback" not in result.stderr


def test_an_article_that_is_not_a_regular_file_is_refused_unread(fifo):
    for article in (str(fifo), "/dev/zero"):
        result = run("check", "--source", article)
        assert result.returncode == 1
        assert f"{article}: file: not a regular file" in result.stderr
        assert "Traceback" not in result.stderr


def test_an_article_that_is_not_utf8_is_refused_with_a_clear_message(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes("Rutte said \u201chello\u201d.\n".encode("cp1252"))
    result = run("check", "--source", str(article))
    assert result.returncode == 1
    assert f"{article}: file: not UTF-8 text (byte 0x93 at offset 11)" in result.stderr
    assert "Traceback" not in result.stderr
