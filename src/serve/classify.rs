//! Per-packet classification: Kea's built-in classes (ALL, KNOWN/UNKNOWN, VENDOR_CLASS_*)
//! and the configured classes' `test` expressions, evaluated with `crate::expr` over the
//! borrowed packet view. Membership is a fixed bitset: no allocation per packet.

use super::config::Runtime;
use super::packet::{Packet4, opt};
use crate::expr::ast::Pkt4Field;
use crate::expr::eval::{Packet, Scratch, eval_bool};
use crate::universe::Universe;
use std::net::{IpAddr, Ipv4Addr};

/// Up to 256 configured classes.
#[derive(Clone, Copy, Default, Debug)]
pub struct ClassSet([u64; 4]);

impl ClassSet {
    pub fn set(&mut self, i: usize) {
        if i < 256 {
            self.0[i / 64] |= 1 << (i % 64);
        }
    }
    pub fn has(&self, i: usize) -> bool {
        i < 256 && self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

/// The packet as the expression engine sees it, with the classes found so far.
pub struct View<'p, 'a> {
    pub pkt: &'p Packet4<'a>,
    pub rt: &'p Runtime,
    pub classes: ClassSet,
    pub known: bool,
    pub iface: &'p str,
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
}

impl View<'_, '_> {
    /// Whether the packet is in class `name` (built-in or configured).
    pub fn member(&self, name: &str) -> bool {
        match name {
            "ALL" => true,
            "KNOWN" => self.known,
            "UNKNOWN" => !self.known,
            _ => {
                if let Some(v) = name.strip_prefix("VENDOR_CLASS_") {
                    return self.pkt.option(opt::VENDOR_CLASS).is_some_and(|c| c == v.as_bytes());
                }
                self.rt.class_index.get(name).is_some_and(|&i| self.classes.has(i))
            }
        }
    }
}

impl Packet for View<'_, '_> {
    fn universe(&self) -> Universe {
        Universe::V4
    }
    fn option(&self, code: u16) -> Option<&[u8]> {
        u8::try_from(code).ok().and_then(|c| self.pkt.option(c))
    }
    fn iface(&self) -> &str {
        self.iface
    }
    fn src(&self) -> IpAddr {
        IpAddr::V4(self.src)
    }
    fn dst(&self) -> IpAddr {
        IpAddr::V4(self.dst)
    }
    fn wire_len(&self) -> u32 {
        self.pkt.buf.len() as u32
    }
    fn mac(&self) -> &[u8] {
        self.pkt.chaddr()
    }
    fn pkt4_number(&self, f: Pkt4Field) -> u32 {
        match f {
            Pkt4Field::Hlen => self.pkt.hlen() as u32,
            Pkt4Field::Htype => self.pkt.htype() as u32,
            Pkt4Field::MsgType => self.pkt.msg_type as u32,
            Pkt4Field::TransId => self.pkt.xid(),
            _ => 0,
        }
    }
    fn pkt4_addr(&self, f: Pkt4Field) -> Ipv4Addr {
        match f {
            Pkt4Field::Ciaddr => self.pkt.ciaddr(),
            Pkt4Field::Giaddr => self.pkt.giaddr(),
            Pkt4Field::Yiaddr => self.pkt.yiaddr(),
            Pkt4Field::Siaddr => self.pkt.siaddr(),
            _ => Ipv4Addr::UNSPECIFIED,
        }
    }
    fn is_member(&self, name: &str) -> bool {
        self.member(name)
    }
}

/// Evaluates every class that is not only-if-required, in config order (a class may test
/// membership of an earlier one). Classes named by a host reservation are added as members.
pub fn classify(v: &mut View, scratch: &mut Scratch, host_classes: &[String]) {
    v.classes = ClassSet::default();
    for name in host_classes {
        if let Some(&i) = v.rt.class_index.get(name.as_str()) {
            v.classes.set(i);
        }
    }
    for (i, c) in v.rt.classes.iter().enumerate() {
        if c.only_if_required {
            continue;
        }
        if let Some(t) = &c.test
            && eval_bool(t, v, scratch).unwrap_or(false)
        {
            v.classes.set(i);
        }
    }
}

/// Evaluates the only-if-required classes named by `require-client-classes` of the scopes
/// that served the packet (Kea: evaluated last, after subnet and pool selection).
pub fn require(v: &mut View, scratch: &mut Scratch, names: &[String]) {
    for name in names {
        if let Some(&i) = v.rt.class_index.get(name.as_str()) {
            let pass = match &v.rt.classes[i].test {
                Some(t) => eval_bool(t, v, scratch).unwrap_or(false),
                None => true,
            };
            if pass {
                v.classes.set(i);
            }
        }
    }
}
