"""Read a .docx package defensively and write it back.

Payer documents are untrusted: zip bombs, macro-enabled and encrypted (OLE) files, VBA projects
(found by relationship type and content type, whatever the part is called), zip member names
that climb out of the package (``..``) or are absolute, DTDs in any XML part (``.rels``
included) and corrupt XML are refused with :class:`~infusionkit.errors.InputErrors` naming the
file.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from infusionkit.errors import input_error

from .ns import CT_NS, PKG_REL_NS, REL_OFFICE_DOCUMENT

MAX_TOTAL_BYTES = 200 * 1024 * 1024
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURE = b"PK"
VBA_CONTENT_TYPE = b"application/vnd.ms-office.vbaproject"

Source = Path | str | bytes

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    remove_blank_text=False,
)


def parse_xml(data: bytes, file: str, part: str) -> etree._Element:
    """Parse one XML part safely; DTDs and entity declarations are refused."""
    try:
        tree = etree.fromstring(data, parser=_PARSER).getroottree()
    except etree.XMLSyntaxError as exc:
        raise input_error(file, f"corrupt XML in part {part}: {exc}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise input_error(file, f"part {part} declares a DTD, which is not allowed")
    return tree.getroot()


def serialize(root: etree._Element) -> bytes:
    """Serialize a part the way Word writes it (UTF-8, standalone declaration)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass
class Package:
    """The parts of a .docx as bytes, plus the name of its main document part."""

    name: str
    parts: dict[str, bytes]
    main_part: str = "word/document.xml"
    _xml: dict[str, etree._Element] = field(default_factory=dict, repr=False)

    def xml(self, part: str) -> etree._Element:
        """The parsed (cached) XML root of ``part``."""
        if part not in self._xml:
            self._xml[part] = parse_xml(self.parts[part], self.name, part)
        return self._xml[part]

    def set_xml(self, part: str, root: etree._Element) -> None:
        """Replace ``part`` with ``root`` (serialized on :meth:`to_bytes`)."""
        self._xml[part] = root
        self.parts.setdefault(part, b"")

    def xml_parts(self) -> list[str]:
        """Names of the XML parts (``.xml`` and ``.rels``)."""
        return [n for n in self.parts if n.endswith((".xml", ".rels"))]

    def rels_part(self, part: str) -> str:
        """Name of the relationships part belonging to ``part``."""
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def document(self) -> etree._Element:
        """Root of the main document part."""
        return self.xml(self.main_part)

    def to_bytes(self) -> bytes:
        """Write the package; parsed parts are re-serialized, the rest copied byte for byte."""
        out = io.BytesIO()
        names = list(self.parts)
        names.sort(key=lambda n: n != "[Content_Types].xml")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in names:
                data = serialize(self._xml[name]) if name in self._xml else self.parts[name]
                zf.writestr(name, data)
        return out.getvalue()


def _read_source(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), "<docx bytes>"
    path = Path(source)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise input_error(path, "file not found") from None
    if size > MAX_TOTAL_BYTES:
        raise input_error(path, "file is larger than 200 MB")
    return path.read_bytes(), str(path)


