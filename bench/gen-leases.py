#!/usr/bin/env python3
"""A Kea 2.2 memfile DHCPv4 lease file (exact 2.2 header) with N leases in 10.0.0.0/8 (subnet id 1
of fixtures/serve/loopback.json), from 10.0.0.10 up: distinct hardware addresses and client-ids,
a host name on every other lease (one with a comma, escaped as Kea does), expiry in the future.
With --journal, every tenth lease is written twice (an earlier record replaced by a later one) and
every hundredth is deleted again (a valid-lifetime-0 record), as a running server's journal has.
Usage: gen-leases.py OUT N [--journal]"""
import sys, time

HEADER = "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context"

def main():
    out, n = sys.argv[1], int(sys.argv[2])
    journal = "--journal" in sys.argv[3:]
    now = int(time.time())
    base = (10 << 24) + 10
    with open(out, "w") as f:
        f.write(HEADER + "\n")
        w = f.write
        for i in range(n):
            a = base + i
            ip = f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"
            mac = f"02:{(i >> 32) & 255:02x}:{(i >> 24) & 255:02x}:{(i >> 16) & 255:02x}:{(i >> 8) & 255:02x}:{i & 255:02x}"
            host = "" if i % 2 else (f"host-{i}.example.org" if i % 1000 else f"host&#x2c{i}")
            exp = now + 3600 + i % 3600
            line = f"{ip},{mac},01:{mac},4000,{exp},1,0,0,{host},0,\n"
            if journal and i % 10 == 0:
                w(f"{ip},{mac},01:{mac},4000,{exp - 1000},1,0,0,{host},0,\n")
            w(line)
            if journal and i % 100 == 50:
                w(f"{ip},{mac},01:{mac},0,{now},1,0,0,{host},0,\n")

main()
