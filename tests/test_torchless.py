"""The command line's spaCy runs without torch even where the train extra installed it;
a program that imports tidings as a library keeps thinc's torch."""

import subprocess
import sys
from importlib.util import find_spec

import pytest

pytestmark = pytest.mark.skipif(find_spec("torch") is None, reason="torch not installed")

READ = ("from tidings.model import Article; from tidings.pipeline import Pipeline; "
        "events = Pipeline().extract(Article('Rebels attacked an army post near Idlib.')); "
        "import thinc.compat; print(len(events), thinc.compat.has_torch, 'torch' in sys.modules)")


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", "import sys; " + code], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_command_lines_pipeline_reads_without_torch_and_training_still_imports_it():
    assert run("import tidings.cli; " + READ) == ["1", "False", "False"]
    assert run("import tidings.cli; " + READ + "; import torch; print(torch.ones(2).sum().item())"
               )[-1] == "2.0"


def test_a_library_user_keeps_thinc_as_installed():
    assert run(READ) == ["1", "True", "True"]
