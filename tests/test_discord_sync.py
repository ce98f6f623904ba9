"""Comparing the bot's commands with the ones Discord holds: what counts as a change (no Discord)."""

from __future__ import annotations

import pytest

from bot.discord.command_sync import commands_match

LOCAL = {
    "name": "reload",
    "description": "Admins: reload",
    "type": 1,
    "options": [{"type": 3, "name": "why", "description": "Reason", "required": False}],
    "nsfw": False,
    "dm_permission": False,
    "default_member_permissions": 32,
    "contexts": [0],
    "integration_types": None,
}
# What Discord returns for the same command: ids, versions, defaults spelled out.
REMOTE = {
    "id": "1",
    "application_id": "2",
    "version": "3",
    "name": "reload",
    "description": "Admins: reload",
    "type": 1,
    "options": [
        {
            "type": 3,
            "name": "why",
            "description": "Reason",
            "required": False,
            "autocomplete": False,
            "choices": [],
            "name_localizations": None,
        }
    ],
    "dm_permission": False,
    "default_member_permissions": "32",
    "contexts": [0],
    "integration_types": [0],
    "name_localizations": None,
    "description_localizations": {},
}


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ({}, True),
        ({"id": "9", "version": "10"}, True),
        ({"description": "Reworded"}, False),
        ({"default_member_permissions": "8"}, False),
        ({"default_member_permissions": None}, False),
        ({"dm_permission": True}, False),
        ({"contexts": [0, 1, 2]}, False),
        ({"options": []}, False),
        ({"options": [{**REMOTE["options"][0], "required": True}]}, False),
        ({"options": [{**REMOTE["options"][0], "max_length": 50}]}, False),
        ({"nsfw": True}, False),
    ],
)
def test_only_what_users_would_notice_counts_as_a_change(change, same):
    assert commands_match([LOCAL], [{**REMOTE, **change}], guild_scope=False) is same


def test_order_of_commands_does_not_matter_but_a_missing_or_extra_one_does():
    other = {**LOCAL, "name": "ask", "default_member_permissions": None, "contexts": None}
    remote_other = {**REMOTE, "name": "ask", "default_member_permissions": None}
    assert commands_match([LOCAL, other], [remote_other, REMOTE], guild_scope=False)
    assert not commands_match([LOCAL, other], [REMOTE], guild_scope=False)
    assert not commands_match([LOCAL], [REMOTE, remote_other], guild_scope=False)


def test_in_a_guild_dm_settings_are_not_compared():
    remote = {k: v for k, v in REMOTE.items() if k not in ("dm_permission", "contexts")}
    assert commands_match([LOCAL], [remote], guild_scope=True)
    assert not commands_match([LOCAL], [remote], guild_scope=False)
