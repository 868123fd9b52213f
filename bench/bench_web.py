"""Load-test ``banmian serve``: concurrent clients on loopback against search, article and page.

    .venv/bin/python bench/bench_web.py                        # 300 generated pages, 20 clients, 20 s
    .venv/bin/python bench/bench_web.py --db news.db --seconds 60
    .venv/bin/python bench/bench_web.py --clients 50 --json

What it does (see bench/README.md):

1. builds an archive from ``--pages`` generated pages in a temporary folder (not timed), or
   uses ``--db``;
2. starts ``banmian serve`` on 127.0.0.1 on a free port (a subprocess; only loopback, ever)
   and waits for it to answer (bounded);
3. draws request targets from the archive: search pages for 1-, 2- and 4-character Chinese
   substrings of stored text (``/search?q=…``, the HTML page with snippets), article pages
   (``/article/ID``) and page views (``/page/ID``), in the mix 50 / 30 / 20;
4. runs ``--clients`` threads (``urllib``, one request at a time each) for ``--seconds``,
   then reports requests/s, p50 / p95 / max latency (overall and per kind) and the number
   of errors (any status other than 200, or a failed connection). Goal: 0 errors.

It only reports (exit 0); it exits 2 when it cannot run (no banmian, server did not start).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

try:
    from banmian.archive import ingest_paths
    from banmian.synth import generate_page
    from banmian.web.server import serve_in_subprocess
except ImportError as e:  # pragma: no cover - run from a checkout without the venv
    print(f"bench_web: cannot import banmian ({e}); run with the project's .venv", file=sys.stderr)
    sys.exit(2)

HOST = "127.0.0.1"  # loopback only: this script never talks to another machine
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
MIX = (("search", 0.5), ("article", 0.3), ("page", 0.2))


def build(folder: Path, pages: int) -> Path:
    """Generate ``pages`` pages into ``folder`` and ingest them; return the archive path."""
    src = folder / "pages"
    src.mkdir(parents=True)
    for seed in range(pages):
        (src / f"p{seed:05d}.txt").write_text(generate_page(seed).text, encoding="utf-8")
    db = folder / "bench.db"
    report = ingest_paths(db, [str(src)], progress=False)
    print(f"bench_web: built {db} — {report.summary(str(db))}", file=sys.stderr)
    return db


def targets(db: Path, rng: random.Random, n: int = 300) -> dict[str, list[str]]:
    """Request paths per kind, drawn from the archive's own ids and text."""
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT ?", (n,))]
        pages = [r[0] for r in conn.execute("SELECT id FROM pages ORDER BY random() LIMIT ?", (n,))]
        bodies = [r[0] for r in conn.execute("SELECT body FROM articles ORDER BY random() LIMIT ?", (n,))]
    finally:
        conn.close()
    runs = [m.group() for b in bodies for m in HAN_RUN.finditer(b)]
    if not runs or not articles:
        print("bench_web: the archive has no articles to request", file=sys.stderr)
        sys.exit(2)
    queries = []
    for _ in range(n):
        run, size = rng.choice(runs), rng.choice((1, 2, 4))
        start = rng.randrange(len(run) - size + 1)
        queries.append(run[start : start + size])
    return {
        "search": ["/search?" + urllib.parse.urlencode({"q": q}) for q in queries],
        "article": [f"/article/{a}" for a in articles],
        "page": [f"/page/{p}" for p in pages],
    }


def load(
    base: str, paths: dict[str, list[str]], clients: int, seconds: float, seed: int
) -> dict[str, object]:
    """Run the clients for ``seconds``; the report as a dict."""
    latencies: dict[str, list[float]] = {k: [] for k in paths}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    kinds, weights = zip(*MIX, strict=True)

    def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        while time.monotonic() < stop:
            kind = rng.choices(kinds, weights)[0]
            path = rng.choice(paths[kind])
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=30) as r:
                    r.read()
                    ok = r.status == 200
                    why = f"{r.status} {path}"
            except (urllib.error.URLError, OSError) as e:
                ok, why = False, f"{type(e).__name__}: {e} {path}"
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                latencies[kind].append(ms)
                if not ok:
                    errors.append(why)

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.monotonic() - t0

    def stats(xs: list[float]) -> dict[str, float]:
        if not xs:
            return {"n": 0}
        q = statistics.quantiles(xs, n=100) if len(xs) > 1 else [xs[0]] * 99
        return {
            "n": len(xs),
            "p50_ms": round(q[49], 1),
            "p95_ms": round(q[94], 1),
            "max_ms": round(max(xs), 1),
        }

    every = [x for xs in latencies.values() for x in xs]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(every),
        "requests_per_s": round(len(every) / elapsed, 1),
        "errors": len(errors),
        "error_examples": errors[:5],
        "all": stats(every),
        **{kind: stats(xs) for kind, xs in latencies.items()},
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Load-test banmian serve on loopback.")
    ap.add_argument("--db", type=Path, help="an existing archive (default: build one from generated pages)")
    ap.add_argument("--pages", type=int, default=300, help="generated pages when building (default 300)")
    ap.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    ap.add_argument("--seconds", type=float, default=20.0, help="how long to run (default 20)")
    ap.add_argument("--seed", type=int, default=1, help="random seed for the request mix")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench_web_") as tmp:
        db = args.db if args.db else build(Path(tmp), args.pages)
        if not db.exists():
            print(f"bench_web: {db}: no such archive", file=sys.stderr)
            return 2
        paths = targets(db, rng)
        try:
            with serve_in_subprocess(db, host=HOST) as base:
                report = load(base, paths, args.clients, args.seconds, args.seed)
        except RuntimeError as e:
            print(f"bench_web: {e}", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(
        f"{report['clients']} clients for {report['seconds']} s: {report['requests']} requests, "
        f"{report['requests_per_s']} requests/s, {report['errors']} errors (goal 0)"
    )
    for kind in ("all", "search", "article", "page"):
        s = report[kind]
        assert isinstance(s, dict)
        if s.get("n"):
            print(
                f"  {kind:8s} n={s['n']:6d}  p50 {s['p50_ms']:7.1f} ms  p95 {s['p95_ms']:7.1f} ms  max {s['max_ms']:7.1f} ms"
            )
    for e in report["error_examples"]:  # type: ignore[union-attr]
        print(f"  error: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
