"""The agents and groups that imported tickets name, as staff accounts and teams.

Staff and teams are few (tens of agents, a handful of groups), so they are held in memory for the whole
import, found by e-mail or folded name, and created through the ORM when new.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import User
from django.utils.text import slugify

from meetfirst.core.identity import email_key, name_key, tidy_name
from meetfirst.store.models import Role, StaffProfile, Team

log = logging.getLogger(__name__)


class StaffIndex:
    """Agents and groups named by tickets, as accounts and teams: found in memory, created when new."""

    def __init__(self) -> None:
        self.by_email: dict[str, tuple[int, int]] = {}  # address -> (user id, profile id)
        self.by_name: dict[str, tuple[int, int]] = {}  # folded name -> (user id, profile id)
        self.teams: dict[str, int] = {}  # folded team name -> team id
        self.members: set[tuple[int, int]] = set()  # (profile id, team id)
        self.usernames: set[str] = set()
        self.profile_of: dict[int, int] = {}  # user id -> profile id
        # The same few agents and groups are named on every row: answers by the text as the file has it.
        self._agents: dict[tuple[str, str | None], int | None] = {}
        self._teams: dict[str, int | None] = {}
        self.accounts_created = 0
        self.teams_created = 0

    @classmethod
    def load(cls) -> StaffIndex:
        index = cls()
        for pk, user_id, email, key in StaffProfile.objects.values_list("id", "user_id", "email", "name_key"):
            index.profile_of[user_id] = pk
            if email:
                index.by_email.setdefault(email.lower(), (user_id, pk))
            if key:
                index.by_name.setdefault(key, (user_id, pk))
        for pk, name in Team.objects.values_list("id", "name"):
            index.teams.setdefault(name_key(name) or name, pk)
        through = StaffProfile.teams.through.objects.values_list("staffprofile_id", "team_id")
        index.members = set(through)
        index.usernames = {u.lower() for u in User.objects.values_list("username", flat=True)}
        return index

    def agent(self, *, name: str, email: str | None) -> int | None:
        """The user id of the account for this agent: by e-mail, else by folded name, else a new account."""
        asked = (name, email)
        if asked in self._agents:
            return self._agents[asked]
        found = self._agents[asked] = self._agent(name, email)
        return found

    def _agent(self, name: str, email: str | None) -> int | None:
        address = email_key(email)
        if address and address in self.by_email:
            return self.by_email[address][0]
        display = tidy_name(name)
        key = name_key(display)
        if key and key in self.by_name:
            found = self.by_name[key]
            if address:
                self.by_email[address] = found
            return found[0]
        if not (address or key):
            return None
        return self._create_agent(display or (address or "").split("@")[0], address, key)

    def team(self, name: str) -> int | None:
        """The id of the team of this name (folded), created when new; None for a blank name."""
        if name in self._teams:
            return self._teams[name]
        found = self._teams[name] = self._team(name)
        return found

    def _team(self, name: str) -> int | None:
        display = tidy_name(name)[:200]
        key = name_key(display) or display
        if not key:
            return None
        found = self.teams.get(key)
        if found is None:
            found = self.teams[key] = Team.objects.get_or_create(name=display)[0].pk
            self.teams_created += 1
        return found

    def join(self, user_id: int, team_id: int) -> None:
        """Put the agent in the team (the group their tickets came from)."""
        profile = self.profile_of.get(user_id)
        if profile is None or (profile, team_id) in self.members:
            return
        StaffProfile.teams.through.objects.get_or_create(staffprofile_id=profile, team_id=team_id)
        self.members.add((profile, team_id))

    def _create_agent(self, display: str, address: str | None, key: str) -> int:
        base = slugify(address.split("@")[0] if address else display)[:140] or "agent"
        username, n = base, 1
        while username.lower() in self.usernames:
            n += 1
            username = f"{base}-{n}"
        first, _, last = display.partition(" ")
        user = User(username=username, email=address or "", first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()  # an admin gives the account a password (or leaves it closed)
        user.save()
        profile = StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "role": Role.AGENT,
                "imported": True,
                "display_name": display[:300],
                "email": (address or "")[:320],
                "name_key": key[:300],
            },
        )[0]
        self.usernames.add(username.lower())
        self.profile_of[user.pk] = profile.pk
        if address:
            self.by_email[address] = (user.pk, profile.pk)
        if key:
            self.by_name.setdefault(key, (user.pk, profile.pk))
        self.accounts_created += 1
        log.info("import: new staff account %s for %s", username, display)
        return int(user.pk)
