"""Benchmark the archive: ingest rate, database size, and search latency.

    .venv/bin/python bench/bench_archive.py                    # 2,000 generated pages
    .venv/bin/python bench/bench_archive.py --pages 500 --queries 30
    .venv/bin/python bench/bench_archive.py --articles 1000000  # pages until ~1M articles (long)
    .venv/bin/python bench/bench_archive.py --json
    .venv/bin/python bench/bench_archive.py --workdir W --search-only  # searches on W's archive

What it does (see bench/README.md):

1. generates the pages with ``banmian.synth.generate_page`` into a temporary folder as
   ``.txt`` files (in parallel, not timed); with ``--articles M`` it generates about M / 5
   pages (a generated page holds about five articles) and reports the real count.  The
   pages form a run of daily issues of 40 papers, 8 pages each (``PAPER/YYYY-MM-DD/NN.txt``,
   the date also printed in the page's head), as a real archive holds them;
2. ingests the folder with ``banmian.archive.ingest_paths`` (timed: pages/s, articles/s;
   goal ≥ 300 pages/s), then checkpoints the WAL and reports the database size;
3. draws queries from the stored article text — ``1char``, ``2char`` and ``4char``
   substrings of Chinese characters, and ``phrase``: a quoted 6-character substring that
   may include punctuation, digits or Latin (the path that checks stored text) — and runs
   each with ``search(conn, q, limit=20)`` as the CLI does (hits, snippets, article JSON),
   reporting p50 / p95 / max latency in ms (goal p95 ≤ 50 ms) and the median hit count;
4. profiles the ingest path on one core (``--profile N`` pages, CPU time, 0 to skip): reading,
   ``parse_page``, the rest of preparing a page (paper/date/page, rows, JSON, search
   tokens, hash), the round trip of a prepared page between processes (pickle), and
   writing it (``store.Batch``) — so the archive's own share is measured apart from the
   parser's — and the pages/s two cores could reach from those costs.

It never fails on timing (exit status 0); it exits 2 only when it cannot run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import pickle
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

try:
    from banmian.archive import connect, ingest_paths, search
    from banmian.archive.store import Batch, prepare
    from banmian.decode import read_page
    from banmian.pipeline import parse_page
    from banmian.synth import generate_page
except ImportError as e:  # pragma: no cover - run from a checkout without the venv
    print(f"bench_archive: cannot import banmian ({e}); run with the project's .venv", file=sys.stderr)
    sys.exit(2)

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
GOAL_PAGES_PER_S = 300
GOAL_P95_MS = 50.0
ARTICLES_PER_PAGE = 5
PAPERS, PAGES_PER_ISSUE, FIRST_DAY = 40, 8, datetime.date(1950, 1, 1)


def issue_of(seed: int) -> tuple[str, datetime.date, int]:
    """Paper, date and page number of generated page ``seed``: the pages form a run of
    issues as an archive holds them — ``PAPERS`` papers, ``PAGES_PER_ISSUE`` pages per daily
    issue — so no two pages claim the same page of the same issue (which would make the
    linking of continued articles compare every such page with every other)."""
    issue, page = divmod(seed, PAGES_PER_ISSUE)
    day, paper = divmod(issue, PAPERS)
    return f"paper{paper:02d}", FIRST_DAY + datetime.timedelta(days=day), page + 1


def _write_page(job: tuple[int, str]) -> int:
    seed, folder = job
    _paper, day, page = issue_of(seed)
    text = generate_page(seed, page_number=page, date=day).text
    path = _page_path(Path(folder), seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text)


def _page_path(folder: Path, seed: int) -> Path:
    paper, day, page = issue_of(seed)
    return folder / paper / day.isoformat() / f"{page:02d}.txt"


def _generated(folder: Path, pages: int) -> bool:
    """Whether ``folder`` holds exactly the ``pages`` pages this script writes."""
    n = sum(1 for _ in folder.rglob("*.txt")) if folder.is_dir() else 0
    return n == pages and _page_path(folder, 0).is_file() and _page_path(folder, pages - 1).is_file()


def generate(folder: Path, pages: int, jobs: int) -> int:
    """Write ``pages`` generated pages under ``folder`` (``PAPER/YYYY-MM-DD/NN.txt``, see
    ``issue_of``); return their total characters."""
    folder.mkdir(parents=True, exist_ok=True)
    work = [(s, str(folder)) for s in range(pages)]
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return sum(pool.imap_unordered(_write_page, work, chunksize=64))
    return sum(map(_write_page, work))


def draw_queries(texts: list[str], rng: random.Random, per_class: int) -> dict[str, list[str]]:
    """Query strings per class, drawn from the stored text (so most have hits)."""
    runs = [r for t in texts for r in HAN_RUN.findall(t)]
    out: dict[str, list[str]] = {}
    for name, n in (("1char", 1), ("2char", 2), ("4char", 4)):
        pool = [r for r in runs if len(r) >= n]
        qs = []
        for _ in range(per_class):
            r = rng.choice(pool)
            i = rng.randrange(len(r) - n + 1)
            qs.append(r[i : i + n])
        out[name] = qs
    phrases = []
    while len(phrases) < per_class:
        t = rng.choice(texts)
        if len(t) < 6:
            continue
        i = rng.randrange(len(t) - 5)
        q = t[i : i + 6]
        if any(c.isspace() for c in q) or not HAN_RUN.search(q):
            continue
        phrases.append('"' + q.replace('"', '""') + '"')
    out["phrase"] = phrases
    return out


def measure(db: Path, queries: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Latency (ms) of ``search(..., limit=20)`` per query class, after one warm-up pass."""
    conn = connect(db, readonly=True)
    report: dict[str, dict[str, float]] = {}
    try:
        for qs in queries.values():
            for q in qs[:5]:
                search(conn, q, limit=20)
        for name, qs in queries.items():
            times, hits = [], []
            for q in qs:
                t0 = time.perf_counter()
                found = search(conn, q, limit=20)
                times.append((time.perf_counter() - t0) * 1000)
                hits.append(len(found))
            times.sort()
            report[name] = {
                "queries": len(qs),
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2),
                "max_ms": round(times[-1], 2),
                "median_hits": statistics.median(hits),
            }
    finally:
        conn.close()
    return report


