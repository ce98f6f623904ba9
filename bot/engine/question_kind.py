"""What kind of answer a question asks for (who, how many, when...) and what it asks about."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.language import KIND_CUES, LEAD_INS, WH_WORDS, YES_NO_OPENERS
from bot.engine.lexicon import ENTITY_PREFIX, Lexicon, content


@dataclass(frozen=True)
class QuestionKind:
    """The kind of answer wanted, and the question's words that only said so."""

    kind: str
    cue_terms: frozenset[str] = frozenset()


class KindReader:
    """Reads a question's kind from its canonical terms; built once per sheet."""

    def __init__(self, lexicon: Lexicon) -> None:
        # Each cue as this sheet reads it, filed under its first term: a question is then
        # scanned once, word by word, not searched for every cue.
        self._cues_by_first: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
        for order, (kind, cues) in enumerate(KIND_CUES):
            for cue in cues:
                cue_terms = tuple(lexicon.terms(cue))
                if cue_terms:
                    self._cues_by_first.setdefault(cue_terms[0], []).append(
                        (order, kind, cue_terms)
                    )

    def read(self, terms: Sequence[str]) -> QuestionKind:
        """The kind of question; the content words of its cue ("long" in "how long") with it.

        A cue's words say what kind of answer is wanted; the kind is matched against what each
        fact answers, so the words need not also be found in the fact.
        """
        words = [t for t in terms if not t.startswith(ENTITY_PREFIX)]
        # The cue that comes first says what is asked: "what day did the mayor give her figure"
        # asks when, though "figure" alone would ask how many. Ties go to the earlier kind.
        cues_by_first = self._cues_by_first
        for position, word in enumerate(words):
            if word not in cues_by_first:
                continue
            found = [
                (order, kind, cue)
                for order, kind, cue in cues_by_first[word]
                if tuple(words[position : position + len(cue)]) == cue
            ]
            if found:
                _, kind, cue = min(found)
                return QuestionKind(kind, frozenset(content(cue)))
        if words and words[0] in YES_NO_OPENERS:
            return QuestionKind("yes-no")
        return QuestionKind("what")


def is_question(terms: Sequence[str]) -> bool:
    """Whether a clause asks something (a wh-word, or opens like a yes/no question).

    "I keep seeing headlines about the troops" is context; "so where did they end up" asks.
    """
    words = [t for t in terms if not t.startswith(ENTITY_PREFIX)]
    while words and words[0] in LEAD_INS:
        words = words[1:]  # "but has the council said..." opens like a question all the same
    return bool(WH_WORDS.intersection(words)) or bool(words and words[0] in YES_NO_OPENERS)


def asked_for(terms: Sequence[str]) -> str:
    """The thing a "which X" / "what X" question asks for, if the question names one."""
    for i, term in enumerate(terms):
        if term in ("which", "what"):
            return _kind_named(terms[i + 1 : i + 3])
    return ""


def counted_for(terms: Sequence[str]) -> str:
    """The thing a "how many X" question counts, if it names one right after "how many"."""
    for i, term in enumerate(terms):
        if term == "many" and terms[i - 1 : i] == ["how"]:
            return _kind_named(terms[i + 1 : i + 3])
    return ""


def _kind_named(following: Sequence[str]) -> str:
    """The first word after "which" or "how many" that names a kind of thing, if it does one."""
    for word in following:
        if word.startswith(ENTITY_PREFIX):
            continue  # "which French city", "how many Welsh towns": a name says which ones
        return word if content([word]) else ""
    return ""
