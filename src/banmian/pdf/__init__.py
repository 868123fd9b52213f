"""The PDF front end: e-paper PDFs in, the same article pipeline as the text path.

- ``extract``: characters with loose boxes and type sizes per page, cut into content-stream
  runs, and the boxes of pictures (pypdfium2);
- ``runs``: fake bold removed by geometry, runs → lines, the text of a line with its blanks;
- ``order``: the page's running head and foot, XY-cut reading order with headlines
  widened to the columns they head and pictures holding their place;
- ``layout``: the steps together, paragraph indents, blank lines between blocks;
- ``front``: ``parse_pdf(path) -> list[Page]`` (one per PDF page, through
  ``pipeline.parse_lines``) and the ``banmian.issue/1`` document with line boxes;
- ``testpages``: generated e-paper pages with exact gold (tests, benchmark; needs reportlab).
"""

from __future__ import annotations

from banmian.pdf.front import ISSUE_SCHEMA, issue_dict, parse_pdf, parse_pdf_pages

__all__ = ["ISSUE_SCHEMA", "issue_dict", "parse_pdf", "parse_pdf_pages"]