def search_part(db: Path, per_class: int) -> tuple[int, int, dict[str, dict[str, float]]]:
    """Checkpoint the archive, then (articles, database bytes, ``measure``'s latencies) for
    queries drawn from 3,000 of its articles (seeded: the same archive gives the same draws)."""
    conn = connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    rng = random.Random(0)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    sample = rng.sample(ids, min(len(ids), 3000))
    texts = [
        conn.execute("SELECT headline_text || char(10) || body FROM articles WHERE id = ?", (i,)).fetchone()[0]
        for i in sample
    ]
    conn.close()
    return n_articles, db.stat().st_size, measure(db, draw_queries(texts, rng, per_class))


def search_only(db: Path, per_class: int, as_json: bool) -> int:
    """``--search-only``: time the searches on the archive a previous run kept."""
    if not db.exists():
        print(f"error: no archive at {db}; run once with --workdir to build it", file=sys.stderr)
        return 2
    n_articles, size, latency = search_part(db, per_class)
    report = {"articles": n_articles, "db_bytes": size, "search": latency}
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"archive: {n_articles} articles, {size / 1e6:.1f} MB")
    print_latency(latency)
    return 0


def print_latency(latency: dict[str, dict[str, float]]) -> None:
    for name, v in latency.items():
        print(
            f"search {name:7s}: p50 {v['p50_ms']:7.2f} ms  p95 {v['p95_ms']:7.2f} ms  max {v['max_ms']:7.2f} ms"
            f"  median hits {v['median_hits']} (of {v['queries']} queries)"
        )


