"""Writing a draft as a sheet a curator finishes: valid TOML, every open question a `# TODO`.

A draft can never go live by mistake: it holds a `[todo]` table listing what is left, which the
sheet loader refuses as an unknown section ("unknown section 'todo'") until the curator deletes
it; speakers and statuses the drafter could not decide are the placeholder "TODO", which the
loader names too. Everything else is a valid value, so `check` reports only TODO items.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.draft.article import Article
from bot.draft.facts import NARRATOR, TODO, DraftFact
from bot.draft.names import DraftEntity

TODO_TOPIC = "todo"
_BRITISH = re.compile(
    r"\b(?:Mr|Ms|Mrs|Dr) [A-Z]|\b\w+(?:ised|ising|isation|our|tre|ogramme|ence)\b|£"
)
_AMERICAN = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\. [A-Z]|\b\w+(?:ized|izing|ization|ense|ter)\b|\$")
# British house style has to win clearly before the draft guesses a British outlet.
_STYLE_MARGIN = 3


@dataclass(frozen=True)
class Draft:
    """The sheet's text and what is left for the curator."""

    text: str
    todos: tuple[str, ...]
    facts: int  # none means there was nothing to draft from


def _s(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_s(v) for v in values) + "]"


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def guess_outlet(body: str) -> str:
    """'BBC News' when the text reads as British house style ("Mr Smith", '-ised', £), else ''."""
    british = len(_BRITISH.findall(body))
    american = len(_AMERICAN.findall(body))
    return "BBC News" if british >= american + _STYLE_MARGIN else ""


def render(
    story_id: str,
    article: Article,
    article_ref: str,
    entities: list[DraftEntity],
    facts: list[DraftFact],
    source_hint: str = "",
) -> Draft:
    """The draft sheet as TOML text, and its TODO items in order."""
    source_hint = source_hint or article_ref
    todos: list[str] = []
    out: list[str] = [
        f"# Draft fact sheet for {source_hint}, made by `.venv/bin/python -m bot draft`.",
        "# Finish every `# TODO`, delete the [todo] table, then run",
        f"#   .venv/bin/python -m bot --knowledge <this file> check --source {source_hint}",
        "# Quotes and excerpts are copied verbatim from the article; the rest is a guess to check.",
        "",
        "[story]",
        f"id = {_s(story_id)}",
        f"headline = {_s(article.headline)}",
    ]
    lede = article.sentences[0].text if article.sentences else ""
    out.append("# TODO: one or two sentences in your words (this is the article's first sentence).")
    out.append(f"summary = {_s(lede)}")
    todos.append("story: write the summary")
    outlet = guess_outlet(article.body)
    if outlet:
        out.append(f"outlet = {_s(outlet)}  # TODO: guessed from the house style; check it")
        todos.append(f"story: check the outlet ({outlet!r} is a guess)")
    else:
        out.append('# outlet = ""  # TODO: where the article ran, if it says; else leave out')
        todos.append("story: add the outlet if known")
    out.append('# published = ""  # TODO: "YYYY-MM-DD", if known')
    out.append('# link = ""  # TODO: the article\'s address, if known')
    if article.related_headline:
        out.append(f"related_headline = {_s(article.related_headline)}")
    if article.photo:
        out.append(f"photo = {_s(article.photo)}")
    out.append(f"article = {_s(article_ref)}")
    out.append("")
    entity_lines, entity_todos = _entities(entities)
    fact_lines, fact_todos = _facts(facts)
    todos += entity_todos + fact_todos
    todos.append("facts: give each a topic (topics = ['todo'] now) and label it under [topics]")
    todos.append("lexicon: add the story's synonym groups")
    out += [
        "[todo]",
        "# Delete this table when every item is done: until then the sheet is refused.",
    ]
    out.append("items = [")
    out += [f"    {_s(item)}," for item in todos]
    out += ["]", ""]
    out += entity_lines + fact_lines
    out += [
        "[lexicon]",
        "# TODO: groups of words readers use for this story's ideas (release / free / return).",
        "synonyms = []",
        "",
        "[topics]",
        f'{TODO_TOPIC} = "TODO: group the facts into topics"',
        "",
        "[end]",
        "",
    ]
    return Draft("\n".join(out), tuple(todos), len(facts))


