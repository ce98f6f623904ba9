"""Readers' questions a fact is known to answer (`Fact.asked`, or taught from /gaps), no Discord.

Asked again, reworded with filler or in other capitals, or within a typo of it, such a question
gets its fact at once, whatever the ranking would say. Otherwise it is only a wording to come
close to (see `SheetIndex.texts`): its words are a reader's, context and all, not what the fact
says.

Questions are compared as the engine reads them: the kind of question and its content terms
(names resolved, filler and stopwords gone, words stemmed), so "hey bot, who is the mayor's
deputy lol" is "who is the mayor's deputy?", while "where were they sent" and "who sent them"
stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

# How close (fuzz.ratio, 0-100, on the sorted reading) a question must come to a known one to
# take its outcome directly: a typo, not a different question.
SAME_QUESTION = 92.0


def reading_key(kind: str, content_terms: Iterable[str]) -> str:
    """A question as compared here: its kind, then its distinct content terms, sorted."""
    return " ".join((kind, *sorted(set(content_terms))))


class KnownQuestions:
    """Questions with a known outcome, looked up by their reading within a typo."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        """`entries`: (reading key, outcome) pairs; a later reading replaces an earlier one."""
        known = dict(entries)
        self._keys = list(known)
        self._outcomes = list(known.values())

    def __bool__(self) -> bool:
        return bool(self._keys)

    def closest(self, key: str) -> tuple[str, float] | None:
        """The outcome of the known reading nearest to `key`, with its closeness, if any comes
        within SAME_QUESTION."""
        if not self._keys:
            return None
        found = process.extractOne(
            key, self._keys, scorer=fuzz.ratio, processor=None, score_cutoff=SAME_QUESTION
        )
        return None if found is None else (self._outcomes[found[2]], float(found[1]))
