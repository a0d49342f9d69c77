//! UDP sockets for DHCPv4: which addresses to bind (from `interfaces-config`), and receiving
//! with IP_PKTINFO so each packet knows its interface and local address.
//!
//! Binding follows Kea: an ordinary interface gets 0.0.0.0:port with SO_BINDTODEVICE
//! (broadcast DISCOVERs arrive there); the loopback interface gets its own addresses (so
//! that a test relay such as perfdhcp can bind 127.0.0.2 on the same port); `iface/addr`
//! binds that address; `*` binds 0.0.0.0 on every interface.

use socket2::{Domain, Protocol, Socket, Type};
use std::net::{Ipv4Addr, SocketAddrV4};

pub struct Listener {
    pub sock: Socket,
    /// Interface this socket is bound to ("" when any).
    pub iface: String,
}

/// IPv4 addresses of each interface (name, address, is loopback).
pub fn interfaces() -> Vec<(String, Ipv4Addr, bool)> {
    let mut out = Vec::new();
    // SAFETY: getifaddrs fills a list we walk read-only and free once.
    unsafe {
        let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
        if libc::getifaddrs(&mut head) != 0 {
            return out;
        }
        let mut p = head;
        while !p.is_null() {
            let ifa = &*p;
            if !ifa.ifa_addr.is_null() && (*ifa.ifa_addr).sa_family as i32 == libc::AF_INET {
                let sin = &*(ifa.ifa_addr as *const libc::sockaddr_in);
                let name = std::ffi::CStr::from_ptr(ifa.ifa_name).to_string_lossy().into_owned();
                let lo = ifa.ifa_flags & libc::IFF_LOOPBACK as u32 != 0;
                out.push((name, Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)), lo));
            }
            p = ifa.ifa_next;
        }
        libc::freeifaddrs(head);
    }
    out
}

