"""Taught phrasings: what a curator taught from /gaps or the CLI, kept beside the sheet.

An overlay holds questions taught as extra phrasings of a fact, and questions confirmed as not in
the article. It lives in `<sheet>.learned.toml` beside the sheet (written atomically: a temp
file, fsync, rename), or in the database when DATABASE_URL is set. It is validated against the
sheet like the sheet itself; a corrupt overlay is refused, naming the file and what is wrong.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.sheet import (
    MAX_PHRASING_CHARS,
    FactSheet,
    Problem,
    SheetError,
    decode_utf8,
    fold,
    parse_toml,
    read_limited,
)
from bot.store.db import Database, DatabaseError, now_text
from bot.store.overlay_file import MAX_OVERLAY_BYTES

SCHEMA = "learned.1"
PHRASING = "phrasing"
REFUSAL = "not-in-article"
_MENTION = re.compile(r"@(everyone|here)|<[@#][!&]?\d+>|<a?:\w+:\d+>", re.IGNORECASE)
_MARKUP = re.compile(r"[`*_~|<>\[\]\\]|https?://")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class LearnError(ValueError):
    """A taught question or fact the overlay cannot take, with a message for the curator."""


@dataclass(frozen=True)
class Learned:
    """One taught entry: a phrasing of `fact_id`, or (fact_id "") a question not in the article."""

    question: str
    fact_id: str = ""
    taught_at: str = ""

    @property
    def kind(self) -> str:
        """PHRASING or REFUSAL."""
        return PHRASING if self.fact_id else REFUSAL


@dataclass(frozen=True)
class Overlay:
    """Every taught entry for one story, one per question (compared case- and punctuation-folded)."""

    story: str
    entries: tuple[Learned, ...] = ()

    def refusals(self) -> tuple[str, ...]:
        """Folded questions confirmed as not in the article."""
        return tuple(fold(e.question) for e in self.entries if not e.fact_id)

    def with_entry(self, entry: Learned) -> Overlay:
        """This overlay with `entry` added, replacing any earlier entry for the same question."""
        key = fold(entry.question)
        kept = tuple(e for e in self.entries if fold(e.question) != key)
        return dataclasses.replace(self, entries=(*kept, entry))


def clean_question(text: str) -> str:
    """A question fit to teach, spacing tidied; LearnError saying why one is not."""
    question = " ".join(text.split())
    if not fold(question):
        raise LearnError("There is no question to teach: it has no words.")
    if len(question) > MAX_PHRASING_CHARS:
        raise LearnError(
            f"That question is too long to teach ({len(question)} characters; a phrasing may "
            f"have at most {MAX_PHRASING_CHARS}). Teach a shorter wording of it."
        )
    if _MENTION.search(question):
        raise LearnError("A taught question cannot contain mentions (@everyone, @here, <@…>).")
    if _MARKUP.search(question) or _CONTROL.search(text):
        raise LearnError(
            "A taught question must be plain words: no markup, links or control characters."
        )
    return question


def validate_entry(sheet: FactSheet, entry: Learned) -> Learned:
    """The entry with its question cleaned; LearnError when it does not fit this sheet."""
    question = clean_question(entry.question)
    if entry.fact_id:
        if sheet.fact(entry.fact_id) is None:
            raise LearnError(
                f"There is no fact {entry.fact_id!r} in {sheet.story.id}. "
                "The facts command lists the ids."
            )
        key = fold(question)
        for fact in sheet.facts:
            if fact.id != entry.fact_id and any(
                fold(p) == key for p in (*fact.phrasings, *fact.asked)
            ):
                raise LearnError(f"{question!r} is already a phrasing of fact {fact.id!r}.")
    return dataclasses.replace(entry, question=question, taught_at=entry.taught_at or now_text())


def check_overlay(sheet: FactSheet, overlay: Overlay, where: str) -> list[Problem]:
    """Every entry that does not fit the sheet, named."""
    problems = []
    if overlay.story != sheet.story.id:
        problems.append(
            Problem(where, "story", f"is {overlay.story!r}, but the sheet is {sheet.story.id!r}")
        )
    for number, entry in enumerate(overlay.entries, 1):
        try:
            validate_entry(sheet, entry)
        except LearnError as exc:
            label = "phrasing" if entry.fact_id else "not_in_article"
            problems.append(Problem(where, f"{label} {number}", str(exc)))
    return problems


# ---------------------------------------------------------------- the file


def parse_overlay(text: str, where: str) -> Overlay:
    """An overlay from its TOML text; SheetError naming what is malformed."""
    raw = parse_toml(text, where)
    problems = []
    story = raw.get("story")
    if not isinstance(story, str) or not story:
        problems.append(Problem(where, "story", "must be the story id, as text"))
    entries = []
    for label, has_fact in (("phrasing", True), ("not_in_article", False)):
        tables = raw.get(label, [])
        if not isinstance(tables, list):
            problems.append(Problem(where, label, "must be an array of tables ([[...]])"))
            continue
        for number, table in enumerate(tables, 1):
            question = table.get("question") if isinstance(table, dict) else None
            fact = table.get("fact", "") if isinstance(table, dict) else None
            taught = table.get("taught_at", "") if isinstance(table, dict) else ""
            if not isinstance(question, str) or (has_fact and not isinstance(fact, str)):
                needs = "question and fact" if has_fact else "question"
                problems.append(Problem(where, f"{label} {number}", f"needs {needs} as text"))
                continue
            if has_fact and not fact:
                problems.append(Problem(where, f"{label} {number}", "needs a fact id"))
                continue
            entries.append(Learned(question, fact if has_fact else "", str(taught)))
    unknown = set(raw) - {"story", "phrasing", "not_in_article"}
    problems += [Problem(where, key, "is not a known key") for key in sorted(unknown)]
    if problems:
        raise SheetError(problems)
    return Overlay(str(story), tuple(entries))


def render_overlay(overlay: Overlay) -> str:
    """The overlay as the TOML file a curator reviews."""

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "# Learned from the channel (/gaps, or the CLI's teach command). Review or edit it here;",
        "# `.venv/bin/python -m bot fold` moves them into the sheet. Validated with the sheet.",
        f"story = {quoted(overlay.story)}",
    ]
    for entry in overlay.entries:
        if entry.fact_id:
            lines += ["", "[[phrasing]]", f"fact = {quoted(entry.fact_id)}"]
        else:
            lines += ["", "[[not_in_article]]"]
        lines += [f"question = {quoted(entry.question)}", f"taught_at = {quoted(entry.taught_at)}"]
    return "\n".join(lines) + "\n"


class OverlayStore(Protocol):
    """Where a story's taught entries are kept."""

    where: str

    def load(self, story: str) -> Overlay:
        """The stored overlay (empty if none); SheetError when it is corrupt."""
        ...

    def save(self, overlay: Overlay, changed: Learned) -> None:
        """Store the overlay, whose one new or changed entry is `changed`; OSError/DatabaseError."""
        ...

    def remove(self, overlay: Overlay, removed: Sequence[Learned]) -> None:
        """Store the overlay, which no longer has the `removed` entries; OSError/DatabaseError."""
        ...


