"""The article archive: page dumps ingested into one SQLite file, searchable in Chinese.

- ``banmian.archive.db``: the schema (documented in ``docs/archive.md``) and connections;
- ``banmian.archive.ingest``: ``ingest_paths`` / ``store_page``: text dumps and PDFs, read
  and parsed in worker processes;
- ``banmian.archive.store``: a page into rows (``prepare``) and rows into the archive
  (``Batch``: every page whole in one transaction, a few pages per transaction);
- ``banmian.archive.meta``: paper, date and page number from furniture, path or options;
- ``banmian.archive.links`` / ``joined``: continued articles linked at ingest, joined;
- ``banmian.archive.index``: the full-text index, one document per joined article;
- ``banmian.archive.tokens``: the bigram / unigram tokens indexed by FTS5;
- ``banmian.archive.query``: the query language, compiled to a safe FTS5 expression;
- ``banmian.archive.rank``: the order of hits (BM25 for specific queries, newest first
  for broad ones) at a bounded cost;
- ``banmian.archive.search``: ``search`` — exact hits, ranked, marked snippets;
- ``banmian.archive.cli``: the ``ingest``, ``search`` and ``serve`` subcommands.

Quick use::

    from banmian.archive import connect, ingest_paths, search
    ingest_paths("news.db", ["pages/"])
    with contextlib.closing(connect("news.db", readonly=True)) as conn:
        for hit in search(conn, "东西部协作", limit=10):
            print(hit.score, hit.article["headline"], hit.snippet)
"""

from banmian.archive.db import connect
from banmian.archive.ingest import Defaults, IngestReport, ingest_paths
from banmian.archive.query import QueryError
from banmian.archive.search import Filters, Hit, search

__all__ = ["Defaults", "Filters", "Hit", "IngestReport", "QueryError", "connect", "ingest_paths", "search"]
