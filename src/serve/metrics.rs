//! Prometheus text exposition (format 0.0.4) of serve's statistics, for `GET /metrics` on
//! the HTTP control socket.
//!
//! Names follow the Prometheus kea-exporter, so dashboards made for Kea work unchanged:
//! `kea_dhcp4_packets_received_total{operation="discover"}` (one `operation` per
//! `pkt4-*-received` statistic, with `parse-failed` and `drop` for `pkt4-parse-failed` and
//! `pkt4-receive-drop`), `kea_dhcp4_packets_sent_total{operation="ack"}`, and per subnet
//! (labels `subnet` = prefix, `subnet_id`) `kea_dhcp4_addresses_total`,
//! `kea_dhcp4_addresses_assigned_total`, `kea_dhcp4_addresses_declined_total` (gauges, named
//! as the exporter names them), `kea_dhcp4_addresses_reclaimed_total`,
//! `kea_dhcp4_addresses_declined_reclaimed_total`,
//! `kea_dhcp4_cumulative_addresses_assigned_total` (counters). Kea's totals `pkt4-received`
//! and `pkt4-sent`, which the exporter leaves out, are `kea_dhcp4_pkt4_received_total` and
//! `kea_dhcp4_pkt4_sent_total`.

use super::stats::{Counter, Snapshot};
use std::fmt::Write;

pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// `pkt4-*-received` counters and their `operation` label.
const RECEIVED: [(Counter, &str); 11] = [
    (Counter::DiscoverReceived, "discover"),
    (Counter::OfferReceived, "offer"),
    (Counter::RequestReceived, "request"),
    (Counter::AckReceived, "ack"),
    (Counter::NakReceived, "nak"),
    (Counter::ReleaseReceived, "release"),
    (Counter::DeclineReceived, "decline"),
    (Counter::InformReceived, "inform"),
    (Counter::UnknownReceived, "unknown"),
    (Counter::ParseFailed, "parse-failed"),
    (Counter::ReceiveDrop, "drop"),
];

const SENT: [(Counter, &str); 3] = [(Counter::OfferSent, "offer"), (Counter::AckSent, "ack"), (Counter::NakSent, "nak")];

/// Per-subnet metrics: name, type, help, and which value of `SubnetStats` (gauge or event).
const SUBNET: [(&str, &str, &str, Value); 6] = [
    ("kea_dhcp4_addresses_total", "gauge", "Addresses in the subnet's pools (total-addresses)", Value::Gauge(0)),
    ("kea_dhcp4_addresses_assigned_total", "gauge", "Addresses leased (assigned-addresses)", Value::Gauge(1)),
    ("kea_dhcp4_addresses_declined_total", "gauge", "Addresses declined by clients (declined-addresses)", Value::Gauge(2)),
    ("kea_dhcp4_cumulative_addresses_assigned_total", "counter", "Leases given out (cumulative-assigned-addresses)", Value::Event(0)),
    ("kea_dhcp4_addresses_reclaimed_total", "counter", "Expired leases reclaimed (reclaimed-leases)", Value::Event(1)),
    (
        "kea_dhcp4_addresses_declined_reclaimed_total",
        "counter",
        "Declined addresses returned to their pool (reclaimed-declined-addresses)",
        Value::Event(2),
    ),
];

#[derive(Clone, Copy)]
enum Value {
    Gauge(usize),
    Event(usize),
}

/// A label value with `\`, `"` and newlines escaped.
fn label(out: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

pub fn render(s: &Snapshot) -> String {
    let mut out = String::with_capacity(2048 + s.subnets.len() * 600);
    let head = |out: &mut String, name: &str, ty: &str, help: &str| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {ty}");
    };
    head(&mut out, "kea_dhcp4_pkt4_received_total", "counter", "DHCPv4 packets received (pkt4-received)");
    let _ = writeln!(out, "kea_dhcp4_pkt4_received_total {}", s.counter(Counter::Received));
    head(&mut out, "kea_dhcp4_pkt4_sent_total", "counter", "DHCPv4 packets sent (pkt4-sent)");
    let _ = writeln!(out, "kea_dhcp4_pkt4_sent_total {}", s.counter(Counter::Sent));
    head(&mut out, "kea_dhcp4_packets_received_total", "counter", "DHCPv4 packets received, by message type or drop reason");
    for (c, op) in RECEIVED {
        let _ = writeln!(out, "kea_dhcp4_packets_received_total{{operation=\"{op}\"}} {}", s.counter(c));
    }
    head(&mut out, "kea_dhcp4_packets_sent_total", "counter", "DHCPv4 packets sent, by message type");
    for (c, op) in SENT {
        let _ = writeln!(out, "kea_dhcp4_packets_sent_total{{operation=\"{op}\"}} {}", s.counter(c));
    }
    for (name, ty, help, which) in SUBNET {
        head(&mut out, name, ty, help);
        for sub in &s.subnets {
            let v = match which {
                Value::Gauge(i) => sub.gauges[i],
                Value::Event(i) => sub.events[i],
            };
            out.push_str(name);
            out.push_str("{subnet=\"");
            label(&mut out, &sub.prefix);
            let _ = writeln!(out, "\",subnet_id=\"{}\"}} {v}", sub.id);
        }
    }
    out
}
