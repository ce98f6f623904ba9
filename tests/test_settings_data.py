"""The data settings: where the bot keeps its own data, and bad values named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_RETENTION_DAYS, Settings, SettingsError


def test_data_lives_in_the_xdg_state_folder_by_default(tmp_path):
    settings = Settings.from_env({"XDG_STATE_HOME": str(tmp_path)}, discord=False)
    assert settings.data_dir == tmp_path / "newsfact-bot"
    assert settings.database_url is None and settings.question_log
    assert settings.log_retention_days == DEFAULT_RETENTION_DAYS


def test_a_relative_xdg_state_home_is_ignored_as_the_spec_says():
    settings = Settings.from_env({"XDG_STATE_HOME": "relative/state"}, discord=False)
    assert settings.data_dir == Path.home() / ".local" / "state" / "newsfact-bot"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("QUESTION_LOG", "maybe"),
        ("DATABASE_URL", "mysql://x@y/z"),
        ("LOG_RETENTION_DAYS", "-3"),
    ],
)
def test_a_bad_data_setting_is_named(variable, value):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({variable: value}, discord=False)
    assert caught.value.variable == variable


def test_built_engines_are_cached_in_the_xdg_cache_folder_by_default(tmp_path):
    settings = Settings.from_env({"XDG_CACHE_HOME": str(tmp_path)}, discord=False)
    assert settings.cache_dir == tmp_path / "newsfact-bot"
    relative = Settings.from_env({"XDG_CACHE_HOME": "relative/cache"}, discord=False)
    assert relative.cache_dir == Path.home() / ".cache" / "newsfact-bot"


@pytest.mark.parametrize(
    ("value", "expected"), [("off", None), ("OFF", None), ("/srv/c", "/srv/c")]
)
def test_cache_dir_names_the_folder_or_turns_the_cache_off(value, expected):
    settings = Settings.from_env({"CACHE_DIR": value}, discord=False)
    assert settings.cache_dir == (Path(expected) if expected else None)
