"""Starter phrasings for drafted facts: questions readers might ask, none on two facts."""

from __future__ import annotations

import re
from collections.abc import Sequence

_STOPWORDS = frozenset(
    "a an the and or but of to in on at by for from with as is was are were be been has have had"
    " will would could should can may might that this these those it its he she they them their"
    " his her we our you your i me my not no so if than then there here which who whom what when"
    " where why how also said says told added very more most some any all just about into over"
    " after before while being do does did up out only such other own same too now".split()
)
# A role longer than this reads badly in a question ("What did the analyst and author of…").
_MAX_ROLE_PHRASING_WORDS = 6
# Content words a phrasing asks about, and words of a quote a "who said" phrasing repeats.
_KEY_WORDS = 4
_QUESTION_WORDS = 7


class Phrasings:
    """Writes each fact's starter phrasings, remembering those used so no two facts share one."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def for_fact(
        self,
        short: str,
        key: list[str],
        quote: list[str],
        text: str,
        answers: list[str],
        *,
        narrator: bool,
        role: str = "",
        places: Sequence[str] = (),
    ) -> list[str]:
        """Three or more questions the fact answers, none used on an earlier fact."""
        topic = " ".join(key) or "this"
        opening = " ".join((quote[0] if quote else text).rstrip(".,").split()[:_QUESTION_WORDS])
        candidates = (
            [
                f"What does the article say about {topic}?",
                f"What happened with {topic}?",
                f"Tell me about {topic}",
            ]
            if narrator
            else [
                f"What did {short} say about {topic}?",
                f"Who said {opening.rstrip('.,;:')}?",
                f"What is {short}'s view on {topic}?",
            ]
        )
        # Readers ask by title as often as by name ("what did the foreign secretary say").
        if role and len(role.split()) <= _MAX_ROLE_PHRASING_WORDS:
            candidates.append(f"What did the {role.lower()} say about {topic}?")
        if not narrator:
            candidates.append(f"Did {short} say {topic}?")
        if "how-many" in answers:
            candidates.append(f"How many {topic}?")
        if "when" in answers:
            candidates.append(f"When {topic}?")
        if places:
            candidates.append(f"Where {topic}? In {places[0]}?")
        chosen: list[str] = []
        for phrasing in candidates:
            folded = " ".join(re.sub(r"[^\w\s]", " ", phrasing.lower()).split())
            if folded not in self.used:
                self.used.add(folded)
                chosen.append(phrasing)
        n = 2
        while len(chosen) < 3:
            phrasing = f"{candidates[0].rstrip('?')} ({n})?"
            folded = " ".join(re.sub(r"[^\w\s]", " ", phrasing.lower()).split())
            if folded not in self.used:
                self.used.add(folded)
                chosen.append(phrasing)
            n += 1
        return chosen


def key_words(text: str, skip: set[str]) -> list[str]:
    """The first few content words of a text: what a phrasing asks about."""
    found: list[str] = []
    for word in re.findall("[\\w'\u2019-]+", text):
        lowered = word.lower()
        if lowered in _STOPWORDS or lowered in skip or len(lowered) < 3:
            continue
        if lowered.endswith(("'s", "\u2019s")):
            word = word[:-2]
        if word not in found:
            found.append(word)
        if len(found) >= _KEY_WORDS:
            break
    return found
