//! The DHCPv4 exchange (RFC 2131 §4.3, with Kea's choices): subnet selection, host lookup,
//! address allocation, lease commit, and the reply with options in Kea's precedence
//! (host > pool > subnet > shared network > classes > global).

use super::classify::{self, View};
use super::config::{Host, OptionSet, Runtime, SubnetRt};
use super::packet::{MsgType, Packet4, ReplyWriter, opt};
use super::stats::{Counter, Stats};
use super::store::LeaseStore;
use crate::expr::eval::Scratch;
use crate::leases::{Lease4, LeaseState};
use crate::model::IdentifierType;
use std::net::Ipv4Addr;

/// Where the packet came from and arrived.
#[derive(Clone, Copy, Debug)]
pub struct Meta<'a> {
    pub iface: &'a str,
    /// Address of the receiving interface (server identifier, direct subnet selection).
    pub local: Ipv4Addr,
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub now: u64,
}

/// Where to send the reply (RFC 2131 §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dest {
    /// To the relay's giaddr, server port.
    Relay(Ipv4Addr),
    /// Unicast to the client's ciaddr, client port.
    Client(Ipv4Addr),
    /// Broadcast on the receiving interface, client port.
    Broadcast,
}

/// Per-worker reusable state (no allocation per packet once warm).
#[derive(Default)]
pub struct Worker {
    pub scratch: Scratch,
    pub out: Vec<u8>,
    /// This packet's flex-id (the flex_id hook's identifier-expression value).
    pub flex: Vec<u8>,
}

pub struct Ctx<'r> {
    pub rt: &'r Runtime,
    pub leases: &'r mut LeaseStore,
    pub stats: &'r Stats,
}

fn select_subnet(rt: &Runtime, v: &View, m: &Meta) -> Option<usize> {
    let p = v.pkt;
    let allowed = |s: &SubnetRt| s.client_class.as_deref().is_none_or(|c| v.member(c));
    let gi = p.giaddr();
    // Kea 2.2 tries subnets in subnet-id order, not config order (tests/serve_vs_kea.rs: a
    // class-guarded subnet listed first but with the higher id loses to the open one).
    let by_id = |f: &dyn Fn(&SubnetRt) -> bool| rt.by_id.iter().copied().find(|&i| f(&rt.subnets[i]));
    if !gi.is_unspecified() {
        if let Some(i) = by_id(&|s| s.relays.contains(&gi) && allowed(s)) {
            return Some(i);
        }
        return by_id(&|s| s.contains(gi) && allowed(s));
    }
    let ci = p.ciaddr();
    if !ci.is_unspecified()
        && m.src == ci
        && let Some(i) = by_id(&|s| s.contains(ci) && allowed(s))
    {
        return Some(i);
    }
    if let Some(i) = by_id(&|s| s.interface.as_deref() == Some(m.iface) && allowed(s)) {
        return Some(i);
    }
    by_id(&|s| s.contains(m.local) && allowed(s))
}

/// The subnets a client may be served from: the selected one, then the rest of its shared
/// network (Kea tries each in turn).
fn candidates(rt: &Runtime, first: usize) -> impl Iterator<Item = usize> + '_ {
    let rest = rt.subnets[first].network.map(|n| &rt.networks[n].subnets[..]).unwrap_or(&[]);
    std::iter::once(first).chain(rest.iter().copied().filter(move |&i| i != first))
}

/// The identifier bytes a packet offers for reservation type `t` (Kea's order is the config's
/// `host-reservation-identifiers`):
/// - `duid`: the DUID inside an RFC 4361 client identifier (type 255, then a 4-byte IAID,
///   then the DUID), as kea-dhcp4 matches DHCPv4 `duid` reservations; other client-ids none;
/// - `flex-id`: the value of the flex_id hook's `identifier-expression` for this packet
///   (computed once per packet by `handle`), when it is not empty.
fn identifier<'p>(t: IdentifierType, p: &Packet4<'p>, flex: Option<&'p [u8]>) -> Option<&'p [u8]> {
    match t {
        IdentifierType::HwAddress => Some(p.chaddr()),
        IdentifierType::ClientId => p.client_id(),
        IdentifierType::CircuitId => p.relay_sub(1),
        IdentifierType::Duid => p.client_id().filter(|c| c.len() > 5 && c[0] == 255).map(|c| &c[5..]),
        IdentifierType::FlexId => flex.filter(|f| !f.is_empty()),
    }
}

