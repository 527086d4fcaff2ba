"""The policy file: `policy.toml` in MEETFIRST_HOME, read on every use so an edit counts at once.

A missing file means the defaults. Anything wrong in the file (bad TOML, a wrong type, an unknown key,
a patience under one day, a template that does not compile, an unknown time zone) is a PolicyProblem
naming the file and the line.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import asdict, fields
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w
from django.conf import settings

from meetfirst.core.clock import local_zone
from meetfirst.core.errors import BadInput, PolicyProblem, TemplateProblem
from meetfirst.core.identity import email_key
from meetfirst.core.lifecycle import parse_time
from meetfirst.core.policy import DEFAULT_CADENCE, Policy, RuleSettings, SmtpSettings
from meetfirst.core.templates import compile_template, fields_help

FILE_NAME = "policy.toml"
_TOP_KEYS = ("template", "patience_days", "timezone", "my_emails", "phone_region", "rules", "cadence", "smtp")
_SMTP_KEYS = ("host", "port", "from", "to", "starttls", "username")
_TOML_LINE = re.compile(r"at line (\d+)")
_T = TypeVar("_T")


def policy_path() -> Path:
    """Where the policy file lives (it may not exist yet)."""
    return Path(settings.HOME) / FILE_NAME


# The parsed policy of the last file read, keyed by its path, modification time and size: pages and
# imports ask for the policy many times, and parsing TOML each time showed in the web benchmark.
_cache: dict[str, tuple[tuple[int, int], Policy]] = {}


def load_policy() -> Policy:
    """The policy in force: the file's values over the defaults, or the defaults when there is no file."""
    path = policy_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return Policy()
    except OSError as exc:
        raise PolicyProblem(f"cannot read it ({exc})", file=str(path)) from None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM from a Windows editor is not an error
    except FileNotFoundError:
        return Policy()
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyProblem(f"cannot read it ({exc})", file=str(path)) from None
    policy = parse_policy(text, file=str(path))
    _cache[str(path)] = (stamp, policy)
    return policy


def parse_policy(text: str, *, file: str) -> Policy:
    """A Policy from TOML text; every problem names `file` and the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        raise PolicyProblem(
            f"not valid TOML ({exc})", file=file, line=int(match.group(1)) if match else None
        ) from None
    for key in data:
        if key not in _TOP_KEYS:
            raise PolicyProblem(
                f"unknown setting '{key}' (settings: {', '.join(_TOP_KEYS)})",
                file=file,
                line=_line_of(text, key),
            )
    defaults = Policy()
    template = _typed(data, "template", str, defaults.template, text=text, file=file)
    patience = _typed(data, "patience_days", int, defaults.patience_days, text=text, file=file)
    zone = _typed(data, "timezone", str, defaults.timezone, text=text, file=file)
    if patience < 1:
        raise PolicyProblem(
            f"patience_days must be at least 1 (it is {patience})",
            file=file,
            line=_line_of(text, "patience_days"),
        )
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PolicyProblem(
                f"unknown time zone '{zone}' (use an IANA name such as Europe/Lisbon, or \"\")",
                file=file,
                line=_line_of(text, "timezone"),
            ) from None
    try:
        compile_template(template)
    except TemplateProblem as exc:
        raise PolicyProblem(
            f"template: {exc.detail}", file=file, line=_template_file_line(text, exc.line)
        ) from None
    rules = _parse_rules(data.get("rules", {}), text=text, file=file)
    cadence = _parse_cadence(data.get("cadence", {}), text=text, file=file)
    smtp = _parse_smtp(data.get("smtp", {}), text=text, file=file)
    return Policy(
        template=template,
        patience_days=patience,
        timezone=zone,
        rules=rules,
        cadence=cadence,
        smtp=smtp,
        my_emails=_parse_my_emails(data.get("my_emails", []), text=text, file=file),
        phone_region=_parse_phone_region(data.get("phone_region", ""), text=text, file=file),
    )


def _parse_my_emails(data: Any, *, text: str, file: str) -> tuple[str, ...]:
    """my_emails: a list of the owner's addresses, each a real address, kept lower case."""
    line = _line_of(text, "my_emails")
    if not isinstance(data, list):
        raise PolicyProblem(
            'my_emails must be a list of addresses, e.g. ["me@example.org"]', file=file, line=line
        )
    found: list[str] = []
    for value in data:
        address = email_key(value) if isinstance(value, str) else None
        if address is None:
            raise PolicyProblem(f"my_emails: {value!r} is not an e-mail address", file=file, line=line)
        found.append(address)
    return tuple(dict.fromkeys(found))


