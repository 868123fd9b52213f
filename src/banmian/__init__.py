"""banmian (版面): reconstruct the articles of Chinese newspaper pages from their text dumps."""

from banmian.model import SCHEMA, Article, Author, Dateline, Decision, Page, SourceLine
from banmian.pipeline import parse_page

__all__ = ["SCHEMA", "Article", "Author", "Dateline", "Decision", "Page", "SourceLine", "parse_page"]
__version__ = "0.1.0"
