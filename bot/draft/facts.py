"""Drafting facts: one per quotation or attributed statement, with its speaker, its quote and
excerpt verbatim, and a status read from the reporting verb; the rest of the article's sentences
as the narrator's context."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot.draft.article import QUOTE_MARKS, Article, Sentence, quote_spans
from bot.draft.language import words
from bot.draft.names import DraftEntity, slug
from bot.draft.phrasing import Phrasings, key_words

TODO = "TODO"
NARRATOR = "narrator"

# Reporting verbs and the status each suggests; a verb not listed reports a plain statement.
_VERBS = (
    "said says say told tells added adds claimed claims denied denies rejected rejects warned"
    " warns warning confirmed confirms estimated estimates called calls described describes"
    " welcomed welcomes backed announced insisted argued admitted expressed thanked ruled"
    " accused saying stated believes believed suggested declined declines declining"
).split()
_STATUS_OF_VERB = {
    **dict.fromkeys(("claimed", "claims"), "claimed"),
    **dict.fromkeys(("denied", "denies", "rejected", "rejects"), "denied"),
    **dict.fromkeys(("warned", "warns", "warning"), "assessment"),
    **dict.fromkeys(("confirmed", "confirms"), "confirmed"),
    **dict.fromkeys(("estimated", "estimates"), "estimate"),
    **dict.fromkeys(("called", "calls", "described", "describes", "accused"), "assessment"),
    **dict.fromkeys(("believes", "believed", "suggested", "argued", "insisted"), "assessment"),
}
_VERB = re.compile(r"\b(" + "|".join(_VERBS) + r")\b")
_DECLINED = re.compile(r"\bdeclin\w* to comment\b", re.IGNORECASE)
_CONFIRM = re.compile(r"\b(?:can|could) confirm\b", re.IGNORECASE)
_APPROXIMATE = re.compile(
    r"\b(?:around|about|some|almost|nearly|roughly|approximately|more than|up to|at least|"
    r"an estimated)\s+[£$€]?\d",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"[£$€]?\b\d[\d,.]*(?:%|bn|m|k)?\b|\b(?:hundreds|thousands|millions|billions|dozens|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand|"
    r"million|billion)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Sept?\.|"
    r"yesterday|today|tonight|(?:last|next|this) (?:week|month|year|night)|"
    r"(?:within|in) (?:days|weeks|months|years)|(?:19|20)\d\d)\b"
)
# Words that give a reason or purpose: the fact may answer "why".
_REASON = re.compile(
    r"\b(?:because|since|so that|in order to|after|over|amid|as part of|to (?:stop|end|ensure|meet|help|bolster|prevent|create))\b"
)
_PRONOUNS = re.compile(r"\b(he|she|it|they|He|She|It|They)\b")
# Words that may stand between a subject and its verb: "He previously said", "has also announced".
_BETWEEN = re.compile(r"^\s*(?:[a-z]+\s+){0,2}$")
_SPOKESPEOPLE = re.compile(
    r"\b(?:a|the|its) (spokesman|spokeswoman|spokesperson|company|firm|group|"
    r"former [a-z]+|[a-z]+ giant|watchdog|regulator)\s*$"
)
# An unnamed group as a subject: "experts warned", "the firms said", "BT's competitors have
# frequently accused", "Western officials say".
_GROUP_SUBJECT = re.compile(
    r"(?:^|[\s,])((?:[Tt]he )?(?:[A-Z][\w.]*(?:'s|\u2019s)? )?(?:[a-z]+ )?([A-Za-z]+))\s*$"
)
# Words that may stand between such a subject and its verb.
_AUXILIARIES = re.compile(
    r"(?:\s+(?:have|has|had|also|frequently|previously|often|repeatedly|long|been))+\s*$"
)
_MAX_QUOTE_NAME_WORDS = 4
# How many sentences back "it" or "the company" may look for its organisation.
_RECENT_SENTENCES = 4
# Small words a quoted name may hold: "Plays for Sure".
_TITLE_SMALL_WORDS = frozenset({"for", "of", "the", "and", "a", "on", "in", "to"})


@dataclass
class DraftFact:
    """A fact as drafted: what the curator will confirm or fix."""

    id: str
    statement: str
    speaker: str  # an entity id, or TODO
    quote: list[str]
    excerpt: str
    status: str  # a status, or TODO
    answers: list[str]
    phrasings: list[str]
    about: list[str]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    entity: DraftEntity | None  # None for a pronoun
    word: str


class _Drafter:
    """Walks the sentences in order, remembering who spoke last for "he said"."""

    def __init__(self, article: Article, entities: list[DraftEntity]) -> None:
        self.article = article
        self.entities = entities
        self.by_id = {e.id: e for e in entities}
        self.facts: list[DraftFact] = []
        self.last: dict[str, DraftEntity] = {}  # "person" / "organization" / "group" -> entity
        # Organisations named so far, counted, and those named in each recent sentence: "it" and
        # "the former monopoly" are most likely the one the story is about, named lately.
        self.org_counts: Counter[str] = Counter()
        self.recent_orgs: list[set[str]] = []
        self._names = sorted(
            ((name, e) for e in entities for name in e.names()), key=lambda p: -len(p[0])
        )
        # The headline names what the story is about.
        self.org_counts.update(
            m.entity.id
            for m in self._mentions(article.headline)
            if m.entity and m.entity.kind == "organization"
        )
        self.last_speaker: DraftEntity | None = None
        self.phrasing = Phrasings()
        self.fact_ids: set[str] = set()

    def run(self) -> list[DraftFact]:
        for sentence in self.article.sentences:
            self._sentence(sentence)
        return self.facts

    # ------------------------------------------------------------------ reading a sentence
    def _quotes(self, text: str) -> list[tuple[int, int]]:
        """Quoted passages that are someone's words, not a quoted name ("Plays for Sure")."""
        kept = []
        for start, end, _closed in quote_spans(text):
            inner = text[start:end].strip()
            words_in = inner.split()
            if (
                len(words_in) <= _MAX_QUOTE_NAME_WORDS
                and words_in[0][0].isupper()
                and all(w[0].isupper() or w in _TITLE_SMALL_WORDS for w in words_in)
            ):
                continue
            kept.append((start, end))
        return kept

    def _mentions(self, frame: str) -> list[_Mention]:
        taken = [False] * len(frame)
        found: list[_Mention] = []
        for name, entity in self._names:
            for match in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", frame):
                if any(taken[match.start() : match.end()]):
                    continue
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                found.append(_Mention(match.start(), match.end(), entity, name))
        for match in _PRONOUNS.finditer(frame):
            if not any(taken[match.start() : match.end()]):
                found.append(_Mention(match.start(), match.end(), None, match.group().lower()))
        return sorted(found, key=lambda m: m.start)

    def _sentence(self, sentence: Sentence) -> None:
        text = sentence.text
        quotes = self._quotes(text)
        frame = list(text)
        for start, end in quotes:
            frame[start:end] = "_" * (end - start)
        frame_text = "".join(frame)
        mentions = self._mentions(frame_text)
        orgs = {m.entity.id for m in mentions if m.entity and m.entity.kind == "organization"}
        self.org_counts.update(orgs)
        self.recent_orgs = [*self.recent_orgs[-(_RECENT_SENTENCES - 1) :], orgs]
        verbs = list(_VERB.finditer(frame_text))
        speakers, verb, note = self._speakers(frame_text, verbs, quotes, mentions)
        lone_quote = not speakers and quotes and not verbs and text.lstrip()[:1] in QUOTE_MARKS
        if lone_quote and self.last_speaker is not None:
            # A quotation on its own after someone spoke: most likely theirs, said on.
            speakers = [self.last_speaker]
            note = "a quotation with no 'he said': taken as the previous speaker's; check it"
        about = self._about(mentions, speakers)
        if not speakers and not verbs:
            self._narrator_fact(sentence, about)
            return
        parts = [text[s:e].strip() for s, e in quotes]
        parts = [p for p in parts if p]
        status, status_note = self._status(text, verb)
        if status == TODO and speakers and self.facts and self.facts[-1].speaker == speakers[0].id:
            status, status_note = self.facts[-1].status, ""
        if not speakers:
            self._add(
                sentence, None, parts, status, about, [note or "who says this? no speaker found"]
            )
            return
        for speaker in speakers:
            notes = [n for n in (note, status_note) if n]
            self._add(sentence, speaker, parts, status, about, notes)
            self.last_speaker = speaker
            self.last[speaker.kind] = speaker

    def _speakers(
        self,
        frame: str,
        verbs: list[re.Match[str]],
        quotes: list[tuple[int, int]],
        mentions: list[_Mention],
    ) -> tuple[list[DraftEntity], str, str]:
        """Who the sentence attributes its words to, the reporting verb, and any doubt."""
        if not verbs:
            return [], "", ""
        # The verb nearest a quotation introduces it; without quotes, the first.
        if quotes:
            main = min(
                verbs, key=lambda v: min(abs(v.start() - q) for s, e in quotes for q in (s, e))
            )
        else:
            main = verbs[0]
        ordered = [main, *(v for v in verbs if v is not main)]
        for verb in ordered:
            found, note = self._subject(frame, verb, mentions)
            if found:
                return found, verb.group(), note
        for verb in ordered:
            found, note = self._loose_subject(frame, verb, mentions)
            if found:
                return found, verb.group(), note
        return [], main.group(), ""

    def _subject(
        self, frame: str, verb: re.Match[str], mentions: list[_Mention]
    ) -> tuple[list[DraftEntity], str]:
        """The subject right before the verb ("Mr Smith said"), or right after ("said Ms Jones")."""
        left = [m for m in mentions if m.end <= verb.start()]
        if left and _BETWEEN.match(frame[left[-1].end : verb.start()]):
            nearest = left[-1]
            group = self._coordinated(frame, left)
            if group:
                return group, ""
            resolved, note = self._resolve(nearest)
            if resolved is not None and resolved.kind != "person":
                person = self._appositive_person(frame, left)
                if person is not None:
                    return [person], ""
            return ([resolved], note) if resolved else ([], note)
        before = frame[: verb.start()]
        group_np = _GROUP_SUBJECT.search(_AUXILIARIES.sub("", before))
        if group_np and group_np.group(2).lower() in words()["words"]["group_nouns"]:
            return [self._group(group_np.group(1))], ""
        spoke = _SPOKESPEOPLE.search(before)
        if spoke and spoke.group(1) in ("spokesman", "spokeswoman", "spokesperson"):
            org = self.last.get("organization")  # the one that spoke last
            if org is not None:
                return [self._spokesperson(org, spoke.group(1))], ""
        elif spoke:
            org = self._main_org()
            if org is not None:
                return [org], f"'{spoke.group().strip()}' read as {org.name}: check it"
        right = [m for m in mentions if m.start >= verb.end()]
        if (
            right
            and re.match(r"^\s+(?:(?:Mr|Ms|Mrs|Dr)\s+)?$", frame[verb.end() : right[0].start])
            and right[0].entity is not None
            and right[0].entity.kind == "person"
        ):
            return [right[0].entity], ""
        return [], ""

    def _loose_subject(
        self, frame: str, verb: re.Match[str], mentions: list[_Mention]
    ) -> tuple[list[DraftEntity], str]:
        """A subject further from its verb, past an aside: "Lawyer Louise Christian, who
        represents Mr Abbasi and Mr Mubanga, said"."""
        if verb.group().endswith("ing"):
            return [], ""
        aside = re.compile(r",\s+(?:who|which|whose|[a-z][\w-]*)\b[^,]*,")
        blanked = aside.sub(lambda m: "_" * len(m.group()), frame[: verb.start()])
        left = [
            m
            for m in mentions
            if m.end <= verb.start() and not blanked[m.start : m.end].startswith("_")
        ]
        people = [m for m in left if m.entity is None or m.entity.kind == "person"]
        for mention in reversed(people or left):
            resolved, note = self._resolve(mention)
            if resolved is not None and resolved.kind in ("person", "organization", "group"):
                return [resolved], note or "speaker found away from the verb: check it"
        return [], ""

    def _coordinated(self, frame: str, left: list[_Mention]) -> list[DraftEntity]:
        """ "Both Amnesty and the lobby group GHRC described": one speaker each."""
        if len(left) < 2:
            return []
        first, second = left[-2], left[-1]
        between = frame[first.end : second.start]
        if (
            first.entity is not None
            and second.entity is not None
            and first.entity is not second.entity
            and re.match(r"^\s+and\s+(?:the\s+)?(?:[a-z]+\s+){0,3}$", between)
        ):
            return [first.entity, second.entity]
        return []

    def _appositive_person(self, frame: str, left: list[_Mention]) -> DraftEntity | None:
        """ "Chris Panayis, managing director of ISP Freedom2surf said": the person, not the firm."""
        for mention in left:
            if mention.entity is not None and mention.entity.kind == "person":
                after = frame[mention.end :]
                if re.match(r"^,\s+[a-z]", after) and not _VERB.search(after[: left[-1].start]):
                    return mention.entity
        return None

    def _resolve(self, mention: _Mention) -> tuple[DraftEntity | None, str]:
        if mention.entity is not None:
            return mention.entity, ""
        word = mention.word
        if word in ("he", "she"):
            person = self.last.get("person")
            return person, "" if person else f"who is '{word}'?"
        if word == "it":
            org = self._main_org()
            return org, f"'it' read as {org.name}: check it" if org else ""
        if word == "they":
            group = self.last.get("group") or self.last.get("organization")
            return group, f"'they' read as {group.name}: check it" if group else ""
        return None, ""

    def _main_org(self) -> DraftEntity | None:
        """The organisation named most often so far among those named lately."""
        recent = set().union(*self.recent_orgs) if self.recent_orgs else set()
        if not recent:
            return self.last.get("organization")
        first = {e.id: e.first_at for e in self.entities}
        return self.by_id[max(recent, key=lambda i: (self.org_counts[i], -first[i]))]

    def _spokesperson(self, org: DraftEntity, title: str) -> DraftEntity:
        """ "A spokesman said" after AOL was named: an unnamed person who speaks for AOL."""
        name = f"{org.name} {title}"
        for entity in self.entities:
            if entity.name == name:
                return entity
        entity = DraftEntity(
            slug(name), "person", name, role=f"{title.capitalize()} for {org.name}"
        )
        entity.notes.append(f"the article says only 'a {title}'; read as {org.name}'s: check it")
        self._new_entity(entity)
        return entity

    def _group(self, phrase: str) -> DraftEntity:
        name = phrase[0].upper() + phrase[1:]
        for entity in self.entities:
            if entity.name.lower() == name.lower():
                return entity
        # The article's own words for them are the best first guess at who they are.
        entity = DraftEntity(slug(name), "group", name, role=f"{name} (unnamed)")
        entity.notes.append("an unnamed group the article quotes: say who they are")
        self._new_entity(entity)
        return entity

    def _new_entity(self, entity: DraftEntity) -> None:
        name = entity.name
        base, n = entity.id, 2
        while entity.id in self.by_id:
            entity.id, n = f"{base}-{n}", n + 1
        self.entities.append(entity)
        self.by_id[entity.id] = entity
        self._names = sorted([*self._names, (name, entity)], key=lambda p: -len(p[0]))

    def _about(self, mentions: list[_Mention], speakers: list[DraftEntity]) -> list[str]:
        about: list[str] = []
        for mention in mentions:
            entity = mention.entity
            if entity is not None and entity not in speakers and entity.id not in about:
                about.append(entity.id)
        return about

    def _status(self, text: str, verb: str) -> tuple[str, str]:
        if _DECLINED.search(text):
            return "declined-to-comment", "status from 'declined to comment'"
        if _CONFIRM.search(text):
            return "confirmed", ""
        if _APPROXIMATE.search(text):
            return "estimate", "status from an approximate figure: check it"
        if verb in _STATUS_OF_VERB:
            return _STATUS_OF_VERB[verb], ""
        if verb:
            return "statement", ""
        return TODO, "no reporting verb: pick a status"

    # ------------------------------------------------------------------ writing a fact
    def _narrator_fact(self, sentence: Sentence, about: list[str]) -> None:
        status = "estimate" if _APPROXIMATE.search(sentence.text) else "context"
        self._add(sentence, None, [], status, about, [], narrator=True)

    def _add(
        self,
        sentence: Sentence,
        speaker: DraftEntity | None,
        quote: list[str],
        status: str,
        about: list[str],
        notes: list[str],
        *,
        narrator: bool = False,
    ) -> None:
        text = sentence.text
        speaker_id = NARRATOR if narrator else (speaker.id if speaker else TODO)
        name = "The article" if narrator else (speaker.name if speaker else "Someone")
        short = "the article" if narrator else (speaker.short_name if speaker else "they")
        key = key_words(quote[0] if quote else text, skip={*short.lower().split()})
        answers = ["what"]
        if not narrator:
            answers.insert(0, "who")
        places = [a for a in about if self.by_id[a].kind in ("place", "country")]
        if _NUMBER.search(text):
            answers.append("how-many")
        if _DATE.search(text):
            answers.append("when")
        if places:
            answers.append("where")
        if not narrator:
            answers.append("yes-no")
        if _REASON.search(text):
            answers.append("why")
        statement = text if narrator else f"{name}: {text}"
        fact_id = self._fact_id(speaker_id if not narrator else "article", key)
        role = "" if narrator or speaker is None or speaker.role.startswith(TODO) else speaker.role
        places = [self.by_id[a].name for a in about if self.by_id[a].kind in ("place", "country")]
        phrasings = self.phrasing.for_fact(
            short, key, quote, text, answers, narrator=narrator, role=role, places=places
        )
        self.facts.append(
            DraftFact(
                id=fact_id,
                statement=statement,
                speaker=speaker_id,
                quote=quote,
                excerpt=text,
                status=status,
                answers=answers,
                phrasings=phrasings,
                about=about,
                notes=notes,
            )
        )

    def _fact_id(self, prefix: str, key: list[str]) -> str:
        base = slug("-".join([prefix, *key[:2]]))[:60]
        fact_id, n = base, 2
        while fact_id in self.fact_ids:
            fact_id, n = f"{base}-{n}", n + 1
        self.fact_ids.add(fact_id)
        return fact_id


def draft_facts(article: Article, entities: list[DraftEntity]) -> list[DraftFact]:
    """One fact per attributed statement or quotation, and the narrator's sentences, in order.

    `entities` gains any unnamed group the article quotes ("experts warned").
    """
    return _Drafter(article, entities).run()
