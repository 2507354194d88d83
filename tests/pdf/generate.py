#!/usr/bin/python3
"""Makes the PDFs the PDF reader is tested and measured on, with the truth about each.

Real text whose truth is known: FRUS documents from the TEI excerpts in
tests/fixtures/tei/ (public domain), laid out by WeasyPrint as a historian meets them —
a book (running heads with the printed page number, pages numbered from the middle of
a volume, front matter in roman numerals, footnotes at the foot of the page, automatic
hyphenation), a two-column article with numbers in the footer, a report with no printed
numbers at all, and a book whose middle pages are scans (images without text). /PageLabels
are written with pypdf where a variant asks for them.

Each PDF gets a NAME.truth.json beside it: the blocks in reading order (headings,
datelines, paragraphs, signatures — footnote calls taken out), the footnotes with their
numbers and the block that calls them, the printed label of every PDF page, the running
heads, and which pages are images.

Debian 12: apt-get install weasyprint python3-pypdf ghostscript
Run from the repository's root:  /usr/bin/python3 tests/pdf/generate.py
The PDFs are committed; the tests do not run this script.
"""

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject
from weasyprint import HTML

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "tei")
TEI = "{http://www.tei-c.org/ns/1.0}"

# Elements whose text is not part of the reading text (metadata, page breaks).
SKIP = {"pb", "teiHeader", "lb"}
# Block elements, and how the truth names them.
BLOCKS = {"head": "heading", "p": "paragraph", "dateline": "dateline", "signed": "signed",
          "item": "paragraph", "salute": "paragraph", "label": "paragraph"}


def local(tag):
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Reader:
    """Walks a TEI file into HTML blocks and the truth that goes with them."""

    def __init__(self):
        self.blocks = []      # (kind, text) in reading order, calls taken out
        self.html = []        # the HTML body
        self.notes = []       # {number, text, block}
        self.titles = {}

    def inline(self, el, truth, html):
        """Appends el's text and children's text (notes as footnote calls) to the two
        lists; el's own tail is the caller's."""
        if el.text:
            truth.append(el.text)
            html.append(esc(el.text))
        for child in el:
            name = local(child.tag)
            if name == "note":
                number = child.get("n") or str(len(self.notes) + 1)
                text = squeeze("".join(child.itertext()))
                self.notes.append({"number": number, "text": text, "block": len(self.blocks)})
                # The call is set as a superscript of its own; WeasyPrint's own call
                # (font-variant-position: super) is not raised with these fonts.
                html.append('<sup class="call">%s</sup><span class="fn" data-n="%s">%s</span>'
                            % (esc(number), esc(number), esc(text)))
            elif name in SKIP:
                pass
            else:
                inner_t, inner_h = [], []
                self.inline(child, inner_t, inner_h)
                truth.extend(inner_t)
                rend = child.get("rend", "")
                if name == "hi" and rend in ("italic", "strong", "bold", "sup"):
                    tag = {"italic": "i", "strong": "b", "bold": "b", "sup": "sup"}[rend]
                    html.append("<%s>%s</%s>" % (tag, "".join(inner_h), tag))
                else:
                    html.extend(inner_h)
            if child.tail:
                truth.append(child.tail)
                html.append(esc(child.tail))

    def block(self, el, kind, level):
        truth, html = [], []
        self.inline(el, truth, html)
        text = squeeze("".join(truth))
        if not text:
            return
        self.blocks.append({"kind": kind, "text": text})
        body = "".join(html).strip()
        if kind == "heading":
            self.html.append("<h%d>%s</h%d>" % (level, body, level))
        else:
            self.html.append('<p class="%s">%s</p>' % (kind, body))

    def walk(self, el, level=1):
        for child in el:
            name = local(child.tag)
            if name in SKIP or name == "note":
                continue
            if name == "div":
                self.walk(child, level + 1)
            elif name == "head":
                self.block(child, "heading", min(level, 3))
            elif name in BLOCKS:
                self.block(child, BLOCKS[name], level)
            else:
                self.walk(child, level)

    def read(self, path):
        root = ET.parse(path).getroot()
        for t in root.iter(TEI + "title"):
            kind = t.get("type")
            if kind and kind not in self.titles:
                self.titles[kind] = squeeze("".join(t.itertext()))
        body = root.find(".//" + TEI + "body")
        self.walk(body)
        first = body.find(".//" + TEI + "pb")
        return int(first.get("n")) if first is not None and (first.get("n") or "").isdigit() else 1


