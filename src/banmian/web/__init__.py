"""``banmian serve``: a read-only web interface and JSON API over an archive (FastAPI + Jinja2).

- ``banmian.web.data``: read-only connections and the page / article / browse queries;
- ``banmian.web.results``: search form fields, safe snippets, JSONL / CSV export;
- ``banmian.web.api``: the JSON API (``/api/…``; OpenAPI docs at ``/docs``);
- ``banmian.web.app``: ``create_app(db)``, the server-rendered pages;
- ``banmian.web.server``: ``serve(db, host, port)``, run by uvicorn.

FastAPI, Jinja2 and uvicorn are imported only when this package is, so ``banmian parse`` and
``banmian search`` do not pay for them.
"""

from banmian.web.app import create_app

__all__ = ["create_app"]
