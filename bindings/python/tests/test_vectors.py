"""Every vector in ``testdata/`` through the Python API.

The expected outcomes were computed by Python's ``hmac`` and the
``cryptography`` package (see ``testdata/README.md``), never by our signer, so
agreeing with them means agreeing with the Rust core and the C library too.
"""

from __future__ import annotations

import base64
from typing import Any, Dict, List, Optional, Tuple, Union

import pytest

import libwebhook
from libwebhook import Signer, Verifier, WebhookVerificationError

from conftest import load_vectors

V1 = load_vectors("standardwebhooks_v1.json")
V1A = load_vectors("standardwebhooks_v1a.json")


def headers_of(vector: Dict[str, Any]) -> Dict[str, str]:
    """The vector's headers, leaving out the ones it marks absent (null)."""
    names = {"id": "webhook-id", "timestamp": "webhook-timestamp", "signature": "webhook-signature"}
    return {header: vector[field] for field, header in names.items() if vector[field] is not None}


def outcome(build: Any, vector: Dict[str, Any]) -> Tuple[Optional[str], Optional[int], Optional[str]]:
    """(error kind, key index, scheme) of verifying ``vector`` with the ring ``build()`` makes."""
    body = base64.b64decode(vector["body_base64"])
    try:
        verifier = build()
        verified = verifier.verify(body, headers_of(vector), now=vector["now"])
    except WebhookVerificationError as err:
        return err.kind, None, None
    return None, verified.key_index, verified.scheme


@pytest.mark.parametrize("vector", V1["vectors"], ids=[v["name"] for v in V1["vectors"]])
def test_v1_vector(vector: Dict[str, Any]) -> None:
    # The v1 file's secrets are HMAC secrets only, as `Secret::from_base64` reads
    # them; `v1_only` gives exactly that reading.
    build = lambda: Verifier(vector["secrets"], tolerance=vector["tolerance"], v1_only=True)
    got = outcome(build, vector)
    expected = vector["expected"]
    if expected["valid"]:
        assert got == (None, expected["key_index"], "v1")
    else:
        assert got[0] == expected["error"]


@pytest.mark.parametrize(
    "vector", [v for v in V1["vectors"] if v.get("sign")], ids=lambda v: str(v["name"])
)
def test_v1_signing_reproduces_python_hmac(vector: Dict[str, Any]) -> None:
    body = base64.b64decode(vector["body_base64"])
    signed = Signer(vector["secrets"], v1_only=True).sign(vector["id"], int(vector["timestamp"]), body)
    assert signed["webhook-signature"] == vector["signature"]
    assert signed["webhook-id"] == vector["id"]
    assert signed["webhook-timestamp"] == vector["timestamp"]


def ring(vector: Dict[str, Any]) -> List[Union[str, Tuple[str, int]]]:
    return [k["key"] if k["not_after"] is None else (k["key"], k["not_after"]) for k in vector["keys"]]


@pytest.mark.parametrize("vector", V1A["vectors"], ids=[v["name"] for v in V1A["vectors"]])
def test_v1a_vector(vector: Dict[str, Any]) -> None:
    got = outcome(lambda: Verifier(ring(vector), tolerance=vector["tolerance"]), vector)
    expected = vector["expected"]
    if expected["valid"]:
        assert got == (None, expected["key_index"], expected["scheme"])
    else:
        assert got[0] == expected["error"]


@pytest.mark.parametrize(
    "vector", [v for v in V1A["vectors"] if v.get("sign")], ids=lambda v: str(v["name"])
)
def test_v1a_signing_reproduces_cryptography(vector: Dict[str, Any]) -> None:
    body = base64.b64decode(vector["body_base64"])
    keys = [k["key"] for k in vector["keys"]]
    signed = Signer(keys).sign(vector["id"], int(vector["timestamp"]), body)
    assert signed["webhook-signature"] == vector["signature"]


@pytest.mark.parametrize("case", V1A["keys"], ids=[c["name"] for c in V1A["keys"]])
def test_key_text(case: Dict[str, Any]) -> None:
    expected = case["expected"]
    signing = case["as"] == "signing"
    parse = libwebhook.signing_key if signing else libwebhook.public_key
    if not expected["valid"]:
        with pytest.raises(libwebhook.InvalidSecretError):
            parse(case["text"])
        return
    if signing:
        assert libwebhook.signing_key(case["text"]) == (expected["whsk"], expected["whpk"])
    else:
        assert libwebhook.public_key(case["text"]) == expected["whpk"]


@pytest.mark.parametrize("case", V1A["jwks"], ids=[c["name"] for c in V1A["jwks"]])
def test_jwks(case: Dict[str, Any]) -> None:
    expected = case["expected"]
    if not expected["valid"]:
        with pytest.raises(libwebhook.InvalidSecretError):
            libwebhook.parse_jwks_keys(case["document"])
        with pytest.raises(libwebhook.InvalidSecretError):
            Verifier(jwks=case["document"])
        return
    want = [(k["kid"], k["whpk"]) for k in expected["keys"]]
    assert libwebhook.parse_jwks_keys(case["document"]) == want
    # The same document as JSON text, and inside a verifier, gives the same keys.
    import json

    assert libwebhook.parse_jwks_keys(json.dumps(case["document"])) == want
    assert len(Verifier(jwks=case["document"])) == len(want)


def test_vector_files_are_the_ones_we_think() -> None:
    # A runner that silently loaded nothing would pass everything.
    assert len(V1["vectors"]) >= 60
    assert len(V1A["vectors"]) >= 40 and len(V1A["keys"]) >= 15 and len(V1A["jwks"]) >= 12
