"""Finding who and what an article names: people with their roles and every way they are named,
organisations, countries and places. Capitalisation heuristics and a little language data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from bot.draft.article import QUOTE_MARKS, Article, Sentence
from bot.draft.language import country_names, lower_set, words
from bot.engine.english_words import is_english_word

_TOKEN = re.compile(r"[A-Za-z0-9][\w'\u2019.&-]*\w|[A-Za-z0-9]")
# Words a title or role may run over, leftwards from a name, besides capitals and role nouns.
_ROLE_STOP = frozenset(
    "the a an and but or said says told added that which who whose when while with by from to in"
    " on at as is was are were has have had be been will would also but its his her their after"
    " before about over under into than like such including between against near within without"
    " not no comes came said says".split()
)
_APPOSITIVE = re.compile(r"^,\s+((?:the |a |an )?[^,.;:\"“”]{2,140}?)(?=,| said| says|\.|$)")
_ROLE_BEFORE = re.compile(r"(?:^|\s)(?:[Tt]he|[Aa]n?) ([a-z][\w\s-]{2,80}?),\s*$")
_MAX_ROLE_WORDS = 12
# Titles that are not part of a person's name (unlike "Sir" or "Lord").
_COURTESY_TITLES = frozenset({"Mr", "Ms", "Mrs", "Miss", "Dr", "Prof"})
# A role this short is also a way of naming its holder ("Foreign Secretary").
_MAX_TITLE_ALIAS_WORDS = 4
_MAX_PERSON_TOKENS = 4
# A misspelt surname ("Smyth" for "Smith") is one edit from the real one.
_MAX_SURNAME_EDITS = 1
_MIN_FUZZY_SURNAME = 4


@dataclass
class DraftEntity:
    """An entity as drafted: what the curator will confirm or fix."""

    id: str
    kind: str
    name: str
    role: str = ""
    aliases: list[str] = field(default_factory=list)
    is_a: list[str] = field(default_factory=list)
    first_at: int = 0
    notes: list[str] = field(default_factory=list)  # what the curator must decide (TODOs)

    def add_alias(self, alias: str) -> None:
        """Add a way of naming it, once."""
        alias = alias.strip()
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    @property
    def short_name(self) -> str:
        """How a phrasing names it: a person's surname, anything else's name."""
        if self.kind == "person":
            return self.name.split()[-1]
        return self.name

    def names(self) -> list[str]:
        """The name and every alias."""
        return [self.name, *self.aliases]


@dataclass(frozen=True)
class _Run:
    tokens: tuple[str, ...]
    start: int  # offset in the body
    end: int
    sentence: Sentence
    possessive: bool

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def slug(text: str) -> str:
    """A lowercase-hyphenated id."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower().replace("'s", "")))[:64] or "entity"


def _capitalised(token: str) -> bool:
    return token[0].isupper() or (len(token) > 1 and token[0] == "i" and token[1].isupper())


def _runs(article: Article) -> list[_Run]:
    """Runs of capitalised words, split at dates, possessives and punctuation."""
    dates = lower_set("dates")
    runs: list[_Run] = []
    for sentence in article.sentences:
        current: list[tuple[str, int, int]] = []
        for match in _TOKEN.finditer(sentence.text):
            token = match.group()
            start, end = match.start(), match.end()
            # "US-led" names the US; "Secretary-General" and "Indo-Pacific" are names whole.
            prefix = re.match(r"^([A-Z][\w.]*)-[a-z]+$", token)
            if prefix and prefix.group(1).isupper():
                token, end = prefix.group(1), start + len(prefix.group(1))
            possessive = token.endswith(("'s", "\u2019s"))
            if possessive:
                token = token[:-2]
            if not token or not _capitalised(token) or token.lower() in dates:
                _close(runs, current, sentence, possessive=False)
                continue
            if current and sentence.text[current[-1][2] : start] != " ":
                _close(runs, current, sentence, possessive=False)
            current.append((token, start, end))
            if possessive:
                _close(runs, current, sentence, possessive=True)
        _close(runs, current, sentence, possessive=False)
    return runs


def _close(
    runs: list[_Run], current: list[tuple[str, int, int]], sentence: Sentence, *, possessive: bool
) -> None:
    """End the run of capitals being read, if any."""
    if current:
        tokens = tuple(t for t, _, _ in current)
        start, end = sentence.start + current[0][1], sentence.start + current[-1][2]
        runs.append(_Run(tokens, start, end, sentence, possessive))
        current.clear()


