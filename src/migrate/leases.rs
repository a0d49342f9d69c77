//! dhcpd.leases → Kea memfile CSV. dhcpd.leases(5) is a journal: dhcpd reads it top to
//! bottom and a later `lease` (or `iaaddr`/`iaprefix`) for an address replaces the earlier
//! one, so the last record of each address wins. Binding states map to Kea's:
//! active → default (0), abandoned → declined (1), expired → expired-reclaimed (2, keeps the
//! client's affinity); free, released and backup bindings (no client owns the address) are
//! dropped and counted. Records are written with `crate::leases::csv`.

use crate::dhcpd::ast::{Stmt, TokKind};
use crate::leases::{Lease4, Lease6, LeaseState, LeaseType6};
use rustc_hash::FxHashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

/// What was read, with the counts of dropped records.
#[derive(Default, Debug)]
pub struct Converted<L> {
    pub leases: Vec<L>,
    /// Records replaced by a later one for the same address.
    pub superseded: usize,
    /// Final bindings dropped, by state name.
    pub dropped: Vec<(String, usize)>,
    /// Leases whose address is in no subnet of the config (subnet id 0).
    pub no_subnet: usize,
}

fn count(dropped: &mut Vec<(String, usize)>, state: &str) {
    match dropped.iter_mut().find(|(s, _)| s == state) {
        Some((_, n)) => *n += 1,
        None => dropped.push((state.to_string(), 1)),
    }
}

/// `W YYYY/MM/DD HH:MM:SS` (UTC), `epoch N`, or `never` → Unix time (None for never).
pub fn parse_time(st: &Stmt) -> Result<Option<u64>, String> {
    let w: Vec<&str> = st.tokens[1..].iter().map(|t| &*t.text).collect();
    match w.as_slice() {
        ["never"] => Ok(None),
        ["epoch", n] => n.parse().map(Some).map_err(|_| format!("bad epoch time `{n}`")),
        [_, date, time] => {
            let d: Vec<i64> = date.split('/').filter_map(|x| x.parse().ok()).collect();
            let t: Vec<i64> = time.split(':').filter_map(|x| x.parse().ok()).collect();
            // Years past 9999 are no date dhcpd writes (and would overflow the day count).
            if d.len() != 3
                || t.len() != 3
                || !(0..=9999).contains(&d[0])
                || !(1..=12).contains(&d[1])
                || !(1..=31).contains(&d[2])
                || t[0] > 23
                || t[1] > 59
                || t[2] > 60
            {
                return Err(format!("bad date `{date} {time}`"));
            }
            let days = days_from_civil(d[0], d[1], d[2]);
            let secs = days * 86400 + t[0] * 3600 + t[1] * 60 + t[2];
            u64::try_from(secs).map(Some).map_err(|_| format!("date before 1970: `{date}`"))
        }
        _ => Err(format!("expected `WEEKDAY YYYY/MM/DD HH:MM:SS`, `epoch N` or `never`, found `{}`", w.join(" "))),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Shared fields of a binding block.
#[derive(Default)]
struct Binding {
    starts: Option<u64>,
    ends: Option<Option<u64>>,
    cltt: Option<u64>,
    state: String,
    hw: Vec<u8>,
    uid: Vec<u8>,
    hostname: String,
    preferred: Option<u32>,
    max_life: Option<u32>,
}

fn binding(stmts: &[Stmt], errors: &mut Vec<(crate::source::Span, String)>) -> Binding {
    let mut b = Binding { state: "active".into(), ..Default::default() };
    for s in stmts {
        let w: Vec<&str> = s.tokens.iter().map(|t| &*t.text).collect();
        let time = |s: &Stmt, errors: &mut Vec<_>| match parse_time(s) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push((s.span, e));
                None
            }
        };
        match w.as_slice() {
            ["starts", ..] => b.starts = time(s, errors).flatten(),
            ["ends", ..] => b.ends = time(s, errors),
            ["cltt", ..] => b.cltt = time(s, errors).flatten(),
            ["binding", "state", st] => b.state = st.to_ascii_lowercase(),
            ["hardware", _, mac] => b.hw = super::params::hex_bytes(mac).unwrap_or_default(),
            ["uid", _] => b.uid = ident(&s.tokens[1]),
            ["client-hostname", _] => b.hostname = s.tokens[1].text.to_string(),
            ["preferred-life", n] => b.preferred = n.parse().ok(),
            ["max-life", n] => b.max_life = n.parse().ok(),
            _ => {}
        }
    }
    b
}

fn ident(t: &crate::dhcpd::ast::Token) -> Vec<u8> {
    if t.kind == TokKind::Word
        && let Some(b) = super::params::hex_bytes(&t.text)
    {
        return b;
    }
    t.bytes()
}