STYLE_COMMON = """
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.3;
       hyphens: auto; text-align: justify; }
h1, h2, h3 { font-family: 'DejaVu Sans', sans-serif; hyphens: manual; text-align: left;
       page-break-after: avoid; }
h1 { font-size: 15pt; } h2 { font-size: 12.5pt; } h3 { font-size: 11pt; }
p { margin: 0 0 0.5em 0; text-indent: 1.2em; }
p.dateline, p.signed { text-indent: 0; font-style: italic; }
p.signed { text-align: right; }
.fn { float: footnote; font-size: 8pt; line-height: 1.2; text-indent: 0;
      text-align: left; hyphens: manual; }
::footnote-call { content: ""; }
sup.call { font-size: 65%; vertical-align: super; line-height: 0; }
.fn::footnote-marker { content: attr(data-n) ". "; }
"""


def html_page(reader, style, front="", author=None):
    meta = "<meta name='author' content='%s'>" % esc(author) if author else ""
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>%s</title>%s"
            "<style>%s</style></head><body>%s%s</body></html>"
            % (esc(reader.titles.get("complete", "")), meta, style, front,
               "\n".join(reader.html)))


def book_style(first_page, volume_head, chapter_head):
    return STYLE_COMMON + """
@page { size: 6in 9in; margin: 0.9in 0.7in 0.8in 0.7in; }
@page front { @top-left { content: none; } @top-right { content: none; } }
@page main:left { @top-left { content: counter(page) "\\2003 \\2003 %s";
      font: 9pt 'DejaVu Serif'; } }
@page main:right { @top-right { content: "%s\\2003 \\2003 " counter(page);
      font: 9pt 'DejaVu Serif'; } }
section.front { page: front; }
section.front p { text-indent: 0; }
@page :nth(3) { counter-reset: page %d; }
body > h1, body > h2, body > h3, body > p { page: main; }
""" % (volume_head, chapter_head, first_page)


def front_matter(reader):
    titles = reader.titles
    pages = [
        "<h1>%s</h1><p>%s</p><p>%s</p>" % (
            esc(titles.get("series", "")), esc(titles.get("sub-series", "")),
            esc(titles.get("volume-number", ""))),
        "<p>%s</p><p>United States Government Publishing Office, Washington</p>" % esc(
            titles.get("volume", "")),
    ]
    truth = [squeeze(titles.get("series", "")), squeeze(titles.get("sub-series", "")),
             squeeze(titles.get("volume-number", "")), squeeze(titles.get("volume", "")),
             "United States Government Publishing Office, Washington"]
    html = "".join('<section class="front" style="page-break-after: always">%s</section>' % p
                   for p in pages)
    return html, [t for t in truth if t]


def set_labels(pdf_bytes, ranges):
    """pdf_bytes with /PageLabels: ranges is [(first index, style, start)]."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    nums = ArrayObject()
    for first, style, start in ranges:
        entry = DictionaryObject({NameObject("/S"): NameObject(style)})
        if start != 1:
            entry[NameObject("/St")] = NumberObject(start)
        nums.extend([NumberObject(first), entry])
    writer._root_object[NameObject("/PageLabels")] = DictionaryObject({NameObject("/Nums"): nums})
    writer.add_metadata(reader.metadata or {})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def roman(n):
    out = ""
    for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += digits
            n -= value
    return out


def write(name, pdf_bytes, truth):
    with open(os.path.join(HERE, name + ".pdf"), "wb") as f:
        f.write(pdf_bytes)
    with open(os.path.join(HERE, name + ".truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")


def book(name, source, labels, chapter_head):
    reader = Reader()
    first = reader.read(os.path.join(FIXTURES, source))
    volume_head = "Foreign Relations, %s, Volume %s" % (
        reader.titles.get("sub-series", ""),
        reader.titles.get("volume-number", "").replace("Volume ", ""))
    front, front_truth = front_matter(reader)
    html = html_page(reader, book_style(first, volume_head, chapter_head), front)
    document = HTML(string=html, base_url=HERE).render()
    count = len(document.pages)
    pdf = document.write_pdf()
    printed = ["i", "ii"] + [str(first + i) for i in range(count - 2)]
    if labels:
        pdf = set_labels(pdf, [(0, "/r", 1), (2, "/D", first)])
    truth = {
        "source": "tests/fixtures/tei/" + source,
        "layout": "book",
        "front_matter": front_truth,
        "blocks": reader.blocks,
        "footnotes": reader.notes,
        "page_labels": printed,
        "has_page_label_tree": labels,
        "running_heads": [volume_head, chapter_head],
        "image_pages": [],
    }
    write(name, pdf, truth)
    return pdf, truth


def loose_truth(reader, sources, layout, labels, heads):
    """The truth of a PDF made from several TEI files, without front matter."""
    return {
        "source": ["tests/fixtures/tei/" + s for s in sources],
        "layout": layout,
        "front_matter": [],
        "blocks": reader.blocks,
        "footnotes": reader.notes,
        "page_labels": labels,
        "has_page_label_tree": False,
        "running_heads": heads,
        "image_pages": [],
    }


def article(name, sources, first_page):
    reader = Reader()
    for source in sources:
        reader.read(os.path.join(FIXTURES, source))
    style = STYLE_COMMON + """
