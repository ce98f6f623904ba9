"""Every story the bot serves: one live service per sheet in KNOWLEDGE_DIR (no Discord).

Each sheet is loaded and validated on its own: a broken one is logged, listed as broken and left
out while the others serve. The default story is the sheet at KNOWLEDGE_PATH (the first story
sheet unless set); a sheet there with the same id as one in the folder replaces it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.app.routing import story_index
from bot.app.service import AnswerService, ReloadCandidate, ReloadResult
from bot.engine.english_words import load_word_lists
from bot.sheet import FactSheet, Problem, SheetError
from bot.store.learned import OverlayStore
from bot.store.overlay_file import OVERLAY_SUFFIX

log = logging.getLogger(__name__)
_Loaded = TypeVar("_Loaded")
# What a story shows that failed to load for a reason of the bot's own, not of its sheet: the
# other stories keep serving, and the log has the traceback.
INTERNAL_ERROR = "could not be loaded: an error in the bot itself (the bot's log has the details)"


@dataclass(frozen=True)
class BrokenSheet:
    """A sheet that could not be loaded, and every problem that stopped it."""

    path: Path
    problems: tuple[Problem, ...]

    @property
    def name(self) -> str:
        """The file's name without .toml, as it would be the story's id."""
        return self.path.stem


@dataclass(frozen=True)
class StoryReload:
    """What a reload would do to one story: a candidate to commit, a new story, or problems."""

    slug: str
    path: Path
    candidate: ReloadCandidate | None = None
    new: AnswerService | None = None
    problems: tuple[Problem, ...] = ()
    gone: bool = False

    @property
    def needs_confirmation(self) -> bool:
        """Facts taken away, words changed, or the whole story gone: asked about first."""
        return self.gone or (self.candidate is not None and self.candidate.needs_confirmation)


@dataclass(frozen=True)
class StoryOutcome:
    """What a reload did to one story, for the reply."""

    slug: str
    headline: str
    result: ReloadResult | None = None
    added_story: bool = False
    removed_story: bool = False
    waiting: bool = False
    # The story's sheet after the reload (the live one), when it is still served.
    sheet: FactSheet | None = None


def sheet_paths(knowledge_dir: Path, default_path: Path | None) -> list[Path]:
    """Every sheet in the folder, sorted, with the default sheet first if it is elsewhere.

    A sheet is a *.toml file; a taught-phrasings overlay beside it (*.learned.toml) is not.
    """
    try:
        found = sorted(
            p
            for p in knowledge_dir.glob("*.toml")
            if p.is_file() and not p.name.endswith(OVERLAY_SUFFIX)
        )
    except OSError as exc:
        log.warning("Cannot list the stories in %s: %s", knowledge_dir, exc)
        found = []
    if default_path is None:
        return found
    resolved = {p.resolve() for p in found}
    return found if default_path.resolve() in resolved else [default_path, *found]


# Where a story's taught phrasings live, given its sheet's path (None: nothing is taught).
LearnedFor = Callable[[Path], OverlayStore | None]


def _no_learned(path: Path) -> OverlayStore | None:
    return None


class StoryLibrary:
    """The stories being served, by id, in a stable order; swapped story by story on reload."""

    def __init__(
        self,
        services: Iterable[AnswerService],
        broken: Iterable[BrokenSheet] = (),
        *,
        default: str | None = None,
        knowledge_dir: Path | None = None,
        default_path: Path | None = None,
        learned_for: LearnedFor | None = None,
    ) -> None:
        self._services: dict[str, AnswerService] = {}
        # Where each story's taught phrasings live (the overlay file beside it, or the database).
        self.learned_for = learned_for or _no_learned
        for service in services:
            self._services[service.engine.sheet.story.id] = service
        self.broken: tuple[BrokenSheet, ...] = tuple(broken)
        self.knowledge_dir = knowledge_dir
        self.default_path = default_path
        self._default = default
        self._lock = threading.Lock()

    # ------------------------------------------------------------ loading

    @classmethod
    def single(cls, service: AnswerService) -> StoryLibrary:
        """One story only (tests, and a bot built around one service)."""
        return cls([service], default=service.engine.sheet.story.id, default_path=service.path)

    @classmethod
    def open(
        cls,
        knowledge_dir: Path,
        default_path: Path | None = None,
        learned_for: LearnedFor | None = None,
    ) -> StoryLibrary:
        """Load every sheet in the folder (and the default sheet), each validated on its own."""
        learned_for = learned_for or _no_learned
        paths = sheet_paths(knowledge_dir, default_path)
        services, broken = _load_all(paths, default_path, learned_for)
        default = None
        if default_path is not None:
            default = next(
                (s for s, svc in services.items() if svc.path.resolve() == default_path.resolve()),
                None,
            )
        library = cls(
            services.values(),
            broken,
            default=default,
            knowledge_dir=knowledge_dir,
            default_path=default_path,
            learned_for=learned_for,
        )
        for sheet in broken:
            log.error(
                "Story sheet %s left out: %s", sheet.path, "; ".join(map(str, sheet.problems))
            )
        log.info("Serving %d stories (%d left out)", len(library), len(broken))
        library.warm()
        return library

    def warm(self) -> None:
        """Build the routing index for the live stories now, not at the next question.

        The English word lists spelling correction reads are loaded too: a server answers on
        an event loop, which the first misspelt question would otherwise hold up to read them.
        """
        load_word_lists()
        if len(self._services) > 1:
            story_index([service.engine for service in self.services])

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._services)

    @property
    def slugs(self) -> tuple[str, ...]:
        """Every story's id, in a stable order (the default story first)."""
        default = self.default_slug
        rest = sorted(s for s in self._services if s != default)
        return (default, *rest) if default else tuple(rest)

    @property
    def services(self) -> tuple[AnswerService, ...]:
        """Every story's live service, in the order of `slugs`."""
        return tuple(self._services[s] for s in self.slugs)

    @property
    def default_slug(self) -> str | None:
        """The story used when nothing else says which: KNOWLEDGE_PATH's, else the first."""
        if self._default in self._services:
            return self._default
        return min(self._services) if self._services else None

    @property
    def default(self) -> AnswerService:
        """The default story's service; LookupError when no story loaded at all."""
        slug = self.default_slug
        if slug is None:
            raise LookupError("no story is loaded")
        return self._services[slug]

    def get(self, slug: str | None) -> AnswerService | None:
        """The story with this id, if it is served."""
        return self._services.get(slug) if slug else None

    def find(self, text: str) -> AnswerService | None:
        """A story by its id, or by words of its headline typed by hand."""
        wanted = text.strip().lower()
        if not wanted:
            return None
        if wanted in self._services:
            return self._services[wanted]
        for service in self.services:
            if wanted in service.engine.sheet.story.headline.lower():
                return service
        return None

    def choices(self, typed: str, limit: int = 25) -> list[AnswerService]:
        """Stories whose id or headline contains every word typed so far, in `slugs` order."""
        words = typed.lower().split()
        out = []
        for service in self.services:
            story = service.engine.sheet.story
            haystack = f"{story.id} {story.headline}".lower()
            if all(w in haystack for w in words):
                out.append(service)
        return out[:limit]

    # ------------------------------------------------------------ reloading

    def prepare_reload(self) -> list[StoryReload]:
        """Re-read every sheet (the folder is scanned again) without making any of it live."""
        with self._lock:
            current = {svc.path.resolve(): slug for slug, svc in self._services.items()}
            paths = (
                sheet_paths(self.knowledge_dir, self.default_path)
                if self.knowledge_dir is not None
                else [svc.path for svc in self._services.values()]
            )
            plans: list[StoryReload] = []
            seen: set[str] = set()
            for path in paths:
                slug = current.get(path.resolve())
                if slug is not None:
                    seen.add(slug)
                    try:
                        candidate = _isolated(path, self._services[slug].prepare_reload)
                    except SheetError as exc:
                        plans.append(StoryReload(slug, path, problems=exc.problems))
                        continue
                    plans.append(StoryReload(slug, path, candidate=candidate))
                    continue
                try:
                    service = _isolated(
                        path, lambda p=path: AnswerService.open(p, self.learned_for(p))
                    )
                except SheetError as exc:
                    plans.append(StoryReload(path.stem, path, problems=exc.problems))
                    continue
                plans.append(StoryReload(service.engine.sheet.story.id, path, new=service))
            for slug, service in self._services.items():
                if slug not in seen:
                    plans.append(StoryReload(slug, service.path, gone=True))
            return _without_duplicates(plans, self._services)

    def commit(self, plans: Sequence[StoryReload], *, confirmed: bool) -> list[StoryOutcome]:
        """Make prepared changes live; those that need confirmation only when `confirmed`."""
        outcomes = []
        with self._lock:
            self.broken = tuple(BrokenSheet(p.path, p.problems) for p in plans if p.problems)
            for plan in plans:
                outcomes.append(self._commit_one(plan, confirmed=confirmed))
        self.warm()
        return outcomes

    def reload(self) -> list[StoryOutcome]:
        """Re-read every sheet and make each valid change live at once (console, SIGHUP)."""
        return self.commit(self.prepare_reload(), confirmed=True)

    def _commit_one(self, plan: StoryReload, *, confirmed: bool) -> StoryOutcome:
        live = self._services.get(plan.slug)
        sheet = live.engine.sheet if live else None
        headline = sheet.story.headline if sheet else plan.path.name
        if plan.problems:
            log.warning("Reload of %s refused: %d problem(s)", plan.path, len(plan.problems))
            return StoryOutcome(plan.slug, headline, ReloadResult(None, plan.problems), sheet=sheet)
        if plan.needs_confirmation and not confirmed:
            return StoryOutcome(plan.slug, headline, waiting=True, sheet=sheet)
        if plan.gone:
            self._services.pop(plan.slug, None)
            log.info("Story %s removed: its sheet %s is gone", plan.slug, plan.path)
            return StoryOutcome(plan.slug, headline, removed_story=True)
        if plan.new is not None:
            self._services[plan.slug] = plan.new
            log.info("Story %s added from %s", plan.slug, plan.path)
            sheet = plan.new.engine.sheet
            return StoryOutcome(plan.slug, sheet.story.headline, added_story=True, sheet=sheet)
        assert plan.candidate is not None and live is not None
        result = live.commit(plan.candidate)
        sheet = live.engine.sheet
        return StoryOutcome(plan.slug, sheet.story.headline, result, sheet=sheet)


