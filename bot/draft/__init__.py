"""Drafting a fact sheet from an article for a curator to finish (stdlib, rapidfuzz and
the engine's English word list only; no network, no model)."""

from __future__ import annotations

import os
from pathlib import Path

from bot.draft.article import Article, read_article_text
from bot.draft.facts import DraftFact, draft_facts
from bot.draft.names import DraftEntity, find_entities, slug
from bot.draft.render import Draft, fill_placeholders, render

__all__ = [
    "Article",
    "Draft",
    "DraftEntity",
    "DraftFact",
    "draft_sheet",
    "draft_text",
    "fill_placeholders",
    "read_article_text",
]


def draft_text(text: str, story_id: str, article_ref: str, source_hint: str = "") -> Draft:
    """Draft a sheet from an article's text; `article_ref` is written as the sheet's `article`,
    `source_hint` is how the curator names the article on the command line."""
    article = read_article_text(text)
    entities = find_entities(article)
    facts = draft_facts(article, entities)
    return render(story_id, article, article_ref, entities, facts, source_hint or article_ref)


def draft_sheet(article_path: Path, sheet_dir: Path) -> Draft:
    """Draft a sheet for the article file, to be saved in `sheet_dir` (its `article` path is
    written relative to that folder, as the loader reads it)."""
    text = article_path.read_text(encoding="utf-8")
    # abspath, not resolve: a symlinked shared folder is named as the curator names it.
    reference = os.path.relpath(os.path.abspath(article_path), os.path.abspath(sheet_dir))
    return draft_text(
        text, slug(article_path.stem), Path(reference).as_posix(), article_path.as_posix()
    )
