"""Command line: run the bot (or the console without a token), ask, list facts, check the sheet."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.replies import answer_card, card_as_text
from bot.engine.matching import AnswerEngine
from bot.settings import Settings, SettingsError, load_settings
from bot.sheet import FactSheet, SheetError, check_against_source, load_sheet, read_article

if TYPE_CHECKING:
    from bot.store.snapshots import Snapshot


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one command; return the exit code."""
    try:
        code = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left early (`... | head -1`). As Python's docs advise (signal module, "Note
        # on SIGPIPE"), point stdout at devnull so the flush at exit cannot fail again, and end
        # quietly with Python's own exit code for it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    _use_utf8_stdio()
    try:
        # Only the bot itself (and the console it falls back to) reads the Discord variables.
        settings = load_settings(discord=command in ("run", "sync"))
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 1
    if args.knowledge:
        settings = Settings(**{**settings.__dict__, "knowledge_path": Path(args.knowledge)})
    if command == "check":
        return _check(settings.knowledge_path, args.source)
    if command == "draft":
        return _draft(args.article, args.output, force=args.force)
    if command in ("gaps", "teach", "fold"):
        from bot.cli_learning import fold_taught, gaps, teach

        if command == "gaps":
            return gaps(settings, days=args.days, as_json=args.json)
        if command == "fold":
            return fold_taught(settings)
        return teach(settings, args.question, args.fact_id, not_in_article=args.not_in_article)
    snapshot = _snapshot(settings, args.story) if command == "ask" else None
    if snapshot is not None:
        engine = snapshot.load()
        if engine is not None and args.story in (None, engine.sheet.story.id):
            return _ask(engine, args.question, as_json=args.json)
    if command in ("ask", "facts", "lexicon"):
        try:
            sheet = _story_sheet(settings, args.story)
        except SheetError as exc:
            _print_problems(exc)
            return 1
        except LookupError as exc:
            print(exc.args[0], file=sys.stderr)
            return 1
        if command == "facts":
            return _facts(sheet, as_json=args.json)
        if command == "lexicon":
            from bot.engine.lexicon_report import lexicon_report, report_as_text

            print(report_as_text(lexicon_report(sheet)))
            return 0
        from bot.app.learning import build_engine
        from bot.store.learned import FileOverlay
        from bot.store.overlay_file import overlay_path

        # Answer as the bot does: with what was taught in the overlay file beside the sheet.
        try:
            engine = build_engine(sheet, FileOverlay(overlay_path(sheet.path)))
        except SheetError as exc:
            _print_problems(exc)
            return 1
        if snapshot is not None and sheet.path == snapshot.sheet_path:
            snapshot.save(engine)
        return _ask(engine, args.question, as_json=args.json)
    from bot.discord import launcher

    if command == "sync":
        return launcher.sync(settings)
    return launcher.run(settings, story=args.story)


def _snapshot(settings: Settings, story: str | None) -> Snapshot | None:
    """The saved engine's slot for the sheet `ask` will read, or None when there is none to use.

    Reading and indexing a sheet is most of a cold `ask`; a saved engine skips both. Only a sheet
    found by its path is looked up: one filed under another name needs every sheet read anyway.
    """
    if settings.cache_dir is None:
        return None
    path = settings.knowledge_path if story is None else settings.knowledge_dir / f"{story}.toml"
    if story is not None and not path.is_file():
        return None
    from bot.store.overlay_file import overlay_path
    from bot.store.snapshots import EngineSnapshots

    return EngineSnapshots(settings.cache_dir).open(path, overlay_path(path))


def _story_sheet(settings: Settings, story: str | None) -> FactSheet:
    """The sheet of story `story` in KNOWLEDGE_DIR, or the default sheet when no story is named.

    One file is read (SLUG.toml, or KNOWLEDGE_PATH when it is that story), so a cold `ask` stays
    fast; only a story filed under another name costs a look at every sheet.
    """
    if story is None:
        return load_sheet(settings.knowledge_path)
    for path in (settings.knowledge_path, settings.knowledge_dir / f"{story}.toml"):
        if path.stem == story and path.is_file():
            sheet = load_sheet(path)
            if sheet.story.id == story:
                return sheet
    from bot.app.stories import StoryLibrary

    library = StoryLibrary.open(settings.knowledge_dir, settings.knowledge_path)
    service = library.get(story)
    if service is None:
        known = ", ".join(library.slugs) or "none"
        raise LookupError(f"No story {story!r} in {settings.knowledge_dir} (stories: {known})")
    return service.engine.sheet


