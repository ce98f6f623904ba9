"""How close a drafted sheet comes to the sheet curated by hand, on the four stories.

`python -m benchmarks.draft` drafts each article (`bot.draft`), resolves its placeholders
mechanically (`fill_placeholders`: undecided speakers go to the narrator, undecided statuses are
'statement'), and compares it with `knowledge/<story>.toml`:

- quotes: a drafted quote matches a curated one when their words overlap verbatim (the longest
  common run covers half the shorter quote); precision is the share of drafted quote facts that
  match a curated one with the same speaker, recall the share of curated quote facts so found;
- speakers: curated speakers (not the narrator) the draft names as an entity, and of those who are
  people or groups, how many the draft gives a role that agrees with the curated one;
- answers: the engine on each story's dev questions (never a sealed set), answering from the
  draft alone and from the curated sheet.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterable
from difflib import SequenceMatcher
from pathlib import Path

from benchmarks.labels import DATA, KNOWLEDGE, ROOT, load_questions, training_questions, untaught
from benchmarks.quality import HEADER, Scores, engine_replies, score
from bot.draft import draft_sheet, fill_placeholders
from bot.engine.matching import AnswerEngine
from bot.sheet import Entity, Fact, FactSheet, load_sheet, normalise_for_quote

SHARED = Path(os.environ.get("NEWSFACT_SHARED") or ROOT.parent / "shared")
# Each story's article and its dev questions (the first story's tuning set is its dev set).
STORIES: dict[str, tuple[Path, Path]] = {
    "north-korean-troops-russia": (SHARED / "source" / "article.txt", DATA / "questions.toml"),
    **{
        story: (SHARED / "stories" / f"{story}.txt", DATA / story / "dev.toml")
        for story in (
            "guantanamo-four-free-in-weeks",
            "format-wars-could-confuse-users",
            "bt-offers-equal-access-to-rivals",
        )
    },
}
# Two quotes are the same when their longest common run covers this share of the shorter.
MIN_QUOTE_OVERLAP = 0.5
# Two roles agree when this share of the shorter one's words are in the other.
MIN_ROLE_OVERLAP = 0.5


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _names(entity: Entity) -> set[str]:
    return {_fold(entity.name), *(_fold(a) for a in entity.aliases)}


def same_entity(drafted: Entity, curated: Entity) -> bool:
    """The draft's entity names the curated one (by name or alias, either way round)."""
    if drafted.kind == "narrator" or curated.kind == "narrator":
        return drafted.kind == curated.kind
    return _fold(drafted.name) in _names(curated) or _fold(curated.name) in _names(drafted)


def _overlap(a: str, b: str) -> bool:
    a, b = normalise_for_quote(a).lower(), normalise_for_quote(b).lower()
    if not a or not b:
        return False
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= MIN_QUOTE_OVERLAP * min(len(a), len(b))


def quotes_overlap(drafted: Fact, curated: Fact) -> bool:
    """Some part of one quote overlaps some part of the other, verbatim."""
    return any(_overlap(d, c) for d in drafted.quote_parts for c in curated.quote_parts)


def roles_agree(drafted: str, curated: str) -> bool:
    """The shorter role's words are mostly in the longer one ("Foreign Secretary")."""
    a, b = set(_fold(drafted).split()), set(_fold(curated).split())
    if not a or not b or drafted.startswith("TODO"):
        return False
    return len(a & b) >= MIN_ROLE_OVERLAP * min(len(a), len(b))


def _quoted(facts: Iterable[Fact]) -> list[Fact]:
    return [f for f in facts if f.quote_parts]


def quote_scores(draft: FactSheet, curated: FactSheet) -> tuple[int, int, int, int, int]:
    """(drafted quotes, of them matched with the right speaker, curated quotes, of them found
    with the right speaker, of them found at all)."""
    drafted, wanted = _quoted(draft.facts), _quoted(curated.facts)
    right = sum(
        any(quotes_overlap(d, c) and same_entity(d.speaker, c.speaker) for c in wanted)
        for d in drafted
    )
    found_right = sum(
        any(quotes_overlap(d, c) and same_entity(d.speaker, c.speaker) for d in drafted)
        for c in wanted
    )
    found = sum(any(quotes_overlap(d, c) for d in drafted) for c in wanted)
    return len(drafted), right, len(wanted), found_right, found


