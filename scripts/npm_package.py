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
import subprocess
import tarfile
import tempfile
from pathlib import Path


def pinned_files(package: str, integrity: str, members: tuple[str, ...]) -> dict[str, bytes]:
    """``members`` (paths inside the package) of ``package`` ("name@version"), as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", package, "--pack-destination", tmp, "--silent"],
                       check=True, stdout=subprocess.DEVNULL)
        tarball = next(Path(tmp).glob("*.tgz"))
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()
                                              ).decode()
        if digest != integrity:
            raise SystemExit(f"{package}: integrity {digest} is not the pinned {integrity}")
        with tarfile.open(tarball) as archive:
            return {m: archive.extractfile(f"package/{m}").read() for m in members}


def pinned_json(package: str, integrity: str, members: tuple[str, ...]) -> dict[str, object]:
    """``members`` (paths inside the package) of ``package`` ("name@version"), parsed."""
    return {m: json.loads(data) for m, data in pinned_files(package, integrity, members).items()}