def _parse_phone_region(data: Any, *, text: str, file: str) -> str:
    """phone_region: a two-letter country code phone numbers know, or "" for the time zone's country."""
    import phonenumbers  # loaded only when the setting is used

    line = _line_of(text, "phone_region")
    if not isinstance(data, str):
        raise PolicyProblem(f"phone_region must be a string, not {type(data).__name__}", file=file, line=line)
    region = data.strip().upper()
    if region and region not in phonenumbers.SUPPORTED_REGIONS:
        raise PolicyProblem(
            f"unknown phone_region '{data}' (use a two-letter country code such as GB, or \"\")",
            file=file,
            line=line,
        )
    return region


def _parse_cadence(data: Any, *, text: str, file: str) -> dict[str, int]:
    """The [cadence] table over the defaults: kind = days (0 stops tracking that kind)."""
    if not isinstance(data, dict):
        raise PolicyProblem(
            "'cadence' must be a table ([cadence])", file=file, line=_line_of(text, "cadence")
        )
    cadence = dict(DEFAULT_CADENCE)
    for key, value in data.items():
        line = _line_of(text, key, table="cadence")
        if not isinstance(value, int) or isinstance(value, bool):
            raise PolicyProblem(
                f"cadence.{key} must be a whole number of days, not {type(value).__name__}",
                file=file,
                line=line,
            )
        if value < 0:
            raise PolicyProblem(
                f"cadence.{key} must be 0 (not tracked) or more days (it is {value})", file=file, line=line
            )
        kind = " ".join(key.split()).casefold()  # as relationship kinds are stored
        if not kind:
            raise PolicyProblem("a cadence needs the name of a kind", file=file, line=line)
        cadence[kind] = value
    return cadence


def _parse_smtp(data: Any, *, text: str, file: str) -> SmtpSettings:
    """The [smtp] table; the password is never in the file (MEETFIRST_SMTP_PASSWORD holds it)."""
    if not isinstance(data, dict):
        raise PolicyProblem("'smtp' must be a table ([smtp])", file=file, line=_line_of(text, "smtp"))
    for key in data:
        if key == "password":
            raise PolicyProblem(
                "keep the mail password out of the file: set MEETFIRST_SMTP_PASSWORD instead",
                file=file,
                line=_line_of(text, key, table="smtp"),
            )
        if key not in _SMTP_KEYS:
            raise PolicyProblem(
                f"unknown smtp setting '{key}' (smtp settings: {', '.join(_SMTP_KEYS)})",
                file=file,
                line=_line_of(text, key, table="smtp"),
            )
    defaults = SmtpSettings()

    def typed(key: str, kind: type[_T], default: _T) -> _T:
        return _typed(data, key, kind, default, text=text, file=file, table="smtp")

    port = typed("port", int, defaults.port)
    if not 0 < port < 65536:
        raise PolicyProblem(
            f"smtp.port must be between 1 and 65535 (it is {port})",
            file=file,
            line=_line_of(text, "port", table="smtp"),
        )
    starttls = data.get("starttls", defaults.starttls)
    if not isinstance(starttls, bool):
        raise PolicyProblem(
            "smtp.starttls must be true or false", file=file, line=_line_of(text, "starttls", table="smtp")
        )
    return SmtpSettings(
        host=typed("host", str, defaults.host).strip(),
        port=port,
        sender=typed("from", str, defaults.sender).strip(),
        to=typed("to", str, defaults.to).strip(),
        starttls=starttls,
        username=typed("username", str, defaults.username).strip(),
    )