fn find_host<'r>(rt: &'r Runtime, s: &'r SubnetRt, p: &Packet4, flex: Option<&[u8]>) -> Option<&'r Host> {
    let scopes = [(s.params.reservations_in_subnet, &s.hosts), (s.params.reservations_global, &rt.global_hosts)];
    for (on, hosts) in scopes {
        if !on || hosts.is_empty() {
            continue;
        }
        for t in &rt.host_identifiers {
            if let Some(h) = identifier(*t, p, flex).and_then(|id| hosts.find(*t, id)) {
                return Some(h);
            }
        }
    }
    None
}

fn free_for(leases: &LeaseStore, a: u32, hw: &[u8], cid: Option<&[u8]>, now: u64) -> bool {
    match leases.get_u32(a) {
        None => true,
        Some(l) => l.expire <= now || l.state == LeaseState::ExpiredReclaimed || (l.hwaddr == hw && cid.is_none_or(|c| l.client_id == c)),
    }
}

fn pool_ok(v: &View, pool: &super::config::PoolRt) -> bool {
    pool.client_class.as_deref().is_none_or(|c| v.member(c))
}

/// Picks an address for a client in subnet `si`; Kea's order: an existing lease, the
/// reservation, the requested address, then the next free address of a permitted pool.
fn allocate(cx: &Ctx, v: &View, si: usize, host: Option<&Host>, requested: Option<Ipv4Addr>, now: u64) -> Option<Ipv4Addr> {
    let s = &cx.rt.subnets[si];
    let p = v.pkt;
    let hw = p.chaddr();
    let cid = p.client_id();
    if let Some(l) = cx.leases.find_client(s.id, hw, cid, s.params.match_client_id) {
        return l.address;
    }
    if let Some(ip) = host.and_then(|h| h.ip).filter(|ip| s.contains(*ip))
        && free_for(cx.leases, ip.into(), hw, cid, now)
    {
        return Some(ip);
    }
    let reserved_elsewhere = |a: u32| s.hosts.by_ip.contains_key(&a) || cx.rt.global_hosts.by_ip.contains_key(&a);
    if let Some(r) = requested {
        let a = u32::from(r);
        if s.pools.iter().any(|pl| pl.contains(a) && pool_ok(v, pl)) && !reserved_elsewhere(a) && free_for(cx.leases, a, hw, cid, now) {
            return Some(r);
        }
    }
    // The cursors are shared by every worker (in the store, under the state lock): two
    // workers must not offer the same next address to two clients.
    let mut cursors = cx.leases.cursors.borrow_mut();
    if cursors.len() < cx.rt.subnets.len() {
        cursors.resize(cx.rt.subnets.len(), Vec::new());
    }
    let cur = &mut cursors[si];
    if cur.len() < s.pools.len() {
        cur.resize(s.pools.len(), 0);
    }
    for (pi, pool) in s.pools.iter().enumerate() {
        if !pool_ok(v, pool) {
            continue;
        }
        let size = (pool.last - pool.first) as u64 + 1;
        // Iterative: on from where the last allocation stopped. Random: from a random
        // address, then on (every free address stays reachable; the first pick is uniform).
        let start = if s.params.random_allocator { random_below(size) } else { cur[pi] as u64 };
        for step in 0..size {
            let a = pool.first + ((start + step) % size) as u32;
            if !reserved_elsewhere(a) && cx.leases.get_u32(a).is_none_or(|l| l.expire <= now && l.state != LeaseState::Declined) {
                if !s.params.random_allocator {
                    cur[pi] = ((start + step + 1) % size) as u32;
                }
                return Some(Ipv4Addr::from(a));
            }
        }
    }
    None
}

/// A number in [0, n) from a per-thread xorshift generator seeded from the clock and the
/// thread (address choice, not security: Kea's random allocator is not cryptographic either).
fn random_below(n: u64) -> u64 {
    use std::cell::Cell;
    thread_local! {
        static STATE: Cell<u64> = Cell::new({
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
            let here = &t as *const u64 as u64;
            (t ^ here.rotate_left(32)) | 1
        });
    }
    STATE.with(|s| {
        let mut x = s.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.set(x);
        x % n.max(1)
    })
}

fn lease_time(s: &SubnetRt, p: &Packet4) -> u32 {
    match p.lease_time() {
        Some(t) => t.clamp(s.params.min_valid, s.params.max_valid),
        None => s.params.valid,
    }
}

