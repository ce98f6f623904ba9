"""Whether Discord's registered slash commands already match the bot's: canonical payloads (no Discord).

The bot compares what Discord holds with its own command tree on every start, so nothing local
(a state file, a hash) has to be trusted: Discord's own list is the truth.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

# Fields whose absence means the same as this value, in Discord's command and option objects.
_COMMAND_DEFAULTS: dict[str, Any] = {
    "type": 1,
    "description": "",
    "options": [],
    "default_member_permissions": None,
    "dm_permission": True,
    "nsfw": False,
    "name_localizations": {},
    "description_localizations": {},
}
_OPTION_DEFAULTS: dict[str, Any] = {
    "description": "",
    "required": False,
    "autocomplete": False,
    "choices": [],
    "options": [],
    "channel_types": [],
    "min_value": None,
    "max_value": None,
    "min_length": None,
    "max_length": None,
    "name_localizations": {},
    "description_localizations": {},
}
# Discord fills these in from the app's settings when a command leaves them unset, so a value
# Discord reports for them is compared only when the bot sets one itself.
_ONLY_IF_SET = ("contexts", "integration_types")
# In a guild, where a command may be used is the guild: DM settings mean nothing there.
_GUILD_IRRELEVANT = ("dm_permission", "contexts")


def _clean(value: Any) -> Any:
    return {} if value is None else value


def _option(option: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": option["type"], "name": option["name"]}
    for key, default in _OPTION_DEFAULTS.items():
        value = option.get(key, default)
        if key == "options":
            value = [_option(o) for o in value or []]
        elif key == "choices":
            value = [{"name": c["name"], "value": c["value"]} for c in value or []]
        elif key == "channel_types":
            value = sorted(value or [])
        elif key.endswith("_localizations"):
            value = _clean(value)
        if value != default:
            out[key] = value
    return out


def canonical_command(
    payload: Mapping[str, Any], *, guild_scope: bool, keep: Iterable[str] = _ONLY_IF_SET
) -> dict[str, Any]:
    """One command as Discord would store it: defaults dropped, ids and versions ignored."""
    out: dict[str, Any] = {"name": payload["name"]}
    for key, default in _COMMAND_DEFAULTS.items():
        value = payload.get(key, default)
        if key == "options":
            value = [_option(o) for o in value or []]
        elif key == "default_member_permissions":
            value = None if value in (None, "") else str(value)
        elif key.endswith("_localizations"):
            value = _clean(value)
        if value != default:
            out[key] = value
    for key in keep:
        if payload.get(key) is not None:
            out[key] = sorted(payload[key])
    if guild_scope:
        for key in _GUILD_IRRELEVANT:
            out.pop(key, None)
    return out


def canonical_json(payloads: Iterable[Mapping[str, Any]], *, guild_scope: bool) -> str:
    """A stable JSON text of a command list: equal command sets give equal texts."""
    commands = sorted(
        (canonical_command(p, guild_scope=guild_scope) for p in payloads),
        key=lambda c: (c.get("type", 1), c["name"]),
    )
    return json.dumps(commands, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def commands_match(
    local: Iterable[Mapping[str, Any]],
    remote: Iterable[Mapping[str, Any]],
    *,
    guild_scope: bool,
) -> bool:
    """True when Discord's `remote` commands already are the bot's `local` ones."""
    local = list(local)
    # Fields the bot leaves to Discord's defaults are not compared on Discord's side either.
    set_locally = {
        (p.get("type", 1), p["name"]): {k for k in _ONLY_IF_SET if p.get(k) is not None}
        for p in local
    }
    remote_canonical = sorted(
        (
            canonical_command(
                p, guild_scope=guild_scope, keep=set_locally.get((p.get("type", 1), p["name"]), ())
            )
            for p in remote
        ),
        key=lambda c: (c.get("type", 1), c["name"]),
    )
    remote_json = json.dumps(
        remote_canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return canonical_json(local, guild_scope=guild_scope) == remote_json
