//! Packet statistics under Kea's names (`pkt4-received`, `pkt4-ack-sent`, …), as lock-free
//! counters the packet path bumps; per-subnet lease counts are computed when asked.

use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Counter {
    Received,
    DiscoverReceived,
    RequestReceived,
    ReleaseReceived,
    DeclineReceived,
    InformReceived,
    UnknownReceived,
    ParseFailed,
    ReceiveDrop,
    Sent,
    OfferSent,
    AckSent,
    NakSent,
}

pub const NAMES: [(Counter, &str); 13] = [
    (Counter::Received, "pkt4-received"),
    (Counter::DiscoverReceived, "pkt4-discover-received"),
    (Counter::RequestReceived, "pkt4-request-received"),
    (Counter::ReleaseReceived, "pkt4-release-received"),
    (Counter::DeclineReceived, "pkt4-decline-received"),
    (Counter::InformReceived, "pkt4-inform-received"),
    (Counter::UnknownReceived, "pkt4-unknown-received"),
    (Counter::ParseFailed, "pkt4-parse-failed"),
    (Counter::ReceiveDrop, "pkt4-receive-drop"),
    (Counter::Sent, "pkt4-sent"),
    (Counter::OfferSent, "pkt4-offer-sent"),
    (Counter::AckSent, "pkt4-ack-sent"),
    (Counter::NakSent, "pkt4-nak-sent"),
];

#[derive(Default)]
pub struct Stats {
    c: [AtomicU64; 13],
}

impl Stats {
    pub fn inc(&self, c: Counter) {
        self.c[c as usize].fetch_add(1, Ordering::Relaxed);
    }
    pub fn get(&self, c: Counter) -> u64 {
        self.c[c as usize].load(Ordering::Relaxed)
    }
    pub fn reset(&self, c: Counter) {
        self.c[c as usize].store(0, Ordering::Relaxed);
    }
    pub fn by_name(name: &str) -> Option<Counter> {
        NAMES.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
    }
}
