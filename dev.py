#!/usr/bin/env python3
"""Set up a private virtual environment and run reader's demo or test suite.

    python3 dev.py demo    set up, then open the app on the bundled sample article (offline)
    python3 dev.py test    set up, then type-check and run the full test suite (what CI runs)

Both are safe to run again: the environment is rebuilt only when pyproject.toml changes.
Only the standard library is used here, so a bare Python 3.11+ is enough.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".reader-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _run(*cmd: str | os.PathLike[str]) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    if subprocess.run([str(c) for c in cmd], cwd=ROOT).returncode != 0:
        sys.exit(f"dev.py: set-up step failed: {' '.join(str(c) for c in cmd)}")


def setup() -> None:
    """Create .venv, upgrade its pip (pip 23 cannot resolve lxml[html-clean]), install reader."""
    if sys.version_info < (3, 11):
        sys.exit(f"reader needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    _run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]")
    STAMP.write_text(wanted + "\n")


def demo(args: list[str], env: dict[str, str]) -> int:
    """The app on the bundled sample, with its own library and config (in .venv), so trying
    it never adds the sample to the user's library; READER_DATA_DIR / READER_CONFIG set by
    the caller win."""
    folder = VENV / "demo"
    env = dict(env)
    env.setdefault("READER_DATA_DIR", str(folder / "data"))
    env.setdefault("READER_CONFIG", str(folder / "config.toml"))
    print(f"The demo keeps its library in {env['READER_DATA_DIR']}; your own is not touched.",
          flush=True)
    sample = ROOT / "reader" / "assets" / "sample.html"
    return subprocess.call([str(BIN / "reader"), str(sample), *args], env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "setup"):
        print(__doc__)
        return 2
    setup()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    if argv[0] == "setup":
        return 0
    if argv[0] == "demo":
        return demo(argv[1:], env)
    # The type checker first (strict on the core and the store; see pyproject.toml), then the
    # suite, which also runs the import contracts (tests/test_architecture.py).
    print("+ mypy", flush=True)
    if subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT, env=env) != 0:
        print("dev.py: the type check failed; fix it before the tests run.", flush=True)
        return 1
    return subprocess.call([str(PYTHON), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
