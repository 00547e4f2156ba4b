"""Redline engine: Word tracked changes between two .docx files, and reading them back.

It knows documents, not contracts. Public API:

- :func:`redline`, :func:`write_redline` -> :class:`RedlineResult`
- :func:`accept_all_text`, :func:`reject_all_text`, :func:`check`, :func:`count_changes`
- :func:`add_comments`, :func:`changed_clause_headings`, :func:`comment_changed_clauses`
- :func:`tracked_document` (build a marked document from :class:`ParagraphEdit` s)
- :func:`apply_edits`, :func:`set_table_cell` (tracked find/replace in a payer's document)
"""

from __future__ import annotations

from .api import (
    ChangeCounts,
    RedlineResult,
    accept_all_text,
    add_comments,
    changed_clause_headings,
    check,
    comment_changed_clauses,
    count_changes,
    is_heading_style,
    redline,
    reject_all_text,
    write_redline,
)
from .build import ParagraphEdit, tracked_document
from .edits import CellEdit, TextEdit, apply_edits, set_table_cell

__all__ = [
    "CellEdit",
    "ChangeCounts",
    "ParagraphEdit",
    "RedlineResult",
    "TextEdit",
    "accept_all_text",
    "add_comments",
    "apply_edits",
    "changed_clause_headings",
    "check",
    "comment_changed_clauses",
    "count_changes",
    "is_heading_style",
    "redline",
    "reject_all_text",
    "set_table_cell",
    "tracked_document",
    "write_redline",
]