class FileOverlay:
    """The overlay as a TOML file beside the sheet."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)

    def load(self, story: str) -> Overlay:
        """The file's overlay; an empty one when there is no file."""
        if not self.path.exists():
            return Overlay(story)
        data = read_limited(self.path, MAX_OVERLAY_BYTES, "an overlay")
        return parse_overlay(decode_utf8(data, self.where, "overlay"), self.where)

    def save(self, overlay: Overlay, changed: Learned) -> None:
        """Write the whole file atomically: a temp file beside it, fsync, rename."""
        self._write(overlay)

    def remove(self, overlay: Overlay, removed: Sequence[Learned]) -> None:
        """Write the whole file, without the removed entries, atomically."""
        self._write(overlay)

    def _write(self, overlay: Overlay) -> None:
        text = render_overlay(overlay)
        handle, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        try:
            folder = os.open(self.path.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(folder)
        except OSError:
            pass
        finally:
            os.close(folder)


class DatabaseOverlay:
    """The overlay in the shared database (DATABASE_URL): every shard sees the same entries."""

    def __init__(self, db: Database) -> None:
        db.migrate(
            SCHEMA,
            [
                "CREATE TABLE learned (story TEXT NOT NULL, question_key TEXT NOT NULL, "
                "question TEXT NOT NULL, fact_id TEXT NOT NULL, taught_at TEXT NOT NULL, "
                "PRIMARY KEY (story, question_key))"
            ],
        )
        self.db = db
        self.where = f"{db.where} (table learned)"

    def load(self, story: str) -> Overlay:
        """The story's entries, oldest first."""
        try:
            rows = self.db.execute(
                "SELECT question, fact_id, taught_at FROM learned WHERE story = ? "
                "ORDER BY taught_at, question_key",
                (story,),
            )
        except DatabaseError as exc:
            raise SheetError([Problem(self.where, "read", str(exc))]) from exc
        return Overlay(story, tuple(Learned(q, f, t) for q, f, t in rows))

    def remove(self, overlay: Overlay, removed: Sequence[Learned]) -> None:
        """Delete the removed entries, in one transaction."""
        self.db.execute_many(
            "DELETE FROM learned WHERE story = ? AND question_key = ?",
            [(overlay.story, fold(entry.question)) for entry in removed],
        )

    def save(self, overlay: Overlay, changed: Learned) -> None:
        """Upsert the one changed entry."""
        self.db.execute(
            "INSERT INTO learned (story, question_key, question, fact_id, taught_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (story, question_key) DO UPDATE SET "
            "question = excluded.question, fact_id = excluded.fact_id, "
            "taught_at = excluded.taught_at",
            (
                overlay.story,
                fold(changed.question),
                changed.question,
                changed.fact_id,
                changed.taught_at,
            ),
        )
