"""WordprocessingML namespaces and qualified-name helpers."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"

REL_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

NSMAP = {"w": W_NS, "r": R_NS, "m": M_NS}


def w(tag: str) -> str:
    """Clark name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


XML_SPACE = f"{{{XML_NS}}}space"
W_ID = w("id")
W_AUTHOR = w("author")
W_DATE = w("date")
W_VAL = w("val")

# Frequently used tags.
P, R, T, TAB, BR, CR = w("p"), w("r"), w("t"), w("tab"), w("br"), w("cr")
PPR, RPR, TBL, TR, TC, TRPR = w("pPr"), w("rPr"), w("tbl"), w("tr"), w("tc"), w("trPr")
INS, DEL, DELTEXT = w("ins"), w("del"), w("delText")
INSTRTEXT, DELINSTRTEXT = w("instrText"), w("delInstrText")
BODY, SECTPR, PSTYLE, PPRCHANGE = w("body"), w("sectPr"), w("pStyle"), w("pPrChange")
NOBREAKHYPHEN, SOFTHYPHEN = w("noBreakHyphen"), w("softHyphen")
LASTRENDERED = w("lastRenderedPageBreak")
FLDCHAR, FLDCHARTYPE = w("fldChar"), w("fldCharType")
