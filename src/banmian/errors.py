"""Errors banmian reports to its users.

An ``InputError`` is the user's problem, not a bug: a file that is missing, empty or not
text in an encoding banmian reads.  Its message is one line that names the input and says
what to do; the CLI prints it as ``banmian: error: <message>`` and exits 2, never with a
traceback.  Anything else escaping banmian is a bug.
"""

from __future__ import annotations


class InputError(Exception):
    """An input banmian cannot use, with a one-line message that says what to do.

    ``str(err)`` is the whole message, e.g. ``"page.txt: cannot decode as UTF-8, UTF-16 or
    GB18030; convert it to UTF-8"``.  ``name`` is the input it is about (a path as given,
    or ``"<stdin>"``).
    """

    def __init__(self, message: str, *, name: str | None = None) -> None:
        message = message.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
        super().__init__(message)
        self.name = name

    @property
    def message(self) -> str:
        """The one-line message (same as ``str(self)``)."""
        return str(self.args[0])
