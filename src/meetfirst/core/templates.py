"""The user's reply template: checked when it is written, rendered in a sandbox for every stranger.

A template is the user's own text, but it is still code, so it runs in Jinja's immutable sandbox with
less than the sandbox allows by default: no other files (include, import, extends), no globals but a
small `range`, a short list of filters and methods, no string `%` formatting, and budgets on loops,
calls and sizes, so that no template can read the machine's secrets or run for ever.

Checking happens in `compile_template`: a syntax error, a field that does not exist or a tag that is
not allowed is a TemplateProblem naming the line, and the template is tried on sample requesters so
that mistakes in rarely taken branches show up before the first real draft.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from meetfirst.core.errors import TemplateProblem

# The names a template may use. Everything else is a typo or an attempt to reach something else.
FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "full_name",
    "note",
    "company",
    "position",
    "headline",
    "location",
    "owner",
    "circles",
    "thought",
)
OWNER_FIELDS: tuple[str, ...] = ("first_name", "last_name", "full_name", "headline")

# Limits: a reply is a short message, so these are generous for any honest template.
MAX_RANGE = 1_000  # items in one range(...)
MAX_STEPS = 5_000  # loop iterations and calls in one render
MAX_TEXT = 20_000  # characters (or items) in any value a template builds
MAX_OUTPUT = 20_000  # characters in the rendered reply
MAX_INT_BITS = 4_096  # size of any number a template computes

_ALLOWED_FILTERS = (
    "abs",
    "capitalize",
    "count",
    "d",
    "default",
    "first",
    "float",
    "int",
    "last",
    "length",
    "list",
    "lower",
    "max",
    "min",
    "reverse",
    "round",
    "sort",
    "string",
    "title",
    "trim",
    "truncate",
    "unique",
    "upper",
    "wordcount",
)
_STR_METHODS = frozenset(
    {
        "capitalize",
        "casefold",
        "endswith",
        "isdigit",
        "lower",
        "lstrip",
        "rstrip",
        "split",
        "startswith",
        "strip",
        "title",
        "upper",
    }
)
_DICT_METHODS = frozenset({"get", "items", "keys", "values"})
_LOOP_METHODS = frozenset({"cycle", "changed"})
# Names Jinja provides inside templates without them being fields.
_BUILTIN_NAMES = frozenset({"range", "loop"})
_COUNTED_FILTER = "meetfirst_counted"
_CAPPED_FILTER = "meetfirst_capped"


@dataclass(frozen=True, slots=True)
class OwnerContext:
    """The owner as a template sees it: `owner.first_name` and friends."""

    first_name: str = ""
    last_name: str = ""
    headline: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """Everything a template may show about one requester."""

    first_name: str = ""
    last_name: str = ""
    note: str = ""
    company: str = ""
    position: str = ""
    headline: str = ""
    location: str = ""
    owner: OwnerContext = field(default_factory=OwnerContext)
    circles: tuple[str, ...] = ()
    thought: str = ""
    full_name_override: str = ""

    @property
    def full_name(self) -> str:
        return self.full_name_override or f"{self.first_name} {self.last_name}".strip()

    def as_variables(self) -> dict[str, object]:
        """The template's variables: plain strings, a tuple and a dict, nothing with methods worth calling."""
        owner = {
            "first_name": self.owner.first_name,
            "last_name": self.owner.last_name,
            "full_name": self.owner.full_name,
            "headline": self.owner.headline,
        }
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "full_name": self.full_name,
            "note": self.note,
            "company": self.company,
            "position": self.position,
            "headline": self.headline,
            "location": self.location,
            "owner": owner,
            "circles": tuple(self.circles),
            "thought": self.thought,
        }


# Two requesters to try a template on: one with every field filled, one with nothing but a name,
# so that both sides of an `{% if circles %}` are checked.
SAMPLE_CONTEXTS: tuple[ReplyContext, ...] = (
    ReplyContext(
        first_name="Ana",
        last_name="Silva",
        note="Hi, I enjoyed your talk on payments and would like to connect.",
        company="Acme",
        position="Product Manager",
        headline="Product Manager at Acme",
        location="Lisbon, Portugal",
        owner=OwnerContext(first_name="Sam", last_name="Reyes", headline="Engineer at Acme"),
        circles=("both at Acme", "both in Lisbon"),
    ),
    ReplyContext(first_name="Lee"),
)