@page { size: letter; margin: 0.9in 0.8in 0.9in 0.8in;
        @bottom-center { content: counter(page); font: 9pt 'DejaVu Serif'; }
        @top-center { content: "Diplomatic History Review"; font: italic 8.5pt 'DejaVu Serif'; } }
@page :first { counter-reset: page %d; }
body { columns: 2; column-gap: 0.3in; font-size: 9.5pt; }
""" % first_page
    document = HTML(string=html_page(reader, style), base_url=HERE).render()
    labels = [str(first_page + i) for i in range(len(document.pages))]
    truth = loose_truth(reader, sources, "two columns", labels, ["Diplomatic History Review"])
    write(name, document.write_pdf(), truth)


def unnumbered(name, sources):
    reader = Reader()
    for source in sources:
        reader.read(os.path.join(FIXTURES, source))
    style = STYLE_COMMON + "@page { size: A4; margin: 2.2cm; }"
    # The info dictionary names an author: the reader cites "Author, Title".
    html = html_page(reader, style, author="Office of the Historian")
    document = HTML(string=html, base_url=HERE).render()
    truth = loose_truth(reader, sources, "no printed numbers", [None] * len(document.pages), [])
    write(name, document.write_pdf(), truth)


def scanned(name, pdf, truth, image_pages):
    """The book with pages image_pages (0-based) replaced by pictures of themselves."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "book.pdf")
        with open(src, "wb") as f:
            f.write(pdf)
        reader = PdfReader(src)
        writer = PdfWriter()
        for i, page in enumerate(reader.pages):
            if i not in image_pages:
                writer.add_page(page)
                continue
            png = os.path.join(tmp, "p%d.png" % i)
            subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pnggray", "-r150",
                            "-dFirstPage=%d" % (i + 1), "-dLastPage=%d" % (i + 1),
                            "-sOutputFile=" + png, src], check=True)
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            picture = HTML(string="<style>@page { size: %fpt %fpt; margin: 0 }"
                                  "img { width: 100%%; height: 100%%; display: block }</style>"
                                  "<img src='file://%s'>" % (width, height, png)).write_pdf()
            writer.add_page(PdfReader(io.BytesIO(picture)).pages[0])
        if truth["has_page_label_tree"]:
            writer._root_object[NameObject("/PageLabels")] = reader.trailer["/Root"]["/PageLabels"]
        out = io.BytesIO()
        writer.write(out)
    truth = dict(truth)
    truth["layout"] = "book with scanned pages"
    truth["image_pages"] = sorted(image_pages)
    write(name, out.getvalue(), truth)


def locked(name, pdf, user_password):
    """The book encrypted: with an owner password only (readers open it), or with a user
    password (they ask for it)."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password, "owner-secret")
    out = io.BytesIO()
    writer.write(out)
    with open(os.path.join(HERE, name + ".pdf"), "wb") as f:
        f.write(out.getvalue())


def redistilled(name, source_name, truth):
    """The book run through Ghostscript's pdfwrite: CID fonts, and the ToUnicode maps
    Ghostscript 10.0 writes (its ligatures' text with the bytes swapped)."""
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite",
                    "-sOutputFile=" + os.path.join(HERE, name + ".pdf"),
                    os.path.join(HERE, source_name + ".pdf")], check=True)
    truth = dict(truth)
    truth["layout"] = "book, redistilled by Ghostscript"
    with open(os.path.join(HERE, name + ".truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")


def long_book(name, parts, copies):
    """A long book for the speed bench: the given PDFs' pages, `copies` times over (by
    pypdf: the pages' content is shared, each page is still drawn on its own)."""
    writer = PdfWriter()
    readers = [PdfReader(os.path.join(HERE, part + ".pdf")) for part in parts]
    for _ in range(copies):
        for reader in readers:
            for page in reader.pages:
                writer.add_page(page)
    with open(os.path.join(HERE, name + ".pdf"), "wb") as f:
        writer.write(f)


def main():
    pdf, truth = book("book-labels", "frus1955-57v24-excerpt.xml", True, "Soviet Union")
    book("book-running-heads", "frus1955-57v24-excerpt.xml", False, "Soviet Union")
    article("article-two-columns", ["frus1944Quebec-excerpt.xml", "frus1952-54Guat-excerpt.xml",
                                    "frus1894Nicaragua-excerpt.xml"], 144)
    unnumbered("report-unnumbered", ["frus1977-80v01-excerpt.xml",
                                     "frus1977-80v06-d84-reconstructed.xml"])
    scanned("book-scanned-pages", pdf, truth, {3, 4})
    locked("locked-owner-only", pdf, "")
    locked("locked-user-password", pdf, "reader-secret")
    redistilled("book-ghostscript", "book-running-heads", truth)
    long_book("book-520-pages", ["book-running-heads", "article-two-columns"], 40)
    print("written to", HERE)


if __name__ == "__main__":
    sys.exit(main())
