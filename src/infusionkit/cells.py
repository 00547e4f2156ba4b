"""Text cells written safely to CSV and Excel: never a live formula, never an illegal character.

Every CSV and xlsx writer passes its text through this module:

- :func:`csv_text` neutralises a field a spreadsheet would run as a formula (leading ``=``, ``+``,
  ``-``, ``@``, tab or carriage return) by prefixing ``'``, as OWASP recommends for CSV injection.
  :func:`csv_safe_frame` / :func:`csv_safe_table` do it for every text column of a pandas frame or
  an Arrow table (numbers, dates and Decimals are left alone).
- :func:`xlsx_value` gives the value to put in a write-only openpyxl sheet: text always stored as
  text (``=HYPERLINK(..)`` is a string, not a formula) with Excel's quote prefix when it would look
  like a formula, control characters Excel cannot hold replaced by U+FFFD.
- :func:`xml_text` is the same character cleaning for docx and other XML writers.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_REGEX = r"^[=+\-@\t\r]"
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_RISKY = re.compile(r"^[=+\-@\t\r]|[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


def csv_text(value: str) -> str:
    """``'`` + ``value`` when a spreadsheet would read it as a formula, else ``value``."""
    return "'" + value if value.startswith(FORMULA_START) else value


def xml_text(value: str) -> str:
    """``value`` with control characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _ILLEGAL_XML.sub(REPLACEMENT, value)


def csv_safe_frame(frame: Any) -> Any:
    """A copy of a pandas DataFrame whose text cells are neutralised with :func:`csv_text`."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.StringDtype):
            out[column] = series.mask(series.str.match(_FORMULA_REGEX).fillna(False), "'" + series)
        elif series.dtype == object:
            out[column] = [csv_text(v) if isinstance(v, str) else v for v in series]
    return out


def csv_safe_table(table: Any) -> Any:
    """An Arrow table whose string (and dictionary-of-string) columns are neutralised."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def neutral(array: Any) -> Any:
        risky = pc.match_substring_regex(array, _FORMULA_REGEX)
        return pc.if_else(risky, pc.binary_join_element_wise("'", array, ""), array)

    for index, field in enumerate(table.schema):
        kind = field.type
        column = table.column(index)
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            table = table.set_column(index, field, neutral(column))
        elif pa.types.is_dictionary(kind) and pa.types.is_string(kind.value_type):
            chunks = [
                pa.DictionaryArray.from_arrays(chunk.indices, neutral(chunk.dictionary))
                for chunk in column.chunks
            ]
            table = table.set_column(index, field, pa.chunked_array(chunks, kind))
    return table


def xlsx_value(sheet: Any, value: Any) -> Any:
    """The value to append to a write-only openpyxl ``sheet``: text is stored as text."""
    if not isinstance(value, str):
        return value
    if _ILLEGAL_XML.search(value):
        value = xml_text(value)
    if not value.startswith(FORMULA_START):
        return value
    return xlsx_text_cell(sheet, value)


def xlsx_text_cell(sheet: Any, value: str) -> Any:
    """A write-only openpyxl cell holding ``value`` as text (never a formula)."""
    from openpyxl.cell import WriteOnlyCell

    value = xml_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def xlsx_row(sheet: Any, values: Any) -> list[Any]:
    """:func:`xlsx_value` for every value of a row."""
    return [xlsx_value(sheet, value) for value in values]


def xlsx_column(sheet: Any, values: list[Any]) -> list[Any]:
    """:func:`xlsx_value` for every value of a column (the list itself when nothing is risky)."""
    if not any(isinstance(value, str) and _RISKY.search(value) for value in values):
        return values
    return [xlsx_value(sheet, value) for value in values]