@dataclass(frozen=True, slots=True)
class CompiledTemplate:
    """A template that passed every check, ready to render."""

    source: str
    template: Template


class _Budget:
    """Steps left in one render: every loop iteration and every call spends one."""

    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise SecurityError(f"the template loops or calls more than {MAX_STEPS} times")


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "meetfirst_template_budget", default=None
)


def _spend() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.spend()


def _check_size(value: Any) -> Any:
    """Refuse a value too big for a reply: long text or lists, or huge numbers."""
    if isinstance(value, str | list | tuple) and len(value) > MAX_TEXT:
        raise SecurityError(f"the template builds a value longer than {MAX_TEXT} characters")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise SecurityError("the template computes a number too big for a reply")
    return value


def _range(*args: int) -> range:
    """range(), refused beyond MAX_RANGE items."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE} items")
    return numbers


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        _spend()
        yield item


def _join(value: Iterable[Any], separator: str = "") -> str:
    """The `join` filter, stopping as soon as the result would be too long."""
    parts: list[str] = []
    size = 0
    for index, item in enumerate(value):
        text = str(item)
        size += len(text) + (len(separator) if index else 0)
        if size > MAX_TEXT:
            raise SecurityError(f"the template builds a value longer than {MAX_TEXT} characters")
        parts.append(text)
    return str(separator).join(parts)


def _replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    """The `replace` filter, refused when the result would be too long."""
    text, old, new = str(value), str(old), str(new)
    found = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        found = min(found, count)
    if len(text) + found * (len(new) - len(old)) > MAX_TEXT:
        raise SecurityError(f"the template builds a value longer than {MAX_TEXT} characters")
    return text.replace(old, new, -1 if count is None else count)


class _ReplyEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, narrowed: see the module docstring."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def is_safe_callable(self, obj: Any) -> bool:
        if obj is _range or isinstance(obj, LoopContext):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str):
            return name in _STR_METHODS
        if isinstance(owner, dict):
            return name in _DICT_METHODS
        if isinstance(owner, LoopContext):
            return name in _LOOP_METHODS
        return False

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _spend()
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_product(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            raise SecurityError("'%' formatting is not available in templates; use {{ field }} instead")
        return _check_size(self.binop_table[operator](left, right))


def _check_product(left: Any, right: Any) -> None:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            if len(seq) * max(times, 0) > MAX_TEXT:
                raise SecurityError(f"the template builds a value longer than {MAX_TEXT} characters")
            return
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and left.bit_length() + right.bit_length() > MAX_INT_BITS
    ):
        raise SecurityError("the template computes a number too big for a reply")


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0:
        if max(base.bit_length(), 1) * exponent > MAX_INT_BITS:
            raise SecurityError("the template computes a number too big for a reply")
    elif isinstance(exponent, int | float) and abs(exponent) > MAX_INT_BITS:
        raise SecurityError("the template computes a number too big for a reply")


def _make_environment() -> _ReplyEnvironment:
    env = _ReplyEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.clear()
    env.globals["range"] = _range
    env.tests = dict(env.tests)
    env.filters = {name: FILTERS[name] for name in _ALLOWED_FILTERS}
    env.filters["join"] = _join
    env.filters["replace"] = _replace
    env.filters[_COUNTED_FILTER] = _counted
    env.filters[_CAPPED_FILTER] = _check_size
    return env


_ENV = _make_environment()

# Tags that reach outside the template or buffer unbounded output.
_FORBIDDEN_NODES: tuple[tuple[type[nodes.Node], str], ...] = (
    (nodes.Include, "templates cannot include other files"),
    (nodes.Import, "templates cannot import other files"),
    (nodes.FromImport, "templates cannot import other files"),
    (nodes.Extends, "templates cannot extend other files"),
    (nodes.Macro, "macros are not available in reply templates"),
    (nodes.CallBlock, "call blocks are not available in reply templates"),
    (nodes.FilterBlock, "filter blocks are not available in reply templates"),
)

_JINJA_LINE = re.compile(r"\bline (\d+)\b")


def compile_template(text: str) -> CompiledTemplate:
    """Check a template and prepare it; a TemplateProblem names the line of the first mistake."""
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"line {exc.lineno}: {exc.message}", line=exc.lineno) from None
    _check_tags(tree)
    _check_names(tree)
    _guard(tree)
    try:
        code = _ENV.compile(tree, filename="<template>")
    except TemplateError as exc:
        line = getattr(exc, "lineno", None) or 1
        raise TemplateProblem(f"line {line}: {exc.message or exc}", line=line) from None
    compiled = CompiledTemplate(source=text, template=_ENV.template_class.from_code(_ENV, code, _ENV.globals))
    for sample in SAMPLE_CONTEXTS:
        render(compiled, sample)
    return compiled


def render(compiled: CompiledTemplate, context: ReplyContext) -> str:
    """Render a compiled template for one requester, trimmed; a TemplateProblem says what went wrong."""
    token = _budget.set(_Budget(MAX_STEPS))
    try:
        parts: list[str] = []
        size = 0
        for chunk in compiled.template.generate(context.as_variables()):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise SecurityError(f"the reply is longer than {MAX_OUTPUT} characters")
            parts.append(chunk)
    except (TemplateError, ArithmeticError, TypeError, ValueError, RecursionError, LookupError) as exc:
        line = _template_line(exc.__traceback__)
        where = f"line {line}: " if line else ""
        raise TemplateProblem(f"{where}{_describe(exc)}", line=line) from None
    finally:
        _budget.reset(token)
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    """Trailing spaces off every line, no blank lines at either end."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def _describe(exc: BaseException) -> str:
    message = str(exc) or type(exc).__name__
    if isinstance(exc, SecurityError):
        return f"not allowed: {message}"
    return message


