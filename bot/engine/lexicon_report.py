"""What the engine makes of a sheet's synonym groups: merged with the general ones, and warnings.

`python -m bot lexicon` prints it, so a curator sees the groups the engine really reads and which
of their words change how a question is read (a question word, a speech verb, a name), and which
names are made only of words most questions use ("what", "the", "a").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.english import english_synonyms, merge_synonyms
from bot.engine.language import KIND_CUES, SAY_WORDS, STOPWORDS, WH_WORDS
from bot.engine.text import clean, tokens
from bot.sheet import FactSheet


@dataclass(frozen=True)
class MergedGroup:
    """One group as the engine reads it: the sheet's words, and general words it took in."""

    head: str
    sheet_words: tuple[str, ...]
    general_words: tuple[str, ...]


@dataclass(frozen=True)
class LexiconReport:
    """The merged groups, the general groups left out, and warnings about group words."""

    groups: tuple[MergedGroup, ...]
    general_only: int
    left_out: tuple[tuple[str, tuple[str, ...]], ...]  # (general group head, sheet heads it met)
    warnings: tuple[str, ...]


def lexicon_report(
    sheet: FactSheet, general: Sequence[Sequence[str]] | None = None
) -> LexiconReport:
    """How the sheet's groups merge with the general ones (as the engine merges them), and what
    a curator should know."""
    merge = merge_synonyms(sheet.synonyms, english_synonyms() if general is None else general)
    merged = tuple(
        MergedGroup(group[0], tuple(group), extra)
        for group, extra in zip(sheet.synonyms, merge.added, strict=True)
    )
    return LexiconReport(merged, merge.standalone, merge.left_out, tuple(_warnings(sheet)))


def _warnings(sheet: FactSheet) -> list[str]:
    # Each cue as written ("names", "how many"), with the first kind it marks.
    cue_kinds: dict[str, str] = {}
    for kind, cues in KIND_CUES:
        for cue in cues:
            cue_kinds.setdefault(cue, kind)
    names = {n.lower(): e.id for e in sheet.entities for n in (e.name, *e.aliases)}
    found = []
    for group in sheet.synonyms:
        head = group[0]
        if head in STOPWORDS:
            found.append(
                f"group {head!r}: its head is a word the engine ignores, so every word of it is ignored"
            )
        elif head in cue_kinds:
            found.append(
                f"group {head!r}: its head marks a {cue_kinds[head]!r} question, so every word "
                f"of the group does"
            )
        for word in group:
            if word in cue_kinds and word != head:
                found.append(
                    f"group {head!r}: {word!r} marks a {cue_kinds[word]!r} question; in this group "
                    f"it reads as {head!r} instead"
                )
            elif word in WH_WORDS and word != head:
                found.append(
                    f"group {head!r}: {word!r} is a question word; in this group it reads as "
                    f"{head!r} instead"
                )
            elif word in SAY_WORDS:
                found.append(
                    f"group {head!r}: {word!r} is a speech word; it says who spoke, not what"
                )
            elif word in names:
                found.append(
                    f"group {head!r}: {word!r} is also a name of entity {names[word]!r}; the name wins"
                )
            elif word in STOPWORDS and word != head:
                # "men" in a group for the troops: a word most questions use for nothing is,
                # in this story, what a question asks about, in every question.
                found.append(
                    f"group {head!r}: {word!r} is a word the engine ignores in general; in this "
                    f"sheet every {word!r} reads as {head!r}"
                )
    return found + _name_warnings(sheet)


def _name_warnings(sheet: FactSheet) -> list[str]:
    """Names of one word that most questions use, or of one letter: "what did he say" would be
    read as naming whoever has the alias "what". (A capitalised acronym such as "US" is read as
    written; the narrator's names are not read as names at all.)"""
    found = []
    for entity in sheet.entities:
        if entity.kind == "narrator":
            continue
        for name in (entity.name, *entity.aliases):
            words = tokens(clean(name))  # the words the lexicon reads the name as
            if len(words) != 1 or (name.isupper() and len(name) > 1):
                continue
            if words[0] in STOPWORDS or words[0] in WH_WORDS or len(words[0]) == 1:
                found.append(
                    f"entity {entity.id!r}: {name!r} is a word most questions use; a question "
                    f"with it reads as naming {entity.name!r}"
                )
    return found


def report_as_text(report: LexiconReport) -> str:
    """The report for a terminal."""
    lines = [f"{len(report.groups)} groups from the sheet, {report.general_only} general groups"]
    for group in report.groups:
        extra = f"  (+ general: {', '.join(group.general_words)})" if group.general_words else ""
        lines.append(f"  {group.head}: {', '.join(group.sheet_words)}{extra}")
    for head, met in report.left_out:
        lines.append(
            f"left out: general group {head!r} would join the sheet's {' and '.join(map(repr, met))}"
        )
    if report.warnings:
        lines.append(f"{len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}:")
        lines.extend(f"  {w}" for w in report.warnings)
    return "\n".join(lines)
