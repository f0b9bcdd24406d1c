"""An option list whose Page Up/Page Down move the highlight a page of options at a time.

Textual's own page keys look the highlighted option up in the list's line table, which is
empty until the list has been drawn: a Page Down that arrives in the same burst as the
options raises KeyError. Moving option by option asks nothing of that table.
"""

from __future__ import annotations

from textual.widgets import OptionList


def page(options: OptionList, direction: int) -> None:
    """Move ``options``' highlight about one screenful in ``direction`` (1 or -1)."""
    for _ in range(max(options.scrollable_content_region.height - 1, 1)):
        if direction > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()


class PagedOptionList(OptionList):
    def action_page_down(self) -> None:
        page(self, 1)

    def action_page_up(self) -> None:
        page(self, -1)