def _load_all(
    paths: Sequence[Path], default_path: Path | None, learned_for: LearnedFor
) -> tuple[dict[str, AnswerService], list[BrokenSheet]]:
    services: dict[str, AnswerService] = {}
    broken: list[BrokenSheet] = []
    for path in paths:
        try:
            service = _isolated(path, lambda p=path: AnswerService.open(p, learned_for(p)))
        except SheetError as exc:
            broken.append(BrokenSheet(path, exc.problems))
            continue
        slug = service.engine.sheet.story.id
        if slug in services:
            # The default sheet (KNOWLEDGE_PATH) wins over a copy with its id in the folder.
            if default_path is not None and path == default_path:
                services[slug] = service
            else:
                log.warning("Story %s in %s skipped: already loaded from another file", slug, path)
                broken.append(BrokenSheet(path, (_served_already(path, slug, services[slug]),)))
            continue
        services[slug] = service
    return services, broken


def _isolated(path: Path, load: Callable[[], _Loaded]) -> _Loaded:
    """What `load` returns; a failure of the bot's own while loading one story is that story's
    problem (a SheetError naming it), so one story cannot stop the others starting or reloading.
    """
    try:
        return load()
    except SheetError:
        raise
    except Exception as exc:
        log.exception("Loading %s failed", path)
        raise SheetError([Problem(str(path), "file", INTERNAL_ERROR)]) from exc


def _without_duplicates(
    plans: list[StoryReload], live: dict[str, AnswerService]
) -> list[StoryReload]:
    """A new file whose id is already served is skipped, as at start: one story, one sheet."""
    out = []
    for plan in plans:
        if plan.new is not None and plan.slug in live:
            log.warning(
                "Story %s in %s skipped: already served from another file", plan.slug, plan.path
            )
            problem = _served_already(plan.path, plan.slug, live[plan.slug])
            plan = StoryReload(plan.path.stem, plan.path, problems=(problem,))
        out.append(plan)
    return out


def _served_already(path: Path, slug: str, served: AnswerService) -> Problem:
    """The problem of a second sheet with a story id already served: one story, one sheet."""
    return Problem(
        str(path),
        "story",
        f"id {slug!r} is already served from {served.path.name}; give this sheet its own id",
    )
