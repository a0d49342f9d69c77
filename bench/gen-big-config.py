#!/usr/bin/env python3
"""Generate a large, valid Kea DHCPv4 config for the check benchmark.

4,000 subnets (10.x.y.0/24), each with a pool, two options and 25 reservations
(100,000 in all, alternating hw-address and client-id identifiers), spread over
40 shared networks. Deterministic: the same arguments give the same bytes.
Usage: gen-big-config.py [OUT] [--subnets N] [--per-subnet M]
"""
import argparse
import json
import sys


def build(subnets: int, per_subnet: int) -> dict:
    networks = []
    per_network = max(1, subnets // 40)
    subnet_list = []
    for i in range(subnets):
        a, b = divmod(i, 256)
        base = f"10.{a}.{b}"
        res = []
        for j in range(per_subnet):
            n = i * per_subnet + j
            mac = ":".join(f"{(n >> s) & 0xff:02x}" for s in (40, 32, 24, 16, 8, 0))
            r = {"ip-address": f"{base}.{200 + j % 50}" if j < 50 else f"{base}.{j}",
                 "hostname": f"host-{n}"}
            if j % 2 == 0:
                r["hw-address"] = mac
            else:
                r["client-id"] = "01:" + mac
            res.append(r)
        subnet_list.append({
            "id": i + 1,
            "subnet": f"{base}.0/24",
            "pools": [{"pool": f"{base}.10 - {base}.199"}],
            "option-data": [
                {"name": "routers", "data": f"{base}.1"},
                {"name": "domain-name-servers", "data": f"{base}.2, {base}.3"},
            ],
            "reservations": res,
        })
    for k in range(0, subnets, per_network):
        networks.append({"name": f"net-{k // per_network}",
                         "subnet4": subnet_list[k:k + per_network]})
    return {"Dhcp4": {
        "interfaces-config": {"interfaces": ["*"]},
        "lease-database": {"type": "memfile", "persist": False},
        "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
        "reservations-out-of-pool": True,
        "option-data": [{"name": "domain-name", "data": "example.org"}],
        "shared-networks": networks,
    }}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("out", nargs="?", default="-")
    p.add_argument("--subnets", type=int, default=4000)
    p.add_argument("--per-subnet", type=int, default=25)
    a = p.parse_args()
    if a.per_subnet > 50:
        sys.exit("--per-subnet must be at most 50 (reserved addresses .200-.249)")
    text = json.dumps(build(a.subnets, a.per_subnet), indent=4) + "\n"
    if a.out == "-":
        sys.stdout.write(text)
    else:
        with open(a.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