def profile(folder: Path, work: Path, pages: int) -> dict[str, float]:
    """CPU ms per page of each ingest stage, on this process's core (see the module doc)."""
    files = sorted(folder.rglob("*.txt"))[:pages]
    clock = time.process_time
    t0 = clock()
    texts = [read_page(f) for f in files]
    t1 = clock()
    parsed = [parse_page(t, source=f.name) for t, f in zip(texts, files, strict=True)]
    t2 = clock()
    preps = [
        prepare(t, source=str(f), path=f, parsed=p) for t, f, p in zip(texts, files, parsed, strict=True)
    ]
    t3 = clock()
    preps = [pickle.loads(pickle.dumps(p, pickle.HIGHEST_PROTOCOL)) for p in preps]
    t4 = clock()
    db = work / "profile.db"
    conn = connect(db, create=True)
    batch = Batch(conn)
    for p in preps:
        batch.write(p)
    batch.commit()
    t5 = clock()
    conn.close()
    for f in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        f.unlink(missing_ok=True)
    n = max(1, len(files))
    ms = {
        "read": (t1 - t0) / n * 1000,
        "parse": (t2 - t1) / n * 1000,
        "prepare_rest": (t3 - t2) / n * 1000,
        "ipc_pickle": (t4 - t3) / n * 1000,
        "write": (t5 - t4) / n * 1000,
    }
    own = ms["read"] + ms["prepare_rest"] + ms["ipc_pickle"] + ms["write"]
    out = {k: round(v, 3) for k, v in ms.items()}
    out["archive_share"] = round(own, 3)
    # two cores: workers read, parse and prepare; the parent unpickles and writes (serial)
    for name, parse in (("2core_pages_per_s", ms["parse"]), ("2core_pages_per_s_parse_4x_faster", ms["parse"] / 4)):
        total = own + parse
        serial = ms["write"] + ms["ipc_pickle"] / 2
        out[name] = round(min(2000 / total, 1000 / serial), 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark banmian's archive (ingest and search).")
    ap.add_argument("--pages", type=int, default=2000, help="pages to generate (default 2000)")
    ap.add_argument("--articles", type=int, help="generate about this many articles instead of --pages")
    ap.add_argument("--queries", type=int, default=50, help="queries per class (default 50)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: CPUs)")
    ap.add_argument("--workdir", type=Path, help="folder for pages and archive (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the pages and the archive")
    ap.add_argument(
        "--reuse-pages",
        action="store_true",
        help="with --workdir: keep pages a previous run generated there (same count), so generation, "
        "which is not timed, can run apart from the timed ingest",
    )
    ap.add_argument("--generate-only", action="store_true", help="with --workdir: generate the pages and stop")
    ap.add_argument(
        "--search-only",
        action="store_true",
        help="with --workdir: time the searches on the archive a previous run built there (no ingest)",
    )
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument(
        "--profile", type=int, default=300, metavar="N", help="profile the ingest stages on N pages (0: skip)"
    )
    args = ap.parse_args(argv)
    pages = max(1, args.articles // ARTICLES_PER_PAGE) if args.articles else args.pages
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    folder, db = work / "pages", work / "bench.db"
    if args.search_only:
        if args.workdir is None:
            print("error: --search-only needs --workdir", file=sys.stderr)
            return 2
        return search_only(db, args.queries, args.json)
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    try:
        t0 = time.perf_counter()
        if args.reuse_pages and _generated(folder, pages):
            chars = sum(len(f.read_text(encoding="utf-8")) for f in folder.rglob("*.txt"))
            what = "reused"
        else:
            shutil.rmtree(folder, ignore_errors=True)
            chars = generate(folder, pages, args.jobs)
            what = "generated"
        gen_s = time.perf_counter() - t0
        if not args.json:
            print(f"{what} {pages} pages ({chars / pages:.0f} chars each) in {gen_s:.1f} s", file=sys.stderr)
        if args.generate_only:
            return 0
        t0 = time.perf_counter()
        rep = ingest_paths(db, [str(folder)], jobs=args.jobs)
        ingest_s = time.perf_counter() - t0
        n_articles, size, latency = search_part(db, args.queries)
        stages = profile(folder, work, args.profile) if args.profile > 0 else {}
        report = {
            "machine": {
                "platform": platform.platform(),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
            },
            "pages": pages,
            "articles": n_articles,
            "failures": len(rep.failures),
            "ingest_seconds": round(ingest_s, 2),
            "pages_per_s": round(pages / ingest_s, 1),
            "articles_per_s": round(n_articles / ingest_s, 1),
            "db_bytes": size,
            "db_bytes_per_article": round(size / max(1, n_articles)),
            "text_bytes": chars * 3,
            "search": latency,
            "ingest_profile_ms_per_page": stages,
            "goals": {
                "pages_per_s>=300": pages / ingest_s >= GOAL_PAGES_PER_S,
                "p95<=50ms": all(v["p95_ms"] <= GOAL_P95_MS for v in latency.values()),
            },
        }
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"machine: {report['machine']}")
    print(
        f"ingest: {pages} pages, {n_articles} articles in {ingest_s:.1f} s = {report['pages_per_s']} pages/s, "
        f"{report['articles_per_s']} articles/s (goal >= {GOAL_PAGES_PER_S} pages/s)"
    )
    print(f"db size: {size / 1e6:.1f} MB ({report['db_bytes_per_article']} bytes/article)")
    print_latency(latency)
    if stages:
        print(
            f"ingest profile ({args.profile} pages, CPU ms/page, one core): read {stages['read']}, "
            f"parse {stages['parse']}, prepare (rest) {stages['prepare_rest']}, pickle round trip "
            f"{stages['ipc_pickle']}, write {stages['write']}; archive's share {stages['archive_share']}"
        )
        print(
            f"ingest profile: 2 cores could do {stages['2core_pages_per_s']} pages/s, "
            f"{stages['2core_pages_per_s_parse_4x_faster']} with a parser 4x faster"
        )
    print(f"goals: {report['goals']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