fn udp(bind: Ipv4Addr, port: u16, device: Option<&str>) -> std::io::Result<Socket> {
    let s = Socket::new(Domain::IPV4, Type::DGRAM, Some(Protocol::UDP))?;
    s.set_reuse_address(true)?;
    s.set_broadcast(true)?;
    // Room for bursts: perfdhcp and real networks send in bursts.
    let _ = s.set_recv_buffer_size(4 << 20);
    let _ = s.set_send_buffer_size(4 << 20);
    if let Some(d) = device {
        s.bind_device(Some(d.as_bytes()))?;
    }
    let one: libc::c_int = 1;
    // SAFETY: setsockopt with a valid fd and an int option value.
    let rc = unsafe {
        libc::setsockopt(
            std::os::fd::AsRawFd::as_raw_fd(&s),
            libc::IPPROTO_IP,
            libc::IP_PKTINFO,
            &one as *const _ as *const libc::c_void,
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    s.bind(&SocketAddrV4::new(bind, port).into())?;
    Ok(s)
}

/// The sockets for a config's `interfaces-config.interfaces`.
pub fn listen(names: &[String], port: u16) -> Result<Vec<Listener>, String> {
    let all = interfaces();
    let mut out = Vec::new();
    let err = |what: &str, e: std::io::Error| format!("cannot open a socket on {what} port {port}: {e}");
    if names.is_empty() || names.iter().any(|n| n == "*") {
        out.push(Listener { sock: udp(Ipv4Addr::UNSPECIFIED, port, None).map_err(|e| err("*", e))?, iface: String::new() });
        return Ok(out);
    }
    for n in names {
        if let Some((iface, addr)) = n.split_once('/') {
            let a: Ipv4Addr = addr.parse().map_err(|_| format!("bad interface address `{n}`"))?;
            out.push(Listener { sock: udp(a, port, None).map_err(|e| err(n, e))?, iface: iface.to_string() });
            continue;
        }
        let addrs: Vec<_> = all.iter().filter(|(i, ..)| i == n).collect();
        if addrs.is_empty() {
            return Err(format!("interface `{n}` has no IPv4 address"));
        }
        if addrs[0].2 {
            for (_, a, _) in addrs {
                out.push(Listener { sock: udp(*a, port, None).map_err(|e| err(n, e))?, iface: n.clone() });
            }
        } else {
            out.push(Listener { sock: udp(Ipv4Addr::UNSPECIFIED, port, Some(n)).map_err(|e| err(n, e))?, iface: n.clone() });
        }
    }
    Ok(out)
}

/// What IP_PKTINFO told about a received packet.
#[derive(Clone, Copy, Debug)]
pub struct RecvInfo {
    pub len: usize,
    pub src: SocketAddrV4,
    pub ifindex: u32,
    /// The local address the packet is for (the interface address for a broadcast).
    pub local: Ipv4Addr,
    pub dst: Ipv4Addr,
}

pub fn recv(sock: &Socket, buf: &mut [u8]) -> std::io::Result<RecvInfo> {
    use std::os::fd::AsRawFd;
    // SAFETY: recvmsg into our buffer and a control buffer sized for one in_pktinfo; the
    // control messages are walked with the CMSG_* helpers.
    unsafe {
        let mut src: libc::sockaddr_in = std::mem::zeroed();
        let mut iov = libc::iovec { iov_base: buf.as_mut_ptr() as *mut _, iov_len: buf.len() };
        let mut cbuf = [0u64; 16];
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_name = &mut src as *mut _ as *mut _;
        msg.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as u32;
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = cbuf.as_mut_ptr() as *mut _;
        msg.msg_controllen = std::mem::size_of_val(&cbuf);
        let n = libc::recvmsg(sock.as_raw_fd(), &mut msg, 0);
        if n < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut info = RecvInfo {
            len: n as usize,
            src: SocketAddrV4::new(Ipv4Addr::from(u32::from_be(src.sin_addr.s_addr)), u16::from_be(src.sin_port)),
            ifindex: 0,
            local: Ipv4Addr::UNSPECIFIED,
            dst: Ipv4Addr::UNSPECIFIED,
        };
        let mut c = libc::CMSG_FIRSTHDR(&msg);
        while !c.is_null() {
            if (*c).cmsg_level == libc::IPPROTO_IP && (*c).cmsg_type == libc::IP_PKTINFO {
                let pi = &*(libc::CMSG_DATA(c) as *const libc::in_pktinfo);
                info.ifindex = pi.ipi_ifindex as u32;
                info.local = Ipv4Addr::from(u32::from_be(pi.ipi_spec_dst.s_addr));
                info.dst = Ipv4Addr::from(u32::from_be(pi.ipi_addr.s_addr));
            }
            c = libc::CMSG_NXTHDR(&msg, c);
        }
        Ok(info)
    }
}

/// Sends on the interface `ifindex` (for broadcasts: the one the request came in on).
pub fn send(sock: &Socket, data: &[u8], to: SocketAddrV4, ifindex: u32) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    // SAFETY: sendmsg with one iovec over `data` and one IP_PKTINFO control message.
    unsafe {
        let mut dst: libc::sockaddr_in = std::mem::zeroed();
        dst.sin_family = libc::AF_INET as u16;
        dst.sin_port = to.port().to_be();
        dst.sin_addr.s_addr = u32::from(*to.ip()).to_be();
        let mut iov = libc::iovec { iov_base: data.as_ptr() as *mut _, iov_len: data.len() };
        let mut cbuf = [0u64; 16];
        let mut msg: libc::msghdr = std::mem::zeroed();
        msg.msg_name = &mut dst as *mut _ as *mut _;
        msg.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as u32;
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        if ifindex != 0 {
            msg.msg_control = cbuf.as_mut_ptr() as *mut _;
            msg.msg_controllen = libc::CMSG_SPACE(std::mem::size_of::<libc::in_pktinfo>() as u32) as usize;
            let c = libc::CMSG_FIRSTHDR(&msg);
            (*c).cmsg_level = libc::IPPROTO_IP;
            (*c).cmsg_type = libc::IP_PKTINFO;
            (*c).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<libc::in_pktinfo>() as u32) as usize;
            let pi = libc::CMSG_DATA(c) as *mut libc::in_pktinfo;
            *pi = std::mem::zeroed();
            (*pi).ipi_ifindex = ifindex as i32;
        }
        let n = libc::sendmsg(sock.as_raw_fd(), &msg, 0);
        if n < 0 { Err(std::io::Error::last_os_error()) } else { Ok(n as usize) }
    }
}

