"""Who and what the story covers: fuzzy person and topic lookup, claims by topic (no Discord)."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.sheet import MAX_NAME_CHARS, Entity, Fact, FactSheet, fold

# Autocomplete shows at most this many choices (Discord's own limit).
MAX_CHOICES = 25
# A typed name must score this well (0-100) to be taken as that person.
PERSON_CUTOFF = 75.0
# Autocomplete is more forgiving: it only ranks what the user sees.
SUGGEST_CUTOFF = 55.0
TOPIC_CUTOFF = 70.0
# What of a typed name or topic is matched: no name or label of a sheet is longer, and fuzzy
# matching 6,000 typed characters (Discord allows that many) held the event loop for 0.5 s on
# every autocomplete keystroke.
MAX_LOOKUP_CHARS = MAX_NAME_CHARS


@dataclass(frozen=True)
class Person:
    """A speaker with every name a reader may use for them, folded once for matching."""

    entity: Entity
    keys: tuple[str, ...]


class Directory:
    """Lookups over one sheet; built once per sheet, then read-only."""

    def __init__(self, sheet: FactSheet) -> None:
        self.sheet = sheet
        speakers = sheet.speakers
        # Bodies the story speaks for through someone ("the council" -> its leader's
        # spokeswoman) count as names of that speaker.
        represented: dict[str, list[str]] = {}
        for entity in sheet.entities:
            for speaker_id in entity.represented_by:
                represented.setdefault(speaker_id, []).extend(entity.names)
        self.people = tuple(
            Person(
                e,
                tuple(
                    dict.fromkeys(
                        fold(n) for n in (*e.names, *represented.get(e.id, ())) if fold(n)
                    )
                ),
            )
            for e in speakers
        )
        self._topics = {
            slug: (fold(slug), fold(slug.replace("-", " ")), fold(sheet.topic_label(slug)))
            for slug in sheet.topics
        }

    # ------------------------------------------------------------ people

    def _person_score(self, person: Person, query: str) -> float:
        best = 0.0
        for key in person.keys:
            if key == query:
                return 100.0
            words = key.split()
            # A prefix of any word ("zel", "sing") is what people type while autocompleting.
            if any(w.startswith(query) for w in words) or key.startswith(query):
                best = max(best, 95.0 - 0.1 * (len(key) - len(query)))
                continue
            best = max(best, fuzz.WRatio(query, key, processor=None))
        return best

    def rank_people(self, query: str, cutoff: float = SUGGEST_CUTOFF) -> list[tuple[Entity, float]]:
        """Speakers ranked by how well `query` names them; empty query: everyone in story order."""
        folded = fold(query[:MAX_LOOKUP_CHARS])
        if not folded:
            return [(p.entity, 100.0) for p in self.people]
        scored = [(p.entity, self._person_score(p, folded)) for p in self.people]
        kept = [(e, s) for e, s in scored if s >= cutoff]
        # Stable sort keeps story order among equal scores.
        return sorted(kept, key=lambda pair: -pair[1])

    def person_choices(self, query: str, limit: int = MAX_CHOICES) -> list[Entity]:
        """People to offer while the user types (at most `limit`)."""
        return [e for e, _ in self.rank_people(query)][:limit]

    def find_person(self, query: str) -> Entity | None:
        """The one speaker `query` names (an id from autocomplete, a name, a role), if any."""
        text = query.strip()
        # No letter or digit ("💥", "???") names nobody; folded to nothing it would rank
        # everyone equally and pick the first speaker.
        if not any(ch.isalnum() for ch in text):
            return None
        for person in self.people:
            if person.entity.id == text:
                return person.entity
        ranked = self.rank_people(text, cutoff=PERSON_CUTOFF)
        return ranked[0][0] if ranked else None

    def facts_by(self, person: Entity) -> tuple[Fact, ...]:
        """What one person said, in article order."""
        return self.sheet.facts_by(person.id)

    # ------------------------------------------------------------ topics

    def rank_topics(self, query: str, cutoff: float = SUGGEST_CUTOFF) -> list[str]:
        """Topic slugs ranked by how well `query` names them; empty query: all, in story order."""
        folded = fold(query[:MAX_LOOKUP_CHARS])
        if not folded:
            return list(self._topics)
        scored = []
        for slug, keys in self._topics.items():
            if any(k.startswith(folded) or f" {folded}" in k for k in keys):
                score = 100.0
            else:
                score = max(fuzz.WRatio(folded, k, processor=None) for k in keys)
            if score >= cutoff:
                scored.append((slug, score))
        return [slug for slug, _ in sorted(scored, key=lambda pair: -pair[1])]

    def topic_choices(self, query: str, limit: int = MAX_CHOICES) -> list[str]:
        """Topics to offer while the user types (at most `limit`)."""
        return self.rank_topics(query)[:limit]

    def find_topic(self, query: str) -> str | None:
        """The topic `query` names (a slug from autocomplete or typed words), if any."""
        text = query.strip()
        if text in self._topics:
            return text
        ranked = self.rank_topics(text, cutoff=TOPIC_CUTOFF) if fold(text) else []
        return ranked[0] if ranked else None

    # ------------------------------------------------------------ claims

    def claims(
        self, person: Entity | None = None, topic: str | None = None
    ) -> tuple[tuple[str, tuple[Fact, ...]], ...]:
        """Facts filtered by speaker and topic, grouped by topic in story order."""
        groups = []
        for slug in self.sheet.topics:
            if topic is not None and slug != topic:
                continue
            facts = tuple(
                f
                for f in self.sheet.facts
                if slug in f.topics and (person is None or f.speaker.id == person.id)
            )
            if facts:
                groups.append((slug, facts))
        return tuple(groups)
