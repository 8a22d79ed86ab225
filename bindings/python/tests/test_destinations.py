"""The sender's destination checks through the Python API: every case of the
shared corpus (``testdata/urls.json``, policy additions included, and
``testdata/addresses.json``), then what only Python can get wrong: argument
types, ``str`` values that are not even UTF-8, ``ipaddress`` objects, the
exception classes and threads.

The URL expectations are written by hand from the README's rules and the
address expectations are re-derived by ``testdata/check_addresses.py`` with
``ipaddress``; the same files run through the Rust core
(``crates/core/tests/url_corpus.rs``), so agreeing with them here means
agreeing with the core.
"""

from __future__ import annotations

import ipaddress
import random
import re
import threading
from typing import Any, Dict, Iterator, List, Optional, Type, Union

import pytest

import libwebhook
from libwebhook import (
    BlockedHostError,
    IpLiteralError,
    MalformedUrlError,
    PortNotAllowedError,
    PrivateAddressError,
    UrlPolicy,
    UrlRefusedError,
    UrlTooLongError,
    WebhookVerificationError,
    check_address,
    check_addresses,
    check_url,
    is_public_address,
)

from conftest import ROOT, load_vectors

URLS = load_vectors("urls.json")
ADDRESSES = load_vectors("addresses.json")
URL_CASES: List[Dict[str, Any]] = URLS["cases"]
ADDRESS_CASES: List[Dict[str, Any]] = ADDRESSES["cases"]

#: The core's kind names, read from its source so a new kind without a Python
#: class fails here.
CORE_KINDS = re.findall(
    r'UrlErrorKind::\w+ => "(\w+)"',
    (ROOT / "crates/core/src/destination/error.rs").read_text(encoding="utf-8"),
)


def url_id(case: Dict[str, Any]) -> str:
    """A short, printable test id: pytest ids need not hold the whole URL."""
    text: str = case["url"].encode("ascii", "backslashreplace").decode()
    return text[:60] + ("..." if len(text) > 60 else "")


def policy_for(case: Dict[str, Any]) -> UrlPolicy:
    """The case's policy: the built-in rules plus its additions, if any."""
    policy = UrlPolicy()
    additions = case.get("policy") or {}
    for name in additions.get("block", []):
        policy.block_name(name)
    for port in additions.get("ports", []):
        policy.allow_port(port)
    return policy


def message_problem(err: BaseException) -> Optional[str]:
    """The wording rules every refusal keeps, whatever the input held:
    lowercase, no trailing period, printable ASCII, at most 256 bytes."""
    message = str(err)
    if not message or message[0].isupper():
        return f"message {message!r} is empty or capitalised"
    if message.endswith("."):
        return f"message {message!r} ends with a period"
    if len(message.encode()) > 256:
        return f"message is {len(message.encode())} bytes long"
    if not all(" " <= c <= "~" for c in message):
        return f"message {message!r} is not printable ascii"
    return None


def refusal(call: Any, *args: Any) -> UrlRefusedError:
    """The refusal ``call(*args)`` raises; fails the test if it returns."""
    with pytest.raises(UrlRefusedError) as caught:
        call(*args)
    return caught.value


# The URL corpus.


def test_the_url_corpus_is_the_one_the_core_runs() -> None:
    assert URLS["description"]
    assert len(URL_CASES) >= 150
    kinds = {case["expect"] for case in URL_CASES}
    assert kinds == {"ok"} | set(CORE_KINDS) - {"private_address"}
    assert sum(case["expect"] == "ok" for case in URL_CASES) >= 50
    assert any("policy" in case for case in URL_CASES)


@pytest.mark.parametrize("case", URL_CASES, ids=[url_id(c) for c in URL_CASES])
def test_url_case(case: Dict[str, Any]) -> None:
    policy = policy_for(case)
    if case["expect"] == "ok":
        normalised = policy.check(case["url"])
        assert normalised == case["normalised"], case["why"]
        # The normalised form is a fixed point: checking it again gives itself.
        assert policy.check(normalised) == normalised
        if "policy" not in case:
            assert check_url(case["url"]) == normalised
        return

    assert "normalised" not in case
    err = refusal(policy.check, case["url"])
    assert type(err) is libwebhook._errors._URL_BY_KIND[case["expect"]], (case["why"], str(err))
    assert err.kind == case["expect"]
    assert message_problem(err) is None
    if "policy" not in case:
        plain = refusal(check_url, case["url"])
        assert (type(plain), str(plain)) == (type(err), str(err))


