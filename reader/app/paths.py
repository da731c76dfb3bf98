"""Where reader keeps its data, config and logs (platformdirs; env variables override for tests)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "reader"
_PACKAGE = Path(__file__).resolve().parent.parent  # the `reader` package folder


def data_dir() -> Path:
    """Database folder: `READER_DATA_DIR` or the platform's user data folder."""
    override = os.environ.get("READER_DATA_DIR")
    return Path(override).expanduser() if override else platformdirs.user_data_path(APP)


def config_path() -> Path:
    """Config file: `READER_CONFIG` or `config.toml` in the platform's user config folder."""
    override = os.environ.get("READER_CONFIG")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP) / "config.toml"


def log_dir() -> Path:
    """Crash logs: `READER_LOG_DIR`, else the platform's user log folder."""
    override = os.environ.get("READER_LOG_DIR")
    return Path(override).expanduser() if override else platformdirs.user_log_path(APP)


def styles_dir() -> Path:
    """The `.tcss` files: `styles/` beside the package in a checkout, `reader/styles` in a wheel."""
    package = _PACKAGE
    for candidate in (package / "styles", package.parent / "styles"):
        if (candidate / "reader.tcss").is_file():
            return candidate
    raise FileNotFoundError("reader's styles folder is missing; reinstall reader")


def sample_path() -> Path:
    """The sample article bundled with the package (offline demo)."""
    return _PACKAGE / "assets" / "sample.html"