def read_package(source: Source, name: str | None = None) -> Package:
    """Open a .docx from a path or bytes, refusing anything unsafe or not a Word document."""
    data, label = _read_source(source)
    label = name or label
    if label.lower().endswith(".docm"):
        raise input_error(label, "macro-enabled documents (.docm) are not accepted")
    if data[:8] == OLE_SIGNATURE:
        raise input_error(
            label,
            "file is an OLE compound file: a password-protected (encrypted) Word document or a "
            "legacy .doc; save it as an unprotected .docx",
        )
    if data[:2] != ZIP_SIGNATURE:
        raise input_error(label, "not a .docx file (not a zip archive)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise input_error(label, f"not a .docx file (bad zip archive: {exc})") from None
    with zf:
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise input_error(label, "document decompresses to more than 200 MB")
        parts = _read_members(zf, infos, label)
    _refuse_macros(parts, label)
    _refuse_dtds(parts, label)
    package = Package(name=label, parts=parts)
    _refuse_vba_relationships(package)
    package.main_part = _main_part(package)
    package.document()  # parse now so corrupt XML is reported up front
    return package


def _read_members(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], label: str
) -> dict[str, bytes]:
    parts: dict[str, bytes] = {}
    budget = MAX_TOTAL_BYTES
    for info in infos:
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise input_error(label, "zip member is encrypted; the document is protected")
        if not _safe_member_name(info.filename):
            raise input_error(
                label, f"zip member name {info.filename!r} is absolute or climbs out of the package"
            )
        try:
            with zf.open(info) as fh:
                chunk = fh.read(budget + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as exc:
            raise input_error(label, f"cannot read part {info.filename}: {exc}") from None
        budget -= len(chunk)
        if budget < 0:
            raise input_error(label, "document decompresses to more than 200 MB")
        parts[info.filename] = chunk
    return parts


def _safe_member_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\0" in name:
        return False
    return ".." not in re.split(r"[/\\]", name)


def _refuse_macros(parts: dict[str, bytes], label: str) -> None:
    if any(posixpath.basename(n).lower() == "vbaproject.bin" for n in parts):
        raise input_error(label, "document contains macros (vbaProject.bin); not accepted")
    types = parts.get("[Content_Types].xml")
    if types is None:
        raise input_error(label, "not a Word document: [Content_Types].xml is missing")
    lowered = types.lower()
    if b"macroenabled" in lowered:
        raise input_error(label, "document is macro-enabled (macroEnabled content type)")
    if VBA_CONTENT_TYPE in lowered or b"vbadata" in lowered:
        raise input_error(label, "document contains a VBA project (vbaProject content type)")


_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse_dtds(parts: dict[str, bytes], label: str) -> None:
    """A DTD in any XML part (``.rels`` included), in UTF-8 or BOM-marked UTF-16."""
    for name, data in parts.items():
        if not name.lower().endswith((".xml", ".rels", ".vml")):
            continue
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
            data = data[2:].decode(codec, "replace").encode("utf-8")
        if b"<!" in data and _DTD.search(data):
            raise input_error(label, f"part {name} declares a DTD, which is not allowed")


def _refuse_vba_relationships(package: Package) -> None:
    for name in package.parts:
        if not name.endswith(".rels"):
            continue
        root = package.xml(name)
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            kind = (rel.get("Type") or "").lower()
            if kind.endswith(("/vbaproject", "/vbadata", "/wordvbadata")):
                raise input_error(
                    package.name,
                    f"document contains a VBA project ({name} relates "
                    f"{rel.get('Target')!r} as vbaProject); not accepted",
                )


def _main_part(package: Package) -> str:
    rels = package.parts.get("_rels/.rels")
    if rels is None:
        raise input_error(package.name, "not a Word document: _rels/.rels is missing")
    root = parse_xml(rels, package.name, "_rels/.rels")
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("Type") == REL_OFFICE_DOCUMENT:
            target = (rel.get("Target") or "").lstrip("/")
            if target in package.parts:
                return target
    if "word/document.xml" in package.parts:
        return "word/document.xml"
    raise input_error(package.name, "not a Word document: no main document part")


def content_types(package: Package) -> etree._Element:
    """Parsed ``[Content_Types].xml``."""
    return package.xml("[Content_Types].xml")


def add_override(package: Package, part: str, content_type: str) -> None:
    """Declare the content type of ``part`` (idempotent)."""
    root = content_types(package)
    tag = f"{{{CT_NS}}}Override"
    for el in root.iter(tag):
        if el.get("PartName") == "/" + part:
            return
    el = etree.SubElement(root, tag)
    el.set("PartName", "/" + part)
    el.set("ContentType", content_type)
