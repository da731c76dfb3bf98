"""Shared fixtures: every test runs with its own data, config and log folders, never the user's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point data, config and log folders at a fresh temporary folder for each test."""
    base = tmp_path_factory.mktemp("reader-home")
    monkeypatch.setenv("READER_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("READER_CONFIG", str(base / "config" / "config.toml"))
    monkeypatch.setenv("READER_LOG_DIR", str(base / "log"))
    return base


@pytest.fixture
def shared_dir() -> Path:
    """`../shared` beside the project; tests that need it skip cleanly on a user's clone."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    return SHARED


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
