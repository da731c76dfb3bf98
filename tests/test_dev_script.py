"""`python3 dev.py demo` never writes into the user's own library."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_uses_a_library_of_its_own(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec and spec.loader
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    calls: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(subprocess, "call", lambda argv, env: calls.append((argv, env)) or 0)
    user_env = {"HOME": "/home/someone", "PATH": "/usr/bin"}   # no READER_* override
    assert dev.demo([], user_env) == 0
    [(argv, env)] = calls
    assert argv[-1].endswith("sample.html")
    assert env["READER_DATA_DIR"].startswith(str(dev.VENV))
    assert env["READER_CONFIG"].startswith(str(dev.VENV))
    assert "your own is not touched" in capsys.readouterr().out
    calls.clear()
    dev.demo([], {**user_env, "READER_DATA_DIR": "/tmp/mine"})  # the caller's choice wins
    assert calls[0][1]["READER_DATA_DIR"] == "/tmp/mine"