def speaker_scores(draft: FactSheet, curated: FactSheet) -> tuple[int, int, int, int]:
    """(curated speakers, of them named in the draft, people and groups among those found, of
    them with a role that agrees)."""
    speakers = [e for e in curated.speakers if e.kind != "narrator"]
    found = 0
    with_role = roles_right = 0
    for speaker in speakers:
        match = next((e for e in draft.entities if same_entity(e, speaker)), None)
        if match is None:
            continue
        found += 1
        if speaker.kind in ("person", "group"):
            with_role += 1
            roles_right += roles_agree(match.role, speaker.role)
    return len(speakers), found, with_role, roles_right


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def drafted_sheet(article: Path, folder: Path, story: str) -> tuple[FactSheet, float, int]:
    """The article's draft with its placeholders resolved, loaded; seconds taken; TODO count."""
    started = time.perf_counter()
    draft = draft_sheet(article, folder)
    seconds = time.perf_counter() - started
    path = folder / f"{story}.toml"
    path.write_text(fill_placeholders(draft.text), encoding="utf-8")
    return load_sheet(path), seconds, len(draft.todos)


def main() -> None:
    """Print the comparison for every story whose article is present."""
    totals = [0] * 9
    rows: list[tuple[str, Scores, Scores, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for story, (article, dev) in STORIES.items():
            if not article.is_file():
                print(f"{story}: no article at {article}; skipped")
                continue
            curated = load_sheet(KNOWLEDGE / f"{story}.toml")
            draft, seconds, todos = drafted_sheet(article, Path(tmp), story)
            quotes = quote_scores(draft, curated)
            speakers = speaker_scores(draft, curated)
            totals = [t + v for t, v in zip(totals, (*quotes, *speakers), strict=True)]
            print(f"{story}  (drafted in {seconds * 1000:.0f} ms; {todos} TODO items)")
            print(
                f"  facts: draft {len(draft.facts)}, curated {len(curated.facts)}; "
                f"entities: draft {len(draft.entities)}, curated {len(curated.entities)}"
            )
            n_drafted, right, n_wanted, found_right, found = quotes
            print(
                f"  quotes with the right speaker: precision {_share(right, n_drafted)}, "
                f"recall {_share(found_right, n_wanted)} (found with any speaker {_share(found, n_wanted)})"
            )
            n_speakers, named, n_roles, roles = speakers
            print(
                f"  speakers named {_share(named, n_speakers)}; "
                f"roles that agree, of people and groups found {_share(roles, n_roles)}"
            )
            questions = load_questions(dev)
            from_draft = score(questions, engine_replies(AnswerEngine(draft), questions))
            # The curated sheet as curated: the phrasings taught from these very questions
            # would answer them from memory.
            as_curated = untaught(curated, training_questions(story))
            from_curated = score(questions, engine_replies(AnswerEngine(as_curated), questions))
            rows.append((story, from_draft, from_curated, len(questions)))
    print()
    (n_drafted, right, n_wanted, found_right, found, n_speakers, named, n_roles, roles) = totals
    print("all stories")
    print(
        f"  quotes with the right speaker: precision {_share(right, n_drafted)}, "
        f"recall {_share(found_right, n_wanted)} (found with any speaker {_share(found, n_wanted)})"
    )
    print(
        f"  speakers named {_share(named, n_speakers)}; roles that agree {_share(roles, n_roles)}"
    )
    print()
    print("engine on each story's dev questions, answering from one sheet")
    print(HEADER)
    for story, from_draft, from_curated, count in rows:
        dev = "questions.toml" if story == "north-korean-troops-russia" else "dev.toml"
        print(f"{story} / {dev}: {count} questions")
        print(from_draft.row("  draft alone (placeholders resolved)"))
        print(from_curated.row("  curated sheet"))


if __name__ == "__main__":
    main()
