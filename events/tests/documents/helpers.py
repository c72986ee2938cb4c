"""Reading PDFs and responses back in document tests."""

import io
import re

from pypdf import PdfReader


def text_of(data: bytes | PdfReader) -> str:
    reader = data if isinstance(data, PdfReader) else PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def body(response) -> bytes:
    """The whole body of a (possibly streaming) response; reading it also closes the file."""
    return b"".join(response.streaming_content) if response.streaming else response.content


# Body area of a page, in fractions of its height: below the running head, above the page number.
BODY_TOP, BODY_BOTTOM = 0.06, 0.94


def page_fills(data: bytes, dpi: int = 30) -> list[float]:
    """How far down each page's body the ink goes (0 to 1), from a low-resolution raster (pdftoppm, poppler)."""
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "document.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{tmp}/p"], check=True)  # noqa: S603, S607
        return [_fill(path.read_bytes()) for path in sorted(Path(tmp).glob("p-*.pgm"))]


def _fill(pgm: bytes) -> float:
    # Binary PGM: "P5\n<width> <height>\n<max>\n", then one byte per pixel.
    _magic, size, _max, pixels = pgm.split(b"\n", 3)
    width, height = (int(v) for v in size.split())
    top, bottom = int(height * BODY_TOP), int(height * BODY_BOTTOM)
    inked = [row for row in range(top, bottom) if min(pixels[row * width : (row + 1) * width]) < 200]
    return (inked[-1] - top) / (bottom - top) if inked else 0.0


# --- PDF/UA structure checks (pypdf): what a validator such as veraPDF would look at first ---------------------


def structure_elements(reader: PdfReader) -> list[dict]:
    """The structure tree in reading order: each element as {"type", "alt", "lang", "mcids": {(page, mcid)...}}."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject

    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    role_map = root.get("/RoleMap", {})
    elements = []

    def walk(node, page):
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, NumberObject):
            return {(page, int(node))}
        if isinstance(node, ArrayObject):
            found = set()
            for kid in node:
                found |= walk(kid, page)
            return found
        if not isinstance(node, DictionaryObject):
            return set()
        if "/Pg" in node:
            page = pages.get(node.raw_get("/Pg").idnum, page)
        if node.get("/Type") == "/MCR":
            return {(page, int(node["/MCID"]))}
        if node.get("/Type") == "/OBJR":
            return set()
        element = {
            "type": str(role_map.get(node.get("/S"), node.get("/S"))),
            "alt": node.get("/Alt"),
            "lang": node.get("/Lang"),
            "mcids": set(),
        }
        elements.append(element)
        if "/K" in node:
            element["mcids"] = walk(node["/K"], page)
        return element["mcids"]

    walk(root["/K"], None)
    return elements


def marked_content(reader: PdfReader) -> tuple[set[tuple[int, int]], int, int]:
    """The (page, MCID) pairs in the pages' content, the artifact count, and untagged marked content (BMC/BDC with
    neither an MCID nor /Artifact: a validator's "orphaned" items)."""
    from pypdf.generic import ContentStream

    mcids, artifacts, untagged = set(), 0, 0
    for number, page in enumerate(reader.pages):
        content = ContentStream(page.get_contents(), reader)
        for operands, operator in content.operations:
            if operator not in (b"BDC", b"BMC"):
                continue
            tag = operands[0]
            properties = operands[1] if operator == b"BDC" and len(operands) > 1 else {}
            if tag == "/Artifact":
                artifacts += 1
            elif hasattr(properties, "get") and properties.get("/MCID") is not None:
                mcids.add((number, int(properties["/MCID"])))
            else:
                untagged += 1
    return mcids, artifacts, untagged


def reader_of(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def outline(reader: PdfReader) -> list[tuple[str, int, list]]:
    """Top-level bookmarks as (title, page, [(child title, page)...])."""
    items, result = reader.outline, []
    for index, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[index + 1] if index + 1 < len(items) and isinstance(items[index + 1], list) else []
        kids = [(c.title, reader.get_destination_page_number(c) + 1) for c in children if not isinstance(c, list)]
        result.append((item.title, reader.get_destination_page_number(item) + 1, kids))
    return result


def page_text(reader: PdfReader, number: int) -> str:
    return re.sub(r"\s+", " ", reader.pages[number - 1].extract_text())