/// Handles one request; returns where to send the reply written in `w.out`.
pub fn handle(cx: &mut Ctx, w: &mut Worker, p: &Packet4, m: &Meta) -> Option<Dest> {
    let st = cx.stats;
    st.inc(match p.msg_type {
        MsgType::Discover => Counter::DiscoverReceived,
        MsgType::Request => Counter::RequestReceived,
        MsgType::Release => Counter::ReleaseReceived,
        MsgType::Decline => Counter::DeclineReceived,
        MsgType::Inform => Counter::InformReceived,
        _ => Counter::UnknownReceived,
    });
    let rt = cx.rt;
    let mut v = View { pkt: p, rt, classes: Default::default(), known: false, iface: m.iface, src: m.src, dst: m.dst };
    let mut scratch = std::mem::take(&mut w.scratch);
    classify::classify(&mut v, &mut scratch, &[]);
    let r = (|| {
        let si = select_subnet(rt, &v, m);
        let Some(si) = si else {
            st.inc(Counter::ReceiveDrop);
            return None;
        };
        let mut flex = std::mem::take(&mut w.flex);
        flex.clear();
        if let Some(e) = &rt.flex_id
            && let Ok(id) = crate::expr::eval::eval_string(e, &v, &mut scratch)
        {
            flex.extend_from_slice(id);
        }
        let host = find_host(rt, &rt.subnets[si], p, rt.flex_id.as_ref().map(|_| &flex[..]));
        w.flex = flex;
        if let Some(h) = host {
            v.known = true;
            classify::classify(&mut v, &mut scratch, &h.classes);
        }
        match p.msg_type {
            MsgType::Discover => discover(cx, w, &mut v, &mut scratch, si, host, m),
            MsgType::Request => request(cx, w, &mut v, &mut scratch, si, host, m),
            MsgType::Release => {
                release(cx, p, si, m);
                None
            }
            MsgType::Decline => {
                decline(cx, p, si, m);
                None
            }
            MsgType::Inform => inform(cx, w, &mut v, &mut scratch, si, host, m),
            _ => None,
        }
    })();
    w.scratch = scratch;
    r
}

fn dest(p: &Packet4, msg: MsgType) -> Dest {
    if !p.giaddr().is_unspecified() {
        Dest::Relay(p.giaddr())
    } else if msg != MsgType::Nak && !p.ciaddr().is_unspecified() {
        Dest::Client(p.ciaddr())
    } else {
        // Unicast to an unconfigured client needs an ARP entry we cannot add without raw
        // sockets: broadcast, which every client accepts (RFC 2131 §4.1 allows it).
        Dest::Broadcast
    }
}

fn discover(cx: &mut Ctx, w: &mut Worker, v: &mut View, sc: &mut Scratch, si: usize, host: Option<&Host>, m: &Meta) -> Option<Dest> {
    let p = v.pkt;
    let mut chosen = None;
    for ci in candidates(cx.rt, si) {
        if let Some(a) = allocate(cx, v, ci, if ci == si { host } else { None }, p.requested_ip(), m.now) {
            chosen = Some((ci, a));
            break;
        }
    }
    let Some((ci, addr)) = chosen else {
        cx.stats.inc(Counter::ReceiveDrop);
        super::log::warn("DHCP4_PACKET_NAK_0001", || format!("{:?}: no address available", p.chaddr()));
        return None;
    };
    let s = &cx.rt.subnets[ci];
    let t = lease_time(s, p);
    reply(cx.rt, w, v, sc, MsgType::Offer, ci, host, Some(addr), Some(t), m);
    cx.stats.inc(Counter::OfferSent);
    Some(dest(p, MsgType::Offer))
}

fn nak(cx: &Ctx, w: &mut Worker, p: &Packet4, m: &Meta) -> Option<Dest> {
    let mut r = ReplyWriter::start(&mut w.out, p, MsgType::Nak);
    r.option(opt::SERVER_ID, &m.local.octets());
    if let Some(c) = p.client_id()
        && cx.rt.echo_client_id
    {
        r.option(opt::CLIENT_ID, c);
    }
    r.finish();
    cx.stats.inc(Counter::NakSent);
    Some(dest(p, MsgType::Nak))
}

