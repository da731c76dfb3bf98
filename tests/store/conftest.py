"""Store test fixtures: a library in the test's own data folder with a ticking clock."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))   # for library_fixtures

from library_fixtures import ticking_clock  # noqa: E402

from reader import store  # noqa: E402
from reader.store import Library  # noqa: E402


@pytest.fixture
def lib() -> Iterator[Library]:
    library = store.open(clock=ticking_clock())
    yield library
    library.close()
