"""The SQLite file: opening it safely, migrating its schema, and writing in retried transactions.

Why this module is strict:
- Several `reader` processes may write at once (the app, `reader notes add` from a script), so
  every write runs in `BEGIN IMMEDIATE` with a busy timeout, and the whole transaction is
  retried when SQLite still reports the database busy; a write is never silently dropped.
- WAL with `synchronous=FULL`: a commit that returned survives SIGKILL and power loss.
- An existing file that is damaged, not a database, or from a newer `reader` is never
  overwritten or "repaired": opening it raises `StoreError` naming the file, and the file stays.
- The schema is a list of migration steps (`reader.store.schema`); `PRAGMA user_version`
  counts the steps applied, so every older database upgrades step by step (tests start from
  every earlier version). Steps run with foreign keys off (a step may replace a table, as
  SQLite's documented procedure asks) and are checked with `foreign_key_check` before they
  commit.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TypeVar

from reader.core.errors import StoreError
from reader.app.paths import data_dir
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION, Step

T = TypeVar("T")

FILENAME = "library.sqlite3"
BUSY_TIMEOUT_S = 5.0          # SQLite's own wait for a lock, per attempt
RETRY_DEADLINE_S = 60.0       # total time a write keeps retrying before giving up
_HEADER = b"SQLite format 3\x00"


def default_path() -> Path:
    """`library.sqlite3` in the data folder (`READER_DATA_DIR` overrides the folder)."""
    return data_dir() / FILENAME


# --- errors ---------------------------------------------------------------------------------

def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def store_error(path: Path, exc: BaseException, doing: str = "use") -> StoreError:
    """One sentence for the user that names the file; never suggests the file was changed."""
    text = str(exc).lower()
    if isinstance(exc, StoreError):
        return exc
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"The library database {path} is damaged or not a reader database, "
                          "so it was left untouched; move it away to start a new library.")
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError(f"Could not write to the library database {path}: the disk is full.")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"The library database {path} is read-only, so nothing could be saved.")
    if "unable to open" in text or isinstance(exc, PermissionError):
        return StoreError(f"Could not open the library database {path}: check that its folder "
                          "exists and is writable.")
    if isinstance(exc, sqlite3.Error) and _is_busy(exc):
        return StoreError(f"The library database {path} stayed locked by another reader "
                          f"process for {RETRY_DEADLINE_S:.0f} seconds, so the change was not saved.")
    return StoreError(f"Could not {doing} the library database {path} ({exc}).")


# --- connection -----------------------------------------------------------------------------

class Database:
    """One connection in autocommit mode; writes go through `write()` (a retried transaction).

    Thread-safe (one lock), so a Textual worker thread and the UI thread can share it.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.lock = threading.RLock()
        self._depth = 0

    # Opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> "Database":
        """Open (creating if missing) and migrate; refuse damaged or newer files with StoreError."""
        path = Path(path) if path is not None else default_path()
        path = path.expanduser()
        try:
            existed = path.is_file() and path.stat().st_size > 0
        except OSError as exc:
            raise store_error(path, exc, "open") from exc
        if existed:
            _check_header(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
        except (sqlite3.Error, OSError) as exc:
            raise store_error(path, exc, "open") from exc
        db = cls(path, conn)
        try:
            db._configure()
            db._migrate()
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.Error):
                raise store_error(path, exc, "open") from exc
            raise
        return db

    def _configure(self) -> None:
        version = self._retry(lambda: self.conn.execute("PRAGMA user_version").fetchone()[0])
        # Touch the schema: a damaged file fails here, before anything is written to it.
        self._retry(lambda: self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone())
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The library database {self.path} was written by a newer version of reader "
                f"(schema {version}, this version knows {SCHEMA_VERSION}), so it was left "
                "untouched; upgrade reader to use it.")
        self.conn.execute("PRAGMA foreign_keys = ON")
        mode = self._retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal":  # e.g. a file system without shared memory
            self.conn.execute("PRAGMA journal_mode = DELETE")
        self.conn.execute("PRAGMA synchronous = FULL")
        # The small rows and indexes of 100,000 articles are about 100 MB; a 16 MB page
        # cache keeps the upper levels of every index in memory (SQLite's default is 2 MB).
        self.conn.execute("PRAGMA cache_size = -16384")

    def _migrate(self) -> None:
        steps = MIGRATIONS
        if self.version() >= len(steps):
            return
        self.conn.execute("PRAGMA foreign_keys = OFF")   # only outside a transaction
        try:
            for target, step in enumerate(steps, start=1):
                if self.version() < target:
                    self.write(partial(self._step, target=target, step=step))
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    def _step(self, conn: sqlite3.Connection, *, target: int, step: Step) -> None:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current > len(MIGRATIONS):
            raise StoreError(
                f"The library database {self.path} was upgraded by a newer version of "
                "reader while opening it, so it was left untouched.")
        if current >= target:
            return  # another process got here first
        if callable(step):
            step(conn)
        else:
            for sql in step:
                conn.execute(sql)
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise StoreError(f"Upgrading the library database {self.path} would break links "
                             f"between its tables ({broken[0]}), so it was left as it was.")
        conn.execute(f"PRAGMA user_version = {target}")

    def version(self) -> int:
        with self.lock:
            return int(self._retry(lambda: self.conn.execute("PRAGMA user_version").fetchone()[0]))

    def close(self) -> None:
        """Close, after letting SQLite refresh its planner statistics where they are stale
        (`PRAGMA optimize`, bounded; skipped at once if another process holds the lock)."""
        with self.lock:
            try:
                self.conn.execute("PRAGMA busy_timeout = 0")
                self.conn.execute("PRAGMA analysis_limit = 1000")
                self.conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            try:
                self.conn.close()
            except sqlite3.Error:
                pass

    def vacuum(self) -> None:
        """Rewrite the file without its free pages (after an upgrade or a large purge); it
        needs free disk about the size of the file, and holds the lock meanwhile."""
        with self.lock:
            try:
                self._retry(lambda: self.conn.execute("VACUUM"))
            except sqlite3.Error as exc:
                raise store_error(self.path, exc, "compact") from exc

    # Reading and writing --------------------------------------------------------------------
    def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read (autocommit sees the latest committed state); retried while busy."""
        with self.lock:
            try:
                return self._retry(lambda: fn(self.conn))
            except sqlite3.Error as exc:
                raise store_error(self.path, exc, "read") from exc

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn` in one `BEGIN IMMEDIATE` transaction; the whole body is retried while busy.

        When this returns, the change is committed and durable. Nested calls join the outer
        transaction.
        """
        with self.lock:
            if self._depth:
                return fn(self.conn)
            deadline = time.monotonic() + RETRY_DEADLINE_S
            delay = 0.01
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    self._depth += 1
                    try:
                        result = fn(self.conn)
                        self.conn.execute("COMMIT")
                        return result
                    finally:
                        self._depth -= 1
                        if self.conn.in_transaction:
                            self.conn.execute("ROLLBACK")
                except sqlite3.Error as exc:
                    if _is_busy(exc) and time.monotonic() < deadline:
                        time.sleep(delay * (0.5 + random.random()))
                        delay = min(delay * 2, 0.5)
                        continue
                    raise store_error(self.path, exc, "write to") from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction as a context manager; waits for the lock, but the body is not
        retried (use `write` for that). Inside another transaction it joins that one."""
        with self.lock:
            if self._depth:
                yield self.conn
                return
            try:
                self._retry(lambda: self.conn.execute("BEGIN IMMEDIATE"))
            except sqlite3.Error as exc:
                raise store_error(self.path, exc, "write to") from exc
            self._depth += 1
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            finally:
                self._depth -= 1
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")

    def _retry(self, fn: Callable[[], T]) -> T:
        deadline = time.monotonic() + RETRY_DEADLINE_S
        delay = 0.01
        while True:
            try:
                return fn()
            except sqlite3.Error as exc:
                if _is_busy(exc) and time.monotonic() < deadline:
                    time.sleep(delay * (0.5 + random.random()))
                    delay = min(delay * 2, 0.5)
                    continue
                raise

    def integrity_check(self) -> str:
        """SQLite's `PRAGMA integrity_check` result ("ok" when healthy)."""
        return self.read(lambda c: "; ".join(r[0] for r in c.execute("PRAGMA integrity_check")))


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_HEADER))
    except OSError as exc:
        raise store_error(path, exc, "open") from exc
    if header != _HEADER:
        raise StoreError(f"The library database {path} is damaged or not a reader database, "
                         "so it was left untouched; move it away to start a new library.")
