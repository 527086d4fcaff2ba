from __future__ import annotations

from django.urls import path

from meetfirst.web.views import (
    auth,
    data,
    meetings,
    nurture,
    pages,
    people,
    replies,
    resolution,
    settings_pages,
    triage,
)

urlpatterns = [
    path("login/", auth.login_page, name="login"),
    path("login/token/<str:token>/", auth.token_login, name="token-login"),
    path("logout/", auth.logout_view, name="logout"),
    path("", pages.board, name="board"),
    path("triage/", triage.queue, name="triage"),
    path("triage/<int:request_id>/", triage.queue, name="triage-item"),
    path("triage/<int:request_id>/decide/", triage.decide, name="decide"),
    path("requests/<int:request_id>/reply/", replies.reply, name="reply"),
    path("requests/<int:request_id>/reply/sent/", replies.mark_sent, name="reply-sent"),
    path("people/suggestions/", resolution.suggestions, name="merge-suggestions"),
    path("people/suggestions/<int:suggestion_id>/merge/", resolution.merge, name="merge-suggestion-merge"),
    path("people/suggestions/<int:suggestion_id>/reject/", resolution.reject, name="merge-suggestion-reject"),
    path("people/<int:person_id>/", people.person, name="person"),
    path("people/<int:person_id>/log/", people.log, name="person-log"),
    path("people/<int:person_id>/kind/", meetings.kind, name="person-kind"),
    path("people/<int:person_id>/meetings/", meetings.propose, name="meeting-propose"),
    path("meetings/<int:meeting_id>/confirm/", meetings.confirm, name="meeting-confirm"),
    path("meetings/<int:meeting_id>/cancel/", meetings.cancel, name="meeting-cancel"),
    path("meetings/<int:meeting_id>/done/", meetings.done, name="meeting-done"),
    path("meetings/<int:meeting_id>/notes/", meetings.notes, name="meeting-notes"),
    path("meetings/<int:meeting_id>/invitation.ics", meetings.invitation, name="meeting-ics"),
    path("people/<int:person_id>/forget/", data.forget_person, name="person-forget"),
    path("people/<int:person_id>/data.<str:kind>", data.download_person, name="person-download"),
    path("data/", data.data_page, name="data"),
    path("data/meetfirst.<str:kind>", data.download_all, name="data-download"),
    path("today/", nurture.today, name="today"),
    path("today/people/<int:person_id>/done/", nurture.person_done, name="today-person-done"),
    path("today/people/<int:person_id>/snooze/", nurture.person_snooze, name="today-person-snooze"),
    path("today/follow-ups/<int:follow_up_id>/done/", nurture.follow_up_done, name="today-follow-up-done"),
    path(
        "today/follow-ups/<int:follow_up_id>/snooze/", nurture.follow_up_snooze, name="today-follow-up-snooze"
    ),
    path("health/", nurture.health_page, name="health"),
    path("funnel/", pages.funnel, name="funnel"),
    path("funnel/<str:which>.svg", pages.funnel_chart, name="funnel-chart"),
    path("policy/", settings_pages.policy, name="policy"),
    path("policy/preview/", settings_pages.policy_preview, name="policy-preview"),
    path("import/", settings_pages.import_page, name="import"),
]
