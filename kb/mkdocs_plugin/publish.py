"""Build into a staging folder and put it in place of ``site_dir`` only when the build
succeeded, so that a failing build never leaves a half-written site behind.

MkDocs empties ``site_dir`` early and writes page after page into it; a build that fails
half-way (or that ``--strict`` aborts after the last page) would leave a mixture of new
and missing pages. The stage is a sibling of ``site_dir`` (same file system, so the swap is
two renames) and is removed whenever the build does not succeed. The replaced site is
deleted in the background (hidden as ``.site.old-*`` until then).
"""

from __future__ import annotations

import os
import shutil
import tempfile


class Stage:
    def __init__(self, site_dir: str) -> None:
        self.site_dir = os.path.abspath(site_dir)
        parent = os.path.dirname(self.site_dir)
        os.makedirs(parent, exist_ok=True)
        name = os.path.basename(self.site_dir)
        self.path = tempfile.mkdtemp(prefix=f".{name}.building-", dir=parent)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.path, 0o777 & ~umask)  # mkdtemp's 0700 would hide the site

    def publish(self) -> None:
        """Put the staged site in place of ``site_dir``."""
        old = None
        if os.path.lexists(self.site_dir):
            old = tempfile.mkdtemp(prefix=f".{os.path.basename(self.site_dir)}.old-",
                                   dir=os.path.dirname(self.site_dir))
            os.rmdir(old)
            try:
                os.rename(self.site_dir, old)
            except OSError:  # a mount point or a busy folder: replace its content instead
                shutil.rmtree(old, ignore_errors=True)
                _replace_content(self.site_dir, self.path)
                self.discard()
                return
        os.rename(self.path, self.site_dir)
        if old is not None:
            _remove_later(old)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _remove_later(path: str) -> None:
    """Remove the replaced site in a process of its own: deleting thousands of files can
    take longer than building them, and the new site is in place already."""
    import subprocess
    import sys

    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], "
                          "ignore_errors=True)", path], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


def _replace_content(target: str, source: str) -> None:
    for name in os.listdir(target):
        path = os.path.join(target, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    for name in os.listdir(source):
        shutil.move(os.path.join(source, name), os.path.join(target, name))
