"""`infusionkit redline` and bad input: every unsafe or broken document exits 2."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infusionkit.cli.main import app
from infusionkit.errors import InputErrors
from infusionkit.redline import accept_all_text, redline, reject_all_text
from infusionkit.redline._ooxml import package as pkg

from .corpus import pair
from .helpers import NS, part, rewrite

runner = CliRunner()


@pytest.fixture(scope="module")
def docs() -> tuple[bytes, bytes]:
    return pair(11, paragraphs=20, rate=0.3)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_compare_then_check(tmp_path: Path, docs: tuple[bytes, bytes]) -> None:
    a = _write(tmp_path, "a.docx", docs[0])
    b = _write(tmp_path, "b.docx", docs[1])
    out = tmp_path / "out" / "red.docx"
    result = runner.invoke(
        app,
        [
            "redline",
            str(a),
            str(b),
            "-o",
            str(out),
            "--author",
            "Ann",
            "--date",
            "2024-05-01T10:00:00Z",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "tracked change" in result.output
    assert accept_all_text(out) == accept_all_text(b)
    assert reject_all_text(out) == reject_all_text(a)
    el = part(out.read_bytes(), "word/document.xml").xpath("//w:ins", namespaces=NS)[0]
    assert el.get(f"{{{NS['w']}}}author") == "Ann"
    assert el.get(f"{{{NS['w']}}}date") == "2024-05-01T10:00:00Z"
    checked = runner.invoke(app, ["redline", "--check", str(out)])
    assert checked.exit_code == 0, checked.output
    assert "accept-all:" in checked.output and "reject-all:" in checked.output
    assert not list(out.parent.glob("*.tmp"))


def test_check_reports_problems(tmp_path: Path, docs: tuple[bytes, bytes]) -> None:
    data = redline(*docs).docx_bytes
    doc = part(data, "word/document.xml")
    for el in doc.xpath("//w:ins", namespaces=NS)[:1]:
        del el.attrib[f"{{{NS['w']}}}author"]
    from lxml import etree

    broken = rewrite(data, {"word/document.xml": etree.tostring(doc)})
    path = _write(tmp_path, "broken.docx", broken)
    result = runner.invoke(app, ["redline", "--check", str(path)])
    assert result.exit_code == 1
    assert "without w:author" in result.output


def test_missing_arguments_and_bad_date(tmp_path: Path, docs: tuple[bytes, bytes]) -> None:
    a = _write(tmp_path, "a.docx", docs[0])
    assert runner.invoke(app, ["redline", str(a)]).exit_code == 2
    b = _write(tmp_path, "b.docx", docs[1])
    bad = runner.invoke(
        app, ["redline", str(a), str(b), "-o", str(tmp_path / "o.docx"), "--date", "yesterday"]
    )
    assert bad.exit_code == 2
    assert (
        runner.invoke(
            app, ["redline", str(tmp_path / "nope.docx"), str(b), "-o", str(tmp_path / "o.docx")]
        ).exit_code
        == 2
    )


def _vba(data: bytes) -> bytes:
    return rewrite(data, {}, extra={"word/vbaProject.bin": b"\0" * 64})


def _macro_type(data: bytes) -> bytes:
    types = part(data, "[Content_Types].xml")
    from lxml import etree

    raw = etree.tostring(types).replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    return rewrite(data, {"[Content_Types].xml": raw})


BAD = {
    "not-zip": ("x.docx", lambda _d: b"just some text, not a zip", "not a zip"),
    "corrupt-xml": (
        "x.docx",
        lambda d: rewrite(d, {"word/document.xml": b"<w:document"}),
        "corrupt XML",
    ),
    "docm": ("x.docm", lambda d: d, "macro-enabled"),
    "vba-part": ("x.docx", _vba, "vbaProject.bin"),
    "macro-type": ("x.docx", _macro_type, "macroEnabled"),
    "ole-encrypted": ("x.docx", lambda _d: pkg.OLE_SIGNATURE + b"\0" * 504, "encrypted"),
    "dtd": (
        "x.docx",
        lambda d: rewrite(
            d,
            {
                "word/document.xml": (
                    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "boom">]>'
                    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                    b"<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
                )
            },
        ),
        "DTD",
    ),
    "no-content-types": (
        "x.docx",
        lambda d: rewrite(d, {"[Content_Types].xml": None}),
        "Content_Types",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_2(case: str, tmp_path: Path, docs: tuple[bytes, bytes]) -> None:
    name, make, message = BAD[case]
    bad = _write(tmp_path, name, make(docs[0]))
    good = _write(tmp_path, "good.docx", docs[1])
    for args in ([str(bad), str(good)], [str(good), str(bad)]):
        result = runner.invoke(app, ["redline", *args, "-o", str(tmp_path / "o.docx")])
        assert result.exit_code == 2, (case, result.output)
        assert message in result.output and name in result.output
    assert not (tmp_path / "o.docx").exists()
    with pytest.raises(InputErrors):
        redline(bad, good)


def test_zip_bomb_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, docs: tuple[bytes, bytes]
) -> None:
    bomb = rewrite(docs[0], {}, extra={"word/media/big.bin": b"\0" * 3_000_000})
    path = _write(tmp_path, "bomb.docx", bomb)
    monkeypatch.setattr(pkg, "MAX_TOTAL_BYTES", 2_000_000)
    result = runner.invoke(app, ["redline", "--check", str(path)])
    assert result.exit_code == 2
    assert "200 MB" in result.output


def test_decompressed_bytes_are_capped(
    monkeypatch: pytest.MonkeyPatch, docs: tuple[bytes, bytes]
) -> None:
    bomb = rewrite(docs[0], {}, extra={"word/media/big.bin": b"\0" * 3_000_000})
    zf = zipfile.ZipFile(io.BytesIO(bomb))
    infos = zf.infolist()
    monkeypatch.setattr(pkg, "MAX_TOTAL_BYTES", 2_000_000)
    with pytest.raises(InputErrors, match="200 MB"):
        pkg._read_members(zf, infos, "bomb.docx")


def _orphan_comment() -> bytes:
    from infusionkit.redline import add_comments

    from . import fixtures as fx

    data, _ = add_comments(fx.make_docx([fx.p(fx.r("Rates are final."))]), [(0, "why")])
    doc = part(data, "word/document.xml")
    for el in doc.xpath(
        "//w:commentRangeStart | //w:commentRangeEnd | //w:r[w:commentReference]", namespaces=NS
    ):
        el.getparent().remove(el)
    from lxml import etree

    return rewrite(data, {"word/document.xml": etree.tostring(doc)})


def _check_case(name: str) -> bytes:
    from . import fixtures as fx

    if name == "dangling relationship":
        return fx.make_docx([fx.p(fx.link("rIdNowhere", "the fee schedule"))])
    if name == "note referenced twice":
        ref = fx.note_ref("footnote", 1)
        return fx.make_docx([fx.p(fx.r("A"), ref), fx.p(fx.r("B"), ref)], footnotes={1: "Note."})
    if name == "missing note":
        return fx.make_docx([fx.p(fx.r("A"), fx.note_ref("footnote", 7))], footnotes={})
    if name == "orphan comment":
        return _orphan_comment()
    mark = '<w:rPr><w:del w:id="90" w:author="A" w:date="2024-01-01T00:00:00Z"/></w:rPr>'
    cell = f"<w:tc><w:p><w:pPr>{mark}</w:pPr>{fx.r('x')}</w:p></w:tc>"
    return fx.make_docx([fx.table([["Code", cell]]), fx.p()])


CHECKS = {
    "dangling relationship": "relationship ids without a relationship: ['rIdNowhere']",
    "note referenced twice": "footnotes referenced more than once: ids ['1']",
    "missing note": "footnote references to missing footnotes: ids ['7']",
    "orphan comment": "comments without an anchor",
    "mark on a cell's last paragraph mark": "tracked mark on their last paragraph mark",
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_finds_structural_problems(name: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "doc.docx", _check_case(name))
    result = runner.invoke(app, ["redline", "--check", str(path)])
    assert result.exit_code == 1, result.output
    assert CHECKS[name] in result.output


def test_check_reports_change_counts(tmp_path: Path, docs: tuple[bytes, bytes]) -> None:
    from infusionkit.redline import count_changes

    out = _write(tmp_path, "red.docx", redline(*docs).docx_bytes)
    counts = count_changes(out)
    result = runner.invoke(app, ["redline", "--check", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        f"tracked changes: {counts.insertions} insertion(s), {counts.deletions} deletion(s)"
        in result.output
    )
    assert counts.insertions > 0 and counts.deletions > 0
