"""Throughput benchmark of ``banmian.parse_page`` on one core (see ``bench/README.md``).

    python bench/bench_parse.py [--pages N] [--repeat R] [--json]

Generates N synthetic pages of ~3,500 characters with ``banmian.synth.generate_page``
(untimed), then times ``parse_page`` over all of them, R times, keeping the best round; it
prints pages/s and characters/s with the machine it ran on.  A scaling check does the same
for pages ten times longer (~35,000 characters) and reports the ratio of the time per page:
a linear parser gives about the ratio of the page lengths (~10×).

The goal is ≥1,000 pages/s on one core.  Nothing here asserts on timing: the script exits 0
after reporting (2 only when it cannot run, e.g. without ``banmian.synth``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from banmian import __version__, parse_page

GOAL_PAGES_PER_S = 1000
GOAL_SCALING = 10.0
#: "About linear" allows the time per character to grow this much on 10x longer pages.
LINEAR_SLACK = 1.5


@dataclass(frozen=True, slots=True)
class Run:
    """The best of several timed rounds over one set of pages.

    ``pages`` / ``chars`` / ``seconds`` are those of the best round; when the time budget ran
    out, that round may cover only the first pages (``budget_exceeded`` is then true).
    """

    target_chars: int
    pages: int
    chars: int
    seconds: float
    rounds: int
    budget_exceeded: bool = False

    @property
    def pages_per_s(self) -> float:
        return self.pages / max(self.seconds, 1e-9)

    @property
    def chars_per_s(self) -> float:
        return self.chars / max(self.seconds, 1e-9)

    @property
    def ms_per_page(self) -> float:
        """Milliseconds a page; with no page finished, the budget (a lower bound)."""
        return 1000.0 * self.seconds / max(self.pages, 1)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(
            pages_per_s=round(self.pages_per_s, 1),
            chars_per_s=round(self.chars_per_s),
            ms_per_page=round(self.ms_per_page, 4),
        )
        return d


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, else what ``platform`` knows, else "unknown"."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Hardware", "cpu model") and value.strip():
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def pin_one_core() -> str:
    """Pin this process to one CPU where the OS allows it; say what was done."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity); single-threaded anyway"
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[0]})
    return f"pinned to CPU {cpus[0]} (of {len(cpus)} available)"


def machine() -> dict[str, str]:
    """Where the numbers were measured."""
    return {
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "banmian": __version__,
    }


