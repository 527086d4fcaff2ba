"""`{% url %}` with its answers remembered: the same tag, loaded as a builtin after Django's own.

A person page reverses about 25 URLs (the navigation, the forms' actions, the links to the person), and
each `reverse()` took 20 to 30 µs here: a sixth of the page. The URL patterns never change while the
server runs, so a name, its arguments, the script prefix and the URLconf always reverse to the same
path; those answers are kept in a bounded cache. What the tag accepts, returns and raises is Django's:
the tag is parsed by Django's own `url` function, and a name that does not reverse still raises
NoReverseMatch (failures are not cached), or gives "" with `as var`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template import defaulttags
from django.template.base import Parser, Token
from django.template.context import Context
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


@lru_cache(maxsize=8192)
def _reversed(
    view_name: str,
    args: tuple[tuple[type, Any], ...],
    kwargs: tuple[tuple[str, type, Any], ...],
    current_app: str | None,
    prefix: str,
    urlconf: str | None,
) -> str:
    # Each value travels with its type, so that 1, 1.0 and True (equal as keys) stay apart. `prefix` is
    # part of the key only: reverse() reads the same script prefix itself.
    return reverse(
        view_name,
        urlconf=urlconf,
        args=[value for _, value in args],
        kwargs={name: value for name, _, value in kwargs},
        current_app=current_app,
    )


class CachedURLNode(defaulttags.URLNode):
    def render(self, context: Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            match = getattr(request, "resolver_match", None)
            current_app = match.namespace if match is not None else None
        url = ""
        try:
            try:
                url = _reversed(
                    view_name,
                    tuple((type(value), value) for value in args),
                    tuple(sorted((name, type(value), value) for name, value in kwargs.items())),
                    current_app,
                    get_script_prefix(),
                    get_urlconf(),
                )
            except TypeError:  # a value that cannot be a cache key: reversed as Django would
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> CachedURLNode:
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
