#!/usr/bin/env python3
"""Make a Word document of a plain-text plan, as a drafting office would have it.

    scripts/docx-fixture.py PLAN.txt OUT.docx

1. LibreOffice converts the text (`soffice --headless --convert-to docx`): one paragraph per line.
2. This script then applies heading styles the way an editor does in Word: parts (第X篇 / 第X部分)
   are `Heading 1`; chapters (第X章, or 一、 in a plan without 第X章) the next level; sections
   (第X节, or （一） under 一、) the level below. The numbering of the chapters is taken out of the
   text and given to Word's automatic numbering instead (numbering.xml: `第%1章` or `%1、` in
   Chinese counting), so `plandoc import` must generate it. Contents entries (lines ending in a
   page number) are left as they are.

Only the Python standard library and LibreOffice (`soffice`) are needed.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

ZH = "零一二三四五六七八九十百千〇两"
PART = re.compile(r"^第[%s0-9]+(篇|部分)\s*\S" % ZH)
CHAPTER = re.compile(r"^第([%s0-9]+)章\s*(\S.*)$" % ZH)
SECTION = re.compile(r"^第[%s0-9]+节\s*\S" % ZH)
CN = re.compile(r"^([%s]+)、\s*(\S.*)$" % ZH)
PAREN = re.compile(r"^[（(][%s]+[）)]\s*\S" % ZH)
PAGE = re.compile(r"[\s.…·]*\d+\s*$")
PARA = re.compile(r"<w:p>(.*?)</w:p>|<w:p [^>]*>(.*?)</w:p>", re.S)
TEXT = re.compile(r"<w:t(?: [^>]*)?>(.*?)</w:t>", re.S)

HEADING_STYLES = "".join(
    '<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:keepNext/><w:outlineLvl w:val="%d"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
    % (n, n, n - 1)
    for n in range(1, 7)
)

NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def text_of(p):
    return "".join(TEXT.findall(p)).strip().replace("&amp;", "&")


def zh_value(s):
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    digits["两"] = 2
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for c in s:
        if c in digits:
            cur = digits[c]
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
    return total + cur


def join_wrapped(document):
    """A part or chapter title wrapped onto a short second line (then an empty line) is one
    heading: the editor joins the two paragraphs, as the plain-text import joins the lines."""
    paras = [m.group(0) for m in PARA.finditer(document)]
    texts = [text_of(p) for p in paras]
    out = document
    for i in range(len(paras) - 2):
        t, n, after = texts[i], texts[i + 1], texts[i + 2]
        heading = PART.match(t) or CHAPTER.match(t)
        if not heading or PAGE.search(t) or not n or len(n) > 30 or after:
            continue
        if PART.match(n) or CHAPTER.match(n) or SECTION.match(n) or n.endswith(("。", "；", "：")):
            continue
        at = paras[i].rfind("</w:t>")
        if at < 0:
            continue
        joined = paras[i][:at] + n.replace("&", "&amp;").replace("<", "&lt;") + paras[i][at:]
        out = out.replace(paras[i] + paras[i + 1], joined, 1)
    return out


def style(document):
    document = join_wrapped(document)
    paras = [m.group(0) for m in PARA.finditer(document)]
    texts = [text_of(p) for p in paras]
    live = [t for t in texts if t and not PAGE.search(t)]
    has_parts = any(PART.match(t) for t in live)
    has_chapters = any(CHAPTER.match(t) for t in live)
    base = 2 if has_parts else 1
    out = document
    numbered = {"1": 0, "2": 0}
    for p, t in zip(paras, texts):
        if not t or PAGE.search(t) or len(t) > 80:
            continue
        level, num, rest = None, None, None
        if PART.match(t):
            level = 1
        elif has_chapters and CHAPTER.match(t):
            m = CHAPTER.match(t)
            level, num, rest = base, "1", m.group(2)
            if zh_value(m.group(1)) != numbered["1"] + 1:
                num = None  # numbering that does not run on stays typed
        elif has_chapters and SECTION.match(t):
            level = base + 1
        elif not has_chapters and CN.match(t) and "。" not in t:
            m = CN.match(t)
            level, num, rest = base, "2", m.group(2)
            if zh_value(m.group(1)) != numbered["2"] + 1:
                num = None
        elif not has_chapters and PAREN.match(t) and "。" not in t:
            level = base + 1
        if level is None:
            continue
        ppr = '<w:pStyle w:val="Heading%d"/>' % level
        body = p
        if num:
            numbered[num] += 1
            ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="%s"/></w:numPr>' % num
            # The typed numbering goes: Word generates it.
            body = TEXT.sub("", body)
            body = body.replace("</w:r>", "<w:t>%s</w:t></w:r>" % rest.replace("&", "&amp;").replace("<", "&lt;"), 1)
        body = re.sub(r'<w:pStyle w:val="[^"]*"/>', ppr, body, count=1)
        out = out.replace(p, body, 1)
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, dest = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        txt = os.path.join(tmp, "plan.txt")
        shutil.copy(src, txt)
        profile = "file://" + os.path.join(tmp, "profile")  # parallel runs must not share one
        subprocess.run(
            ["soffice", "-env:UserInstallation=" + profile, "--headless",
             "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, txt],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        made = os.path.join(tmp, "plan.docx")
        with zipfile.ZipFile(made) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        doc = parts["word/document.xml"].decode("utf-8")
        parts["word/document.xml"] = style(doc).encode("utf-8")
        styles = parts["word/styles.xml"].decode("utf-8")
        parts["word/styles.xml"] = styles.replace("</w:styles>", HEADING_STYLES + "</w:styles>").encode("utf-8")
        parts["word/numbering.xml"] = NUMBERING.encode("utf-8")
        rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdNum" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>',
        ).encode("utf-8")
        ct = parts["[Content_Types].xml"].decode("utf-8")
        parts["[Content_Types].xml"] = ct.replace(
            "</Types>",
            '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>',
        ).encode("utf-8")
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
            for name in sorted(parts):
                z.writestr(name, parts[name])


if __name__ == "__main__":
    main()
