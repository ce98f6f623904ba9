"""Plain English paraphrases that hold for any story, merged with a sheet's own synonyms."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources


@cache
def english_synonyms() -> tuple[tuple[str, ...], ...]:
    """The general groups shipped with the bot (read once, on first use)."""
    text = resources.files("bot.engine").joinpath("english.toml").read_text(encoding="utf-8")
    return tuple(tuple(group) for group in tomllib.loads(text)["synonyms"])


def merged_synonyms(
    story: Sequence[Sequence[str]], general: Iterable[Sequence[str]]
) -> tuple[tuple[str, ...], ...]:
    """The sheet's groups, each widened by every general group it shares a word with.

    A general group that meets no story group stands on its own. A story group keeps its first
    word, so the sheet's terms read the same; two story groups are never joined through a
    general one (the sheet keeps them apart on purpose).
    """
    groups = [list(group) for group in story]
    owner = {word: index for index, group in enumerate(groups) for word in group}
    for extra in general:
        met = sorted({owner[word] for word in extra if word in owner})
        if len(met) > 1:
            continue  # it would join two of the sheet's ideas into one
        if met:
            index = met[0]
        else:
            index = len(groups)
            groups.append([])
        for word in extra:
            if word not in owner:
                owner[word] = index
                groups[index].append(word)
    return tuple(tuple(group) for group in groups if group)


@cache
def general_phrases() -> frozenset[str]:
    """The multi-word entries of the general groups and the framing phrases, as read text."""
    from bot.engine.language import FRAMING
    from bot.engine.text import clean, tokens

    entries = [w for group in english_synonyms() for w in group] + list(FRAMING)
    return frozenset(
        " ".join(words) for words in (tokens(clean(e)) for e in entries) if len(words) > 1
    )
