"""LibreOffice as a second, independent judge of redlines (run by the system python3 + UNO).

    /usr/bin/python3 lo_judge.py PIPE OUT.json MODES:DOC.docx [MODES:DOC.docx ...]

Connects to a running ``soffice --accept=pipe,name=PIPE;urp;`` and writes, for each document, the
views named in MODES (comma-separated) as LibreOffice reads them: ``as_is`` (opened), ``accept``
(after Accept All Tracked Changes) and ``reject`` (after Reject All; the document is loaded
once, Undo restoring it between views). A view holds the body's
non-empty lines (the plain-text export: paragraphs; table cells one line each), footnote and
endnote texts, header and footer texts, the number of images, the formulas (Math objects) and
whether tracked changes are left. Not part of the package: the
test suite runs it through ``subprocess`` (see ``conftest.py``).
"""

from __future__ import annotations

import json
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

MATH_CLSID = "078B7ABA-54FC-457F-8551-6147E776A997"


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe: str, seconds: float = 60.0):  # type: ignore[no-untyped-def]
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + seconds
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def text_lines(text) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        el = enum.nextElement()
        if el.supportsService("com.sun.star.text.TextTable"):
            for name in el.getCellNames():
                out.extend(text_lines(el.getCellByName(name)))
        elif el.supportsService("com.sun.star.text.Paragraph"):
            line = _norm(el.getString())
            if line:
                out.append(line)
    return out


def _notes(collection) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join(text_lines(collection.getByIndex(i))) for i in range(collection.getCount())]


def _page_texts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    styles = doc.getStyleFamilies().getByName("PageStyles")
    out: list[str] = []
    for i in range(styles.getCount()):
        style = styles.getByIndex(i)
        if not style.isInUse():
            continue
        for on, prop in (("HeaderIsOn", "HeaderText"), ("FooterIsOn", "FooterText")):
            if style.getPropertyValue(on):
                text = style.getPropertyValue(prop)
                lines = text_lines(text) if text is not None else []
                if lines:
                    out.append(" ".join(lines))
    return sorted(out)


def _formulas(doc) -> list[str]:  # type: ignore[no-untyped-def]
    found: list[str] = []
    objects = doc.getEmbeddedObjects()
    for name in objects.getElementNames():
        obj = objects.getByName(name)
        if obj.CLSID.upper() == MATH_CLSID:
            model = obj.getEmbeddedObject()
            found.append(_norm(model.getPropertyValue("Formula")) if model else "?")
    return sorted(found)


def body_lines(doc, scratch: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The body as LibreOffice exports it to plain text (one line per paragraph or cell)."""
    url = uno.systemPathToFileUrl(scratch)
    doc.storeToURL(url, (_prop("FilterName", "Text (encoded)"), _prop("FilterOptions", "UTF8")))
    with open(scratch, encoding="utf-8-sig") as fh:
        lines = [_norm(line) for line in fh.read().splitlines()]
    return [line for line in lines if line]


def view(doc, scratch: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    # Fields (PAGE, NUMPAGES) are laid out asynchronously; update them all before reading, so a
    # view never depends on how far layout got.
    doc.getTextFields().refresh()
    doc.getCurrentController().getViewCursor().jumpToLastPage()
    return {
        "body": body_lines(doc, scratch),
        "footnotes": _notes(doc.getFootnotes()),
        "endnotes": _notes(doc.getEndnotes()),
        "pages": _page_texts(doc),
        "images": doc.getGraphicObjects().getCount(),
        "formulas": _formulas(doc),
        "changes": doc.getRedlines().createEnumeration().hasMoreElements(),
    }


def load(desktop, path: str):  # type: ignore[no-untyped-def]
    url = uno.systemPathToFileUrl(path)
    return desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))


def judge(ctx, path: str, modes: tuple[str, ...]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    result: dict[str, object] = {}
    doc = load(desktop, path)
    if doc is None:
        return {"error": "LibreOffice could not open the document"}
    try:
        frame = doc.getCurrentController().getFrame()
        for n, name in enumerate(modes):
            if n:
                helper.executeDispatch(frame, ".uno:Undo", "", 0, ())
            if name == "accept":
                helper.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
            elif name == "reject":
                helper.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, ())
            result[name] = view(doc, path + f".{name}.txt")
    finally:
        doc.close(True)
    return result


def main() -> int:
    pipe, out, *args = sys.argv[1:]
    ctx = connect(pipe)
    views = {}
    for arg in args:
        modes, _, path = arg.partition(":")
        views[path] = judge(ctx, path, tuple(modes.split(",")))
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(views, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