/// Interface name of an index (cached by the caller).
pub fn ifname(index: u32) -> String {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: if_indextoname writes at most IF_NAMESIZE bytes including the NUL.
    unsafe {
        if libc::if_indextoname(index, buf.as_mut_ptr()).is_null() {
            return String::new();
        }
        std::ffi::CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned()
    }
}

/// Packets taken per `recvmmsg` and sent per `sendmmsg`.
pub const BATCH: usize = 32;
/// Largest packet read (Kea's receive buffer is 4096 bytes too); longer ones are truncated
/// and then fail to parse (counted in pkt4-parse-failed).
pub const PKT_MAX: usize = 4096;

/// Reusable buffers for `recvmmsg`: up to `BATCH` packets per system call, each with its
/// IP_PKTINFO.
pub struct RecvBatch {
    buf: Vec<u8>,
    names: Vec<libc::sockaddr_in>,
    iovs: Vec<libc::iovec>,
    cbufs: Vec<[u64; 8]>,
    hdrs: Vec<libc::mmsghdr>,
    pub infos: Vec<RecvInfo>,
}

impl Default for RecvBatch {
    fn default() -> Self {
        // SAFETY: sockaddr_in, iovec and mmsghdr are plain C structs for which all-zero is valid.
        unsafe {
            RecvBatch {
                buf: vec![0; BATCH * PKT_MAX],
                names: vec![std::mem::zeroed(); BATCH],
                iovs: vec![std::mem::zeroed(); BATCH],
                cbufs: vec![[0; 8]; BATCH],
                hdrs: vec![std::mem::zeroed(); BATCH],
                infos: Vec::with_capacity(BATCH),
            }
        }
    }
}

impl RecvBatch {
    /// Waits for one packet (up to the socket's read timeout), then takes whatever else is
    /// queued, up to `BATCH`. Fills `infos`; a truncated packet gets `len` 0.
    pub fn recv(&mut self, sock: &Socket) -> std::io::Result<usize> {
        use std::os::fd::AsRawFd;
        self.infos.clear();
        // SAFETY: every header points into this struct's own buffers, which live (and are not
        // reallocated) for the duration of the call; control messages are walked with CMSG_*.
        unsafe {
            for i in 0..BATCH {
                self.iovs[i] = libc::iovec { iov_base: self.buf.as_mut_ptr().add(i * PKT_MAX) as *mut _, iov_len: PKT_MAX };
                let h = &mut self.hdrs[i].msg_hdr;
                h.msg_name = &mut self.names[i] as *mut _ as *mut _;
                h.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as u32;
                h.msg_iov = &mut self.iovs[i];
                h.msg_iovlen = 1;
                h.msg_control = self.cbufs[i].as_mut_ptr() as *mut _;
                h.msg_controllen = std::mem::size_of::<[u64; 8]>();
                h.msg_flags = 0;
                self.hdrs[i].msg_len = 0;
            }
            let n = libc::recvmmsg(sock.as_raw_fd(), self.hdrs.as_mut_ptr(), BATCH as u32, libc::MSG_WAITFORONE, std::ptr::null_mut());
            if n < 0 {
                return Err(std::io::Error::last_os_error());
            }
            for i in 0..n as usize {
                let h = &self.hdrs[i].msg_hdr;
                let src = &self.names[i];
                let truncated = h.msg_flags & libc::MSG_TRUNC != 0;
                let mut info = RecvInfo {
                    len: if truncated { 0 } else { self.hdrs[i].msg_len as usize },
                    src: SocketAddrV4::new(Ipv4Addr::from(u32::from_be(src.sin_addr.s_addr)), u16::from_be(src.sin_port)),
                    ifindex: 0,
                    local: Ipv4Addr::UNSPECIFIED,
                    dst: Ipv4Addr::UNSPECIFIED,
                };
                let mut c = libc::CMSG_FIRSTHDR(h);
                while !c.is_null() {
                    if (*c).cmsg_level == libc::IPPROTO_IP && (*c).cmsg_type == libc::IP_PKTINFO {
                        let pi = &*(libc::CMSG_DATA(c) as *const libc::in_pktinfo);
                        info.ifindex = pi.ipi_ifindex as u32;
                        info.local = Ipv4Addr::from(u32::from_be(pi.ipi_spec_dst.s_addr));
                        info.dst = Ipv4Addr::from(u32::from_be(pi.ipi_addr.s_addr));
                    }
                    c = libc::CMSG_NXTHDR(h, c);
                }
                self.infos.push(info);
            }
            Ok(n as usize)
        }
    }

