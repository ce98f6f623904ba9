"""Readers' questions a fact is known to answer (`Fact.asked`, or taught from /gaps), no Discord.

Asked again, or within a typo or a reordering of it, such a question gets its fact at once,
whatever the ranking would say. Otherwise it is only a wording to come close to (see
`SheetIndex.texts`): its words are a reader's, context and all, not what the fact says.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.sheet import fold

# How close (token_sort_ratio, 0-100, on folded text) a question must come to a known one to take
# its outcome directly: a typo or a reordering, not a different question.
SAME_QUESTION = 92.0
# A question is read from its last this many characters when it is compared (as when answered).
COMPARED_CHARS = 1_000


def sorted_words(question: str) -> str:
    """The question folded, its words sorted: token_sort_ratio's reading, worked out once."""
    return " ".join(sorted(fold(question[-COMPARED_CHARS:]).split()))


class KnownQuestions:
    """Questions with a known outcome, looked up within a typo or a reordering."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        """`entries`: (question, outcome) pairs; a later question replaces an earlier one."""
        known: dict[str, str] = {}
        for question, outcome in entries:
            key = sorted_words(question)
            if key:
                known[key] = outcome
        self._keys = list(known)
        self._outcomes = list(known.values())

    def __bool__(self) -> bool:
        return bool(self._keys)

    def closest(self, question: str) -> tuple[str, float] | None:
        """The outcome of the known question nearest to `question`, with its closeness, if any
        comes within SAME_QUESTION."""
        if not self._keys:
            return None
        key = sorted_words(question)
        if not key:
            return None
        # fuzz.ratio of sorted words is token_sort_ratio, without sorting every entry each time.
        found = process.extractOne(
            key, self._keys, scorer=fuzz.ratio, processor=None, score_cutoff=SAME_QUESTION
        )
        return None if found is None else (self._outcomes[found[2]], float(found[1]))
