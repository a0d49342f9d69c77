//! DHCPv4 wire format (RFC 2131 §2, RFC 2132): a borrowed, validated view of a received
//! packet, and the writer of replies.
//!
//! Decoding never allocates: `Packet4` borrows the receive buffer and indexes the first
//! occurrence of each option code in a fixed table of offsets (options are looked up by code
//! many times per packet: message type, client-id, class tests). Anything malformed (short
//! header, bad magic cookie, an option running past the end, wrong op code) is an `Err`,
//! which the server counts as `pkt4-parse-failed` and drops.

use std::net::Ipv4Addr;

pub const BOOTREQUEST: u8 = 1;
pub const BOOTREPLY: u8 = 2;
pub const MAGIC: [u8; 4] = [99, 130, 83, 99];
/// Fixed header (236 bytes) + magic cookie.
pub const HEADER_LEN: usize = 240;
/// Largest packet we accept (an Ethernet jumbo frame is 9000; nothing legitimate is larger).
pub const MAX_LEN: usize = 9000;

pub mod opt {
    pub const PAD: u8 = 0;
    pub const SUBNET_MASK: u8 = 1;
    pub const ROUTERS: u8 = 3;
    pub const DNS: u8 = 6;
    pub const HOST_NAME: u8 = 12;
    pub const DOMAIN_NAME: u8 = 15;
    pub const REQUESTED_ADDRESS: u8 = 50;
    pub const LEASE_TIME: u8 = 51;
    pub const OVERLOAD: u8 = 52;
    pub const MESSAGE_TYPE: u8 = 53;
    pub const SERVER_ID: u8 = 54;
    pub const PRL: u8 = 55;
    pub const MESSAGE: u8 = 56;
    pub const MAX_MESSAGE_SIZE: u8 = 57;
    pub const RENEW_TIME: u8 = 58;
    pub const REBIND_TIME: u8 = 59;
    pub const VENDOR_CLASS: u8 = 60;
    pub const CLIENT_ID: u8 = 61;
    pub const RELAY_AGENT_INFO: u8 = 82;
    pub const END: u8 = 255;
}

/// DHCP message types (option 53).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum MsgType {
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
}

