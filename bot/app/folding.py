"""Moving what was taught into the sheet itself (`python -m bot fold`), no Discord.

Taught questions live in the overlay (`<story>.learned.toml`, or the database) until a curator
reviews them. Folding writes each one into its fact's `asked` list in the sheet, keeping the
sheet's own layout, comments and order (tomlkit), so the change reads as a plain diff. The new
sheet is checked like any sheet before it replaces the old one (written beside it, fsynced,
renamed); only then are the moved entries taken out of the overlay. Questions confirmed as not in
the article stay in the overlay: the sheet has no place for them.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from bot.sheet import FactSheet, SheetError, fold, load_sheet
from bot.store.learned import Learned, Overlay, check_overlay

# The sheet's field for readers' questions a fact answered.
ASKED_FIELD = "asked"


@dataclass(frozen=True)
class Folded:
    """What one fold did: the entries moved into the sheet, and those already there."""

    moved: tuple[Learned, ...]
    already: tuple[Learned, ...]

    @property
    def taken(self) -> tuple[Learned, ...]:
        """Every entry the overlay no longer needs."""
        return (*self.moved, *self.already)


def fold_into_sheet(sheet: FactSheet, overlay: Overlay, where: str) -> Folded:
    """Write the overlay's taught questions into the `asked` lists of the sheet's file.

    SheetError (nothing written) when the overlay does not fit the sheet or the new sheet would
    not load; OSError when it cannot be written. The overlay is not changed here.
    """
    import tomlkit  # only this command writes TOML: a cold `ask` never pays for the import

    sheet_path = sheet.path
    problems = check_overlay(sheet, overlay, where)
    if problems:
        raise SheetError(problems)
    document = tomlkit.parse(sheet_path.read_text(encoding="utf-8"))
    tables = {str(table["id"]): table for table in document["facts"]}
    moved: list[Learned] = []
    already: list[Learned] = []
    for entry in overlay.entries:
        if not entry.fact_id:
            continue
        if _known(sheet, entry):
            already.append(entry)
            continue
        table = tables[entry.fact_id]
        if ASKED_FIELD not in table:
            asked = tomlkit.array()
            asked.multiline(True)
            table[ASKED_FIELD] = asked
        table[ASKED_FIELD].append(entry.question)
        moved.append(entry)
    if moved:
        _replace_checked(sheet_path, tomlkit.dumps(document))
    return Folded(tuple(moved), tuple(already))


def remaining(overlay: Overlay, folded: Folded) -> Overlay:
    """The overlay without the entries the sheet now holds."""
    taken = {fold(e.question) for e in folded.taken}
    return replace(
        overlay, entries=tuple(e for e in overlay.entries if fold(e.question) not in taken)
    )


def _known(sheet: FactSheet, entry: Learned) -> bool:
    """Whether the sheet already has this question on its fact (a fold run twice moves nothing)."""
    fact = sheet.fact(entry.fact_id)
    key = fold(entry.question)
    return fact is not None and any(fold(q) == key for q in (*fact.phrasings, *fact.asked))


def _replace_checked(sheet_path: Path, text: str) -> None:
    """Replace the sheet with `text` only if it loads: written beside it, checked, fsynced, renamed."""
    # Beside the sheet, with its suffix, so the article it names resolves as for the sheet.
    handle, temp = tempfile.mkstemp(
        prefix=f".{sheet_path.stem}.", suffix=sheet_path.suffix, dir=sheet_path.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        load_sheet(Path(temp))
        os.replace(temp, sheet_path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
