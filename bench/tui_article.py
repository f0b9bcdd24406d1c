"""Open the 10 KB manage-payment-methods article: Betal's ArticleView beside Textual's
Markdown widget, in one run.

Both widgets get the same Markdown (kb/nb-NO/manage-payment-methods.md); the time is from
mounting the widget to the first frame with the article on screen, the median of several
openings. Usage: python bench/tui_article.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET = 0.3
SIZE = (130, 40)


def article_text() -> str:
    from tui import knowledge

    article = knowledge.find("nb-NO", slug="manage-payment-methods")
    if article is None:
        raise SystemExit("kb/nb-NO/manage-payment-methods.md is missing")
    return article.body


async def open_ours(markdown: str) -> float:
    from textual.app import App

    from tui.widgets.article_view import ArticleView

    app = App()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        view = ArticleView(markdown)
        await app.mount(view)
        view.focus()
        await pilot.pause()
        elapsed = time.perf_counter() - start
        assert view.items, "the article has action links"
    return elapsed


async def open_reference(markdown: str) -> float:
    from textual.app import App
    from textual.widgets import Markdown

    app = App()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        widget = Markdown()
        await app.mount(widget)
        await widget.update(markdown)  # parses and mounts a widget per block
        await pilot.pause()
        elapsed = time.perf_counter() - start
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    markdown = article_text()
    asyncio.run(open_ours(markdown))  # import markdown-it once, as the app has by then
    ours = [asyncio.run(open_ours(markdown)) for _ in range(args.runs)]
    reference = [asyncio.run(open_reference(markdown)) for _ in range(args.runs)]
    size = len(markdown.encode()) / 1024
    print(f"Open the {size:.1f} KB manage-payment-methods article (median of {args.runs})")
    print(f"  reference, Textual's Markdown widget: {statistics.median(reference):.3f} s")
    print(f"  Betal ArticleView (Line API):         {statistics.median(ours):.3f} s"
          f"   target <= {TARGET:.2f} s"
          f"   {'OK' if statistics.median(ours) <= TARGET else 'SLOWER THAN TARGET'}")


if __name__ == "__main__":
    main()
