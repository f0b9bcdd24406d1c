"""sitemap.xml: the pages search engines may index, with their translations.

A sitemap needs absolute addresses, so it is written only when ``site_url`` is set, and it
lists no page whose ``ROBOTS`` says ``NOINDEX`` (search engines are told not to list
those). Each language has its own, at its root; translations are the plugin's pairs by
``ms.assetid``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr


class Url(NamedTuple):
    url: str  # relative to the language's root
    lastmod: str | None  # YYYY-MM-DD
    alternates: tuple[tuple[str, str], ...]  # (locale, absolute url)


def indexable(robots: str | None) -> bool:
    return robots is None or "noindex" not in robots.lower().replace(" ", "")


def render(site_url: str, urls: Iterable[Url]) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url in sorted(urls):
        lines.append(f"<url><loc>{escape(base + url.url)}</loc>")
        if url.lastmod:
            lines.append(f"<lastmod>{url.lastmod}</lastmod>")
        for locale, link in url.alternates:
            lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(locale)} '
                         f"href={quoteattr(link)}/>")
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemaps: Iterable[str]) -> str:
    """robots.txt at the site's root: everything may be crawled (a page that must not be
    indexed says so itself), and where the sitemaps are."""
    return "User-agent: *\nAllow: /\n" + "".join(f"Sitemap: {url}\n" for url in sitemaps)
