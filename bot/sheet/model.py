"""The fact sheet's model: frozen dataclasses for a story, its entities and facts (stdlib only)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

# Certainty as the article reports it, and how a reader should see it.
STATUS_LABELS: Mapping[str, str] = {
    "confirmed": "Confirmed",
    "claimed": "Claimed (not independently verified)",
    "estimate": "Estimate",
    "assessment": "Assessment / view",
    "declined-to-comment": "Declined to comment",
    "denied": "Denied / rejected",
    "statement": "Statement",
    "context": "Background reported by the article",
}

# The kinds of question a fact can answer; the engine steers by them.
QUESTION_KINDS = ("who", "how-many", "where", "when", "why", "yes-no", "what")

ENTITY_KINDS = ("person", "group", "organization", "country", "place", "thing", "narrator")
# How the parts of a quote the article breaks up are shown together.
QUOTE_JOIN = " … "

_QUOTE_FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a sheet, naming where it is."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}"


class SheetError(Exception):
    """A sheet that cannot be used, with every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Entity:
    """A person, group, organization or place the story names, with every name variant."""

    id: str
    kind: str
    name: str
    role: str
    aliases: tuple[str, ...]
    # For a country, group or organization: who speaks for it in the story (Labour has three).
    represented_by: tuple[str, ...] = ()
    # What kind of thing it is, in words a question may ask by ("city", "country", "alliance").
    is_a: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The name, the role and every alias: all the ways a reader may refer to it."""
        extra = (self.role,) if self.role and self.kind in ("person", "group") else ()
        return (self.name, *extra, *self.aliases)


@dataclass(frozen=True)
class Fact:
    """One attributable statement from the article."""

    id: str
    statement: str
    speaker: Entity
    quote: str
    excerpt: str
    status: str
    topics: tuple[str, ...]
    answers: tuple[str, ...]
    phrasings: tuple[str, ...]
    # A quote the article breaks up ("We agree," he said. "It is time.") is kept in its parts,
    # each verbatim; `quote` shows them joined by an ellipsis.
    quote_parts: tuple[str, ...] = ()
    # Entities the fact describes or whose words it reports ("Shepherd says Bellamy claimed").
    about: tuple[Entity, ...] = ()
    # Readers' questions taught from /gaps: wordings a question may come close to, not words the
    # fact says (a reader's context, "my mate reckons...", is no claim of the article's).
    asked: tuple[str, ...] = ()

    @property
    def role(self) -> str:
        """The speaker's role, as the article gives it."""
        return self.speaker.role

    @property
    def status_label(self) -> str:
        """The certainty in words a reader understands."""
        return STATUS_LABELS[self.status]

    def to_dict(self) -> dict[str, Any]:
        """The fact as plain JSON-ready data (the CLI's shape)."""
        return {
            "id": self.id,
            "statement": self.statement,
            "speaker": self.speaker.name,
            "role": self.role,
            "quote": self.quote,
            "status": self.status,
            "status_label": self.status_label,
            "excerpt": self.excerpt,
            "topics": list(self.topics),
        }


@dataclass(frozen=True)
class Story:
    """What the sheet is about and where it comes from."""

    id: str
    headline: str
    summary: str
    related_headline: str = ""
    photo: str = ""
    # Where readers can find the article: outlet, publication date and link, as far as known.
    outlet: str = ""
    published: str = ""
    link: str = ""
    # Free-text source line of older sheets; used only when there is no outlet.
    source: str = ""
    # The article's text file, relative to the sheet: quotes are checked against it on load.
    article: str = ""

    @property
    def citation(self) -> str:
        """The source as a reader can use it: 'BBC News, 2004-11-02, https://…'."""
        parts = [p for p in (self.outlet, self.published, self.link) if p]
        return ", ".join(parts) if parts else self.source


@dataclass(frozen=True)
class FactSheet:
    """A complete, validated sheet: the story, its entities and its facts in article order."""

    path: Path
    story: Story
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    synonyms: tuple[tuple[str, ...], ...]
    topic_labels: Mapping[str, str]
    loaded_at: datetime = field(compare=False)

    @property
    def article_path(self) -> Path | None:
        """The article's text file the sheet names, resolved beside the sheet; None if unnamed."""
        return (self.path.parent / self.story.article) if self.story.article else None

    def topic_label(self, slug: str) -> str:
        """A topic as a reader sees it: 'troop-numbers' -> 'Troop numbers'."""
        return self.topic_labels.get(slug) or slug.replace("-", " ").capitalize()

    def fact(self, fact_id: str) -> Fact | None:
        """The fact with this id, if any."""
        return next((f for f in self.facts if f.id == fact_id), None)

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, if any."""
        return next((e for e in self.entities if e.id == entity_id), None)

    @property
    def speakers(self) -> tuple[Entity, ...]:
        """Everyone the article attributes a statement to, in order of first appearance."""
        seen: dict[str, Entity] = {}
        for fact in self.facts:
            seen.setdefault(fact.speaker.id, fact.speaker)
        return tuple(seen.values())

    @property
    def topics(self) -> tuple[str, ...]:
        """Every topic, in order of first appearance."""
        return tuple(dict.fromkeys(t for f in self.facts for t in f.topics))

    def facts_by(self, speaker_id: str) -> tuple[Fact, ...]:
        """What one speaker said, in article order."""
        return tuple(f for f in self.facts if f.speaker.id == speaker_id)


@dataclass(frozen=True)
class SheetDiff:
    """What changed between two sheets, by fact id."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def unchanged(self) -> bool:
        """True when the two sheets hold the same facts."""
        return not (self.added or self.removed or self.changed)


def diff_sheets(old: FactSheet, new: FactSheet) -> SheetDiff:
    """Facts added, removed and changed from ``old`` to ``new``."""
    before = {f.id: f for f in old.facts}
    after = {f.id: f for f in new.facts}
    return SheetDiff(
        added=tuple(i for i in after if i not in before),
        removed=tuple(i for i in before if i not in after),
        changed=tuple(i for i in after if i in before and after[i] != before[i]),
    )


_NON_WORD = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Case, punctuation and spacing folded: how names, phrasings and taught questions compare."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def normalise_for_quote(text: str) -> str:
    """Fold curly quotes and whitespace so a quote can be compared with the article."""
    return " ".join(text.translate(_QUOTE_FOLD).split())