fn request(cx: &mut Ctx, w: &mut Worker, v: &mut View, sc: &mut Scratch, si: usize, host: Option<&Host>, m: &Meta) -> Option<Dest> {
    let p = v.pkt;
    let selecting = p.server_id();
    if let Some(sid) = selecting
        && sid != m.local
        && !server_id_configured(cx.rt, sid)
    {
        // The client chose another server.
        cx.stats.inc(Counter::ReceiveDrop);
        return None;
    }
    let wanted = p.requested_ip().or_else(|| Some(p.ciaddr()).filter(|a| !a.is_unspecified()));
    // Kea 2.2 answers a REQUEST that names no address (no option 50, no ciaddr) as if it were
    // selecting: the client's lease, its reservation or a new address.
    let wanted = wanted.or_else(|| allocate(cx, v, si, host, None, m.now));
    let Some(wanted) = wanted else {
        cx.stats.inc(Counter::ReceiveDrop);
        return None;
    };
    let hw = p.chaddr();
    let cid = p.client_id();
    // The subnet of the address asked for, among those the client may use.
    let Some(ci) = candidates(cx.rt, si).find(|&i| cx.rt.subnets[i].contains(wanted)) else {
        return if cx.rt.subnets[si].params.authoritative || selecting.is_some() || !p.ciaddr().is_unspecified() {
            nak(cx, w, p, m)
        } else {
            None
        };
    };
    let s = &cx.rt.subnets[ci];
    let existing = cx.leases.find_client(s.id, hw, cid, s.params.match_client_id).and_then(|l| l.address);
    let init_reboot = selecting.is_none() && p.ciaddr().is_unspecified() && p.requested_ip().is_some();
    if existing.is_none() && init_reboot && !s.params.authoritative {
        // Kea: INIT-REBOOT for an address we know nothing about is not ours to refuse.
        cx.stats.inc(Counter::ReceiveDrop);
        return None;
    }
    let host_here = if ci == si { host } else { None };
    let mut replaced = None;
    let ok = match existing {
        Some(a) if a == wanted => true,
        // Kea (ALLOC_ENGINE_V4_REQUEST_REMOVE_LEASE): a client asking for another address than
        // the one it holds gets it when it may have it, and its old lease is removed; a client
        // with a reservation in this subnet may only have the reserved address.
        // No lease, or a lease on another address: the requested address only (no search,
        // which would move the allocation cursor; Kea NAKs without allocating).
        other => {
            let reserved = host_here.and_then(|h| h.ip).filter(|ip| s.contains(*ip));
            let ok = match reserved {
                Some(r) => r == wanted && free_for(cx.leases, wanted.into(), hw, cid, m.now),
                None => {
                    let w32 = u32::from(wanted);
                    s.pools.iter().any(|pl| pl.contains(w32) && pool_ok(v, pl))
                        && !s.hosts.by_ip.contains_key(&w32)
                        && !cx.rt.global_hosts.by_ip.contains_key(&w32)
                        && free_for(cx.leases, w32, hw, cid, m.now)
                }
            };
            if ok {
                replaced = other;
            }
            ok
        }
    };
    if !ok {
        return nak(cx, w, p, m);
    }
    if let Some(old) = replaced
        && let Err(e) = cx.leases.delete(old, m.now)
    {
        super::log::error("DHCPSRV_MEMFILE_LEASE_WRITE_FAIL", || format!("cannot remove the old lease {old}: {e}"));
        cx.stats.inc(Counter::ReceiveDrop);
        return None;
    }
    let t = lease_time(s, p);
    let lease = Lease4 {
        address: Some(wanted),
        hwaddr: hw.to_vec(),
        client_id: cid.map(<[u8]>::to_vec).unwrap_or_default(),
        valid_lifetime: t,
        expire: m.now + t as u64,
        subnet_id: s.id,
        hostname: host
            .and_then(|h| h.hostname.clone())
            .or_else(|| p.option(opt::HOST_NAME).map(|h| String::from_utf8_lossy(h).into_owned()))
            .unwrap_or_default(),
        ..Default::default()
    };
    if let Err(e) = cx.leases.commit(lease) {
        // Not on disk: no ACK (the client retries).
        super::log::error("DHCPSRV_MEMFILE_LEASE_WRITE_FAIL", || format!("cannot write lease for {wanted}: {e}"));
        cx.stats.inc(Counter::ReceiveDrop);
        return None;
    }
    if existing != Some(wanted) {
        cx.stats.lease_event(s.id, super::stats::LeaseEvent::Assigned);
    }
    super::log::info("DHCP4_LEASE_ALLOC", || format!("lease {wanted} has been allocated for {} seconds", t));
    reply(cx.rt, w, v, sc, MsgType::Ack, ci, host, Some(wanted), Some(t), m);
    cx.stats.inc(Counter::AckSent);
    Some(dest(p, MsgType::Ack))
}

