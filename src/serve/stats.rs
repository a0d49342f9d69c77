//! Statistics under Kea's names. Packet counters (`pkt4-received`, `pkt4-ack-sent`, …) are
//! lock-free atomics the packet path bumps; lease events (new assignments, reclamations) are
//! counted per subnet under a small mutex (they happen under the state lock anyway); the
//! per-subnet gauges (`subnet[N].total-addresses`, `-assigned-addresses`,
//! `-declined-addresses`) are computed from the runtime tables and the lease store when asked,
//! so they are never out of step with the leases.
//!
//! One `Snapshot` feeds both `statistic-get(-all)` (Kea's names and reply shape) and the
//! Prometheus text of `/metrics` (`super::metrics`).

use super::State;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Counter {
    Received,
    DiscoverReceived,
    OfferReceived,
    RequestReceived,
    AckReceived,
    NakReceived,
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

const N: usize = 16;

/// The packet counters and their Kea names (Kea 2.2's `statistic-get-all`).
pub const NAMES: [(Counter, &str); N] = [
    (Counter::Received, "pkt4-received"),
    (Counter::DiscoverReceived, "pkt4-discover-received"),
    (Counter::OfferReceived, "pkt4-offer-received"),
    (Counter::RequestReceived, "pkt4-request-received"),
    (Counter::AckReceived, "pkt4-ack-received"),
    (Counter::NakReceived, "pkt4-nak-received"),
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

/// Lease events counted per subnet (and summed into the global statistic of the same name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum LeaseEvent {
    /// A lease given to a client that did not hold it (not a renewal).
    Assigned,
    /// An expired lease reclaimed.
    Reclaimed,
    /// A declined address back in its pool after the probation period.
    ReclaimedDeclined,
}

pub const EVENT_NAMES: [&str; 3] = ["cumulative-assigned-addresses", "reclaimed-leases", "reclaimed-declined-addresses"];

/// Per-subnet gauges computed from the lease store, with their Kea names.
pub const GAUGE_NAMES: [&str; 3] = ["total-addresses", "assigned-addresses", "declined-addresses"];

#[derive(Default)]
pub struct Stats {
    c: [AtomicU64; N],
    /// Counters removed by `statistic-remove`: hidden while they stay 0 (Kea re-creates a
    /// statistic when it is next incremented).
    removed_counters: AtomicU64,
    events: Mutex<Events>,
}

#[derive(Default)]
struct Events {
    per_subnet: FxHashMap<u32, [u64; 3]>,
    /// Names removed by `statistic-remove` other than packet counters; hidden until the
    /// next reconfiguration (Kea re-creates subnet statistics then).
    removed: FxHashSet<String>,
    all_removed: bool,
}

impl Stats {
    pub fn inc(&self, c: Counter) {
        self.c[c as usize].fetch_add(1, Ordering::Relaxed);
    }
    pub fn add(&self, c: Counter, n: u64) {
        if n > 0 {
            self.c[c as usize].fetch_add(n, Ordering::Relaxed);
        }
    }
    pub fn get(&self, c: Counter) -> u64 {
        self.c[c as usize].load(Ordering::Relaxed)
    }
    pub fn by_name(name: &str) -> Option<Counter> {
        NAMES.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
    }

    fn events(&self) -> std::sync::MutexGuard<'_, Events> {
        self.events.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts a lease event in subnet `subnet_id`.
    pub fn lease_event(&self, subnet_id: u32, e: LeaseEvent) {
        self.events().per_subnet.entry(subnet_id).or_default()[e as usize] += 1;
    }

    /// After config-set / config-reload: removed subnet statistics come back (as in Kea,
    /// which creates them anew for the new configuration).
    pub fn reconfigured(&self) {
        let mut ev = self.events();
        ev.removed.clear();
        ev.all_removed = false;
    }

    /// `statistic-reset`: false when no statistic has that name. Gauges computed from the
    /// lease store (`…-addresses` other than the cumulative one) are accepted and keep
    /// showing the current count (a difference from Kea, which zeroes them until they next
    /// change).
    pub fn reset(&self, name: &str, known: bool) -> bool {
        if let Some(c) = Self::by_name(name) {
            self.c[c as usize].store(0, Ordering::Relaxed);
            return true;
        }
        if !known {
            return false;
        }
        let mut ev = self.events();
        match parse_name(name) {
            Some((None, i)) => ev.per_subnet.values_mut().for_each(|v| v[i] = 0),
            Some((Some(id), i)) => {
                if let Some(v) = ev.per_subnet.get_mut(&id) {
                    v[i] = 0
                }
            }
            None => {}
        }
        true
    }

    pub fn reset_all(&self) {
        for c in &self.c {
            c.store(0, Ordering::Relaxed);
        }
        self.events().per_subnet.clear();
    }

    /// `statistic-remove`: false when no statistic has that name.
    pub fn remove(&self, name: &str, known: bool) -> bool {
        if let Some(c) = Self::by_name(name) {
            let was = self.c[c as usize].swap(0, Ordering::Relaxed);
            let bit = 1u64 << c as usize;
            let hidden = self.removed_counters.fetch_or(bit, Ordering::Relaxed) & bit != 0;
            return !(hidden && was == 0);
        }
        if !known {
            return false;
        }
        self.reset(name, true);
        self.events().removed.insert(name.to_string())
    }

    pub fn remove_all(&self) {
        self.reset_all();
        self.removed_counters.store(u64::MAX, Ordering::Relaxed);
        let mut ev = self.events();
        ev.all_removed = true;
    }
}

/// `subnet[N].NAME` → (Some(N), event index), a global event name → (None, index).
fn parse_name(name: &str) -> Option<(Option<u32>, usize)> {
    let (id, base) = match name.strip_prefix("subnet[").and_then(|r| r.split_once("].")) {
        Some((id, base)) => (Some(id.parse().ok()?), base),
        None => (None, name),
    };
    EVENT_NAMES.iter().position(|n| *n == base).map(|i| (id, i))
}

/// Every statistic at one moment, read under the state lock.
pub struct Snapshot {
    pub counters: [u64; N],
    pub subnets: Vec<SubnetStats>,
    /// Sums over the subnets of the lease events (`cumulative-assigned-addresses`, …).
    pub events: [u64; 3],
    /// Declined addresses in all subnets (Kea's global `declined-addresses`).
    pub declined: u64,
    counter_hidden: u64,
    removed: FxHashSet<String>,
    all_removed: bool,
}

pub struct SubnetStats {
    pub id: u32,
    /// The subnet as written in the config, e.g. `10.0.0.0/24`.
    pub prefix: String,
    /// total-addresses, assigned-addresses, declined-addresses.
    pub gauges: [u64; 3],
    /// cumulative-assigned-addresses, reclaimed-leases, reclaimed-declined-addresses.
    pub events: [u64; 3],
}

pub fn snapshot(stats: &Stats, st: &State) -> Snapshot {
    use crate::leases::LeaseState;
    let counters = std::array::from_fn(|i| stats.c[i].load(Ordering::Relaxed));
    // One pass over the leases, whatever the number of subnets. As in Kea, a declined
    // address is still counted as assigned (it is not in the pool for anyone else).
    let mut counts: FxHashMap<u32, [u64; 2]> = FxHashMap::default();
    for l in st.leases.iter() {
        let c = match l.state {
            LeaseState::Default => [1, 0],
            LeaseState::Declined => [1, 1],
            _ => continue,
        };
        let e = counts.entry(l.subnet_id).or_default();
        e[0] += c[0];
        e[1] += c[1];
    }
    let ev = stats.events();
    let mut subnets: Vec<SubnetStats> = st
        .rt
        .subnets
        .iter()
        .map(|s| {
            let c = counts.get(&s.id).copied().unwrap_or_default();
            SubnetStats {
                id: s.id,
                prefix: format!("{}/{}", std::net::Ipv4Addr::from(s.addr), s.prefix),
                gauges: [s.total_addresses(), c[0], c[1]],
                events: ev.per_subnet.get(&s.id).copied().unwrap_or_default(),
            }
        })
        .collect();
    subnets.sort_by_key(|s| s.id);
    let mut events = [0u64; 3];
    for v in ev.per_subnet.values() {
        for i in 0..3 {
            events[i] += v[i];
        }
    }
    Snapshot {
        counters,
        declined: subnets.iter().map(|s| s.gauges[2]).sum(),
        subnets,
        events,
        counter_hidden: stats.removed_counters.load(Ordering::Relaxed),
        removed: ev.removed.clone(),
        all_removed: ev.all_removed,
    }
}

impl Snapshot {
    pub fn counter(&self, c: Counter) -> u64 {
        self.counters[c as usize]
    }

    /// Every statistic by Kea's name, sorted by name as Kea lists them; removed ones left out.
    pub fn kea_list(&self) -> Vec<(String, u64)> {
        let mut out = Vec::with_capacity(N + 4 + self.subnets.len() * 6);
        for (i, (_, name)) in NAMES.iter().enumerate() {
            let v = self.counters[i];
            if v > 0 || self.counter_hidden & (1 << i) == 0 {
                out.push((name.to_string(), v));
            }
        }
        if !self.all_removed {
            for (i, name) in EVENT_NAMES.iter().enumerate() {
                out.push((name.to_string(), self.events[i]));
            }
            out.push(("declined-addresses".to_string(), self.declined));
            for s in &self.subnets {
                for (i, name) in GAUGE_NAMES.iter().enumerate() {
                    out.push((format!("subnet[{}].{name}", s.id), s.gauges[i]));
                }
                for (i, name) in EVENT_NAMES.iter().enumerate() {
                    out.push((format!("subnet[{}].{name}", s.id), s.events[i]));
                }
            }
        }
        out.retain(|(n, _)| !self.removed.contains(n));
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Whether `name` is a statistic this server keeps (removed or not).
    pub fn knows(&self, name: &str) -> bool {
        if Stats::by_name(name).is_some() || EVENT_NAMES.contains(&name) || name == "declined-addresses" {
            return true;
        }
        let Some((id, base)) = name.strip_prefix("subnet[").and_then(|r| r.split_once("].")) else { return false };
        id.parse::<u32>().is_ok_and(|id| self.subnets.iter().any(|s| s.id == id))
            && (GAUGE_NAMES.contains(&base) || EVENT_NAMES.contains(&base))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_removal() {
        let s = Stats::default();
        s.inc(Counter::Received);
        assert!(s.remove("pkt4-received", true));
        assert_eq!(s.get(Counter::Received), 0);
        // Removed twice: the second time it is not there.
        assert!(!s.remove("pkt4-received", true));
        s.inc(Counter::Received);
        assert!(s.remove("pkt4-received", true), "re-created by the increment");
        assert!(!s.reset("nonsense", false));
        assert_eq!(parse_name("subnet[7].reclaimed-leases"), Some((Some(7), 1)));
        assert_eq!(parse_name("cumulative-assigned-addresses"), Some((None, 0)));
        assert_eq!(parse_name("subnet[x].reclaimed-leases"), None);
        s.lease_event(3, LeaseEvent::Assigned);
        assert!(s.reset("subnet[3].cumulative-assigned-addresses", true));
        assert_eq!(s.events().per_subnet[&3], [0, 0, 0]);
    }
}
