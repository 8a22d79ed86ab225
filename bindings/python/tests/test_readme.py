"""The Python examples in the READMEs run as written, so they cannot drift
from the API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

READMES = [ROOT / "README.md", ROOT / "bindings" / "python" / "README.md"]


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize(
    "code",
    [block for readme in READMES for block in python_blocks(readme)],
)
def test_readme_example_runs(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(code, "<readme>", "exec"), {"__name__": "readme_example"})


def test_there_are_examples_to_run() -> None:
    assert all(python_blocks(readme) for readme in READMES)