def _use_utf8_stdio() -> None:
    """Read stdin and write stdout as UTF-8 whatever the locale; bytes that are not UTF-8 become
    U+FFFD, so a bad line is still answered and the JSON out is always valid UTF-8."""
    for stream in (sys.stdin, sys.stdout):
        # Not a real stream under some embedders and test runners: leave those alone.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _from_argv(text: str) -> str:
    """A command-line argument with undecodable bytes (kept as surrogates) as U+FFFD instead."""
    return os.fsencode(text).decode(sys.getfilesystemencoding(), errors="replace")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Answer questions about a news story from its fact sheet. With no command, "
        "run the Discord bot (or a local console chat when DISCORD_TOKEN is not set).",
    )
    parser.add_argument("--knowledge", help="fact sheet to use (default: KNOWLEDGE_PATH)")
    parser.add_argument(
        "--story",
        metavar="SLUG",
        help="the story (a sheet's id in KNOWLEDGE_DIR) for ask, facts and the console "
        "(default: ask and facts use KNOWLEDGE_PATH; the console routes each question)",
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (console without a token)")
    sub.add_parser("sync", help="sync slash commands to Discord now, then exit")
    ask = sub.add_parser("ask", help="answer a question offline")
    ask.add_argument(
        "question", nargs="+", help="the question, or - to read one per line from stdin"
    )
    ask.add_argument("--json", action="store_true", help="print JSON (one object per line)")
    facts = sub.add_parser("facts", help="list every fact")
    facts.add_argument("--json", action="store_true", help="print a JSON list")
    sub.add_parser(
        "lexicon", help="the sheet's synonym groups as the engine reads them, with warnings"
    )
    check = sub.add_parser("check", help="validate the fact sheet; exit 0 only when clean")
    check.add_argument("--source", type=Path, help="article the quotes must appear in verbatim")
    draft = sub.add_parser(
        "draft", help="draft a fact sheet from an article for a curator to finish"
    )
    draft.add_argument(
        "article", type=Path, help="the article's text file (first line the headline)"
    )
    draft.add_argument(
        "-o", "--output", type=Path, help="write the sheet here instead of printing it"
    )
    draft.add_argument("--force", action="store_true", help="overwrite the output if it exists")
    gaps = sub.add_parser("gaps", help="questions the bot could not answer well, grouped")
    gaps.add_argument("--days", type=_days, default=7, help="the period, in days (default 7)")
    gaps.add_argument("--json", action="store_true", help="print JSON")
    teach = sub.add_parser("teach", help="teach a question as a phrasing of a fact")
    teach.add_argument("question", help="the question, as asked")
    teach.add_argument("fact_id", nargs="?", default="", help="the fact that answers it")
    teach.add_argument(
        "--not-in-article",
        action="store_true",
        help="confirm the article does not answer it (the bot keeps refusing it)",
    )
    sub.add_parser(
        "fold",
        help="move what was taught into the sheet's asked lists, for review as a plain diff",
    )
    return parser


def _days(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 3650:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of days from 1 to 3650, not {text!r}"
        )
    return int(text)


def _draft(article: Path, output: Path | None, *, force: bool) -> int:
    from bot.draft import draft_sheet

    try:
        read_article(article)  # the same limits and UTF-8 check as `check --source`
    except SheetError as exc:
        _print_problems(exc)
        return 1
    if output is not None and output.exists() and not force:
        print(f"{output} exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    # A printed draft is meant for knowledge/, where sheets live: its `article` path says so.
    draft = draft_sheet(article, output.parent if output else Path("knowledge"))
    if not draft.facts:
        print(f"{article}: no sentences to draft from after the headline", file=sys.stderr)
        return 1
    if output is None:
        sys.stdout.write(draft.text)
    else:
        output.write_text(draft.text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    print(
        f"{len(draft.todos)} TODO items left for the curator (listed under [todo])",
        file=sys.stderr,
    )
    return 0


def _check(path: Path, source: Path | None) -> int:
    try:
        sheet = load_sheet(path)
    except SheetError as exc:
        _print_problems(exc)
        return 1
    if source is not None:
        try:
            article = read_article(source)
        except SheetError as exc:
            _print_problems(exc)
            return 1
        problems = check_against_source(sheet, article, str(source))
        if problems:
            _print_problems(SheetError(problems))
            return 1
    from bot.store.learned import FileOverlay, check_overlay
    from bot.store.overlay_file import overlay_path

    store = FileOverlay(overlay_path(path))
    learned = ""
    if store.path.exists():
        try:
            overlay = store.load(sheet.story.id)
        except SheetError as exc:
            _print_problems(exc)
            return 1
        problems = check_overlay(sheet, overlay, store.where)
        if problems:
            _print_problems(SheetError(problems))
            return 1
        learned = f"; {store.path}: OK, {len(overlay.entries)} taught"
    print(f"{path}: OK, {len(sheet.facts)} facts, {len(sheet.speakers)} speakers{learned}")
    print(f"  {_quotes_checked(sheet, source)}")
    return 0


def _quotes_checked(sheet: FactSheet, source: Path | None) -> str:
    """What the quotes were checked against; a sheet whose article is not where it says is
    loaded all the same (a fresh clone has no articles), but its curator should know."""
    if source is not None:
        return f"quotes verified against {source}"
    article = sheet.article_path
    if article is None:
        return "quotes not verified: the sheet names no article (give one with --source)"
    if not article.is_file():
        return f"quotes not verified: its article {article} is not there (a typo in 'article'?)"
    return f"quotes verified against {article}"


def _print_problems(error: SheetError) -> None:
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)


def _facts(sheet: FactSheet, *, as_json: bool) -> int:
    if as_json:
        print(json.dumps([f.to_dict() for f in sheet.facts], ensure_ascii=False, indent=2))
        return 0
    for fact in sheet.facts:
        print(f"{fact.id}  [{fact.status_label}]  {fact.speaker.name}: {fact.statement}")
    return 0


def _ask(engine: AnswerEngine, question: Sequence[str], *, as_json: bool) -> int:
    questions = (
        (line.rstrip("\n") for line in sys.stdin)
        if list(question) == ["-"]
        else iter([_from_argv(" ".join(question))])
    )
    for text in questions:
        answer = engine.answer(text)
        if as_json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(card_as_text(answer_card(answer, engine.sheet)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
