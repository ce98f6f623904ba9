"""Names a question writes that the story never does ("the United Nations", "UN Security
Council"): each is one unknown thing, not common words that happen to be in the sheet.

Read word by word, "United Nations" would be "united" and "nations", and "nations" means
"country" to the general English groups: a question about what the UN said would then be
answered from any fact about a country. A curated sheet lists the story's named people, bodies
and places as entities, and the rest of its capitalised runs are in its own text; a capitalised
run in a question that is neither names something the story does not mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Sequence

from bot.engine.language import STOPWORDS
from bot.engine.lexicon import ENTITY_PREFIX, Lexicon, content

# Two or more capitalised words, with the small words names keep inside them ("Bank of England").
_CAPITALISED_RUN = re.compile(
    r"\b[A-Z][A-Za-z0-9.'-]*(?:\s+(?:(?:of|the|and|for|de|du|la|von|van)\s+)?[A-Z][A-Za-z0-9.'-]*)+"
)
_WORD = re.compile(r"[a-z0-9]+")
# A question whose small words are capitalised (title case) marks no names by its capitals.
MAX_CAPITALISED_SHARE = 0.5
# What stands for an unknown name among a question's terms: no sheet term starts with it.
UNKNOWN_NAME_PREFIX = "#"


def written_names(texts: Iterable[str]) -> frozenset[str]:
    """Every capitalised run of these texts, as lowercase words: what the sheet itself writes."""
    return frozenset(
        " ".join(_WORD.findall(run.lower()))
        for text in texts
        for run in _CAPITALISED_RUN.findall(text)
    )


def mark_unknown_names(
    question: str,
    terms: list[str],
    lexicon: Lexicon,
    known: Callable[[], frozenset[str]],
    vocabulary: Container[str],
) -> list[str]:
    """The question's terms with each name the story never writes as one unknown term.

    `lexicon` reads a run as questions are read; `known` gives the sheet's written names (only
    asked for when a question has a capitalised run, so a big sheet pays for them once, late);
    `vocabulary` the terms the sheet's facts use.
    """
    runs = [
        (run, written)
        for run in _CAPITALISED_RUN.findall(question)
        # "North Korean": a name the sheet knows, as written
        if (written := " ".join(_WORD.findall(run.lower()))) not in lexicon.name_phrases
    ]
    if not runs or _in_capitals(question):
        return terms
    for run, written in runs:
        run_terms = lexicon.terms(run, fix_spelling=True)
        if any(t[0] == ENTITY_PREFIX for t in run_terms):
            continue  # a name the sheet knows, or part of one
        # "Did Cost Watch": the question's own opening words are not part of the name.
        inner = run_terms[next((i for i, t in enumerate(run_terms) if content([t])), 0) :]
        if len(inner) < 2 or not any(t in vocabulary for t in inner):
            continue  # "Did Congress": one word; "Ana Lima": unknown word by word already
        if written in known():
            continue  # the story writes it too
        terms = _replaced(terms, inner)
    return terms


def _in_capitals(question: str) -> bool:
    """Whether the question's capitals say nothing about names: it is in capitals or in title
    case ("What Did The UN Say"), its small words capitalised too."""
    if question.isupper():
        return True
    small = [w for w in question.split()[1:] if w.lower() in STOPWORDS]
    capitalised = sum(1 for w in small if w[:1].isupper())
    return capitalised > MAX_CAPITALISED_SHARE * len(small)


def _replaced(terms: list[str], inner: Sequence[str]) -> list[str]:
    """Terms with the run of `inner` (its content terms, in order) as one unknown term."""
    size = len(inner)
    for start in range(len(terms) - size + 1):
        if terms[start : start + size] == list(inner):
            name = UNKNOWN_NAME_PREFIX + "_".join(inner)
            return [*terms[:start], name, *terms[start + size :]]
    return terms
