"""What a link-preview service (WhatsApp, Teams, LinkedIn, Slack) reads from a page:
the title, meta description, canonical link, and the Open Graph and Twitter card tags.

    python scripts/link_preview.py http://localhost:8080/faq/faq-spoor2-wat

Asks HEAD first and then GET, as those services do, with a preview bot's User-Agent.
Standard library only; docs/link-preview.md shows its output for a FAQ page.
"""

from __future__ import annotations

import sys
import urllib.request
from html.parser import HTMLParser
from typing import List, Tuple

USER_AGENT = "facebookexternalhit/1.1 (Spoorwijzer scripts/link_preview.py)"
# The Open Graph tags a preview is built from; each is printed, also when it is missing.
OPEN_GRAPH = ("og:title", "og:description", "og:url", "og:image", "og:type", "og:site_name", "og:locale")
TWITTER = ("twitter:card", "twitter:title", "twitter:description", "twitter:image")


class PreviewTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: List[Tuple[str, str]] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            name = attributes.get("property") or attributes.get("name") or ""
            if name == "description" or name.startswith(("og:", "twitter:")):
                self.tags.append((name, attributes.get("content") or ""))
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.tags.append(("canonical", attributes.get("href") or ""))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.tags.append(("title", data.strip()))


def fetch(url: str, method: str) -> Tuple[int, str, bytes]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def main(url: str) -> None:
    status, content_type, _ = fetch(url, "HEAD")
    print(f"HEAD {url}: {status} {content_type}")
    status, content_type, body = fetch(url, "GET")
    print(f"GET  {url}: {status} {content_type}")
    parser = PreviewTags()
    parser.feed(body.decode("utf-8", errors="replace"))
    found = dict(parser.tags)
    for name in ("title", "description", "canonical", *OPEN_GRAPH, *TWITTER):
        print(f"{name:20} {found.get(name, '(none)')}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/link_preview.py URL")
    main(sys.argv[1])