    /// The bytes of packet `i` of the last `recv`.
    pub fn packet(&self, i: usize) -> &[u8] {
        &self.buf[i * PKT_MAX..i * PKT_MAX + self.infos[i].len]
    }
}

/// Replies collected during a batch, sent with `sendmmsg`.
#[derive(Default)]
pub struct SendBatch {
    data: Vec<u8>,
    items: Vec<(usize, usize, SocketAddrV4, u32)>,
    names: Vec<libc::sockaddr_in>,
    iovs: Vec<libc::iovec>,
    cbufs: Vec<[u64; 8]>,
    hdrs: Vec<libc::mmsghdr>,
}

impl SendBatch {
    pub fn clear(&mut self) {
        self.data.clear();
        self.items.clear();
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn push(&mut self, pkt: &[u8], to: SocketAddrV4, ifindex: u32) {
        let at = self.data.len();
        self.data.extend_from_slice(pkt);
        self.items.push((at, pkt.len(), to, ifindex));
    }

    /// Sends every queued reply (each with IP_PKTINFO naming its interface); returns how many
    /// left. A reply the kernel refuses is skipped.
    pub fn send(&mut self, sock: &Socket) -> usize {
        use std::os::fd::AsRawFd;
        let n = self.items.len();
        if n == 0 {
            return 0;
        }
        // SAFETY: as in `RecvBatch::recv`: the vectors are sized first and not touched while
        // the kernel reads through the pointers; all-zero C structs are valid.
        unsafe {
            self.names.resize(n, std::mem::zeroed());
            self.iovs.resize(n, std::mem::zeroed());
            self.cbufs.resize(n, [0; 8]);
            self.hdrs.resize(n, std::mem::zeroed());
            for (i, &(at, len, to, ifindex)) in self.items.iter().enumerate() {
                let d = &mut self.names[i];
                d.sin_family = libc::AF_INET as u16;
                d.sin_port = to.port().to_be();
                d.sin_addr.s_addr = u32::from(*to.ip()).to_be();
                self.iovs[i] = libc::iovec { iov_base: self.data.as_ptr().add(at) as *mut _, iov_len: len };
                let h = &mut self.hdrs[i].msg_hdr;
                *h = std::mem::zeroed();
                h.msg_name = &mut self.names[i] as *mut _ as *mut _;
                h.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as u32;
                h.msg_iov = &mut self.iovs[i];
                h.msg_iovlen = 1;
                if ifindex != 0 {
                    self.cbufs[i] = [0; 8];
                    h.msg_control = self.cbufs[i].as_mut_ptr() as *mut _;
                    h.msg_controllen = libc::CMSG_SPACE(std::mem::size_of::<libc::in_pktinfo>() as u32) as usize;
                    let c = libc::CMSG_FIRSTHDR(h);
                    (*c).cmsg_level = libc::IPPROTO_IP;
                    (*c).cmsg_type = libc::IP_PKTINFO;
                    (*c).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<libc::in_pktinfo>() as u32) as usize;
                    let pi = libc::CMSG_DATA(c) as *mut libc::in_pktinfo;
                    *pi = std::mem::zeroed();
                    (*pi).ipi_ifindex = ifindex as i32;
                }
            }
            let mut done = 0usize;
            let mut sent = 0usize;
            while done < n {
                let r = libc::sendmmsg(sock.as_raw_fd(), self.hdrs.as_mut_ptr().add(done), (n - done) as u32, 0);
                if r <= 0 {
                    if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                        continue;
                    }
                    // This one is refused (no route, …): skip it, send the rest.
                    done += 1;
                    continue;
                }
                done += r as usize;
                sent += r as usize;
            }
            sent
        }
    }
}