def test_policy_additions_cannot_lift_a_built_in_rule() -> None:
    policy = UrlPolicy()
    policy.allow_port(80)
    policy.allow_port(8080)
    assert isinstance(refusal(policy.check, "https://localhost:8080/"), BlockedHostError)
    assert isinstance(refusal(policy.check, "https://127.0.0.1:8080/"), IpLiteralError)
    assert refusal(policy.check, "http://example.com:80/").kind == "https_required"
    for name in ("127.0.0.1", "[::1]", "", "a b.example", "a..b"):
        assert isinstance(refusal(policy.block_name, name), MalformedUrlError), name
    assert policy.blocked_names == ()


def test_policy_additions_are_normalised_and_kept_in_order() -> None:
    policy = UrlPolicy()
    for name in ("Corp.Example.NET.", "corp.example.net", "BÜCHER.example.org"):
        policy.block_name(name)
    for port in (9443, 8443, 9443, 10443):
        policy.allow_port(port)
    assert policy.blocked_names == ("corp.example.net", "xn--bcher-kva.example.org")
    # 8443 is a default port, so it is no addition.
    assert policy.allowed_ports == (9443, 10443)
    assert repr(policy) == (
        "UrlPolicy(blocked_names=['corp.example.net', 'xn--bcher-kva.example.org'], "
        "allowed_ports=[9443, 10443])"
    )
    with pytest.raises(AttributeError):
        policy.blocked_names = ()  # type: ignore[misc]
    # A new policy starts from the built-in rules alone.
    assert UrlPolicy().check("https://corp.example.net/") == "https://corp.example.net/"
    assert isinstance(refusal(policy.check, "https://a.corp.example.net/"), BlockedHostError)


def test_policy_ports_must_be_port_numbers() -> None:
    policy = UrlPolicy()
    for port in (0, -1, 65536, 10**100):
        err = refusal(policy.allow_port, port)
        assert isinstance(err, PortNotAllowedError) and message_problem(err) is None
    wrong: Any
    for wrong in (True, 443.0, "443", None):
        with pytest.raises(TypeError, match="port must be an int"):
            policy.allow_port(wrong)
    assert policy.allowed_ports == ()
    policy.allow_port(65535)
    assert policy.check("https://example.com:65535/") == "https://example.com:65535/"


# Hostile text.


@pytest.mark.parametrize("wrong", [None, 1, b"https://example.com/", bytearray(b"x"), ["https://example.com/"]])
def test_urls_and_names_must_be_str(wrong: Any) -> None:
    for call in (check_url, UrlPolicy().check, UrlPolicy().block_name):
        with pytest.raises(TypeError, match=r"^(url|name) must be str, got "):
            call(wrong)


def test_a_lone_surrogate_is_a_malformed_url_naming_where_it_stands() -> None:
    for text, at in (("https://exa\ud800mple.com/", 11), ("https://example.com/\udfff", 20)):
        err = refusal(check_url, text)
        assert type(err) is MalformedUrlError
        assert str(err) == f"url contains a lone surrogate U+{ord(text[at]):04X} at byte {at}"
        assert type(refusal(UrlPolicy().check, text)) is MalformedUrlError
    err = refusal(UrlPolicy().block_name, "corp\udc80.example")
    assert type(err) is MalformedUrlError and "name contains a lone surrogate U+DC80" in str(err)


def test_an_embedded_nul_is_refused_without_echoing_it() -> None:
    err = refusal(check_url, "https://example.com\x00.evil.test/")
    assert type(err) is MalformedUrlError
    assert "U+0000" in str(err) and message_problem(err) is None


def test_a_huge_url_is_too_long_and_the_message_stays_short() -> None:
    huge = "https://example.com/" + "a" * (1 << 20)
    err = refusal(check_url, huge)
    assert type(err) is UrlTooLongError
    assert str(err) == f"url is {len(huge)} bytes long, the limit is {libwebhook.MAX_URL_LEN}"
    # Even when the rest of the text breaks other rules: length comes first.
    assert type(refusal(check_url, "http://\x00" * 200_000)) is UrlTooLongError


def test_random_mutations_raise_only_refusals_with_clean_messages() -> None:
    rng = random.Random(4321)
    seeds = [case["url"] for case in URL_CASES if len(case["url"]) < 200]
    alphabet = "@:/?#[]%.\\ \t\x00\x7f\u00ad\u200b\u202e\uff0e\ud800é0x7f" + "0123456789abcdef"
    for _ in range(3000):
        text = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text) + 1)
            text[at : at + rng.randint(0, 3)] = rng.choice(alphabet)
        try:
            check_url("".join(text))
        except UrlRefusedError as err:
            assert message_problem(err) is None, "".join(text)


# The address corpus.


def test_the_address_corpus_is_the_one_the_core_runs() -> None:
    assert ADDRESSES["description"]
    assert len(ADDRESS_CASES) >= 150
    assert {case["expect"] for case in ADDRESS_CASES} == {"ok", "private_address"}