fn kea_state(state: &str) -> Option<LeaseState> {
    match state {
        "active" => Some(LeaseState::Default),
        "abandoned" => Some(LeaseState::Declined),
        "expired" => Some(LeaseState::ExpiredReclaimed),
        _ => None,
    }
}

/// Lifetime and expiry: `ends never` is Kea's infinite lifetime (0xffffffff).
fn times(b: &Binding, default_life: u32) -> (u32, u64) {
    let start = b.cltt.or(b.starts).unwrap_or(0);
    match b.ends {
        Some(None) => (u32::MAX, start + u64::from(u32::MAX)),
        Some(Some(e)) => (u32::try_from(e.saturating_sub(start)).unwrap_or(u32::MAX), e),
        None => (default_life, start + u64::from(default_life)),
    }
}

/// DHCPv4: every `lease A { ... }` statement; subnet ids from `subnet_of`.
pub fn convert4(
    stmts: &[Stmt],
    subnet_of: &dyn Fn(Ipv4Addr) -> Option<u32>,
    errors: &mut Vec<(crate::source::Span, String)>,
) -> Converted<Lease4> {
    let mut out = Converted::default();
    let mut last: FxHashMap<Ipv4Addr, (usize, String)> = FxHashMap::default();
    let mut records: Vec<Option<Lease4>> = Vec::new();
    for s in stmts.iter().filter(|s| s.head() == "lease" && s.block.is_some()) {
        let Some(a) = s.tokens.get(1).and_then(|t| t.text.parse::<Ipv4Addr>().ok()) else {
            errors.push((s.span, "`lease` needs an IPv4 address".into()));
            continue;
        };
        let b = binding(s.children(), errors);
        let (valid, expire) = times(&b, 0);
        let l = Lease4 {
            address: Some(a),
            hwaddr: b.hw,
            client_id: b.uid,
            valid_lifetime: valid,
            expire,
            subnet_id: 0,
            hostname: b.hostname,
            state: kea_state(&b.state).unwrap_or_default(),
            ..Default::default()
        };
        if let Some((i, _)) = last.get(&a) {
            records[*i] = None;
            out.superseded += 1;
        }
        last.insert(a, (records.len(), b.state));
        records.push(Some(l));
    }
    let mut states: FxHashMap<Ipv4Addr, String> = last.into_iter().map(|(a, (_, s))| (a, s)).collect();
    for mut l in records.into_iter().flatten() {
        let a = l.address.unwrap_or(Ipv4Addr::UNSPECIFIED);
        let st = states.remove(&a).unwrap_or_default();
        if kea_state(&st).is_none() {
            count(&mut out.dropped, &st);
            continue;
        }
        match subnet_of(a) {
            Some(id) => l.subnet_id = id,
            None => out.no_subnet += 1,
        }
        out.leases.push(l);
    }
    out
}

