"""The engine's data files (language, thesaurus, decision model), read from beside this module."""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

# The package is installed as plain files (pip, editable or not), never zipped; reading by path
# spares every start importlib.resources and the zipfile module it brings (~10 ms of a cold CLI).
DATA_FOLDER = Path(__file__).resolve().parent
# Where parsed TOML is kept: beside Python's own bytecode, in the data file's folder.
PARSED_SUBFOLDER = "__pycache__"


def read_data(name: str) -> str:
    """The text of one of the engine's data files."""
    return (DATA_FOLDER / name).read_text(encoding="utf-8")


def load_toml_data(name: str, folder: Path = DATA_FOLDER) -> dict[str, Any]:
    """One of the engine's TOML data files, parsed.

    tomllib is pure Python: importing it and parsing the language file was a sixth of a cold
    `ask`. So the parsed form is kept as Python keeps bytecode, in __pycache__ under the running
    Python's tag, and used only while the file's size and modification time are the ones it was
    parsed from. It is written only when Python writes bytecode (not under
    PYTHONDONTWRITEBYTECODE), and a folder that cannot be written is no error.
    """
    source = folder / name
    status = source.stat()
    stamp = (status.st_mtime_ns, status.st_size)
    parsed_path = folder / PARSED_SUBFOLDER / f"{name}.{sys.implementation.cache_tag}.marshal"
    try:
        cached_stamp, data = marshal.loads(parsed_path.read_bytes())
        if cached_stamp == stamp and isinstance(data, dict):
            return data
    # Missing, cut short, or written by something else: parse the file as if there were none.
    except (OSError, EOFError, ValueError, TypeError):
        pass
    import tomllib  # only here, on a miss: its import is most of what the cache saves

    data = tomllib.loads(source.read_text(encoding="utf-8"))
    if not sys.dont_write_bytecode:
        _keep_parsed(parsed_path, stamp, data)
    return data


def _keep_parsed(path: Path, stamp: tuple[int, int], data: dict[str, Any]) -> None:
    """Write the parsed file whole or not at all (another process may be reading it)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(exist_ok=True)
        temp.write_bytes(marshal.dumps((stamp, data)))
        os.replace(temp, path)
    # A read-only install, or a value marshal cannot hold: parse again next time.
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
