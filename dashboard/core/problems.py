"""Problems found in a chronology, and the typed errors the library raises.

Every problem names where it is (``file:line:column``, 1-based), what is wrong and how to fix it.
The CLI prints them one per line; the UI lists them in a problems panel.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ChronologyError", "Problem"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a chronology file.

    ``line`` and ``column`` are 1-based; 0 means "the whole file" (for example a file that
    is too large to read).
    """

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    event_id: str | None = None

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.hint:
            text += f" -- {self.hint}"
        return text


class ChronologyError(Exception):
    """Raised by the library when a chronology cannot be used at all.

    Carries the problems found; the edges (CLI, UI) turn it into messages.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems) or "invalid chronology")
