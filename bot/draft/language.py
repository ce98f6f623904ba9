"""The drafter's language data (bot/draft/words.toml): general English and geography."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def words() -> dict[str, Any]:
    """The drafter's language data (bot/draft/words.toml), read once."""
    text = resources.files("bot.draft").joinpath("words.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def lower_set(key: str) -> frozenset[str]:
    """One word list of words.toml's [words], lowercased."""
    return frozenset(w.lower() for w in words()["words"][key])


@cache
def country_names() -> dict[str, str]:
    """Every way of naming a country -> its canonical name."""
    names: dict[str, str] = {}
    for name, aliases in words()["countries"].items():
        names[name] = name
        for alias in aliases:
            names[alias] = name
    return names
