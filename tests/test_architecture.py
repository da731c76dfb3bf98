"""The core and store layers stay pure: importing them must never pull in textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader.core
import reader.store


def _modules(package) -> list[str]:
    return [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]


def test_core_and_store_never_import_textual() -> None:
    modules = ["reader.core", "reader.store", *_modules(reader.core), *_modules(reader.store)]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(modules) > 5
    assert result.stdout.strip() == "", f"textual imported by core/store: {result.stdout}"
