"""Template context for every page: whether the navigation offers the admin's team pages."""

from __future__ import annotations

from django.http import HttpRequest

from meetfirst.services import team_access


def team(request: HttpRequest) -> dict[str, object]:
    def is_team_admin() -> bool:
        # A callable: templates ask only when they draw the navigation, so other answers cost no query.
        if not team_access.team_mode() or not request.user.is_authenticated:
            return False
        return team_access.role_of(request.user) == team_access.Role.ADMIN

    return {"team_admin": is_team_admin}
