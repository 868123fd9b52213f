"""Run the web interface with uvicorn: ``serve(db, host, port)`` (what ``banmian serve`` calls).

The archive is opened read-only before anything listens (a missing or foreign file is an
``InputError``, as is an address that cannot be listened on).  The default address is
``127.0.0.1``: the archive is visible only on this machine unless ``--host`` says otherwise,
and then a warning says so.  One process; requests run in uvicorn's thread pool, each with
its own read-only SQLite connection.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from banmian.errors import InputError
from banmian.web.app import create_app

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "is_loopback", "serve", "serve_in_subprocess"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """Whether ``host`` names only this machine (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_address(host: str, port: int) -> None:
    """``InputError`` unless ``host:port`` can be listened on now."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise InputError(
            f"--host {host}: not an address of this machine ({e.strerror}); use 127.0.0.1"
        ) from None
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as e:
            raise InputError(f"cannot listen on {host}:{port} ({e.strerror}); give another --port") from None


def serve(
    db: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, log_level: str = "warning"
) -> None:
    """Serve the archive ``db`` read-only at ``http://host:port/`` until interrupted.

    Raises ``InputError`` (one line) for an unusable archive or address.  A line on stderr
    says where it listens; uvicorn logs only warnings and errors (no access log).
    """
    app = create_app(db)
    _check_address(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"banmian: serving {db} read-only at http://{shown}:{port}/ (API docs /docs; Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )
    if not is_loopback(host):
        print(
            f"banmian: warning: --host {host} makes the archive reachable from other machines",
            file=sys.stderr,
            flush=True,
        )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=3,
    )
    uvicorn.Server(config).run()


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_in_subprocess(db: str | Path, *, host: str = DEFAULT_HOST, timeout: float = 30.0) -> Iterator[str]:
    """Run ``banmian serve`` for ``db`` in a child process on a free port of ``host``.

    Yields the base URL once the server answers, and stops the process afterwards (for
    the browser test and the load benchmark). ``RuntimeError`` if the server exits or
    does not answer within ``timeout`` seconds; the message carries its stderr.
    """
    port = _free_port(host)
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a long run cannot fill it and block
        proc = subprocess.Popen(
            [sys.executable, "-m", "banmian", "serve", "--db", str(db), "--host", host, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        base = f"http://{host}:{port}"

        def stderr_text() -> str:
            err.seek(0)
            return err.read().decode("utf-8", "replace").strip()

        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"serve exited with status {proc.returncode}: {stderr_text()}")
                with contextlib.suppress(OSError), urllib.request.urlopen(base + "/static/style.css", timeout=1) as r:
                    if r.status == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not answer within {timeout:.0f} s: {stderr_text()}")
                time.sleep(0.1)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
