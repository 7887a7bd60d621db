"""spaCy without torch in the processes tidings starts itself.

thinc, under spaCy, imports torch whenever it is installed (the train extra), for models
that tidings never loads: that cost every command about a second of start-up and the
memory torch takes. The command line, its worker processes and its Ray actors therefore
refuse thinc's attempt (and thinc's alone: `tidings train` imports torch itself and gets
it). A program that imports tidings as a library is left as it is, since its own spaCy
models may need torch.
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder

_REFUSED_FOR = "thinc.compat"  # the module whose optional import of torch is refused


class _NoTorchForThinc(MetaPathFinder):
    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "torch" or name.startswith("torch."):
            frame = sys._getframe(1)
            while frame is not None:
                if frame.f_globals.get("__name__") == _REFUSED_FOR:
                    raise ImportError("torch is not needed by tidings' spaCy pipeline")
                frame = frame.f_back
        return None  # every other import: the next finder's business


def keep_torch_from_thinc() -> None:
    """From now on in this process, thinc finds no torch (once per process; no effect when
    thinc or torch is already imported)."""
    if _REFUSED_FOR in sys.modules or "torch" in sys.modules:
        return
    if not any(isinstance(finder, _NoTorchForThinc) for finder in sys.meta_path):
        sys.meta_path.insert(0, _NoTorchForThinc())