@pytest.mark.parametrize("case", ADDRESS_CASES, ids=[c["address"] for c in ADDRESS_CASES])
def test_address_case(case: Dict[str, Any]) -> None:
    public = case["expect"] == "ok"
    # The text, and the same address as an ipaddress object.
    for addr in (case["address"], ipaddress.ip_address(case["address"])):
        assert is_public_address(addr) is public, case["why"]
        # Alone, and beside a public address in either order.
        for listed in ([addr], ["8.8.8.8", addr], [addr, ipaddress.ip_address("2001:4860:4860::8888")]):
            if public:
                check_addresses(listed)
            else:
                err = refusal(check_addresses, listed)
                assert type(err) is PrivateAddressError and err.kind == "private_address"
        if public:
            check_address(addr)
        else:
            err = refusal(check_address, addr)
            assert type(err) is PrivateAddressError
            assert message_problem(err) is None
            assert str(err).startswith("address ") and "is not publicly routable" in str(err)


@pytest.mark.parametrize(
    "text",
    ["127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.1.1", "169.254.169.254", "8.8.8.8", "1.1.1.1",
     "93.184.215.14", "::1", "fd00:ec2::254", "fe80::1", "2606:4700:4700::1111", "2a00:1450:4001:82b::200e"],
)
def test_obvious_addresses_agree_with_ipaddress(text: str) -> None:
    # An oracle that shares no code with ours: for loopback, RFC 1918,
    # link-local and ordinary global addresses, ipaddress's is_global is the
    # same verdict.
    assert is_public_address(text) is ipaddress.ip_address(text).is_global


def test_the_refused_address_is_the_first_one_and_none_is_refused_too() -> None:
    err = refusal(check_addresses, ["8.8.8.8", "10.0.0.7", "127.0.0.1"])
    assert str(err) == "address 10.0.0.7 is not publicly routable (private network 10.0.0.0/8)"
    empty: Any
    for empty in ([], (), iter([]), {}):
        err = refusal(check_addresses, empty)
        assert type(err) is PrivateAddressError and "no address" in str(err)
    # Any iterable; a generator stops being read at the first refusal.
    read: List[str] = []

    def resolved() -> Iterator[str]:
        for text in ("1.1.1.1", "::ffff:127.0.0.1", "not read"):
            read.append(text)
            yield text

    assert "embedding 127.0.0.1" in str(refusal(check_addresses, resolved()))
    assert read == ["1.1.1.1", "::ffff:127.0.0.1"]
    check_addresses({"8.8.8.8": 1, "1.1.1.1": 2})


def test_scoped_and_interface_addresses_are_judged_by_their_address() -> None:
    # getaddrinfo writes link-local results with their zone, as does ipaddress.
    for scoped in ("fe80::1%eth0", ipaddress.IPv6Address("fe80::1%eth0")):
        assert type(refusal(check_address, scoped)) is PrivateAddressError
    assert is_public_address("2606:4700:4700::1111%1")
    assert is_public_address("2606:4700::1%br-1a2b.100")
    assert type(refusal(check_address, "::ffff:10.0.0.1%eth0")) is PrivateAddressError
    # The zone is dropped before judging, whatever it names.
    assert str(refusal(check_address, "fe80::1%eth0")).startswith("address fe80::1 is not")
    assert not is_public_address(ipaddress.IPv4Interface("10.0.0.1/8"))
    assert is_public_address(ipaddress.IPv6Interface("2001:4860:4860::8888/64"))


@pytest.mark.parametrize(
    "text",
    ["", "localhost", "10.0.0", "010.0.0.1", "1.2.3.4.5", "256.0.0.1", " 8.8.8.8", "8.8.8.8\n", "[::1]",
     "::1%", "fe80::1%a%b", "1.2.3.4%eth0", "::g", "\x00", "8.8.8.8/32", "\u0661.1.1.1", "1.1.1.1\ud800",
     "fe80::1%eth 0", "fe80::1%eth0/64", "fe80::1%\u00e9th0", "[fe80::1%eth0]", "%eth0"],
)
def test_text_that_is_no_address_is_a_value_error(text: str) -> None:
    for call in (check_address, is_public_address, lambda t: check_addresses([t])):
        with pytest.raises(ValueError) as caught:
            call(text)
        # Not a refusal: the caller passed something that is no address at
        # all, which no resolver returns.
        assert type(caught.value) is ValueError
        assert message_problem(caught.value) is None