def _parse_rules(data: Any, *, text: str, file: str) -> RuleSettings:
    if not isinstance(data, dict):
        raise PolicyProblem("'rules' must be a table ([rules])", file=file, line=_line_of(text, "rules"))
    defaults = RuleSettings()
    known = [f.name for f in fields(RuleSettings)]
    for key in data:
        if key not in known:
            raise PolicyProblem(
                f"unknown rule setting '{key}' (rule settings: {', '.join(known)})",
                file=file,
                line=_line_of(text, key, table="rules"),
            )
    threshold = _typed(
        data,
        "duplicate_note_threshold",
        int,
        defaults.duplicate_note_threshold,
        text=text,
        file=file,
        table="rules",
    )
    each_way = _typed(
        data,
        "known_min_messages_each_way",
        int,
        defaults.known_min_messages_each_way,
        text=text,
        file=file,
        table="rules",
    )
    phrases = data.get("bizarre_phrases", list(defaults.bizarre_phrases))
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise PolicyProblem(
            "rules.bizarre_phrases must be a list of strings",
            file=file,
            line=_line_of(text, "bizarre_phrases", table="rules"),
        )
    for key, value in (("duplicate_note_threshold", threshold), ("known_min_messages_each_way", each_way)):
        if value < 1:
            raise PolicyProblem(
                f"rules.{key} must be at least 1 (it is {value})",
                file=file,
                line=_line_of(text, key, table="rules"),
            )
    return RuleSettings(
        duplicate_note_threshold=threshold,
        bizarre_phrases=tuple(p.strip() for p in phrases if p.strip()),
        known_min_messages_each_way=each_way,
    )


def _typed(
    data: dict[str, Any], key: str, kind: type[_T], default: _T, *, text: str, file: str, table: str = ""
) -> _T:
    """data[key] when it has the right type (a bool is not an int here), else a PolicyProblem."""
    if key not in data:
        return default
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        name = f"{table}.{key}" if table else key
        wanted = {int: "a whole number", str: "a string"}.get(kind, kind.__name__)
        raise PolicyProblem(
            f"{name} must be {wanted}, not {type(value).__name__}",
            file=file,
            line=_line_of(text, key, table=table),
        )
    return value


def _line_of(text: str, key: str, *, table: str = "") -> int | None:
    """The line where `key = ...` is set, at the top level or inside [table]."""
    current = ""
    pattern = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    header = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")
    for number, line in enumerate(text.splitlines(), start=1):
        found = header.match(line)
        if found:
            current = found.group(1).strip()
            if not table and current == key:
                return number
            continue
        if current == table and pattern.match(line):
            return number
    return None


def _template_file_line(text: str, template_line: int | None) -> int | None:
    """The file line of a template line: counted from the line where the template string starts."""
    start = _line_of(text, "template")
    if start is None:
        return None
    if template_line is None:
        return start
    rest = text.splitlines()[start - 1].split("=", 1)[1].strip()
    # A newline right after an opening triple quote is not part of the string.
    first = start + 1 if rest in ('"""', "'''") else start
    return first + template_line - 1


def write_default_policy(*, overwrite: bool = False) -> Path:
    """Write the default policy, with comments, to the policy file; refuse to replace one unless told."""
    path = policy_path()
    if path.exists() and not overwrite:
        raise BadInput(f"{path} already exists")
    return save_policy(Policy())


def ensure_policy_file() -> Path:
    """The policy file's path, writing the defaults there first when it does not exist."""
    path = policy_path()
    if not path.exists():
        save_policy(Policy())
    return path


