from __future__ import annotations

from django.urls import path

from meetfirst.web.views import auth, pages

urlpatterns = [
    path("login/", auth.login_page, name="login"),
    path("login/token/<str:token>/", auth.token_login, name="token-login"),
    path("logout/", auth.logout_view, name="logout"),
    path("", pages.board, name="board"),
]
