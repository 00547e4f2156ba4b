"""Contract drafting: clause templates rendered in a sandbox, the addendum as .docx, proposals.

- :func:`render_addendum` (contract -> :class:`Addendum`), :func:`addendum_docx` (-> bytes)
- :func:`propose` (current + proposal -> current.docx, proposed.docx, redline.docx,
  changes.json; for the internal audience brief.md and brief.docx)
- :func:`number_words` and the contract-value filters in :mod:`.filters`
"""

from infusionkit.drafting.brief import Ask, Brief, build_brief
from infusionkit.drafting.comments import ClauseComment
from infusionkit.drafting.docx_out import addendum_docx
from infusionkit.drafting.effects import Effects
from infusionkit.drafting.model import Addendum, Block, Clause, FeeRow
from infusionkit.drafting.propose import ProposeResult, propose
from infusionkit.drafting.render import render_addendum
from infusionkit.drafting.words import decimal_words, number_words

__all__ = [
    "Addendum",
    "Ask",
    "Brief",
    "Block",
    "Clause",
    "ClauseComment",
    "Effects",
    "FeeRow",
    "ProposeResult",
    "addendum_docx",
    "build_brief",
    "decimal_words",
    "number_words",
    "propose",
    "render_addendum",
]