/// DHCPv6: `ia-na`/`ia-ta`/`ia-pd "IAID+DUID" { iaaddr A { ... } iaprefix P/L { ... } }`.
pub fn convert6(
    stmts: &[Stmt],
    subnet_of: &dyn Fn(Ipv6Addr) -> Option<u32>,
    errors: &mut Vec<(crate::source::Span, String)>,
) -> Converted<Lease6> {
    let mut out = Converted::default();
    let mut last: FxHashMap<(Ipv6Addr, u8), usize> = FxHashMap::default();
    let mut records: Vec<Option<(Lease6, String)>> = Vec::new();
    for s in stmts.iter().filter(|s| matches!(s.head(), "ia-na" | "ia-ta" | "ia-pd") && s.block.is_some()) {
        let ty = match s.head() {
            "ia-na" => LeaseType6::Na,
            "ia-ta" => LeaseType6::Ta,
            _ => LeaseType6::Pd,
        };
        let key = s.tokens.get(1).map(ident).unwrap_or_default();
        if key.len() < 5 {
            errors.push((s.span, "IA key must hold a 4-byte IAID and a DUID".into()));
            continue;
        }
        // dhcpd writes the IAID in host byte order (it copies the host integer): x86 is
        // little-endian, the only platform this tool targets.
        let iaid = u32::from_le_bytes([key[0], key[1], key[2], key[3]]);
        let duid = key[4..].to_vec();
        let ia_cltt = s.children().iter().find(|c| c.head() == "cltt").and_then(|c| parse_time(c).ok().flatten());
        for c in s.children().iter().filter(|c| matches!(c.head(), "iaaddr" | "iaprefix") && c.block.is_some()) {
            let text = c.tokens.get(1).map(|t| t.text.to_string()).unwrap_or_default();
            let (addr, plen) = if c.head() == "iaprefix" {
                match text.parse::<ipnet::Ipv6Net>() {
                    Ok(n) => (n.addr(), n.prefix_len()),
                    Err(_) => {
                        errors.push((c.span, format!("bad prefix `{text}`")));
                        continue;
                    }
                }
            } else {
                match text.parse::<Ipv6Addr>() {
                    Ok(a) => (a, 128),
                    Err(_) => {
                        errors.push((c.span, format!("bad address `{text}`")));
                        continue;
                    }
                }
            };
            let mut b = binding(c.children(), errors);
            b.cltt = b.cltt.or(ia_cltt);
            let (valid, mut expire) = times(&b, b.max_life.unwrap_or(0));
            let valid = b.max_life.unwrap_or(valid);
            if b.ends.is_none() {
                expire = b.cltt.unwrap_or(0) + u64::from(valid);
            }
            let l = Lease6 {
                address: Some(addr),
                duid: duid.clone(),
                valid_lifetime: valid,
                expire,
                pref_lifetime: b.preferred.unwrap_or(valid),
                lease_type: ty,
                iaid,
                prefix_len: plen,
                state: kea_state(&b.state).unwrap_or_default(),
                ..Default::default()
            };
            if let Some(i) = last.get(&(addr, plen)) {
                records[*i] = None;
                out.superseded += 1;
            }
            last.insert((addr, plen), records.len());
            records.push(Some((l, b.state)));
        }
    }
    for (mut l, st) in records.into_iter().flatten() {
        if kea_state(&st).is_none() {
            count(&mut out.dropped, &st);
            continue;
        }
        match subnet_of(l.address.unwrap_or(Ipv6Addr::UNSPECIFIED)) {
            Some(id) => l.subnet_id = id,
            None => out.no_subnet += 1,
        }
        out.leases.push(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_unix_times() {
        let (c, _) = crate::dhcpd::parse_str("l", "starts 4 2026/11/23 10:00:00; ends never; cltt epoch 5;", None);
        assert_eq!(parse_time(&c.stmts[0]), Ok(Some(1_795_428_000)));
        assert_eq!(parse_time(&c.stmts[1]), Ok(None));
        assert_eq!(parse_time(&c.stmts[2]), Ok(Some(5)));
        // A year no dhcpd writes is an error, not an overflow (found by the fuzz target).
        let (c, _) = crate::dhcpd::parse_str("l", "starts 3 555555555555552030/01/02 00:30:00; starts 5 9999/12/31 23:59:59;", None);
        assert!(parse_time(&c.stmts[0]).unwrap_err().contains("bad date"));
        assert_eq!(parse_time(&c.stmts[1]), Ok(Some(253_402_300_799)));
    }

    #[test]
    fn last_record_wins_and_states_map() {
        let src = r#"
lease 10.0.0.5 { starts 1 2026/01/05 00:00:00; ends 1 2026/01/05 01:00:00; binding state active; hardware ethernet 00:11:22:33:44:55; }
lease 10.0.0.5 { starts 1 2026/01/05 00:30:00; ends 1 2026/01/05 01:30:00; binding state active; hardware ethernet 00:11:22:33:44:66; uid "\001\000\021"; client-hostname "pc"; }
lease 10.0.0.6 { starts 1 2026/01/05 00:00:00; ends 1 2026/01/05 01:00:00; binding state free; }
lease 10.0.0.7 { starts 1 2026/01/05 00:00:00; ends 1 2026/01/05 01:00:00; binding state abandoned; }
lease 10.0.0.6 { starts 1 2026/01/05 00:00:00; ends 1 2026/01/05 01:00:00; binding state active; }
lease 10.0.0.6 { starts 1 2026/01/05 00:00:00; ends 1 2026/01/05 01:00:00; binding state released; }
"#;
        let (c, d) = crate::dhcpd::parse_str("l", src, None);
        assert!(d.is_empty());
        let mut errs = Vec::new();
        let r = convert4(&c.stmts, &|a| (a.octets()[0] == 10).then_some(7), &mut errs);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(r.superseded, 3);
        assert_eq!(r.dropped, vec![("released".to_string(), 1)]);
        assert_eq!(r.leases.len(), 2);
        let l = &r.leases[0];
        assert_eq!(l.address, Some(Ipv4Addr::new(10, 0, 0, 5)));
        assert_eq!(l.hwaddr, vec![0, 0x11, 0x22, 0x33, 0x44, 0x66]);
        assert_eq!(l.client_id, vec![1, 0, 0x11]);
        assert_eq!((l.valid_lifetime, l.subnet_id, l.hostname.as_str()), (3600, 7, "pc"));
        assert_eq!(r.leases[1].state, LeaseState::Declined);
    }
}
