"""Loading a fact sheet: limits, all-or-nothing validation, and the check against its article."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.sheet.model import (
    ENTITY_KINDS,
    QUESTION_KINDS,
    QUOTE_JOIN,
    STATUS_LABELS,
    Entity,
    Fact,
    FactSheet,
    Problem,
    SheetError,
    Story,
    fold,
    normalise_for_quote,
)

FACT_FIELDS = frozenset(
    {"id", "statement", "speaker", "quote", "excerpt", "status", "topics", "answers"}
    | {"phrasings", "about", "asked"}
)
STORY_REQUIRED = ("id", "headline", "summary")
STORY_OPTIONAL = ("related_headline", "photo", "outlet", "published", "link", "source", "article")

# Limits a sheet must keep to, checked before anything is built from it so that a runaway or
# hostile file cannot stall a load or a reload. The largest real sheets are far below them (45 KB,
# 34 facts, 41 entities, aliases of 6 words, phrasings of 77 characters).
MAX_SHEET_BYTES = 2 * 1024 * 1024
# The article the quotes are checked against (the real ones are a few KB).
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
# Arrays and tables inside one another; a valid sheet needs 4 (the sheet, [[facts]], a fact, a
# list in it). Anything deeper is refused before it is walked.
MAX_NESTING_DEPTH = 8
# The engine's speed is measured with its targets met up to 10,000 facts (README).
MAX_FACTS = 10_000
MAX_ENTITIES = 2_000
MAX_TOPICS = 1_000
MAX_SYNONYM_GROUPS = 2_000
# Entries in any one list: aliases, phrasings, topics, quote parts, words of a synonym group.
MAX_LIST_ENTRIES = 100
# Ids and topic slugs.
MAX_ID_CHARS = 64
# A name, role, alias, kind (`is_a`), topic label or synonym.
MAX_NAME_CHARS = 200
# An alias is a name: every alias is matched against every question, word by word.
MAX_ALIAS_WORDS = 12
# A statement, excerpt, quote part or a [story] field.
MAX_TEXT_CHARS = 2_000
MAX_PHRASING_CHARS = 300

# Dots in one key or table header: a sheet nests MAX_NESTING_DEPTH levels at most, and a quoted
# key may hold a few dots of its own; far more is a runaway file (see parse_toml).
MAX_KEY_DOTS = 64
_BOM = "\ufeff"
_BOM_PROBLEM = "the file starts with a byte order mark (BOM); save it as UTF-8 without one"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Line breaks and tabs are layout, and allowed in any text; other control characters, and the
# marks that reorder text right to left, garble a reply or hide what it says.
_LAYOUT = frozenset("\n\r\t")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TOML_POSITION = re.compile(r"at line (\d+), column (\d+)")


def check_against_source(sheet: FactSheet, article: str, source_name: str) -> list[Problem]:
    """Every quote and excerpt that is not verbatim in the article."""
    verbatim = _Verbatim(article)
    problems = []
    for fact in sheet.facts:
        checked = [("quote", part) for part in fact.quote_parts] + [("excerpt", fact.excerpt)]
        for label, text in checked:
            if text and not verbatim.has(text):
                problems.append(
                    Problem(
                        str(sheet.path),
                        f"fact {fact.id!r}",
                        f"{label} is not verbatim in {source_name}: {text[:80]!r}",
                    )
                )
    return problems


class _Verbatim:
    """An article's text, for finding many quotes and excerpts in it quickly.

    A text of three words or more is looked for only where one of its inner words stands in the
    article (its first and last words may be cut mid-word; an inner one is whole): a few
    comparisons each, where a scan of the article per text took minutes for a sheet of many
    quote parts and a long article.
    """

    def __init__(self, article: str) -> None:
        self.text = normalise_for_quote(article)
        self._starts: defaultdict[str, list[int]] = defaultdict(list)
        position = 0
        for word in self.text.split(" "):
            self._starts[word].append(position)
            position += len(word) + 1

    def has(self, text: str) -> bool:
        """Whether `text` (any spacing, any quote marks) is in the article word for word."""
        wanted = normalise_for_quote(text)
        words = wanted.split(" ")
        if len(words) < 3:
            return wanted in self.text
        offsets = [0]
        for word in words[:-1]:
            offsets.append(offsets[-1] + len(word) + 1)
        inner = min(range(1, len(words) - 1), key=lambda i: len(self._starts.get(words[i], ())))
        return any(
            start >= offsets[inner] and self.text.startswith(wanted, start - offsets[inner])
            for start in self._starts.get(words[inner], ())
        )


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; SheetError for anything else.

    A FIFO, a device (/dev/zero) or an oversized file is refused from its metadata, unopened.
    """
    name = str(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SheetError([Problem(name, "file", f"not a regular file; {what} must be one")])
        if info.st_size > limit:
            raise SheetError([Problem(name, "file", _too_big(info.st_size, limit, what))])
        with path.open("rb") as handle:
            # One byte over the limit tells a file that grew since the stat.
            data = handle.read(limit + 1)
    except OSError as exc:
        raise SheetError([Problem(name, "file", f"cannot read: {exc.strerror or exc}")]) from exc
    if len(data) > limit:
        raise SheetError([Problem(name, "file", _too_big(len(data), limit, what))])
    return data


def _too_big(size: int, limit: int, what: str) -> str:
    mb = 1024 * 1024
    return f"is {size / mb:.1f} MB ({size:,} bytes); {what} may be at most {limit // mb} MB"


def read_article(path: Path) -> str:
    """An article's text for checking quotes: a regular UTF-8 file within MAX_ARTICLE_BYTES."""
    data = read_limited(path, MAX_ARTICLE_BYTES, "an article")
    return decode_utf8(data, str(path), "article")


def load_sheet(path: Path) -> FactSheet:
    """Read and validate a sheet; raise SheetError listing every problem if it is not usable."""
    name = str(path)
    data = read_limited(path, MAX_SHEET_BYTES, "a sheet")
    text = decode_utf8(data, name, "sheet")
    raw = parse_toml(text, name)
    limits = _limit_problems(name, raw)
    if limits:
        raise SheetError(limits)
    ending = _end_problems(name, text, raw)
    try:
        sheet = _SheetBuilder(path, raw).build()
    except SheetError as exc:
        raise SheetError([*ending, *exc.problems]) from exc
    if ending:
        raise SheetError(ending)
    article = sheet.article_path
    if article is not None and article.is_file():
        data = read_limited(article, MAX_ARTICLE_BYTES, "an article")
        text = data.decode("utf-8", errors="replace")
        problems = check_against_source(sheet, text, str(article))
        if problems:
            raise SheetError(problems)
    return sheet


def decode_utf8(data: bytes, name: str, what: str) -> str:
    """A file's bytes as text; SheetError saying where it is not UTF-8 and how to fix it."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        message = (
            f"not UTF-8 text (byte 0x{byte:02x} at offset {exc.start}); save the {what} as UTF-8"
        )
        raise SheetError([Problem(name, "file", message)]) from exc


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """A sheet's or an overlay's TOML, parsed; SheetError naming the line of a syntax error.

    Refused before parsing: a byte order mark (TOML has none; some editors add one) and a key or
    table header of more parts than any sheet nests, which Python's TOML parser reads in time
    that grows with the square of its parts (a 50 KB key took 10 s and 600 MB).
    """
    if text.startswith(_BOM):
        raise SheetError([Problem(name, "line 1", _BOM_PROBLEM)])
    for number, line in enumerate(text.splitlines(), start=1):
        key = line.split("=", 1)[0] if "=" in line else line if line.lstrip()[:1] == "[" else ""
        if key.count(".") > MAX_KEY_DOTS:
            message = f"a key or table header of over {MAX_KEY_DOTS} dotted parts; {_TOO_DEEP}"
            raise SheetError([Problem(name, f"line {number}", message)])
    # Imported here, not at the top: a cold `ask` answered from a saved engine reads no TOML.
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_POSITION.search(str(exc))
        where = f"line {position.group(1)}" if position else "syntax"
        message = _TOML_POSITION.sub("", str(exc)).strip(" ()")
        raise SheetError([Problem(name, where, f"TOML syntax error: {message}")]) from exc
    except RecursionError as exc:
        raise SheetError([Problem(name, "file", _TOO_DEEP)]) from exc


# A sheet's last line. A sheet cut short (a partial copy or save) is still valid TOML when the cut
# falls between two tables, and would load as a smaller sheet; one that ends in [end] was not cut.
# Unlike a count of facts, it holds for every table in any order and never needs updating.
END_LINE = "[end]"
_END = re.compile(r"^\[\s*end\s*\]\s*(?:#.*)?$")


def _end_problems(name: str, text: str, raw: dict[str, Any]) -> list[Problem]:
    """The sheet must end with the line [end] (blank lines and comments may follow it)."""
    end = raw.get("end")
    if end is None:
        return [
            Problem(
                name,
                "end",
                f"the sheet does not end with the line {END_LINE}, so it may have been cut short "
                f"(a partial copy or save). If it is complete, add {END_LINE} as its last line.",
            )
        ]
    if end != {}:
        return [Problem(name, "end", f"{END_LINE} holds nothing: it only marks the sheet's end")]
    lines = text.splitlines()
    last = next(
        (i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()[:1] not in ("", "#")), -1
    )
    if last >= 0 and not _END.match(lines[last].strip()):
        return [
            Problem(
                name,
                f"line {last + 1}",
                f"only blank lines and comments may follow {END_LINE}; move {END_LINE} to the "
                "end of the sheet",
            )
        ]
    return []


_TOO_DEEP = f"arrays and tables nested deeper than {MAX_NESTING_DEPTH} levels"


def _depth(value: Any) -> int:
    """How many arrays and tables deep `value` goes, walked without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        deepest = max(deepest, depth)
        if depth > MAX_NESTING_DEPTH:
            break
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return deepest


def _limit_problems(name: str, raw: dict[str, Any]) -> list[Problem]:
    """Every limit the parsed sheet breaks; counts first, so a huge sheet is not walked."""
    if _depth(raw) > MAX_NESTING_DEPTH:
        return [Problem(name, "file", _TOO_DEEP)]
    problems: list[Problem] = []

    def over(where: str, message: str) -> None:
        problems.append(Problem(name, where, message))

    lexicon = raw.get("lexicon")
    sections = {
        "facts": (raw.get("facts"), MAX_FACTS),
        "entities": (raw.get("entities"), MAX_ENTITIES),
        "topics": (raw.get("topics"), MAX_TOPICS),
        "synonym groups": (
            lexicon.get("synonyms") if isinstance(lexicon, dict) else None,
            MAX_SYNONYM_GROUPS,
        ),
    }
    for noun, (value, limit) in sections.items():
        if isinstance(value, list | dict) and len(value) > limit:
            over(noun, f"the sheet has {len(value):,} {noun}; the limit is {limit:,}")
    if problems:
        return problems

    def check(where: str, label: str, value: Any, limit: int, max_words: int = 0) -> None:
        """One text, or each entry of a list of texts, against its limits."""
        if isinstance(value, list) and len(value) > MAX_LIST_ENTRIES:
            over(where, f"{label} has {len(value):,} entries; the limit is {MAX_LIST_ENTRIES}")
            return
        for entry in value if isinstance(value, list) else [value]:
            if not isinstance(entry, str):
                continue  # the wrong type is the builder's to report
            if len(entry) > limit:
                over(where, f"{label} is {len(entry):,} characters long; the limit is {limit:,}")
            elif max_words and len(entry.split()) > max_words:
                over(
                    where,
                    f"{label} {entry!r} is {len(entry.split())} words long; "
                    f"the limit is {max_words}",
                )

    story = raw.get("story")
    for key, value in story.items() if isinstance(story, dict) else ():
        check("story", f"field {key!r}", value, MAX_ID_CHARS if key == "id" else MAX_TEXT_CHARS)
    for section, label in (("entities", "entity"), ("facts", "fact")):
        tables = raw.get(section)
        for index, table in enumerate(tables if isinstance(tables, list) else [], start=1):
            if not isinstance(table, dict):
                continue
            raw_id = table.get("id")
            where = f"{label} #{index}"
            if isinstance(raw_id, str):
                shown = raw_id[:MAX_ID_CHARS] + ("…" if len(raw_id) > MAX_ID_CHARS else "")
                where = f"{label} {shown!r}"
            for key, limit in _FIELD_LIMITS.items():
                if key in table:
                    check(where, f"field {key!r}", table[key], limit)
            if "aliases" in table:
                check(where, "alias", table["aliases"], MAX_NAME_CHARS, MAX_ALIAS_WORDS)
    topics = raw.get("topics")
    for slug, topic_label in topics.items() if isinstance(topics, dict) else ():
        check("topics", "topic slug", slug, MAX_ID_CHARS)
        check("topics", f"label of topic {slug[:MAX_ID_CHARS]!r}", topic_label, MAX_NAME_CHARS)
    groups = sections["synonym groups"][0]
    for group in groups if isinstance(groups, list) else ():
        check("lexicon", "synonym group", group, MAX_NAME_CHARS)
    return problems


# The limit on each field of an entity or fact (aliases have their own, in words too).
_FIELD_LIMITS: Mapping[str, int] = {
    **dict.fromkeys(
        ("id", "kind", "speaker", "status", "topics", "answers", "about", "represented_by"),
        MAX_ID_CHARS,
    ),
    **dict.fromkeys(("name", "role", "is_a"), MAX_NAME_CHARS),
    **dict.fromkeys(("statement", "excerpt", "quote"), MAX_TEXT_CHARS),
    "phrasings": MAX_PHRASING_CHARS,
    "asked": MAX_PHRASING_CHARS,
}


class _SheetBuilder:
    """Turns parsed TOML into a FactSheet, collecting every problem instead of stopping at one."""

    def __init__(self, path: Path, raw: dict[str, Any]) -> None:
        self.path = path
        self.raw = raw
        self.problems: list[Problem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(str(self.path), where, message))

    def build(self) -> FactSheet:
        for key in sorted(
            self.raw.keys() - {"story", "entities", "facts", "lexicon", "topics", "end"}
        ):
            self.problem("top level", f"unknown section {key!r}")
        story = self._story(self.raw.get("story"))
        entities = self._entities(self.raw.get("entities"))
        facts = self._facts(self.raw.get("facts"), {e.id: e for e in entities})
        synonyms = self._synonyms(self.raw.get("lexicon", {}))
        topic_labels = self._topic_labels(self.raw.get("topics"), facts)
        self._check_aliases(entities)
        self._check_phrasings(facts)
        if self.problems or story is None:
            raise SheetError(self.problems)
        return FactSheet(
            path=self.path,
            story=story,
            entities=tuple(entities),
            facts=tuple(facts),
            synonyms=synonyms,
            topic_labels=topic_labels,
            loaded_at=datetime.now(UTC),
        )

    def _text(
        self, table: Mapping[str, Any], key: str, where: str, *, empty_ok: bool = False
    ) -> str:
        value = table.get(key)
        if value is None:
            self.problem(where, f"missing field {key!r}")
            return ""
        if not isinstance(value, str):
            self.problem(where, f"field {key!r} must be text")
            return ""
        if not empty_ok and not value.strip():
            self.problem(where, f"field {key!r} is empty")
        self._control(value, key, where)
        return value.strip()

    def _texts(
        self, table: Mapping[str, Any], key: str, where: str, minimum: int
    ) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            self.problem(where, f"missing field {key!r}")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(where, f"field {key!r} must be a list of text")
            return ()
        cleaned = tuple(v.strip() for v in value)
        if any(not v for v in cleaned):
            self.problem(where, f"field {key!r} has an empty entry")
        for text in cleaned:
            self._control(text, key, where)
        if len(cleaned) < minimum:
            self.problem(
                where, f"field {key!r} needs at least {minimum} entries, has {len(cleaned)}"
            )
        return tuple(v for v in cleaned if v)

    def _control(self, text: str, key: str, where: str) -> None:
        if text.isprintable():
            return  # nearly every text: one C-level pass tells
        for char in text:
            if char in _BIDI_CONTROLS or (
                unicodedata.category(char) == "Cc" and char not in _LAYOUT
            ):
                code = f"U+{ord(char):04X}"
                self.problem(where, f"field {key!r} has a control character ({code}); remove it")
                return

    def _text_or_texts(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        """An optional field that may be one text or a list of texts; empty entries dropped."""
        value = table.get(key)
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        return self._texts(table, key, where, minimum=1)

    def _table_list(self, value: Any, section: str) -> list[dict[str, Any]]:
        if value is None:
            self.problem(section, f"missing section [[{section}]]")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(section, f"[[{section}]] must be a list of tables")
            return []
        if not value:
            self.problem(section, f"[[{section}]] is empty")
        return value

    def _story(self, table: Any) -> Story | None:
        if not isinstance(table, dict):
            self.problem("story", "missing section [story]")
            return None
        required = {key: self._text(table, key, "story") for key in STORY_REQUIRED}
        optional = {
            key: self._text(table, key, "story", empty_ok=True)
            for key in STORY_OPTIONAL
            if key in table
        }
        for key in sorted(table.keys() - {*STORY_REQUIRED, *STORY_OPTIONAL}):
            self.problem("story", f"unknown field {key!r}")
        if required["id"] and not _SLUG.match(required["id"]):
            self.problem("story", f"id {required['id']!r} must be a lowercase-hyphenated slug")
        return Story(**required, **optional)

    def _entities(self, value: Any) -> list[Entity]:
        entities: list[Entity] = []
        seen: set[str] = set()
        for index, table in enumerate(self._table_list(value, "entities"), start=1):
            entity_id, where = self._identify(table, "entity", index, seen)
            kind = self._text(table, "kind", where)
            if kind and kind not in ENTITY_KINDS:
                self.problem(where, f"unknown kind {kind!r} (use one of {', '.join(ENTITY_KINDS)})")
            role = self._text(table, "role", where, empty_ok=kind not in ("person", "group"))
            entities.append(
                Entity(
                    id=entity_id,
                    kind=kind,
                    name=self._text(table, "name", where),
                    role=role,
                    aliases=self._texts(table, "aliases", where, minimum=0),
                    represented_by=self._text_or_texts(table, "represented_by", where),
                    is_a=self._texts(table, "is_a", where, minimum=0) if "is_a" in table else (),
                )
            )
            for key in sorted(table.keys() - set(Entity.__dataclass_fields__)):
                self.problem(where, f"unknown field {key!r}")
        narrators = [e.id for e in entities if e.kind == "narrator"]
        if len(narrators) > 1:
            listed = ", ".join(map(repr, narrators))
            self.problem("entities", f"only one entity may be the narrator, not {listed}")
        for entity in entities:
            where = f"entity {entity.id!r}"
            for speaker_id in entity.represented_by:
                if speaker_id not in seen:
                    self.problem(
                        where, f"represented_by {speaker_id!r} is not one of the story's entities"
                    )
                elif speaker_id == entity.id:
                    self.problem(where, "represented_by names the entity itself")
                elif speaker_id in narrators:
                    self.problem(where, "represented_by names the narrator, who speaks for no one")
            if len(set(entity.represented_by)) < len(entity.represented_by):
                self.problem(where, "represented_by names someone twice")
        return entities

    def _facts(self, value: Any, entities: Mapping[str, Entity]) -> list[Fact]:
        facts: list[Fact] = []
        seen: set[str] = set()
        for index, table in enumerate(self._table_list(value, "facts"), start=1):
            fact_id, where = self._identify(table, "fact", index, seen)
            speaker_id = self._text(table, "speaker", where)
            speaker = entities.get(speaker_id)
            if speaker_id and speaker is None:
                self.problem(where, f"speaker {speaker_id!r} is not one of the story's entities")
            status = self._text(table, "status", where)
            if status and status not in STATUS_LABELS:
                self.problem(
                    where, f"unknown status {status!r} (use one of {', '.join(STATUS_LABELS)})"
                )
            topics = self._texts(table, "topics", where, minimum=1)
            for topic in topics:
                if not _SLUG.match(topic):
                    self.problem(where, f"topic {topic!r} must be a lowercase-hyphenated slug")
            answers = self._texts(table, "answers", where, minimum=1)
            for kind in answers:
                if kind not in QUESTION_KINDS:
                    self.problem(where, f"unknown question kind {kind!r} in 'answers'")
            quote_parts = self._text_or_texts(table, "quote", where)
            about: list[Entity] = []
            for about_id in self._text_or_texts(table, "about", where):
                if about_id in entities:
                    about.append(entities[about_id])
                else:
                    self.problem(where, f"about {about_id!r} is not one of the story's entities")
            fact = Fact(
                id=fact_id,
                statement=self._text(table, "statement", where),
                speaker=speaker or Entity(speaker_id, "", speaker_id, "", ()),
                quote=QUOTE_JOIN.join(quote_parts),
                quote_parts=quote_parts,
                about=tuple(about),
                excerpt=self._text(table, "excerpt", where),
                status=status,
                topics=topics,
                answers=answers,
                phrasings=self._texts(table, "phrasings", where, minimum=3),
                asked=self._texts(table, "asked", where, minimum=0) if "asked" in table else (),
            )
            for key in sorted(table.keys() - FACT_FIELDS):
                self.problem(where, f"unknown field {key!r}")
            facts.append(fact)
        return facts

    def _identify(
        self, table: Mapping[str, Any], label: str, index: int, seen: set[str]
    ) -> tuple[str, str]:
        """The table's id and how problems name it; a repeated id is a problem."""
        raw = table.get("id")
        where = f"{label} {raw!r}" if isinstance(raw, str) else f"{label} #{index}"
        slug = self._slug(table, where)
        if slug in seen:
            self.problem(where, f"duplicate {label} id (the {label} #{index} in the file)")
        seen.add(slug)
        return slug, where

    def _slug(self, table: Mapping[str, Any], where: str) -> str:
        value = self._text(table, "id", where)
        if value and not _SLUG.match(value):
            self.problem(where, f"id {value!r} must be a lowercase-hyphenated slug")
        return value

    def _synonyms(self, lexicon: Any) -> tuple[tuple[str, ...], ...]:
        if not isinstance(lexicon, dict):
            self.problem("lexicon", "[lexicon] must be a table")
            return ()
        for key in sorted(lexicon.keys() - {"synonyms"}):
            self.problem("lexicon", f"unknown field {key!r} (the one field is 'synonyms')")
        groups = lexicon.get("synonyms", [])
        if not isinstance(groups, list) or not all(
            isinstance(g, list) and len(g) >= 2 and all(isinstance(w, str) and w.strip() for w in g)
            for g in groups
        ):
            self.problem("lexicon", "synonyms must be a list of lists of two or more words")
            return ()
        cleaned = tuple(tuple(w.strip().lower() for w in g) for g in groups)
        for word in dict.fromkeys(w for g in cleaned for w in g):
            # What the engine reads of a word: a-z and 0-9, once accents are folded.
            folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
            if not any(char.isalnum() for char in folded):
                self.problem(
                    "lexicon", f"synonym {word!r} has no letter or digit the bot reads (a-z, 0-9)"
                )
        group_of: dict[str, str] = {}
        for group in cleaned:
            for word in group:
                other = group_of.setdefault(word, group[0])
                if other != group[0]:
                    self.problem(
                        "lexicon",
                        f"word {word!r} is in two synonym groups ({other!r}, {group[0]!r})",
                    )
        return cleaned

    def _topic_labels(self, table: Any, facts: list[Fact]) -> dict[str, str]:
        """Every topic's label; a fact's topic with no label is a problem: usually a typo that
        would split one topic in two."""
        if not isinstance(table, dict) or not all(
            isinstance(v, str) and v.strip() for v in table.values()
        ):
            self.problem("topics", "[topics] must map each topic slug to its label")
            return {}
        used = {t for f in facts for t in f.topics}
        for topic in sorted(used - table.keys()):
            self.problem("topics", f"topic {topic!r} is used by a fact but has no label")
        return {k: v.strip() for k, v in table.items()}

    def _check_aliases(self, entities: list[Entity]) -> None:
        owner: dict[str, str] = {}
        for entity in entities:
            # A role is not an alias: two people may share one ("Labour MP"). Names compare
            # folded; the problem quotes the alias as the sheet writes it, so it can be found.
            written = {fold(n): n for n in reversed((entity.name, *entity.aliases))}
            for name, as_written in written.items():
                other = owner.setdefault(name, entity.id)
                if other != entity.id:
                    self.problem(
                        f"entity {entity.id!r}",
                        f"alias {as_written!r} also names entity {other!r}",
                    )

    def _check_phrasings(self, facts: list[Fact]) -> None:
        owner: dict[str, str] = {}
        for fact in facts:
            for phrasing in (*fact.phrasings, *fact.asked):
                other = owner.setdefault(fold(phrasing), fact.id)
                if other != fact.id:
                    self.problem(
                        f"fact {fact.id!r}", f"phrasing {phrasing!r} is also on fact {other!r}"
                    )