def _entities(entities: list[DraftEntity]) -> tuple[list[str], list[str]]:
    out = [
        "# ---------------------------------------------------------------- people, groups, places",
        "",
        "[[entities]]",
        f"id = {_s(NARRATOR)}",
        'kind = "narrator"',
        'name = "The article"',
        'role = "Reporting, not attributed to a speaker"',
        'aliases = ["the reporter"]',
        "",
    ]
    todos: list[str] = []
    owner: dict[str, str] = {_fold("The article"): NARRATOR, _fold("the reporter"): NARRATOR}
    for entity in entities:
        for note in entity.notes:
            out.append(f"# TODO: {note}")
            todos.append(f"entity {entity.id}: {note}")
        role = entity.role
        if entity.kind in ("person", "group") and not role:
            role = f"{TODO}: what the article says they are"
            out.append("# TODO: the article gives no role in so many words")
            todos.append(f"entity {entity.id}: give a role")
        elif entity.kind in ("person", "group") and not role.startswith(TODO):
            role = role[0].upper() + role[1:]
        owner.setdefault(_fold(entity.name), entity.id)
        aliases = []
        for alias in entity.aliases:
            if owner.setdefault(_fold(alias), entity.id) == entity.id:
                aliases.append(alias)
        out += [
            "[[entities]]",
            f"id = {_s(entity.id)}",
            f"kind = {_s(entity.kind)}",
            f"name = {_s(entity.name)}",
            f"role = {_s(role)}",
            f"aliases = {_list(aliases)}  # TODO: add titles and spellings readers will use",
        ]
        if entity.is_a:
            out.append(f"is_a = {_list(entity.is_a)}")
        out.append("")
    todos.append("entities: add aliases readers will use, and represented_by for organisations")
    return out, todos


def _facts(facts: list[DraftFact]) -> tuple[list[str], list[str]]:
    out = [
        "# ---------------------------------------------------------------- facts, in article order",
        "",
    ]
    todos: list[str] = []
    for fact in facts:
        for note in fact.notes:
            out.append(f"# TODO: {note}")
            todos.append(f"fact {fact.id}: {note}")
        if fact.speaker == TODO:
            todos.append(f"fact {fact.id}: name the speaker")
        if fact.status == TODO:
            todos.append(f"fact {fact.id}: pick the status")
        quote = _s(fact.quote[0]) if len(fact.quote) == 1 else _list(fact.quote)
        if not fact.quote:
            quote = '""'
        out += [
            "[[facts]]",
            f"id = {_s(fact.id)}",
            f"statement = {_s(fact.statement)}  # TODO: reword in your own words",
            f"speaker = {_s(fact.speaker)}",
            f"quote = {quote}",
            f"excerpt = {_s(fact.excerpt)}",
            f"status = {_s(fact.status)}",
            f'topics = ["{TODO_TOPIC}"]',
            f"answers = {_list(fact.answers)}",
            "# TODO: starter phrasings; add the questions readers would ask",
            "phrasings = [",
            *(f"    {_s(p)}," for p in fact.phrasings),
            "]",
        ]
        if fact.about:
            out.append(f"about = {_list(fact.about)}")
        out.append("")
    return out, todos


def fill_placeholders(text: str) -> str:
    """Resolve a draft's placeholders mechanically, as a curator in a hurry would: drop the
    [todo] table, give undecided speakers to the narrator and undecided statuses 'statement'.

    Used by the tests and the benchmark; a real curator decides each one instead.
    """
    lines = text.split("\n")
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.strip() == "[todo]":
            skipping = True
            continue
        if skipping and line.startswith("["):
            skipping = False
        if not skipping:
            kept.append(line)
    resolved = "\n".join(kept)
    resolved = resolved.replace(f'speaker = "{TODO}"', f'speaker = "{NARRATOR}"')
    return resolved.replace(f'status = "{TODO}"', 'status = "statement"')
