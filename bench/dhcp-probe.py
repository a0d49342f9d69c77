#!/usr/bin/env python3
"""Waits until a DHCPv4 server on 127.0.0.1:67 answers: sends a relayed DISCOVER (giaddr and source
127.0.0.2:67) every 5 ms and prints the Unix time (float seconds) at which the first OFFER came back.
Exit 1 after TIMEOUT seconds without one. Usage: dhcp-probe.py [TIMEOUT]"""
import socket, struct, sys, time

def discover(xid):
    b = bytearray(240)
    b[0], b[1], b[2] = 1, 1, 6
    b[4:8] = struct.pack("!I", xid)
    b[24:28] = bytes([127, 0, 0, 2])
    b[28:34] = bytes([0x0e, 0xee, 0xee, 0xee, 0xee, 0x01])
    b[236:240] = bytes([99, 130, 83, 99])
    return bytes(b) + bytes([53, 1, 1, 255])

def main():
    deadline = time.time() + float(sys.argv[1] if len(sys.argv) > 1 else 120)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.2", 67))
    s.settimeout(0.005)
    xid = 0x5eed0000
    while time.time() < deadline:
        xid += 1
        try:
            s.sendto(discover(xid), ("127.0.0.1", 67))
        except OSError:
            pass
        end = time.time() + 0.005
        while time.time() < end:
            try:
                data = s.recv(4096)
            except (socket.timeout, OSError):
                break
            if len(data) >= 240 and data[0] == 2 and data[4:6] == struct.pack("!I", xid)[:2]:
                print(f"{time.time():.6f}")
                return 0
    return 1

sys.exit(main())