def _at_sentence_start(run: _Run) -> bool:
    """First in its sentence, or first inside a quotation or after a colon."""
    before = run.sentence.text[: run.start - run.sentence.start].rstrip()
    return not before or before.endswith((".", "!", "?", ":", *QUOTE_MARKS))


def _clean(run: _Run, capitalised_inside: set[str]) -> _Run | None:
    """Drop sentence openers ("But", "The") and sentence-initial common words ("Confusingly")."""
    tokens = list(run.tokens)
    openers = set(words()["words"]["openers"])
    start = run.start
    if _at_sentence_start(run) or tokens[0] in ("I", "Mr", "Ms", "Mrs", "Dr"):
        while tokens and tokens[0] in openers and tokens[0] not in words()["words"]["honorifics"]:
            start += len(tokens[0]) + 1
            tokens.pop(0)
        if (
            len(tokens) == 1
            and len(run.tokens) == 1
            and _at_sentence_start(run)
            and tokens[0] not in capitalised_inside
            and tokens[0] not in country_names()
            and (is_english_word(tokens[0].lower()) or tokens[0].endswith("ly"))
        ):
            return None
    if not tokens or tokens == ["I"]:
        return None
    return _Run(tuple(tokens), start, run.end, run.sentence, run.possessive)


def _split_title(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(title, name): 'Union General Secretary Ann Lee' -> the title and 'Ann Lee'."""
    roles = lower_set("role_nouns") | lower_set("org_kinds")
    last = -1
    for index, token in enumerate(tokens):
        if token.lower() in roles:
            last = index
    if 0 <= last < len(tokens) - 1:
        return tokens[: last + 1], tokens[last + 1 :]
    # "Australian Mamdouh Habib": a nationality before a person's name describes them.
    if (
        len(tokens) >= 3
        and tokens[0] in country_names()
        and " ".join(tokens[:2]) not in country_names()
    ):
        return tokens[:1], tokens[1:]
    return (), tokens


def _looks_like_person(tokens: tuple[str, ...]) -> bool:
    honorifics = set(words()["words"]["honorifics"])
    core = [t for t in tokens if t not in honorifics]
    return (
        2 <= len(core) <= _MAX_PERSON_TOKENS - 1
        and all(t.isalpha() and t[0].isupper() and not t.isupper() for t in core)
        and not any(t in set(words()["words"]["org_words"]) for t in core)
        and not any(t in set(words()["words"]["place_words"]) for t in core)
    )


def _next_word(run: _Run) -> str:
    after = run.sentence.text[run.end - run.sentence.start :]
    match = re.match(r"\s+([a-z][\w-]*)", after)
    return match.group(1) if match else ""


def _word_before(run: _Run) -> str:
    before = run.sentence.text[: run.start - run.sentence.start]
    match = re.search(r"(\w+)\s+$", before)
    return match.group(1) if match else ""


def _role_before(run: _Run, title: tuple[str, ...]) -> str:
    """The title and role words right before a name: 'Acme chief executive' Jo Bloggs."""
    text = run.sentence.text[: run.start - run.sentence.start]
    if title:
        text = text + " ".join(title)
    found: list[str] = []
    for word in reversed(re.findall(r"[\w'\u2019-]+|[^\w\s]", text)):
        if not re.match(r"[\w'\u2019-]+$", word) or word.lower() in _ROLE_STOP:
            break
        found.insert(0, word)
        if len(found) >= _MAX_ROLE_WORDS:
            break
    roles = lower_set("role_nouns") | lower_set("org_kinds")
    if not any(w.lower() in roles for w in found):
        return ""
    # "a sign of Russian President": what comes before an "of" belongs to the role only when it
    # holds a role word itself ("director of telecoms research").
    while "of" in found:
        cut = found.index("of")
        if any(w.lower() in roles for w in found[:cut]):
            break
        found = found[cut + 1 :]
    return " ".join(found)


def _role_around(run: _Run) -> str:
    """A role in apposition: 'the shadow chancellor, Jo Bloggs' or 'Sam Bloggs,
    father of Jo,'."""
    roles = lower_set("role_nouns")
    before = run.sentence.text[: run.start - run.sentence.start]
    match = _ROLE_BEFORE.search(before)
    if match and any(w.lower() in roles for w in match.group(1).split()):
        return match.group(1).strip()
    after = run.sentence.text[run.end - run.sentence.start :]
    match = _APPOSITIVE.match(after)
    if match:
        phrase = re.split(r" (?:which|who|whose|where) ", match.group(1))[0].strip()
        first = phrase.split()[:6]
        if (
            first
            and first[0] not in ("from", "who", "which")
            and any(w.lower().strip(",") in roles for w in first)
        ):
            return phrase
    return ""


class _Builder:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.entities: dict[str, DraftEntity] = {}
        self.owner: dict[str, DraftEntity] = {}  # every name and alias -> its entity

    def add(self, kind: str, name: str, at: int) -> DraftEntity:
        existing = self.owner.get(name)
        if existing is not None:
            return existing
        base = slug(name.split()[-1] if kind == "person" else name)
        if base in self.entities:
            base = slug(name)  # a second Bloggs is "sam-bloggs"
        entity_id, n = base, 2
        while entity_id in self.entities:
            entity_id, n = f"{base}-{n}", n + 1
        entity = DraftEntity(entity_id, kind, name, first_at=at)
        self.entities[entity_id] = entity
        self.owner[name] = entity
        return entity

    def alias(self, entity: DraftEntity, alias: str) -> None:
        if alias not in self.owner:
            self.owner[alias] = entity
            entity.add_alias(alias)


def find_entities(article: Article) -> list[DraftEntity]:
    """Everyone and everything the article names, in order of first mention."""
    runs = _runs(article)
    capitalised_inside = {
        r.tokens[0] for r in runs if len(r.tokens) == 1 and not _at_sentence_start(r)
    }
    cleaned = [c for r in runs if (c := _clean(r, capitalised_inside))]
    builder = _Builder(article)
    honorifics = set(words()["words"]["honorifics"])
    countries = country_names()
    singles: list[tuple[_Run, tuple[str, ...]]] = []
    # People first, so that a lone surname later is known to be theirs.
    for run in cleaned:
        title, core = _split_title(run.tokens)
        if core and core[0] in honorifics and core[0] != "Sir" and len(core) == 2:
            singles.append((run, core))
            continue
        if _looks_like_person(core) and " ".join(core) not in countries:
            # "Dr Jane Smith" is Jane Smith, also "Dr Smith"; "Sir Menzies Campbell" keeps his Sir.
            courtesy = core[0] if core[0] in _COURTESY_TITLES else ""
            name = " ".join(core[1:] if courtesy else core)
            person = builder.add("person", name, run.start)
            if courtesy:
                builder.alias(person, f"{courtesy} {core[-1]}")
            if not person.role:
                person.role = _role_before(run, title) or _role_around(run)
                if not person.role and title:
                    person.role = " ".join(title)
    for run in cleaned:
        title, core = _split_title(run.tokens)
        name = " ".join(core)
        if not core or name in builder.owner:
            continue
        if core[0] in honorifics and core[0] != "Sir" and len(core) == 2:
            continue
        if _looks_like_person(core) and name not in countries:
            continue
        if len(core) == 1:
            singles.append((run, core))
            continue
        _add_thing(builder, run, title, core)
    for run, core in singles:
        _add_single(builder, run, core)
    for entity in builder.entities.values():
        if entity.kind == "person":
            parts = entity.name.split()
            surname = parts[-1]
            given = [p for p in parts[:-1] if p not in honorifics]
            if len(given) + 1 < len(parts):
                builder.alias(entity, " ".join([*given, surname]))
            builder.alias(entity, surname)
            if given:
                builder.alias(entity, given[0])
            # A short title names them too ("the foreign secretary"); the first holder keeps it.
            if entity.role and len(entity.role.split()) <= _MAX_TITLE_ALIAS_WORDS:
                title = entity.role.lower()
                builder.alias(entity, title)
                builder.alias(entity, f"the {title}")
        if entity.kind == "country":
            for alias, country in countries.items():
                if country == entity.name:
                    builder.alias(entity, alias)
    return sorted(builder.entities.values(), key=lambda e: e.first_at)


def _add_thing(builder: _Builder, run: _Run, title: tuple[str, ...], core: tuple[str, ...]) -> None:
    """A name of two or more words that is not a person's: a country, place or organisation."""
    name = " ".join(core)
    countries = country_names()
    place_words = set(words()["words"]["place_words"])
    next_word = _next_word(run)
    if name in countries:
        entity = builder.add("country", countries[name], run.start)
        _kind_word(entity, "country")
        builder.alias(entity, name)
        return
    if (
        name in words()["places"]["names"]
        or any(t in place_words for t in core)
        or next_word.lower() in lower_set("place_kinds")
    ):
        entity = builder.add("place", name, run.start)
        if next_word.lower() in lower_set("place_kinds"):
            entity.is_a.append(next_word.lower())
        return
    entity = builder.add("organization", name, run.start)
    _org_role(entity, run, title)


def _kind_word(entity: DraftEntity, word: str) -> None:
    """What kind of thing it is, as a question may ask ("which country")."""
    if word not in entity.is_a:
        entity.is_a.append(word)


def _org_role(entity: DraftEntity, run: _Run, title: tuple[str, ...]) -> None:
    role = _role_before(run, title)
    if role and role.split()[-1].lower() in lower_set("org_kinds") and not entity.role:
        entity.role = role[0].upper() + role[1:]
        kind = role.split()[-1].lower()
        if kind in lower_set("org_kinds") and kind not in entity.is_a:
            entity.is_a.append(kind)


def _add_single(builder: _Builder, run: _Run, core: tuple[str, ...]) -> None:
    """One capitalised word: a surname or first name, "Mr X", a country, place or organisation."""
    honorifics = set(words()["words"]["honorifics"])
    countries = country_names()
    if len(core) == 2 and core[0] in honorifics:
        surname = core[1]
        person = _person_by_surname(builder, surname)
        if person is None:
            person = builder.add("person", " ".join(core), run.start)
            person.notes.append("first name unknown: the article names them only as " + person.name)
        builder.alias(person, " ".join(core))
        builder.alias(person, surname)
        return
    word = core[0]
    if word in builder.owner:
        return
    person = _person_by_surname(builder, word) or _person_by_first_name(builder, word)
    if person is not None:
        builder.alias(person, word)
        return
    if word in countries:
        entity = builder.add("country", countries[word], run.start)
        _kind_word(entity, "country")
        builder.alias(entity, word)
        return
    thing = _thing_by_first_word(builder, word)
    if thing is not None:
        builder.alias(thing, word)
        return
    if word in ("Western", "Eastern", "Northern", "Southern", "Internet", "Sir"):
        return
    next_word = _next_word(run).lower()
    if word in words()["words"]["place_words"]:
        builder.add("place", word, run.start)
        return
    if word in words()["places"]["names"] or next_word in lower_set("place_kinds"):
        entity = builder.add("place", word, run.start)
        if next_word in lower_set("place_kinds"):
            entity.is_a.append(next_word.rstrip("s") if next_word.endswith("ns") else next_word)
        return
    entity = builder.add("organization", word, run.start)
    if _word_before(run) in ("in", "from", "at", "near"):
        entity.kind = "place"
        entity.notes.append(f"kind guessed from '{_word_before(run)} {word}': check it")
    elif not word.isupper():
        entity.notes.append("kind guessed: an organisation, a product or a place?")
    _org_role(entity, run, ())


def _person_by_surname(builder: _Builder, word: str) -> DraftEntity | None:
    people = [e for e in builder.entities.values() if e.kind == "person"]
    exact = [p for p in people if p.name.split()[-1] == word]
    if exact:
        return exact[0]  # a shared surname ("Mr Bloggs") names the first one introduced
    if len(word) >= _MIN_FUZZY_SURNAME:
        close = [
            p
            for p in people
            if Levenshtein.distance(p.name.split()[-1], word) <= _MAX_SURNAME_EDITS
            and p.name.split()[-1][0] == word[0]
        ]
        if len(close) == 1:
            close[0].notes.append(f"'{word}' read as a misspelling of {close[0].name}: check it")
            return close[0]
    return None


def _person_by_first_name(builder: _Builder, word: str) -> DraftEntity | None:
    people = [
        e for e in builder.entities.values() if e.kind == "person" and e.name.split()[0] == word
    ]
    return people[0] if len(people) == 1 else None


def _thing_by_first_word(builder: _Builder, word: str) -> DraftEntity | None:
    things = [
        e
        for e in builder.entities.values()
        if e.kind != "person" and len(e.name.split()) > 1 and e.name.split()[0] == word
    ]
    return min(things, key=lambda e: e.first_at) if things else None
