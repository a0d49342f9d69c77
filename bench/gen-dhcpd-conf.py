#!/usr/bin/env python3
"""Generate a large, valid ISC dhcpd.conf for the migrate benchmark.

4,000 subnets (10.x.y.0/24), each with a pool and options, 100,000 hosts in all (25 per
subnet, hardware ethernet and fixed-address), spread over 40 shared networks, plus a few
classes and a custom option. Deterministic: the same arguments give the same bytes.
Usage: gen-dhcpd-conf.py [OUT] [--subnets N] [--per-subnet M]
"""
import argparse
import sys


def write(out, subnets: int, per_subnet: int) -> None:
    w = out.write
    w("authoritative;\ndefault-lease-time 3600;\nmax-lease-time 7200;\n")
    w('option domain-name "bench.example.org";\noption domain-name-servers 192.0.2.53, 192.0.2.54;\n')
    w("option site-id code 224 = unsigned integer 32;\n")
    w('class "pxe" {\n  match if substring(option vendor-class-identifier, 0, 9) = "PXEClient";\n  filename "pxelinux.0";\n}\n')
    per_network = max(1, subnets // 40)
    for i in range(subnets):
        if i % per_network == 0:
            if i:
                w("}\n")
            w(f'shared-network "net{i // per_network}" {{\n')
        a, b = divmod(i, 256)
        base = f"10.{a}.{b}"
        w(f"subnet {base}.0 netmask 255.255.255.0 {{\n")
        w(f"  option routers {base}.1;\n  option site-id {i};\n")
        w(f"  pool {{\n    range {base}.10 {base}.199;\n  }}\n}}\n")
    w("}\n")
    for i in range(subnets):
        a, b = divmod(i, 256)
        base = f"10.{a}.{b}"
        for j in range(per_subnet):
            n = i * per_subnet + j
            mac = ":".join(f"{(n >> s) & 0xff:02x}" for s in (40, 32, 24, 16, 8, 0))
            w(f"host h{n} {{\n  hardware ethernet {mac};\n  fixed-address {base}.{200 + j};\n}}\n")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("out", nargs="?", default="-")
    p.add_argument("--subnets", type=int, default=4000)
    p.add_argument("--per-subnet", type=int, default=25)
    a = p.parse_args()
    if a.per_subnet > 50 or a.subnets > 65536:
        sys.exit("at most 50 hosts per subnet (addresses .200-.249) and 65536 subnets")
    if a.out == "-":
        write(sys.stdout, a.subnets, a.per_subnet)
    else:
        with open(a.out, "w") as f:
            write(f, a.subnets, a.per_subnet)


if __name__ == "__main__":
    main()
