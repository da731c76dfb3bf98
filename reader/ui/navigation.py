"""Back and forward between opened articles, with the last few kept in memory so going back
is instant (the rest reopen from their location, or the library)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.models import Article

CACHE_SIZE = 20  # articles kept in memory for instant back/forward


@dataclass(slots=True)
class History:
    """Browser-style back/forward: visiting a new location drops the forward entries."""

    entries: list[str] = field(default_factory=list)
    position: int = -1

    @property
    def current(self) -> str | None:
        return self.entries[self.position] if self.position >= 0 else None

    @property
    def can_go_back(self) -> bool:
        return self.position > 0

    @property
    def can_go_forward(self) -> bool:
        return 0 <= self.position < len(self.entries) - 1

    def visit(self, location: str) -> None:
        """Record that `location` was opened (re-opening the current one changes nothing)."""
        if location == self.current:
            return
        del self.entries[self.position + 1:]
        self.entries.append(location)
        self.position = len(self.entries) - 1

    def back(self) -> str | None:
        if not self.can_go_back:
            return None
        self.position -= 1
        return self.current

    def forward(self) -> str | None:
        if not self.can_go_forward:
            return None
        self.position += 1
        return self.current


class Navigation:
    """History plus the article cache; the app asks it where `back`/`forward` lead."""

    def __init__(self) -> None:
        self.history = History()
        self._cache: dict[str, Article] = {}
        self._arriving: str | None = None

    def opened(self, key: str, article: Article) -> None:
        """An article is on screen under `key` (its location)."""
        if self._arriving == key:
            self._arriving = None  # reached by back/forward: the history already points here
        else:
            self.history.visit(key)
        self._cache[key] = article
        while len(self._cache) > CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))

    def can_step(self, delta: int) -> bool:
        """Whether back (-1) or forward (1) leads anywhere now."""
        return self.history.can_go_back if delta < 0 else self.history.can_go_forward

    def step(self, delta: int) -> tuple[str, Article | None] | None:
        """Move back (-1) or forward (1): the location to show and its cached article."""
        location = self.history.back() if delta < 0 else self.history.forward()
        if location is None:
            return None
        self._arriving = location
        return location, self._cache.get(location)
