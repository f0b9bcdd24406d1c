"""Only regular files are read: anything else named `*.md` is skipped, with a note.

A FIFO, a device or a socket named like an article could hang the check or never end
(reading a FIFO waits for a writer), and a link that leads nowhere has nothing to read.
Such a path is not read, and this note says so, so that the article it should have been
is not silently missing from the report.
"""

from __future__ import annotations

from kb.i18n import N_
from kb.problems import INFO, problem

ID = "regular-file"
SEVERITY = INFO
FIXABLE = False


def check_set(context):
    for path in context.skipped:
        yield problem(ID, path, 1, 1, N_("Skipped: this is not a regular file (a FIFO, a "
                                         "device or a broken link), so it was not read."))
