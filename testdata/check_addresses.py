#!/usr/bin/env python3
"""Re-derives every expectation in addresses.json from a table of its own.

The table below is written from the IANA special-purpose registries and the
RFCs named beside each entry, not from the Rust code, and the approach differs
on purpose: the embedded IPv4 address of a mapped, 6to4 or Teredo address comes
from Python's own `ipaddress` properties (`ipv4_mapped`, `sixtofour`,
`teredo`), not from bit arithmetic shared with the core.

It also checks the file's coverage: for every network in the table, its first
and last address, and the addresses just outside it, must be cases in the file.

Standard library only. Exits non-zero with one line per problem.

    python3 testdata/check_addresses.py
"""

import ipaddress
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
V4 = ipaddress.IPv4Network
V6 = ipaddress.IPv6Network

# IPv4 networks a webhook sender must never connect to.
REFUSED_V4 = [
    V4("0.0.0.0/8"),  # "this network", RFC 791
    V4("10.0.0.0/8"),  # private, RFC 1918
    V4("100.64.0.0/10"),  # shared address space (CGNAT), RFC 6598
    V4("127.0.0.0/8"),  # loopback, RFC 1122
    V4("169.254.0.0/16"),  # link-local, RFC 3927; cloud metadata
    V4("172.16.0.0/12"),  # private, RFC 1918
    V4("192.0.0.0/24"),  # IETF protocol assignments, RFC 6890
    V4("192.0.2.0/24"),  # TEST-NET-1, RFC 5737
    V4("192.88.99.0/24"),  # 6to4 relay anycast, deprecated by RFC 7526
    V4("192.168.0.0/16"),  # private, RFC 1918
    V4("198.18.0.0/15"),  # benchmarking, RFC 2544
    V4("198.51.100.0/24"),  # TEST-NET-2, RFC 5737
    V4("203.0.113.0/24"),  # TEST-NET-3, RFC 5737
    V4("224.0.0.0/4"),  # multicast, RFC 5771
    V4("240.0.0.0/4"),  # reserved, RFC 1112; holds 255.255.255.255
]

# IPv6: only global unicast space is public ...
GLOBAL_V6 = V6("2000::/3")  # RFC 4291

# ... except these networks inside it.
REFUSED_INSIDE_GLOBAL_V6 = [
    V6("2001::/23"),  # IETF protocol assignments, RFC 2928 (Teredo handled first)
    V6("2001:2::/48"),  # benchmarking, RFC 5180
    V6("2001:10::/28"),  # ORCHID, deprecated, RFC 4843
    V6("2001:20::/28"),  # ORCHIDv2, RFC 7343
    V6("2001:db8::/32"),  # documentation, RFC 3849
    V6("3fff::/20"),  # documentation, RFC 9637
]

# Networks outside 2000::/3 that the README names. They are refused as
# non-global anyway; they are listed so that their edges must be in the file.
NAMED_OUTSIDE_GLOBAL_V6 = [
    V6("::/128"),  # unspecified
    V6("::1/128"),  # loopback
    V6("::/96"),  # IPv4-compatible, deprecated, RFC 4291
    V6("::ffff:0:0/96"),  # IPv4-mapped, RFC 4291
    V6("64:ff9b::/96"),  # NAT64 well-known prefix, RFC 6052
    V6("64:ff9b:1::/48"),  # local-use NAT64, RFC 8215
    V6("100::/64"),  # discard-only, RFC 6666
    V6("5f00::/16"),  # SRv6 SIDs, RFC 9602
    V6("fc00::/7"),  # unique local, RFC 4193
    V6("fe80::/10"),  # link-local, RFC 4291
    V6("fec0::/10"),  # site-local, deprecated, RFC 3879
    V6("ff00::/8"),  # multicast, RFC 4291
]

# Networks whose addresses carry an IPv4 address and are judged by it, beyond
# the ones `ipaddress` knows (mapped, 6to4, Teredo): the low 32 bits.
LOW_32_BITS_V6 = [
    V6("::/96"),
    V6("64:ff9b::/96"),
]


def ipv4_is_public(addr):
    return not any(addr in net for net in REFUSED_V4)


def ipv6_is_public(addr):
    if addr.ipv4_mapped is not None:
        return ipv4_is_public(addr.ipv4_mapped)
    for net in LOW_32_BITS_V6:
        if addr in net:
            return ipv4_is_public(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF))
    if addr.teredo is not None:
        _server, client = addr.teredo
        return ipv4_is_public(client)
    if addr.sixtofour is not None:
        return ipv4_is_public(addr.sixtofour)
    if addr not in GLOBAL_V6:
        return False
    return not any(addr in net for net in REFUSED_INSIDE_GLOBAL_V6)


def expected(text):
    addr = ipaddress.ip_address(text)
    public = ipv4_is_public(addr) if addr.version == 4 else ipv6_is_public(addr)
    return "ok" if public else "private_address"


def edges(net):
    """The first and last address of `net`, and those just outside it."""
    first, last = net[0], net[-1]
    out = [first, last]
    if int(first) > 0:
        out.append(first - 1)
    if int(last) < (1 << net.max_prefixlen) - 1:
        out.append(last + 1)
    return out


def main():
    doc = json.loads((HERE / "addresses.json").read_text(encoding="utf-8"))
    problems = []
    cases = doc.get("cases", [])
    if len(cases) < 150:
        problems.append(f"only {len(cases)} cases, want at least 150")

    present = set()
    for i, case in enumerate(cases):
        if set(case) != {"address", "expect", "why"}:
            problems.append(f"case {i}: fields {sorted(case)}")
            continue
        try:
            addr = ipaddress.ip_address(case["address"])
        except ValueError:
            problems.append(f"case {i}: {case['address']!r} is not an address")
            continue
        if addr in present:
            problems.append(f"case {i}: {addr} appears twice")
        present.add(addr)
        want = expected(case["address"])
        if case["expect"] != want:
            problems.append(
                f"{case['address']}: file says {case['expect']}, the table says {want}"
            )

    networks = (
        REFUSED_V4 + [GLOBAL_V6] + REFUSED_INSIDE_GLOBAL_V6 + NAMED_OUTSIDE_GLOBAL_V6
    )
    for net in networks:
        for addr in edges(net):
            if addr not in present:
                problems.append(f"{net}: edge {addr} has no case")

    for problem in problems:
        print(f"check_addresses: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check_addresses: {len(cases)} cases agree with the table, every edge covered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
