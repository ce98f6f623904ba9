"""Plain English paraphrases that hold for any story, merged with a sheet's own synonyms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from bot.engine.data import load_toml_data


@cache
def english_synonyms() -> tuple[tuple[str, ...], ...]:
    """The general groups shipped with the bot (read once, on first use)."""
    return tuple(tuple(group) for group in load_toml_data("english.toml")["synonyms"])


@dataclass(frozen=True)
class SynonymMerge:
    """The groups the engine reads, and how the general groups went into them."""

    groups: tuple[tuple[str, ...], ...]
    # For each of the sheet's groups, in order: the general words it took in.
    added: tuple[tuple[str, ...], ...]
    # General groups left out, each with the heads of the sheet groups it would have joined.
    left_out: tuple[tuple[str, tuple[str, ...]], ...]
    # General groups that met no sheet group and stand on their own.
    standalone: int


def merge_synonyms(
    story: Sequence[Sequence[str]], general: Iterable[Sequence[str]]
) -> SynonymMerge:
    """The sheet's groups, each widened by every general group it shares a word with.

    A general group that meets no story group stands on its own. A story group keeps its first
    word, so the sheet's terms read the same; two story groups are never joined through a
    general one (the sheet keeps them apart on purpose).
    """
    sheet_groups = len(story)
    groups = [list(group) for group in story]
    owner = {word: index for index, group in enumerate(groups) for word in group}
    left_out: list[tuple[str, tuple[str, ...]]] = []
    for extra in general:
        met = sorted({owner[word] for word in extra if word in owner})
        if len(met) > 1:
            # It would join two of the sheet's ideas into one (or two groups it widened).
            left_out.append((extra[0], tuple(groups[i][0] for i in met)))
            continue
        if met:
            index = met[0]
        else:
            index = len(groups)
            groups.append([])
        for word in extra:
            if word not in owner:
                owner[word] = index
                groups[index].append(word)
    added = tuple(
        tuple(group[len(original) :])
        for group, original in zip(groups[:sheet_groups], story, strict=True)
    )
    return SynonymMerge(
        groups=tuple(tuple(group) for group in groups if group),
        added=added,
        left_out=tuple(left_out),
        standalone=len(groups) - sheet_groups,
    )


def merged_synonyms(
    story: Sequence[Sequence[str]], general: Iterable[Sequence[str]]
) -> tuple[tuple[str, ...], ...]:
    """The groups the engine reads: the sheet's, widened by the general ones (`merge_synonyms`)."""
    return merge_synonyms(story, general).groups


@cache
def general_phrases() -> frozenset[str]:
    """The multi-word entries of the general groups and the framing phrases, as read text."""
    from bot.engine.language import FRAMING
    from bot.engine.text import clean, tokens

    entries = [w for group in english_synonyms() for w in group] + list(FRAMING)
    return frozenset(
        " ".join(words) for words in (tokens(clean(e)) for e in entries) if len(words) > 1
    )