impl MsgType {
    pub fn from_u8(b: u8) -> Option<MsgType> {
        Some(match b {
            1 => MsgType::Discover,
            2 => MsgType::Offer,
            3 => MsgType::Request,
            4 => MsgType::Decline,
            5 => MsgType::Ack,
            6 => MsgType::Nak,
            7 => MsgType::Release,
            8 => MsgType::Inform,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    TooShort,
    TooLong,
    NotRequest,
    BadHlen,
    BadCookie,
    /// An option's length runs past the end of its area.
    BadOptionLength,
    /// No (or an unknown) message type option: a BOOTP packet or garbage.
    NoMessageType,
}

/// A validated DHCPv4 request, borrowing the receive buffer.
#[derive(Clone, Debug)]
pub struct Packet4<'a> {
    pub buf: &'a [u8],
    /// Offset+1 of the payload of the first occurrence of each option code (0: absent).
    idx: [u16; 256],
    /// Payload length of each indexed option.
    lens: [u8; 256],
    pub msg_type: MsgType,
}

fn ip_at(b: &[u8], off: usize) -> Ipv4Addr {
    Ipv4Addr::new(b[off], b[off + 1], b[off + 2], b[off + 3])
}

impl<'a> Packet4<'a> {
    pub fn parse(buf: &'a [u8]) -> Result<Packet4<'a>, ParseError> {
        if buf.len() < HEADER_LEN {
            return Err(ParseError::TooShort);
        }
        if buf.len() > MAX_LEN {
            return Err(ParseError::TooLong);
        }
        if buf[0] != BOOTREQUEST {
            return Err(ParseError::NotRequest);
        }
        if buf[2] > 16 {
            return Err(ParseError::BadHlen);
        }
        if buf[236..240] != MAGIC {
            return Err(ParseError::BadCookie);
        }
        let mut p = Packet4 { buf, idx: [0; 256], lens: [0; 256], msg_type: MsgType::Discover };
        p.index(HEADER_LEN, buf.len())?;
        // Option overload (RFC 2132 §9.3): more options in `file` (1), `sname` (2) or both.
        if let Some(&[v]) = p.option(opt::OVERLOAD) {
            if v & 1 != 0 {
                p.index(108, 236)?;
            }
            if v & 2 != 0 {
                p.index(44, 108)?;
            }
        }
        p.msg_type = match p.option(opt::MESSAGE_TYPE) {
            Some(&[t]) => MsgType::from_u8(t).ok_or(ParseError::NoMessageType)?,
            _ => return Err(ParseError::NoMessageType),
        };
        Ok(p)
    }

    fn index(&mut self, mut i: usize, end: usize) -> Result<(), ParseError> {
        let b = self.buf;
        while i < end {
            let code = b[i];
            match code {
                opt::PAD => i += 1,
                opt::END => return Ok(()),
                _ => {
                    if i + 1 >= end {
                        return Err(ParseError::BadOptionLength);
                    }
                    let len = b[i + 1] as usize;
                    let start = i + 2;
                    if start + len > end {
                        return Err(ParseError::BadOptionLength);
                    }
                    if self.idx[code as usize] == 0 {
                        self.idx[code as usize] = (start + 1) as u16;
                        self.lens[code as usize] = len as u8;
                    }
                    i = start + len;
                }
            }
        }
        // A missing END is tolerated (Kea and most servers accept it).
        Ok(())
    }

    /// Payload of the first option `code`.
    pub fn option(&self, code: u8) -> Option<&'a [u8]> {
        let o = self.idx[code as usize] as usize;
        if o == 0 {
            return None;
        }
        let start = o - 1;
        Some(&self.buf[start..start + self.lens[code as usize] as usize])
    }

    pub fn htype(&self) -> u8 {
        self.buf[1]
    }
    pub fn hlen(&self) -> u8 {
        self.buf[2]
    }
    pub fn hops(&self) -> u8 {
        self.buf[3]
    }
    pub fn xid(&self) -> u32 {
        u32::from_be_bytes([self.buf[4], self.buf[5], self.buf[6], self.buf[7]])
    }
    pub fn secs(&self) -> u16 {
        u16::from_be_bytes([self.buf[8], self.buf[9]])
    }
    pub fn flags(&self) -> u16 {
        u16::from_be_bytes([self.buf[10], self.buf[11]])
    }
    pub fn broadcast(&self) -> bool {
        self.flags() & 0x8000 != 0
    }
    pub fn ciaddr(&self) -> Ipv4Addr {
        ip_at(self.buf, 12)
    }
    pub fn yiaddr(&self) -> Ipv4Addr {
        ip_at(self.buf, 16)
    }
    pub fn siaddr(&self) -> Ipv4Addr {
        ip_at(self.buf, 20)
    }
    pub fn giaddr(&self) -> Ipv4Addr {
        ip_at(self.buf, 24)
    }
    /// The client hardware address, `hlen` bytes of `chaddr`.
    pub fn chaddr(&self) -> &'a [u8] {
        &self.buf[28..28 + self.hlen() as usize]
    }
    pub fn requested_ip(&self) -> Option<Ipv4Addr> {
        match self.option(opt::REQUESTED_ADDRESS) {
            Some(&[a, b, c, d]) => Some(Ipv4Addr::new(a, b, c, d)),
            _ => None,
        }
    }
    pub fn server_id(&self) -> Option<Ipv4Addr> {
        match self.option(opt::SERVER_ID) {
            Some(&[a, b, c, d]) => Some(Ipv4Addr::new(a, b, c, d)),
            _ => None,
        }
    }
    /// Client identifier (option 61), when present and non-empty.
    pub fn client_id(&self) -> Option<&'a [u8]> {
        self.option(opt::CLIENT_ID).filter(|c| !c.is_empty())
    }
    pub fn lease_time(&self) -> Option<u32> {
        match self.option(opt::LEASE_TIME) {
            Some(&[a, b, c, d]) => Some(u32::from_be_bytes([a, b, c, d])),
            _ => None,
        }
    }
    /// A sub-option of relay agent information (82): 1 circuit-id, 2 remote-id.
    pub fn relay_sub(&self, code: u8) -> Option<&'a [u8]> {
        let rai = self.option(opt::RELAY_AGENT_INFO)?;
        crate::expr::eval::tlv(rai, crate::universe::Universe::V4, code as u16)
    }
}