fn server_id_configured(rt: &Runtime, sid: Ipv4Addr) -> bool {
    rt.global_options.get(opt::SERVER_ID).is_some_and(|o| o.wire[2..] == sid.octets())
        || rt.subnets.iter().any(|s| s.options.get(opt::SERVER_ID).is_some_and(|o| o.wire[2..] == sid.octets()))
}

fn owned_by(l: &Lease4, p: &Packet4) -> bool {
    l.hwaddr == p.chaddr() || p.client_id().is_some_and(|c| c == l.client_id.as_slice())
}

fn release(cx: &mut Ctx, p: &Packet4, _si: usize, m: &Meta) {
    let a = p.ciaddr();
    if cx.leases.get(a).is_some_and(|l| owned_by(l, p)) && cx.leases.delete(a, m.now).is_ok() {
        super::log::info("DHCP4_RELEASE", || format!("address {a} was released properly"));
    }
}

fn decline(cx: &mut Ctx, p: &Packet4, _si: usize, m: &Meta) {
    let Some(a) = p.requested_ip() else { return };
    let Some(l) = cx.leases.get(a).filter(|l| owned_by(l, p)) else { return };
    let mut d = l.clone();
    d.hwaddr.clear();
    d.client_id.clear();
    d.hostname.clear();
    d.state = LeaseState::Declined;
    d.valid_lifetime = cx.rt.decline_probation;
    d.expire = m.now + cx.rt.decline_probation as u64;
    if cx.leases.commit(d).is_ok() {
        super::log::info("DHCP4_DECLINE_LEASE", || format!("address {a} was declined by the client"));
    }
}

fn inform(cx: &mut Ctx, w: &mut Worker, v: &mut View, sc: &mut Scratch, si: usize, host: Option<&Host>, m: &Meta) -> Option<Dest> {
    let p = v.pkt;
    reply(cx.rt, w, v, sc, MsgType::Ack, si, host, None, None, m);
    cx.stats.inc(Counter::AckSent);
    if p.giaddr().is_unspecified() && !p.ciaddr().is_unspecified() { Some(Dest::Client(p.ciaddr())) } else { Some(dest(p, MsgType::Ack)) }
}