def _template_line(traceback: TracebackType | None) -> int | None:
    """The template line where rendering failed, from the frames Jinja rewrites to the template's lines."""
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _check_tags(tree: nodes.Template) -> None:
    for kind, message in _FORBIDDEN_NODES:
        for node in tree.find_all(kind):
            raise TemplateProblem(f"line {node.lineno}: {message}", line=node.lineno)


def _check_names(tree: nodes.Template) -> None:
    """Every name read must be a field, a name the template set itself, `range` or `loop`."""
    known = set(FIELDS) | _BUILTIN_NAMES
    known |= {name.name for name in tree.find_all(nodes.Name) if name.ctx in ("store", "param")}
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in known:
            raise TemplateProblem(
                f"line {name.lineno}: unknown field '{name.name}' (fields: {', '.join(FIELDS)})",
                line=name.lineno,
            )
    for attr in tree.find_all(nodes.Getattr):
        target = attr.node
        if isinstance(target, nodes.Name) and target.name == "owner" and attr.attr not in OWNER_FIELDS:
            raise TemplateProblem(
                f"line {attr.lineno}: unknown field 'owner.{attr.attr}' "
                f"(owner fields: {', '.join(OWNER_FIELDS)})",
                line=attr.lineno,
            )


def _guard(tree: nodes.Template) -> None:
    """Count every loop iteration against the budget and cap every `~` concatenation."""
    for loop in tree.find_all(nodes.For):
        loop.iter = _filter(loop.iter, _COUNTED_FILTER)
    for concat in list(tree.find_all(nodes.Concat)):
        concat.nodes = [_filter(node, _CAPPED_FILTER) for node in concat.nodes]
    for output in tree.find_all(nodes.Output):
        output.nodes = [
            node if isinstance(node, nodes.TemplateData) else _filter(node, _CAPPED_FILTER)
            for node in output.nodes
        ]


def _filter(node: nodes.Node, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


def fields_help() -> Mapping[str, str]:
    """What each field holds, for the policy file's comments and `policy show`."""
    return {
        "first_name": "the requester's first name",
        "last_name": "the requester's last name",
        "full_name": "first and last name",
        "note": "the note sent with the invitation (often empty)",
        "company": "the requester's company, when known",
        "position": "the requester's position, when known",
        "headline": "the requester's headline, when known",
        "location": "the requester's location, when known",
        "owner": "you: owner.first_name, owner.last_name, owner.full_name, owner.headline",
        "circles": 'what you have in common, e.g. ["both at Acme", "both in Lisbon"] (may be empty)',
        "thought": "the thought for the day, with its author (see `meetfirst thoughts today`)",
    }
