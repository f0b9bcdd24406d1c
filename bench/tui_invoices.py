"""A table of 100,000 invoices: Betal's virtual InvoiceTable beside Textual's DataTable.

Builds a temporary SQLite account with 100,000 invoices (bulk inserts), then in one run:
  * ours: the InvoiceTable mounted with the backend's page loader (keyset pages from
    engine.queries in a thread worker); first frame = the first page on screen;
  * reference: a DataTable loaded with the same 100,000 rows (read in the same order).
Page down is the work a key press causes: the binding's action, waiting for the rows' data
if it is not there yet, and rendering every visible line of the next frame (what Textual's
compositor asks the widget for), averaged over 20 presses. Textual's test pilot cannot time
this itself: its round trip for a key that does nothing is about 80 ms here.
Ours runs several times on the same file (median and best shown); the reference once.
Usage: python bench/tui_invoices.py [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FIRST_FRAME_TARGET = 0.25
PAGE_DOWN_TARGET = 0.050
SIZE = (130, 40)


def build(url: str, rows: int) -> str:
    from sqlalchemy import insert

    from engine.store import schema
    from engine.store.database import open_database

    database = open_database(url)
    start = datetime(2020, 1, 1)
    with database.unit_of_work() as uow:
        uow.set_now(start + timedelta(days=rows // 50))
        c = uow.connection
        c.execute(insert(schema.tenants).values(id="tn_bench0000", name="Bench AS", country="NO",
                                                currency="NOK", locale="nb-NO",
                                                created_at=start))
        subscriptions = [{"id": f"sub_{i:08d}", "tenant_id": "tn_bench0000",
                          "product": ("Business Basic", "Business Standard",
                                      "Business Premium")[i % 3],
                          "seats": 1 + i % 40, "unit_price": 7000, "currency": "NOK",
                          "status": "active", "next_invoice_at": start, "created_at": start,
                          "billing_day": start.day}
                         for i in range(1000)]
        c.execute(insert(schema.subscriptions), subscriptions)
        invoices = [{"id": f"inv_{i:08d}", "tenant_id": "tn_bench0000",
                     "subscription_id": f"sub_{i % 1000:08d}",
                     "issued_at": start + timedelta(minutes=7 * i),
                     "due_at": start + timedelta(minutes=7 * i), "amount": 7000 * (1 + i % 40),
                     "currency": "NOK", "status": "paid" if i % 17 else "open",
                     "attempts_made": 1, "next_attempt_at": None, "paid_at": None,
                     "paid_by": None} for i in range(rows)]
        for chunk in range(0, rows, 20000):
            c.execute(insert(schema.invoices), invoices[chunk:chunk + 20000])
        uow.commit()
    database.dispose()
    return "tn_bench0000"


async def ours(url: str, tenant: str) -> tuple[float, float]:
    from textual.app import App

    from engine.store.database import open_database
    from tui.backend import Backend
    from tui.messages import PageLoaded
    from tui.widgets.invoice_table import InvoiceTable

    class Bench(Backend, App):
        def on_page_loaded(self, message: PageLoaded) -> None:
            self.query_one(InvoiceTable).add_page(message.offset, message.rows,
                                                  message.total, message.search)

    from tui import i18n

    i18n.warm_up()  # as the app does in its first worker, long before this screen opens
    app = Bench()
    app.database = open_database(url, migrate=False)
    with app.database.unit_of_work(write=False) as uow:  # connect once, as the app has
        uow.now()
    async with app.run_test(size=SIZE) as pilot:
        start = time.perf_counter()
        table = InvoiceTable(loader=lambda offset, limit, **keys: app.load_page(
            app, offset, limit, tenant_id=tenant, **keys))
        await app.mount(table)
        table.focus()
        table.start()
        while 0 not in table.pages:
            await asyncio.sleep(0.001)
        await pilot.pause()
        first = time.perf_counter() - start
        assert table.total == ROWS, table.total
        timings = []
        for _ in range(20):
            start = time.perf_counter()
            table.action_page_down()
            bottom = min(int(table.scroll_y) + table.size.height - 2, table.total - 1)
            while table.row(bottom) is None:
                await asyncio.sleep(0.001)
            render_visible(table)
            timings.append(time.perf_counter() - start)
            await pilot.pause()  # a reader reads the page before the next key
    return first, sum(timings) / len(timings)


def render_visible(widget) -> None:
    """Draw every visible line of the widget, as the next frame would."""
    from textual.geometry import Region

    width, height = widget.size
    widget.refresh()  # every line is drawn again, as after a change
    widget.render_lines(Region(0, 0, width, height))


async def reference(url: str, tenant: str) -> tuple[float, float]:
    from textual.app import App
    from textual.widgets import DataTable

    from engine import queries
    from engine.store.database import open_database
    from tui import i18n

    database = open_database(url, migrate=False)
    with database.unit_of_work(write=False) as uow:
        rows = queries.invoice_page(uow, tenant, limit=ROWS)
    cells = [(r.id, r.product, i18n.day(r.issued_at), i18n.money(r.total), r.status,
              str(r.attempts_made), "") for r in rows]
    app = App()
    async with app.run_test(size=SIZE) as pilot:
        start = time.perf_counter()
        table = DataTable()
        await app.mount(table)
        table.add_columns("Invoice", "Product", "Issued", "Amount", "Status", "Attempts",
                          "Next attempt")
        table.add_rows(cells)
        table.focus()
        await pilot.pause()
        first = time.perf_counter() - start
        timings = []
        for _ in range(20):
            start = time.perf_counter()
            table.action_page_down()
            render_visible(table)
            timings.append(time.perf_counter() - start)
            await pilot.pause()
    return first, sum(timings) / len(timings)


ROWS = 100_000


def main() -> None:
    global ROWS
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--runs", type=int, default=5, help="runs of ours (default 5)")
    args = parser.parse_args()
    ROWS = args.rows
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        started = time.perf_counter()
        tenant = build(url, ROWS)
        print(f"{ROWS:,} invoices written in {time.perf_counter() - started:.1f} s")
        runs = [asyncio.run(ours(url, tenant)) for _ in range(args.runs)]
        ref_first, ref_page = asyncio.run(reference(url, tenant))
    firsts, pages = sorted(r[0] for r in runs), sorted(r[1] for r in runs)
    our_first, our_page = statistics.median(firsts), statistics.median(pages)
    print(f"A table of {ROWS:,} invoices          first frame   page down")
    print(f"  reference, Textual DataTable:   {ref_first:8.3f} s   {ref_page * 1000:6.1f} ms")
    print(f"  Betal InvoiceTable (virtual):   {our_first:8.3f} s   {our_page * 1000:6.1f} ms"
          f"   median of {args.runs} (best {firsts[0]:.3f} s, {pages[0] * 1000:.1f} ms)")
    print(f"  targets:                        {FIRST_FRAME_TARGET:8.3f} s   "
          f"{PAGE_DOWN_TARGET * 1000:6.1f} ms   {verdict(our_first, our_page)}")


def verdict(first: float, page: float) -> str:
    ok = first <= FIRST_FRAME_TARGET and page <= PAGE_DOWN_TARGET
    return "OK" if ok else "SLOWER THAN TARGET"


if __name__ == "__main__":
    main()