/// Writes an OFFER or ACK. Options: requested ones (parameter request list order), then
/// always-send ones and the basic ones Kea always includes (routers, DNS servers, domain
/// name), each taken from the most specific scope that has it.
#[allow(clippy::too_many_arguments)]
fn reply(
    rt: &Runtime,
    w: &mut Worker,
    v: &mut View,
    sc: &mut Scratch,
    msg: MsgType,
    si: usize,
    host: Option<&Host>,
    yiaddr: Option<Ipv4Addr>,
    lease: Option<u32>,
    m: &Meta,
) {
    let p = v.pkt;
    let s = &rt.subnets[si];
    let pool = yiaddr.and_then(|a| s.pools.iter().find(|pl| pl.contains(a.into())));
    // Required classes (only-if-required) named by the pool, subnet or network.
    if !s.params.require_client_classes.is_empty() {
        classify::require(v, sc, &s.params.require_client_classes);
    }
    let mut scopes: [Option<&OptionSet>; 5] = [host.map(|h| &h.options), pool.map(|pl| &pl.options), Some(&s.options), None, None];
    scopes[3] = s.network.map(|n| &rt.networks[n].options);
    let class_sets = rt.classes.iter().enumerate().filter(|(i, _)| v.classes.has(*i)).map(|(_, c)| &c.options);
    let find = |code: u8| {
        scopes
            .iter()
            .flatten()
            .copied()
            .chain(class_sets.clone())
            .chain(std::iter::once(&rt.global_options))
            .find_map(|set| set.get(code))
            .filter(|o| !o.never_send)
    };
    let mut r = ReplyWriter::start(&mut w.out, p, msg);
    let ciaddr = p.ciaddr();
    if msg == MsgType::Ack && yiaddr.is_none() {
        r.set_ciaddr(ciaddr);
    }
    if let Some(a) = yiaddr {
        r.set_yiaddr(a);
    }
    // siaddr, sname, file: host > class > subnet scope (Kea).
    let class_field = |f: fn(&super::config::ClassRt) -> Option<&str>| {
        rt.classes.iter().enumerate().filter(|(i, _)| v.classes.has(*i)).find_map(|(_, c)| f(c))
    };
    let next = host
        .and_then(|h| h.next_server)
        .or_else(|| rt.classes.iter().enumerate().filter(|(i, _)| v.classes.has(*i)).find_map(|(_, c)| c.next_server))
        .or(s.params.next_server);
    if let Some(n) = next {
        r.set_siaddr(n);
    }
    if let Some(sn) = host
        .and_then(|h| h.server_hostname.as_deref())
        .or_else(|| class_field(|c| c.server_hostname.as_deref()))
        .or(s.params.server_hostname.as_deref())
    {
        r.set_sname(sn.as_bytes());
    }
    if let Some(f) = host
        .and_then(|h| h.boot_file_name.as_deref())
        .or_else(|| class_field(|c| c.boot_file_name.as_deref()))
        .or(s.params.boot_file_name.as_deref())
    {
        r.set_file(f.as_bytes());
    }
    let mut sent = [false; 256];
    sent[opt::MESSAGE_TYPE as usize] = true;
    if let Some(t) = lease {
        r.option(opt::LEASE_TIME, &t.to_be_bytes());
        sent[opt::LEASE_TIME as usize] = true;
        let (t1, t2) = match (s.params.renew, s.params.rebind) {
            (r1, r2) if r1.is_some() || r2.is_some() => (r1, r2),
            _ if s.params.calculate_tee_times => {
                (Some((t as f64 * s.params.t1_percent) as u32), Some((t as f64 * s.params.t2_percent) as u32))
            }
            _ => (None, None),
        };
        // Kea leaves out timers that are not below the lease time (and T1 not below T2).
        let t2 = t2.filter(|&x| x < t);
        let t1 = t1.filter(|&x| x < t2.unwrap_or(t));
        if let Some(t1) = t1 {
            r.option(opt::RENEW_TIME, &t1.to_be_bytes());
            sent[opt::RENEW_TIME as usize] = true;
        }
        if let Some(t2) = t2 {
            r.option(opt::REBIND_TIME, &t2.to_be_bytes());
            sent[opt::REBIND_TIME as usize] = true;
        }
    }
    match find(opt::SERVER_ID) {
        Some(o) => r.raw(&o.wire),
        None => r.option(opt::SERVER_ID, &m.local.octets()),
    }
    sent[opt::SERVER_ID as usize] = true;
    if yiaddr.is_some() || msg == MsgType::Ack {
        match find(opt::SUBNET_MASK) {
            Some(o) => r.raw(&o.wire),
            None => r.option(opt::SUBNET_MASK, &s.mask.to_be_bytes()),
        }
        sent[opt::SUBNET_MASK as usize] = true;
    }
    if let Some(c) = p.client_id()
        && rt.echo_client_id
    {
        r.option(opt::CLIENT_ID, c);
        sent[opt::CLIENT_ID as usize] = true;
    }
    if let Some(hn) = host.and_then(|h| h.hostname.as_deref()) {
        r.option(opt::HOST_NAME, hn.as_bytes());
        sent[opt::HOST_NAME as usize] = true;
    } else if let Some(hn) = p.option(opt::HOST_NAME).filter(|h| !h.is_empty() && yiaddr.is_some()) {
        // Kea 2.2 sends the client's own host name back (without DDNS it is not qualified).
        r.option(opt::HOST_NAME, hn);
        sent[opt::HOST_NAME as usize] = true;
    }
    for &code in p.option(opt::PRL).unwrap_or(&[]).iter().chain(&[opt::ROUTERS, opt::DNS, opt::DOMAIN_NAME]) {
        if !sent[code as usize] {
            sent[code as usize] = true;
            if let Some(o) = find(code) {
                r.raw(&o.wire);
            }
        }
    }
    // always-send options of any scope in force.
    for set in scopes.iter().flatten().copied().chain(class_sets.clone()).chain(std::iter::once(&rt.global_options)) {
        for o in set.list.iter().filter(|o| o.always_send) {
            if !sent[o.code as usize] {
                sent[o.code as usize] = true;
                if let Some(best) = find(o.code) {
                    r.raw(&best.wire);
                }
            }
        }
    }
    r.sort_options();
    // Relay agent information goes back to the relay (RFC 3046 §2.2).
    if !p.giaddr().is_unspecified()
        && let Some(rai) = p.option(opt::RELAY_AGENT_INFO)
    {
        r.option(opt::RELAY_AGENT_INFO, rai);
    }
    r.fit(super::packet::max_reply_len(p));
    r.finish();
}