/// Writes a reply into a reused buffer (no allocation once it has grown).
pub struct ReplyWriter<'b> {
    pub buf: &'b mut Vec<u8>,
    /// `sname` / `file` hold a server host name / boot file name: not available for options.
    sname_used: bool,
    file_used: bool,
}

/// The smallest DHCP message every client must accept (RFC 2131 §2: a 576-byte IP datagram
/// less the IP and UDP headers), and the limit when the client names none.
pub const MIN_MESSAGE: usize = 576 - 28;

/// The largest reply a client accepts: its maximum message size (option 57, an IP datagram
/// size, at least 576) less the IP and UDP headers; 548 bytes without it.
pub fn max_reply_len(req: &Packet4) -> usize {
    match req.option(opt::MAX_MESSAGE_SIZE) {
        Some(&[a, b]) => (u16::from_be_bytes([a, b]) as usize).max(576) - 28,
        _ => MIN_MESSAGE,
    }
}

impl<'b> ReplyWriter<'b> {
    /// Starts a BOOTREPLY to `req`: xid, flags, giaddr and chaddr copied (RFC 2131 table 3).
    pub fn start(buf: &'b mut Vec<u8>, req: &Packet4, msg: MsgType) -> ReplyWriter<'b> {
        buf.clear();
        buf.resize(HEADER_LEN, 0);
        buf[0] = BOOTREPLY;
        buf[1] = req.htype();
        buf[2] = req.hlen();
        buf[4..8].copy_from_slice(&req.buf[4..8]);
        buf[10..12].copy_from_slice(&req.buf[10..12]);
        buf[24..28].copy_from_slice(&req.buf[24..28]);
        buf[28..44].copy_from_slice(&req.buf[28..44]);
        buf[236..240].copy_from_slice(&MAGIC);
        let mut w = ReplyWriter { buf, sname_used: false, file_used: false };
        w.option(opt::MESSAGE_TYPE, &[msg as u8]);
        w
    }
    pub fn set_ciaddr(&mut self, a: Ipv4Addr) {
        self.buf[12..16].copy_from_slice(&a.octets());
    }
    pub fn set_yiaddr(&mut self, a: Ipv4Addr) {
        self.buf[16..20].copy_from_slice(&a.octets());
    }
    pub fn set_siaddr(&mut self, a: Ipv4Addr) {
        self.buf[20..24].copy_from_slice(&a.octets());
    }
    /// `sname` (64 bytes) or `file` (128 bytes), truncated to fit, NUL padded.
    pub fn set_sname(&mut self, s: &[u8]) {
        let n = s.len().min(63);
        self.buf[44..44 + n].copy_from_slice(&s[..n]);
        self.sname_used = true;
    }
    pub fn set_file(&mut self, s: &[u8]) {
        let n = s.len().min(127);
        self.buf[108..108 + n].copy_from_slice(&s[..n]);
        self.file_used = true;
    }

    /// Option overload (RFC 2131 §4.1, RFC 2132 §9.3): when the options written so far (and
    /// the END that `finish` adds) make the reply longer than `limit`, options move to the
    /// `file` field, then the `sname` field, unless those carry a boot file name / server host
    /// name, and option 52 says which fields hold options. Each option goes to the first
    /// area it fits in, in the order written (the message type stays first in the options
    /// field, relay agent information last there, RFC 3046); an option that fits nowhere
    /// stays in the options field (the reply is then over the limit, as without overload).
    /// Returns whether the reply now fits. The common case (it fits) does no work.
    pub fn fit(&mut self, limit: usize) -> bool {
        if self.buf.len() < limit {
            return true;
        }
        if self.sname_used && self.file_used {
            return false;
        }
        let start = HEADER_LEN + 3;
        let tail = self.buf[start..].to_vec();
        let mut items: Vec<&[u8]> = Vec::new();
        let mut i = 0;
        while i + 1 < tail.len() {
            let len = 2 + tail[i + 1] as usize;
            items.push(&tail[i..(i + len).min(tail.len())]);
            i += len;
        }
        let rai = items.last().filter(|o| o[0] == opt::RELAY_AGENT_INFO).copied();
        if rai.is_some() {
            items.pop();
        }
        // Room in each area, less its END (and in the options field, option 52 and RAI).
        let mut main_room = limit.saturating_sub(start + 3 + 1 + rai.map_or(0, <[u8]>::len));
        let mut file_room = if self.file_used { 0 } else { 128 - 1 };
        let mut sname_room = if self.sname_used { 0 } else { 64 - 1 };
        let (mut main, mut file, mut sname) = (Vec::new(), Vec::new(), Vec::new());
        for o in items {
            let n = o.len();
            let (area, room) = if n <= main_room {
                (&mut main, &mut main_room)
            } else if n <= file_room {
                (&mut file, &mut file_room)
            } else if n <= sname_room {
                (&mut sname, &mut sname_room)
            } else {
                main.extend_from_slice(o);
                continue;
            };
            area.extend_from_slice(o);
            *room -= n;
        }
        if file.is_empty() && sname.is_empty() {
            return false;
        }
        let overload = u8::from(!file.is_empty()) | (u8::from(!sname.is_empty()) << 1);
        self.buf.truncate(start);
        self.buf.extend_from_slice(&[opt::OVERLOAD, 1, overload]);
        self.buf.extend_from_slice(&main);
        if let Some(r) = rai {
            self.buf.extend_from_slice(r);
        }
        for (area, at, size) in [(&file, 108, 128), (&sname, 44, 64)] {
            if !area.is_empty() {
                let f = &mut self.buf[at..at + size];
                f.fill(0);
                f[..area.len()].copy_from_slice(area);
                f[area.len()] = opt::END;
            }
        }
        self.buf.len() < limit
    }
    /// Appends option `code` with `data`; data over 255 bytes is split into several
    /// instances (RFC 3396 long options).
    pub fn option(&mut self, code: u8, data: &[u8]) {
        if data.is_empty() {
            self.buf.extend_from_slice(&[code, 0]);
            return;
        }
        for chunk in data.chunks(255) {
            self.buf.push(code);
            self.buf.push(chunk.len() as u8);
            self.buf.extend_from_slice(chunk);
        }
    }
    /// Appends a pre-encoded option (code, length, payload already in wire form).
    pub fn raw(&mut self, wire: &[u8]) {
        self.buf.extend_from_slice(wire);
    }
    /// Orders the options written so far after the message type by code (stable, split
    /// options keep their order), as Kea 2.2 packs them. In place, no allocation.
    pub fn sort_options(&mut self) {
        let start = HEADER_LEN + 3;
        let mut i = start;
        while i + 1 < self.buf.len() {
            let code = self.buf[i];
            let len = self.buf[i + 1] as usize + 2;
            if i + len > self.buf.len() {
                break;
            }
            let mut j = start;
            while j < i && self.buf[j] <= code {
                j += 2 + self.buf[j + 1] as usize;
            }
            if j < i {
                self.buf[j..i + len].rotate_right(len);
            }
            i += len;
        }
    }

    pub fn finish(self) {
        self.buf.push(opt::END);
        // Kea and most servers pad replies to the 300-byte BOOTP minimum (RFC 1542 §2.1)
        // for old relays and clients.
        if self.buf.len() < 300 {
            self.buf.resize(300, 0);
        }
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A DHCPv4 request with the given options (code, payload), for tests.
    pub fn request(msg: MsgType, mac: [u8; 6], giaddr: Ipv4Addr, opts: &[(u8, &[u8])]) -> Vec<u8> {
        let mut b = vec![0u8; HEADER_LEN];
        b[0] = BOOTREQUEST;
        b[1] = 1;
        b[2] = 6;
        b[4..8].copy_from_slice(&0x1234_5678u32.to_be_bytes());
        b[24..28].copy_from_slice(&giaddr.octets());
        b[28..34].copy_from_slice(&mac);
        b[236..240].copy_from_slice(&MAGIC);
        b.extend_from_slice(&[opt::MESSAGE_TYPE, 1, msg as u8]);
        for (c, d) in opts {
            b.push(*c);
            b.push(d.len() as u8);
            b.extend_from_slice(d);
        }
        b.push(opt::END);
        b
    }

    #[test]
    fn parses_fields_and_options() {
        let mac = [0, 1, 2, 3, 4, 5];
        let b = request(MsgType::Request, mac, Ipv4Addr::new(10, 0, 0, 1), &[(50, &[10, 0, 0, 9]), (61, &[1, 0, 1, 2, 3, 4, 5])]);
        let p = Packet4::parse(&b).unwrap();
        assert_eq!(p.msg_type, MsgType::Request);
        assert_eq!(p.chaddr(), &mac);
        assert_eq!(p.giaddr(), Ipv4Addr::new(10, 0, 0, 1));
        assert_eq!(p.requested_ip(), Some(Ipv4Addr::new(10, 0, 0, 9)));
        assert_eq!(p.client_id(), Some(&[1u8, 0, 1, 2, 3, 4, 5][..]));
        assert_eq!(p.xid(), 0x1234_5678);
        assert_eq!(p.option(12), None);
    }

    #[test]
    fn rejects_malformed() {
        let good = request(MsgType::Discover, [0; 6], Ipv4Addr::UNSPECIFIED, &[]);
        assert_eq!(Packet4::parse(&good[..200]).unwrap_err(), ParseError::TooShort);
        let mut b = good.clone();
        b[0] = BOOTREPLY;
        assert_eq!(Packet4::parse(&b).unwrap_err(), ParseError::NotRequest);
        let mut b = good.clone();
        b[237] = 0;
        assert_eq!(Packet4::parse(&b).unwrap_err(), ParseError::BadCookie);
        let mut b = good.clone();
        b[2] = 17;
        assert_eq!(Packet4::parse(&b).unwrap_err(), ParseError::BadHlen);
        // An option claiming 200 bytes at the end of the packet.
        let mut b = good[..good.len() - 1].to_vec();
        b.extend_from_slice(&[12, 200, b'x']);
        assert_eq!(Packet4::parse(&b).unwrap_err(), ParseError::BadOptionLength);
        // Message type missing or unknown.
        let mut b = good.clone();
        b[242] = 99;
        assert_eq!(Packet4::parse(&b).unwrap_err(), ParseError::NoMessageType);
        assert_eq!(Packet4::parse(&vec![1u8; MAX_LEN + 1]).unwrap_err(), ParseError::TooLong);
    }

    #[test]
    fn overloaded_options_are_found_in_file_and_sname() {
        let mut b = request(MsgType::Discover, [0; 6], Ipv4Addr::UNSPECIFIED, &[(52, &[3])]);
        b[108..113].copy_from_slice(&[12, 3, b'a', b'b', b'c']);
        b[113] = 255;
        b[44..48].copy_from_slice(&[15, 2, b'e', b'x']);
        b[48] = 255;
        let p = Packet4::parse(&b).unwrap();
        assert_eq!(p.option(12), Some(&b"abc"[..]));
        assert_eq!(p.option(15), Some(&b"ex"[..]));
    }

    /// The options of a reply's area `[from, to)`: (code, payload).
    fn area(b: &[u8], from: usize, to: usize) -> Vec<(u8, Vec<u8>)> {
        let mut out = Vec::new();
        let mut i = from;
        while i < to && b[i] != opt::END {
            if b[i] == opt::PAD {
                i += 1;
                continue;
            }
            let l = b[i + 1] as usize;
            out.push((b[i], b[i + 2..i + 2 + l].to_vec()));
            i += 2 + l;
        }
        out
    }

    #[test]
    fn overload_moves_options_to_file_then_sname() {
        let req_b = request(MsgType::Discover, [9; 6], Ipv4Addr::new(10, 0, 0, 1), &[]);
        let req = Packet4::parse(&req_b).unwrap();
        assert_eq!(max_reply_len(&req), 548);
        let mut buf = Vec::new();
        let mut w = ReplyWriter::start(&mut buf, &req, MsgType::Offer);
        w.option(opt::SUBNET_MASK, &[255, 255, 255, 0]);
        w.option(200, &[b'a'; 250]);
        w.option(201, &[b'b'; 100]);
        w.option(202, &[b'c'; 50]);
        w.option(203, &[b'd'; 20]);
        w.option(opt::RELAY_AGENT_INFO, &[1, 2, b'p', b'7']);
        assert!(w.fit(548));
        w.finish();
        assert!(buf.len() <= 548, "{}", buf.len());
        // Options field: message type, overload = both, the mask, 200, then 203 (the first that
        // fits the remaining room), relay agent information last.
        let main: Vec<u8> = area(&buf, 240, buf.len()).iter().map(|o| o.0).collect();
        assert_eq!(main, vec![53, 52, 1, 200, 203, 82]);
        assert_eq!(area(&buf, 240, buf.len())[1].1, vec![3]);
        assert_eq!(area(&buf, 108, 236), vec![(201, vec![b'b'; 100])]);
        assert_eq!(area(&buf, 44, 108), vec![(202, vec![b'c'; 50])]);
        // The decoder reads them back.
        let mut back = buf.clone();
        back[0] = BOOTREQUEST;
        let p = Packet4::parse(&back).unwrap();
        assert_eq!(p.option(201).map(<[u8]>::len), Some(100));
        assert_eq!(p.option(202).map(<[u8]>::len), Some(50));

        // With a boot file name set, only sname is available; a client allowing 1500 bytes
        // needs no overload at all.
        let mut buf = Vec::new();
        let mut w = ReplyWriter::start(&mut buf, &req, MsgType::Offer);
        w.set_file(b"boot.bin");
        w.option(200, &[b'a'; 250]);
        w.option(201, &[b'b'; 100]);
        w.option(202, &[b'c'; 50]);
        assert!(!w.fit(548), "option 201 fits nowhere: it stays in the options field");
        w.finish();
        assert_eq!(&buf[108..116], b"boot.bin");
        assert_eq!(area(&buf, 44, 108), vec![(202, vec![b'c'; 50])]);
        let big = request(MsgType::Discover, [9; 6], Ipv4Addr::UNSPECIFIED, &[(opt::MAX_MESSAGE_SIZE, &1500u16.to_be_bytes())]);
        assert_eq!(max_reply_len(&Packet4::parse(&big).unwrap()), 1472);
        let small = request(MsgType::Discover, [9; 6], Ipv4Addr::UNSPECIFIED, &[(opt::MAX_MESSAGE_SIZE, &300u16.to_be_bytes())]);
        assert_eq!(max_reply_len(&Packet4::parse(&small).unwrap()), 548);
    }

    #[test]
    fn reply_copies_header_and_pads() {
        let req_b = request(MsgType::Discover, [9; 6], Ipv4Addr::new(10, 0, 0, 1), &[]);
        let req = Packet4::parse(&req_b).unwrap();
        let mut buf = Vec::new();
        let mut w = ReplyWriter::start(&mut buf, &req, MsgType::Offer);
        w.set_yiaddr(Ipv4Addr::new(10, 0, 0, 5));
        w.option(opt::HOST_NAME, &[b'h'; 300]);
        w.finish();
        assert_eq!(buf[0], BOOTREPLY);
        assert_eq!(&buf[4..8], &req_b[4..8]);
        assert_eq!(&buf[16..20], &[10, 0, 0, 5]);
        assert_eq!(&buf[28..34], &[9; 6]);
        assert_eq!(&buf[240..243], &[53, 1, 2]);
        // 300 bytes split into 255 + 45 (RFC 3396).
        assert_eq!(&buf[243..245], &[12, 255]);
        assert_eq!(&buf[500..502], &[12, 45]);
        assert_eq!(*buf.last().unwrap(), 255);
    }
}
