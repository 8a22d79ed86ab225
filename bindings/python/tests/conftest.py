"""Shared fixtures: where the repository's shared test vectors live."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest

#: The repository root: bindings/python/tests -> bindings/python -> bindings -> root.
ROOT = Path(__file__).resolve().parents[3]
TESTDATA = ROOT / "testdata"


def load_vectors(name: str) -> Dict[str, Any]:
    """One of the committed vector files in ``testdata/``; no binding keeps a copy."""
    with open(TESTDATA / name, encoding="utf-8") as f:
        data: Dict[str, Any] = json.load(f)
    return data


@pytest.fixture(scope="session")
def v1_vectors() -> Dict[str, Any]:
    return load_vectors("standardwebhooks_v1.json")
