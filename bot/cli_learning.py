"""`python -m bot gaps`, `teach` and `fold`: the curator's loop from a terminal."""

from __future__ import annotations

import json
import sys

from bot.app.gaps import gap_groups, gaps_as_json, group_line, since
from bot.app.replies import terminal_text
from bot.app.service import AnswerService
from bot.settings import Settings
from bot.sheet import SheetError, fold, load_sheet
from bot.store.db import DatabaseError
from bot.store.learned import LearnError
from bot.store.stores import open_stores


def _problems(exc: SheetError) -> int:
    print(f"{len(exc.problems)} problem(s) found:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def gaps(settings: Settings, *, days: int, as_json: bool) -> int:
    """Print the gaps report for the sheet's story; exit 1 when there is no log to read."""
    try:
        sheet = load_sheet(settings.knowledge_path)
        stores = open_stores(settings, settings.knowledge_path)
    except SheetError as exc:
        return _problems(exc)
    except DatabaseError as exc:
        print(f"The database cannot be used: {exc}", file=sys.stderr)
        return 1
    try:
        if stores.log is None:
            print(
                "The question log is off (QUESTION_LOG=off), so there is no report.",
                file=sys.stderr,
            )
            return 1
        try:
            refused = stores.learned.load(sheet.story.id).refusals()
        except SheetError as exc:
            return _problems(exc)
        groups = gap_groups(stores.log.rows(sheet.story.id, since(days)), refused)
    except DatabaseError as exc:
        print(f"The question log cannot be read: {exc}", file=sys.stderr)
        return 1
    finally:
        stores.close()
    if as_json:
        print(json.dumps(gaps_as_json(groups), ensure_ascii=False, indent=2))
        return 0
    total = sum(g.count for g in groups)
    print(f"Gaps in {sheet.story.id}, last {days} days: {len(groups)} groups, {total} questions")
    for number, group in enumerate(groups, 1):
        print(terminal_text(group_line(number, group).replace("`", "")))
    if groups:
        print(
            '\nTeach one with the teach command: teach "QUESTION" FACT_ID (the facts command lists ids)'
        )
    return 0


def teach(settings: Settings, question: str, fact_id: str, *, not_in_article: bool) -> int:
    """Teach one question (or confirm it is not in the article); exit 1 and change nothing if not."""
    if not_in_article == bool(fact_id):
        print(
            "Give either a FACT_ID that answers the question, or --not-in-article.", file=sys.stderr
        )
        return 2
    try:
        stores = open_stores(settings, settings.knowledge_path)
    except DatabaseError as exc:
        print(f"The database cannot be used: {exc}", file=sys.stderr)
        return 1
    try:
        service = AnswerService.open(settings.knowledge_path, stores.learned)
        entry = service.teach(question, fact_id)
        if stores.log is not None:
            key = fold(entry.question)
            rows = stores.log.rows(service.engine.sheet.story.id, "")
            done = [r.entry_key for r in rows if fold(r.question) == key and not r.resolution]
            stores.log.resolve(done, "taught" if fact_id else "not-in-article")
    except SheetError as exc:
        return _problems(exc)
    except LearnError as exc:
        print(f"Not taught: {exc}", file=sys.stderr)
        return 1
    except (OSError, DatabaseError) as exc:
        print(f"Not taught: could not save it ({exc})", file=sys.stderr)
        return 1
    finally:
        stores.close()
    if fact_id:
        fact = service.engine.sheet.fact(fact_id)
        statement = fact.statement if fact else ""
        print(f"Taught: “{entry.question}” → {fact_id}: {statement}")
    else:
        print(f"Taught: “{entry.question}” is not in the article; the bot will keep saying so.")
    print(f"Saved in {stores.learned.where}")
    return 0


def fold_taught(settings: Settings) -> int:
    """Move the taught questions into the sheet; exit 1 and change nothing if it cannot."""
    from bot.app.folding import fold_into_sheet, remaining

    path = settings.knowledge_path
    try:
        stores = open_stores(settings, path)
    except DatabaseError as exc:
        print(f"The database cannot be used: {exc}", file=sys.stderr)
        return 1
    try:
        sheet = load_sheet(path)
        overlay = stores.learned.load(sheet.story.id)
        folded = fold_into_sheet(sheet, overlay, stores.learned.where)
    except SheetError as exc:
        stores.close()
        return _problems(exc)
    except (OSError, DatabaseError) as exc:
        stores.close()
        print(f"Nothing moved: {exc}", file=sys.stderr)
        return 1
    try:
        if folded.taken:
            stores.learned.remove(remaining(overlay, folded), folded.taken)
    except (OSError, DatabaseError) as exc:
        print(
            f"Moved into {path}, but {stores.learned.where} still lists them ({exc}). They do no "
            "harm there, and the next fold takes them out.",
            file=sys.stderr,
        )
        return 1
    finally:
        stores.close()
    refusals = len(overlay.refusals())
    if not folded.taken:
        print(f"Nothing to move: {stores.learned.where} holds no taught question.")
    else:
        facts = len({e.fact_id for e in folded.moved})
        print(
            f"Moved {len(folded.moved)} taught question(s) into {path} ({facts} fact(s)'s asked lists)."
        )
        if folded.already:
            print(f"{len(folded.already)} were in the sheet already; taken out of the overlay.")
    if refusals:
        print(
            f"{refusals} question(s) confirmed not in the article stay in {stores.learned.where}."
        )
    return 0
