"""Several processes writing at once lose nothing; a writer killed mid-transaction loses
only the unacknowledged transaction, and the database still opens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reader import store
from reader.app.paths import data_dir

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = int(os.environ.get("READER_TEST_NOTES_PROCESSES", "24"))
PARALLEL = 6


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_parallel_notes_add_processes_lose_nothing(fixtures_dir: Path) -> None:
    """`reader notes add` run PROCESSES times, PARALLEL at a time, on one new article."""
    page = fixtures_dir / "store" / "article.html"
    env = _env()

    def add(n: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reader", "notes", "add", str(page),
                               f"note number {n} from a parallel process"],
                              capture_output=True, text=True, env=env, timeout=120)

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        results = list(pool.map(add, range(PROCESSES)))
    failures = [(r.returncode, r.stderr) for r in results if r.returncode != 0]
    assert not failures, failures[:3]
    note_ids = {r.stdout.strip() for r in results}
    assert len(note_ids) == 1 and note_ids.pop().isdigit()
    with store.open() as lib:
        records = lib.list_articles()
        assert len(records) == 1, "the racing processes created duplicate articles"
        paragraphs = lib.get_note(records[0].id).body.split("\n\n")
        assert sorted(paragraphs) == sorted(f"note number {n} from a parallel process"
                                            for n in range(PROCESSES))
        assert lib.integrity_check() == "ok"


WRITER = textwrap.dedent("""
    import sys, time
    from reader import store
    from reader.core.models import Article
    lib = store.open()
    article_id = lib.save_article(Article(text="Kill test text. " * 50, title="Kill test",
                                          location="https://kill.example/"))
    n = 0
    while True:
        lib.append_note(article_id, f"acknowledged {n}")
        print(f"ack {n}", flush=True)          # only after the commit returned
        n += 1
        with lib.transaction() as conn:        # a big transaction that is never acknowledged
            conn.execute("UPDATE notes SET body = body || ? WHERE article_id = ?",
                         ("\\n\\nUNACKNOWLEDGED " * 2000, article_id))
            for i in range(200):
                conn.execute("INSERT INTO tags(article_id, tag) VALUES (?, ?)",
                             (article_id, f"partial-{n}-{i}"))
            print("inside", flush=True)
            time.sleep(5 if n > int(sys.argv[1]) else 0.001)  # the parent kills us here
            conn.execute("DELETE FROM tags WHERE tag LIKE 'partial-%'")
            conn.execute("UPDATE notes SET body = replace(body, ?, '') WHERE article_id = ?",
                         ("\\n\\nUNACKNOWLEDGED " * 2000, article_id))
""")


@pytest.mark.parametrize("kills_after", [5, 23])
def test_sigkill_mid_transaction_keeps_every_acknowledged_note(kills_after: int) -> None:
    data_dir().mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(kills_after)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env())
    acked: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("ack "):
                acked.append(int(line.split()[1]))
            elif line.strip() == "inside" and len(acked) > kills_after:
                os.kill(proc.pid, signal.SIGKILL)   # while the big transaction is open
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    assert len(acked) >= kills_after
    with store.open() as lib:
        assert lib.integrity_check() == "ok"
        record = lib.find("https://kill.example/")
        body = lib.get_note(record.id).body
        kept = body.split("\n\n")
        assert all(f"acknowledged {n}" in kept for n in acked)
        assert "UNACKNOWLEDGED" not in body
        assert not [t for t in lib.tags(record.id) if t.startswith("partial-")]
        lib.append_note(record.id, "written after the crash")   # still writable
    assert Path(lib.path).exists()