def generate(pages: int, target_chars: int, seed: int) -> list[str]:
    """Generate the page texts (untimed); exits 2 with a message if synth is unavailable."""
    try:
        from banmian.synth import generate_page
    except ImportError as e:
        print(
            f"bench: error: cannot import banmian.synth ({e}); install banmian with `pip install -e .`",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    return [generate_page(seed + i, target_chars=target_chars).text for i in range(pages)]


class _OutOfTime(Exception):
    """Raised by the interval timer inside a parse that overran the budget."""


def _alarm(signum: int, frame: object) -> None:
    raise _OutOfTime


def time_parse(
    texts: Sequence[str],
    target_chars: int,
    rounds: int,
    budget: float,
    parse: Callable[..., Any] = parse_page,
) -> Run:
    """Parse every text ``rounds`` times; return the round with the least time per page.

    ``budget`` (seconds) bounds the whole measurement: when it runs out — even in the middle
    of one very slow parse, where the OS has ``setitimer`` — the measurement stops and the
    pages finished so far are reported, with ``budget_exceeded`` set.  A parse interrupted
    by the budget is not counted.
    """
    best: tuple[float, int, int] | None = None  # (seconds per page, pages, chars) of a round
    best_seconds = 0.0
    exceeded = False
    use_timer = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    old = signal.signal(signal.SIGALRM, _alarm) if use_timer else None
    if use_timer:
        signal.setitimer(signal.ITIMER_REAL, budget)
    deadline = time.perf_counter() + budget
    try:
        for _ in range(rounds):
            done = chars = 0
            elapsed = 0.0
            start = time.perf_counter()
            try:
                for text in texts:
                    parse(text)
                    elapsed = time.perf_counter() - start
                    done += 1
                    chars += len(text)
                    if time.perf_counter() > deadline:
                        raise _OutOfTime
            except _OutOfTime:
                exceeded = True
            if done and (best is None or elapsed / done < best[0]):
                best, best_seconds = (elapsed / done, done, chars), elapsed
            if exceeded:
                break
    finally:
        if use_timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    if best is None:  # not even one page within the budget
        return Run(target_chars, 0, 0, budget, rounds, budget_exceeded=True)
    return Run(target_chars, best[1], best[2], best_seconds, rounds, budget_exceeded=exceeded)


def run(
    pages: int, repeat: int, seed: int, small_chars: int, big_chars: int, budget: float
) -> dict[str, Any]:
    """Run both measurements and return the report as a dict (what ``--json`` prints)."""
    pinned = pin_one_core()
    small_texts = generate(pages, small_chars, seed)
    big_texts = generate(max(5, pages // 10), big_chars, seed + 1_000_000)
    parse_page(small_texts[0])  # warm up imports and caches outside the timing
    small = time_parse(small_texts, small_chars, repeat, budget)
    big = time_parse(big_texts, big_chars, repeat, budget)
    per_page_ratio = big.ms_per_page / max(small.ms_per_page, 1e-9)
    small_len = sum(map(len, small_texts)) / len(small_texts)
    length_ratio = sum(map(len, big_texts)) / len(big_texts) / small_len
    return {
        "machine": machine() | {"affinity": pinned},
        "small": small.to_dict(),
        "big": big.to_dict(),
        "scaling": {
            "time_ratio_per_page": round(per_page_ratio, 2),
            "length_ratio": round(length_ratio, 2),
            "time_ratio_per_char": round(per_page_ratio / length_ratio, 2),
            "goal_time_ratio_per_page": GOAL_SCALING,
            "linear": not big.budget_exceeded and per_page_ratio / length_ratio <= LINEAR_SLACK,
        },
        "goal_pages_per_s": GOAL_PAGES_PER_S,
        "meets_goal": small.pages_per_s >= GOAL_PAGES_PER_S,
    }


def report(r: dict[str, Any]) -> str:
    """The human-readable form of ``run``'s report."""
    m, s, b, sc = r["machine"], r["small"], r["big"], r["scaling"]
    verdict = "meets" if r["meets_goal"] else "below"
    shape = "about linear" if sc["linear"] else "worse than linear"
    cut = {
        k: " (stopped: time budget exceeded)" if v["budget_exceeded"] else "" for k, v in (("s", s), ("b", b))
    }
    return "\n".join(
        [
            f"machine   {m['platform']}",
            f"cpu       {m['cpu']} — {m['affinity']}",
            f"python    {m['python']}   banmian {m['banmian']}",
            "",
            f"~{s['target_chars']} chars: {s['pages']} pages, {s['chars']:,} chars, best of {s['rounds']}: "
            f"{s['seconds']:.3f} s{cut['s']}",
            f"          {s['pages_per_s']:,.0f} pages/s   {s['chars_per_s']:,.0f} chars/s   "
            f"{s['ms_per_page']:.3f} ms/page   ({verdict} the goal of {r['goal_pages_per_s']:,} pages/s)",
            f"~{b['target_chars']} chars: {b['pages']} pages, {b['chars']:,} chars, best of {b['rounds']}: "
            f"{b['seconds']:.3f} s{cut['b']}",
            f"          {b['pages_per_s']:,.0f} pages/s   {b['chars_per_s']:,.0f} chars/s   "
            f"{b['ms_per_page']:.3f} ms/page",
            "",
            f"scaling   pages {sc['length_ratio']:.1f}x longer take {sc['time_ratio_per_page']:.1f}x the time "
            f"per page ({sc['time_ratio_per_char']:.2f}x per char; goal <= ~{sc['goal_time_ratio_per_page']:.0f}x): "
            f"{shape}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run the benchmark, print the report; returns 0."""
    ap = argparse.ArgumentParser(description="Time banmian.parse_page on synthetic pages, on one core.")
    ap.add_argument("--pages", type=int, default=200, help="pages of ~3,500 chars to time (default: 200)")
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds; the best is kept (default: 3)")
    ap.add_argument("--seed", type=int, default=0, help="first generator seed (default: 0)")
    ap.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds allowed for each of the two measurements; a slower parser is cut off "
        "and reported as such (default: 60)",
    )
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    if args.pages < 1 or args.repeat < 1 or args.budget <= 0:
        ap.error("--pages and --repeat must be at least 1, --budget positive")
    r = run(args.pages, args.repeat, args.seed, small_chars=3500, big_chars=35000, budget=args.budget)
    print(json.dumps(r, ensure_ascii=False, indent=1) if args.json else report(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