def test_the_value_error_names_the_position_in_a_list() -> None:
    with pytest.raises(ValueError, match=r'^addresses\[1\] "nope" is not an ipv4 or ipv6 address$'):
        check_addresses(["8.8.8.8", "nope"])
    with pytest.raises(TypeError, match=r"^addresses\[2\] must be str"):
        check_addresses(["8.8.8.8", "1.1.1.1", 5])  # type: ignore[list-item]


@pytest.mark.parametrize(
    "wrong",
    [None, 167772161, 1.5, b"\x0a\x00\x00\x01", bytearray(16), memoryview(b"1234"), ["8.8.8.8"],
     ipaddress.ip_network("10.0.0.0/8")],
)
def test_addresses_of_other_types_are_a_type_error(wrong: Any) -> None:
    for call in (check_address, is_public_address):
        with pytest.raises(TypeError, match=r"^address must be str, ipaddress\.IPv4Address or ipaddress\.IPv6Address"):
            call(wrong)


@pytest.mark.parametrize(
    "wrong",
    [None, 5, "8.8.8.8", b"8.8.8.8", ipaddress.ip_address("8.8.8.8"), ipaddress.ip_address("::1")],
)
def test_check_addresses_wants_an_iterable_of_addresses(wrong: Any) -> None:
    with pytest.raises(TypeError, match=r"^addresses must be an iterable of addresses, got "):
        check_addresses(wrong)


def test_an_ipaddress_subclass_with_a_lying_packed_form_is_a_type_error() -> None:
    class Odd(ipaddress.IPv4Address):
        @property
        def packed(self) -> bytes:
            return b"\x7f\x00\x00"

    class Broken(ipaddress.IPv6Address):
        @property
        def packed(self) -> bytes:
            raise AttributeError("packed")

    with pytest.raises(TypeError, match=r"^address \(Odd\) has no packed form of 4 or 16 bytes$"):
        check_address(Odd("8.8.8.8"))
    with pytest.raises(TypeError, match="has no packed form"):
        check_address(Broken("::1"))


# Exceptions and constants.


def test_every_refusal_kind_has_its_own_class_under_url_refused_error() -> None:
    table = libwebhook._errors._URL_BY_KIND
    assert CORE_KINDS and sorted(table) == sorted(CORE_KINDS)
    for kind, cls in table.items():
        assert cls.kind == kind
        assert issubclass(cls, UrlRefusedError) and issubclass(cls, ValueError)
        # A sender's configuration problem, never a verification failure.
        assert not issubclass(cls, WebhookVerificationError)
        assert getattr(libwebhook, cls.__name__) is cls
    assert len(set(table.values())) == len(table)
    assert issubclass(PrivateAddressError, UrlRefusedError)


def test_constants_mirror_the_core() -> None:
    assert libwebhook.MAX_URL_LEN == 8192
    assert libwebhook.DEFAULT_PORTS == (443, 8443)
    source = (ROOT / "crates/core/src/destination/policy.rs").read_text(encoding="utf-8")
    listed = re.search(r"pub const BLOCKED_NAMES: \[&str; \d+\] = \[(.*?)\];", source, re.S)
    assert listed is not None
    assert libwebhook.BLOCKED_NAMES == tuple(re.findall(r'^\s*"([^"]+)",', listed.group(1), re.M))
    for name in libwebhook.BLOCKED_NAMES:
        assert type(refusal(check_url, f"https://api.{name}/")) is BlockedHostError


# Threads.


def test_threads_share_one_policy_while_it_grows() -> None:
    policy = UrlPolicy()
    # Cases whose verdict no name or port added below can change.
    cases = [case for case in URL_CASES if "policy" not in case]
    failures: List[str] = []
    stop = threading.Event()

    def check(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(400):
            case = rng.choice(cases)
            got: Union[str, Type[UrlRefusedError]]
            try:
                got = policy.check(case["url"])
            except UrlRefusedError as err:
                got = type(err)
            want = case.get("normalised") or libwebhook._errors._URL_BY_KIND[case["expect"]]
            if got != want:
                failures.append(f"{case['url']!r}: {got!r}")
            addr = rng.choice(ADDRESS_CASES)
            if is_public_address(addr["address"]) is not (addr["expect"] == "ok"):
                failures.append(addr["address"])

    def grow() -> None:
        n = 0
        while not stop.is_set():
            policy.block_name(f"added-{n}.invalid-tld-for-tests")
            policy.allow_port(20000 + n % 1000)
            n += 1

    grower = threading.Thread(target=grow)
    grower.start()
    threads = [threading.Thread(target=check, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    grower.join()
    assert failures == []
    assert len(policy.blocked_names) > 0
    assert policy.check("https://added-0.invalid-tld-for-tests.example.com/")
    assert isinstance(refusal(policy.check, "https://x.added-0.invalid-tld-for-tests/"), BlockedHostError)
