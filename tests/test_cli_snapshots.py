"""A cold `ask` answers from the engine an earlier `ask` saved, and never from a stale one."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import APP_NAME, DEFAULT_KNOWLEDGE_PATH

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "How many soldiers did the Pentagon say North Korea sent?"


def ask(question: str, *options: str, env_extra: dict[str, str] | None = None):
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        **(env_extra or {}),
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", *options, "ask", "--json", question],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    return result


def cache_folder() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / APP_NAME


def snapshots() -> list[Path]:
    return sorted(cache_folder().glob("*.engine")) if cache_folder().is_dir() else []


@pytest.fixture
def story(tmp_path: Path, article: Path) -> Path:
    """A copy of the real sheet, with a copy of its article, that a test may edit."""
    text = DEFAULT_KNOWLEDGE_PATH.read_text(encoding="utf-8")
    (tmp_path / "article.txt").write_bytes(article.read_bytes())
    text = text.replace('article = "../../shared/source/article.txt"', 'article = "article.txt"')
    path = tmp_path / "story.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_second_ask_answers_as_the_first_from_the_saved_engine():
    first = ask(QUESTION)
    assert first.returncode == 0, first.stderr
    assert len(snapshots()) == 1
    second = ask(QUESTION)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert "10,000" in json.loads(second.stdout)["fact"]["quote"]


def test_cache_dir_off_keeps_no_engine():
    result = ask(QUESTION, env_extra={"CACHE_DIR": "off"})
    assert result.returncode == 0, result.stderr
    assert snapshots() == []


def test_an_edited_sheet_is_answered_from_at_once(story):
    assert ask(QUESTION, "--knowledge", str(story)).returncode == 0
    text = story.read_text(encoding="utf-8")
    said = 'statement = "On Monday, Deputy Pentagon Press Secretary Sabrina Singh said'
    story.write_text(text.replace(said, f"{said} (as edited)"), "utf-8")
    answer = json.loads(ask(QUESTION, "--knowledge", str(story)).stdout)
    assert "(as edited)" in answer["fact"]["statement"]


def test_an_article_changed_under_a_saved_sheet_is_checked_again(story):
    assert ask(QUESTION, "--knowledge", str(story)).returncode == 0
    article = story.parent / "article.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("significant escalation", "major escalation"), "utf-8")
    result = ask(QUESTION, "--knowledge", str(story))
    assert result.returncode == 1
    assert "rutte-significant-escalation" in result.stderr


def test_a_taught_phrasing_is_answered_at_once(story):
    question = "what did the puppy say"
    assert not json.loads(ask(question, "--knowledge", str(story)).stdout)["answered"]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "KNOWLEDGE_PATH": str(story)}
    env["XDG_STATE_HOME"] = os.environ["XDG_STATE_HOME"]
    taught = subprocess.run(
        [sys.executable, "-m", "bot", "teach", question, "singh-10000-training-eastern-russia"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert taught.returncode == 0, taught.stderr
    answer = json.loads(ask(question, "--knowledge", str(story)).stdout)
    assert answer["answered"] and answer["fact"]["id"] == "singh-10000-training-eastern-russia"


def test_a_damaged_snapshot_is_rebuilt_not_trusted():
    expected = json.loads(ask(QUESTION).stdout)
    (snapshot,) = snapshots()
    snapshot.write_bytes(snapshot.read_bytes()[:1000])
    result = ask(QUESTION)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


class _Planted:
    """A pickle that runs code as it is read."""

    def __reduce__(self):
        return (print, ("planted code ran",))


def test_a_folder_others_can_write_to_is_never_read():
    assert ask(QUESTION).returncode == 0
    (snapshot,) = snapshots()
    snapshot.write_bytes(pickle.dumps(_Planted()))
    cache_folder().chmod(0o777)
    result = ask(QUESTION)
    assert result.returncode == 0, result.stderr
    assert "planted" not in result.stdout
    assert "10,000" in json.loads(result.stdout)["fact"]["quote"]
