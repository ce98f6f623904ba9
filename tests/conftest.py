"""Shared fixtures: the real sheet, a temp copy for reload tests, and the bot under SimCord."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import discord
import pytest

from bot import create_bot
from bot.app.service import AnswerService
from bot.discord.bot import NewsBot
from bot.settings import DEFAULT_KNOWLEDGE_DIR, DEFAULT_KNOWLEDGE_PATH, Settings
from bot.sheet import FactSheet, load_sheet

# The project's shared material (the article the sheet is curated from): ../shared beside the
# checkout, or wherever NEWSFACT_SHARED says. A bare clone has none; tests that need it skip.
SHARED = Path(os.environ.get("NEWSFACT_SHARED") or Path(__file__).resolve().parents[2] / "shared")
ARTICLE = SHARED / "source" / "article.txt"


@pytest.fixture(scope="session")
def article() -> Path:
    """The article the real sheet is curated from; the test skips when it is not there."""
    if not ARTICLE.is_file():
        pytest.skip(
            f"no article at {ARTICLE}: put the shared folder beside the checkout "
            "or set NEWSFACT_SHARED to it"
        )
    return ARTICLE


@pytest.fixture(autouse=True)
def _no_dotenv(monkeypatch, tmp_path):
    """Tests never read a developer's .env or token, and never write outside tmp_path."""
    for name in (
        "DISCORD_TOKEN",
        "KNOWLEDGE_PATH",
        "ADMIN_USER_IDS",
        "DISCORD_GUILD_ID",
        "ANSWER_CHANNEL_IDS",
        "SHARD_COUNT",
        "SHARD_IDS",
        "LOG_LEVEL",
        "KNOWLEDGE_DIR",
        "DATA_DIR",
        "DATABASE_URL",
        "QUESTION_LOG",
        "LOG_RETENTION_DAYS",
        "CACHE_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def stories(tmp_path) -> Path:
    """A private copy of every story sheet, to edit and reload."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for sheet in DEFAULT_KNOWLEDGE_DIR.glob("*.toml"):
        shutil.copyfile(sheet, folder / sheet.name)
    return folder


@pytest.fixture(scope="session")
def sheet() -> FactSheet:
    """The real fact sheet, loaded once."""
    return load_sheet(DEFAULT_KNOWLEDGE_PATH)


@pytest.fixture
def sheet_copy(tmp_path) -> Path:
    """A private copy of the sheet that a test may edit and reload."""
    path = tmp_path / "sheet.toml"
    shutil.copyfile(DEFAULT_KNOWLEDGE_PATH, path)
    return path


@pytest.fixture
def world(simcord_env):
    """A server with a #news channel and two members, alice and bob."""
    guild = simcord_env.create_guild()
    channel = guild.create_text_channel("news")
    alice = guild.add_member(simcord_env.create_user("alice"))
    bob = guild.add_member(simcord_env.create_user("bob"))
    return simcord_env, guild, channel, alice, bob


def embed_text(embed: discord.Embed) -> str:
    """Everything a user reads in an embed, as one text."""
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    for field in embed.fields:
        parts += [field.name, field.value]
    return "\n".join(parts)


def build_bot(path: Path, **settings: object) -> NewsBot:
    """A bot over the sheet at `path`, with settings given here rather than from the environment."""
    return create_bot(
        settings=Settings(knowledge_path=path, **settings),
        service=AnswerService.open(path),
        handle_signals=False,
    )


@pytest.fixture
def simcord_bot(sheet_copy) -> NewsBot:
    """The bot the `simcord_env` fixture starts: real sheet (a temp copy), default settings."""
    return build_bot(sheet_copy)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """A fresh, empty database of each kind: SQLite in tmp_path, and a new PostgreSQL database
    on the server TEST_DATABASE_URL names (.ci/run starts one with scripts/postgres-test-server).
    """
    import os
    import uuid

    from bot.store.db import open_database

    if request.param == "sqlite":
        db = open_database(None, tmp_path / "data")
        yield db
        db.close()
        return
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(
            "PostgreSQL: TEST_DATABASE_URL is not set (start a server with "
            "`scripts/postgres-test-server` and export the URL it prints)"
        )
    import psycopg

    name = f"newsfact_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    db = open_database(f"{url.rsplit('/', 1)[0]}/{name}", tmp_path / "data")
    yield db
    db.close()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
