"""Checks sitemap files by the sitemaps.org protocol's rules with Python's xml.etree.

Reads a JSON object {"kind": "index" | "urlset" | "news", "body": "<xml>"} on stdin and prints
a JSON list of the rules broken (empty when the file is valid). Rules, from
https://www.sitemaps.org/protocol.html and the schemas it links (sitemap.xsd, siteindex.xsd),
and for "news" from Google's News sitemap documentation:
- the file is well-formed XML, UTF-8, at most 50 MB (52,428,800 bytes);
- the root is {http://www.sitemaps.org/schemas/sitemap/0.9}urlset or sitemapindex;
- at most 50,000 url (or sitemap) elements; every one has exactly one loc;
- loc is an absolute http(s) URL of at most 2,048 characters;
- lastmod, when present, is a W3C Datetime;
- urlset children are url elements, sitemapindex children are sitemap elements;
- news: every url has news:news with news:publication (news:name, news:language),
  news:publication_date (W3C Datetime) and news:title; at most 1,000 url elements.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
W3C = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$"
)


def check(kind, body):
    problems = []
    data = body.encode("utf-8")
    if len(data) > 52_428_800:
        problems.append("over 50 MB")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        return [f"not well-formed: {error}"]
    want = SM + ("sitemapindex" if kind == "index" else "urlset")
    if root.tag != want:
        return [f"root is {root.tag}, not {want}"]
    child = SM + ("sitemap" if kind == "index" else "url")
    entries = list(root)
    limit = 1000 if kind == "news" else 50_000
    if len(entries) > limit:
        problems.append(f"{len(entries)} entries, over {limit}")
    for entry in entries:
        if entry.tag != child:
            problems.append(f"unexpected {entry.tag}")
            continue
        locs = entry.findall(SM + "loc")
        if len(locs) != 1:
            problems.append(f"{len(locs)} loc elements")
            continue
        loc = (locs[0].text or "").strip()
        url = urlparse(loc)
        if url.scheme not in ("http", "https") or not url.netloc:
            problems.append(f"loc not absolute: {loc}")
        if len(loc) > 2048:
            problems.append(f"loc over 2,048 characters: {loc[:60]}")
        for lastmod in entry.findall(SM + "lastmod"):
            if not W3C.match((lastmod.text or "").strip()):
                problems.append(f"lastmod not W3C Datetime: {lastmod.text}")
        if kind == "news":
            problems.extend(check_news(entry, loc))
    return problems


def check_news(entry, loc):
    news = entry.find(NEWS + "news")
    if news is None:
        return [f"{loc}: no news:news"]
    problems = []
    name = news.find(f"{NEWS}publication/{NEWS}name")
    language = news.find(f"{NEWS}publication/{NEWS}language")
    date = news.find(NEWS + "publication_date")
    title = news.find(NEWS + "title")
    if name is None or not (name.text or "").strip():
        problems.append(f"{loc}: no news:name")
    if language is None or not re.match(r"^([a-z]{2,3}|zh-cn|zh-tw)$", language.text or ""):
        problems.append(f"{loc}: news:language not ISO 639")
    if date is None or not W3C.match((date.text or "").strip()):
        problems.append(f"{loc}: news:publication_date not W3C Datetime")
    if title is None or not (title.text or "").strip():
        problems.append(f"{loc}: no news:title")
    return problems


if __name__ == "__main__":
    request = json.load(sys.stdin)
    print(json.dumps(check(request["kind"], request["body"])))