def save_policy(policy: Policy, *, path: Path | None = None) -> Path:
    """Write a policy as a commented TOML file (atomically), after checking that it would load again."""
    target = path or policy_path()
    text = policy_toml(policy)
    parse_policy(text, file=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".policy-", suffix=".toml", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def policy_toml(policy: Policy) -> str:
    """The policy as TOML text, each setting explained in a comment."""
    field_lines = "\n".join(f"#   {name:<11} {meaning}" for name, meaning in fields_help().items())
    rules = policy.rules
    return f"""\
# meetfirst policy: how you answer connection requests from people you do not know yet.
# Run `meetfirst policy show` after editing to check it.

# The reply drafted for every stranger: plain text with Jinja tags,
# {{{{ field }}}} and {{% if ... %}}...{{% endif %}}. Fields:
{field_lines}
{_toml_string("template", policy.template)}

# Days to wait for an answer to your reply before the requester counts as a collector.
patience_days = {policy.patience_days}

# Your time zone (an IANA name such as "Europe/Lisbon"), used for LinkedIn's zone-less times
# and for times you type. Empty means this machine's zone.
timezone = {_quote(policy.timezone)}

# Your own e-mail addresses, to tell the mail you sent from the mail you received. Empty: taken from
# your LinkedIn export's Email Addresses.csv or, failing that, the address on most messages of a mailbox.
my_emails = {tomli_w.dumps({"v": list(policy.my_emails)}).split("=", 1)[1].strip()}

# The country national phone numbers in your address books are written in (a code such as "GB").
# Empty: your time zone's country.
phone_region = {_quote(policy.phone_region)}

[rules]
# The same note from this many different requesters is a mass-mailing signal.
duplicate_note_threshold = {rules.duplicate_note_threshold}
# Extra phrases that mark a note as bizarre, on top of the built-in ones, e.g. ["crypto", "forex"].
bizarre_phrases = {tomli_w.dumps({"v": list(rules.bizarre_phrases)}).split("=", 1)[1].strip()}
# A two-way message history with at least this many messages each way counts as known.
known_min_messages_each_way = {rules.known_min_messages_each_way}

[cadence]
# Keep in touch: days between touches for each kind of relationship (0: not tracked).
# `meetfirst keep PERSON --every DAYS` sets a person's own cadence over their kind's.
{_cadence_lines(policy.cadence)}

{_smtp_table(policy)}"""


def _cadence_lines(cadence: dict[str, int]) -> str:
    return "\n".join(tomli_w.dumps({kind: days}).strip() for kind, days in cadence.items())


def _smtp_table(policy: Policy) -> str:
    """The [smtp] table for `meetfirst digest --send`, commented out until a host is set."""
    smtp = policy.smtp
    head = (
        "# The mail server for `meetfirst digest --send`. The password is read from the\n"
        "# MEETFIRST_SMTP_PASSWORD environment variable, never from this file.\n"
    )
    if not smtp.host:
        example = [
            'host = "smtp.example.org"',
            "port = 587",
            'from = "me@example.org"',
            'to = "me@example.org"',
            "starttls = true",
            'username = "me@example.org"',
        ]
        return head + "# [smtp]\n" + "\n".join(f"# {line}" for line in example) + "\n"
    lines = [
        f"host = {_quote(smtp.host)}",
        f"port = {smtp.port}",
        f"from = {_quote(smtp.sender)}",
        f"to = {_quote(smtp.to)}",
        f"starttls = {'true' if smtp.starttls else 'false'}",
    ]
    if smtp.username:
        lines.append(f"username = {_quote(smtp.username)}")
    return head + "[smtp]\n" + "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    return tomli_w.dumps({"v": value}).split("=", 1)[1].strip()


def _toml_string(key: str, value: str) -> str:
    """A multi-line literal string when the text allows one (it reads exactly as typed), else escaped."""
    literal_ok = (
        "'''" not in value and not value.endswith("'") and all(ch in "\t\n" or ch >= " " for ch in value)
    )
    literal_ok = literal_ok and "\x7f" not in value and "\r" not in value
    if literal_ok:
        return f"{key} = '''\n{value}'''"
    return tomli_w.dumps({key: value}, multiline_strings=True).strip()


def policy_as_dict(policy: Policy) -> dict[str, Any]:
    """The policy as plain data, for `policy show --json`."""
    data = asdict(policy)
    data["rules"]["bizarre_phrases"] = list(policy.rules.bizarre_phrases)
    data["smtp"]["from"] = data["smtp"].pop("sender")
    return data


def owner_zone(policy: Policy | None = None) -> tzinfo:
    """The owner's time zone: the policy's, else this machine's."""
    return local_zone((policy or load_policy()).timezone)


def parse_user_time(text: str, *, policy: Policy | None = None) -> datetime:
    """A time typed by the user: ISO 8601, or 'YYYY-MM-DD HH:MM' in the owner's zone."""
    return parse_time(text, owner_zone(policy))
