"""Writes headers.txt for the captured delivery, signing body.json with secret.txt.

This is deliberately independent of libwebhook: only Python's hmac, hashlib and
base64, so the `webhook verify` example in the README checks our verifier against
a second implementation. Run it from this folder: python3 sign_capture.py
"""

import base64
import hashlib
import hmac

MSG_ID = "msg_req_01jxzta4cgxxp1crmsefxrxp9f"
TIMESTAMP = "1767226813"


def v1(key: bytes, body: bytes) -> str:
    signed = f"{MSG_ID}.{TIMESTAMP}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


secret = open("secret.txt", encoding="ascii").read()
# The file ends in one newline, which is not part of the secret.
assert secret.endswith("\n") and not secret.endswith("\n\n")
key = base64.b64decode(secret[:-1].removeprefix("whsec_"), validate=True)
body = open("body.json", "rb").read()

lines = [
    "POST /webhooks/lumenfall HTTP/1.1",
    "Host: receiver.example.com",
    "Content-Type: application/json",
    f"Content-Length: {len(body)}",
    f"Webhook-Id: {MSG_ID}",
    f"Webhook-Timestamp: {TIMESTAMP}",
    # A sender part-way through a key rotation: first a v1 entry under a retired
    # key (32 zero bytes), which must not match, then one under the current key.
    f"Webhook-Signature: {v1(bytes(32), body)}",
    f"Webhook-Signature: {v1(key, body)}",
]
with open("headers.txt", "wb") as out:
    out.write("".join(line + "\r\n" for line in lines).encode("ascii") + b"\r\n")
