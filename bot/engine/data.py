"""The engine's data files (language, thesaurus, decision model), read from beside this module."""

from __future__ import annotations

from pathlib import Path

# The package is installed as plain files (pip, editable or not), never zipped; reading by path
# spares every start importlib.resources and the zipfile module it brings (~10 ms of a cold CLI).
DATA_FOLDER = Path(__file__).resolve().parent


def read_data(name: str) -> str:
    """The text of one of the engine's data files."""
    return (DATA_FOLDER / name).read_text(encoding="utf-8")
