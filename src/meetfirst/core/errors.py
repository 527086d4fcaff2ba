"""Errors a user can meet. Each class's docstring is its message; the faces turn them into exit codes
or HTTP answers in one place."""

from __future__ import annotations


class MeetfirstError(Exception):
    """Something went wrong."""

    exit_code = 1

    def __init__(self, detail: str = "", *, file: str | None = None, line: int | None = None) -> None:
        self.detail = detail
        self.file = file
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        summary = (self.__doc__ or "").strip().splitlines()[0] if self.__doc__ else ""
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        text = f"{summary}: {self.detail}" if self.detail and summary else (self.detail or summary)
        return f"{where}{text}"


class NotFound(MeetfirstError):
    """Not found"""

    exit_code = 3


class BadInput(MeetfirstError):
    """Bad input"""

    exit_code = 2


class UnreadableFile(BadInput):
    """Cannot read this file"""


class UnknownFormat(BadInput):
    """This file matches no format meetfirst knows"""


class UnsafeArchive(BadInput):
    """This archive is unsafe to open"""


class BadRows(BadInput):
    """Some rows could not be read; nothing was imported (use --skip-bad-rows to import the rest)"""


class TemplateProblem(BadInput):
    """The reply template has an error"""


class PolicyProblem(BadInput):
    """The policy file has an error"""


class AmbiguousPerson(BadInput):
    """Several people match; name one by its id"""


class MailProblem(MeetfirstError):
    """Cannot send the mail"""

    exit_code = 4


class BadMapping(BadInput):
    """The column mapping file has an error"""
