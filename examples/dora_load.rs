//! A DHCPv4 load generator for bench/serve-vs-kea.sh, for when perfdhcp (about 12,000 DORA/s
//! on one core here) is slower than the server under test. It acts as a relay, as perfdhcp
//! does: one UDP socket on 127.0.0.2:67, giaddr 127.0.0.2, hops 1; a sender thread paces
//! DISCOVERs (new client per exchange) with `sendmmsg`, a receiver thread takes replies with
//! `recvmmsg`, answers each OFFER with a REQUEST (requested address = yiaddr, server id = the
//! OFFER's) at once, and records ACKs. Every exchange's send and receive times are kept, so
//! the latencies printed are real percentiles over all exchanges.
//!
//!     dora_load RATE SECONDS [WAIT_MS]     (root: port 67)
//!
//! Prints one line of `key=value`: discovers sent, offers, acks, drops (DISCOVERs without an
//! ACK, in %), completed DORA/s, generator CPU (% of one core), and p50/p99/p99.9 of
//! DISCOVER->OFFER, REQUEST->ACK and the whole exchange in ms.
use std::net::{Ipv4Addr, SocketAddrV4, UdpSocket};
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

const BATCH: usize = 64;

fn packet(buf: &mut Vec<u8>, msg: u8, i: u32, run: u8, extra: &[(u8, &[u8])]) {
    buf.clear();
    buf.resize(240, 0);
    buf[0] = 1;
    buf[1] = 1;
    buf[2] = 6;
    buf[3] = 1;
    buf[4..8].copy_from_slice(&i.to_be_bytes());
    buf[24..28].copy_from_slice(&[127, 0, 0, 2]);
    let mac = [0x0e, run, (i >> 24) as u8, (i >> 16) as u8, (i >> 8) as u8, i as u8];
    buf[28..34].copy_from_slice(&mac);
    buf[236..240].copy_from_slice(&[99, 130, 83, 99]);
    buf.extend_from_slice(&[53, 1, msg, 55, 4, 1, 3, 6, 15]);
    for (c, d) in extra {
        buf.push(*c);
        buf.push(d.len() as u8);
        buf.extend_from_slice(d);
    }
    buf.push(255);
}

/// The option `code` of a reply.
fn option(r: &[u8], code: u8) -> Option<&[u8]> {
    let mut i = 240;
    while i + 1 < r.len() {
        match r[i] {
            0 => i += 1,
            255 => return None,
            c => {
                let l = r[i + 1] as usize;
                if i + 2 + l > r.len() {
                    return None;
                }
                if c == code {
                    return Some(&r[i + 2..i + 2 + l]);
                }
                i += 2 + l;
            }
        }
    }
    None
}

/// Sends the packets in `bufs` to `to` with one `sendmmsg` (retrying what the kernel did
/// not take).
fn send_all(fd: i32, bufs: &[Vec<u8>], to: SocketAddrV4) {
    if bufs.is_empty() {
        return;
    }
    // SAFETY: plain C structs; every pointer refers to `bufs` or `dst`, alive for the call.
    unsafe {
        let mut dst: libc::sockaddr_in = std::mem::zeroed();
        dst.sin_family = libc::AF_INET as u16;
        dst.sin_port = to.port().to_be();
        dst.sin_addr.s_addr = u32::from(*to.ip()).to_be();
        let mut iovs: Vec<libc::iovec> = bufs.iter().map(|b| libc::iovec { iov_base: b.as_ptr() as *mut _, iov_len: b.len() }).collect();
        let mut hdrs: Vec<libc::mmsghdr> = (0..bufs.len()).map(|_| std::mem::zeroed()).collect();
        for (h, iov) in hdrs.iter_mut().zip(iovs.iter_mut()) {
            h.msg_hdr.msg_name = &mut dst as *mut _ as *mut _;
            h.msg_hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as u32;
            h.msg_hdr.msg_iov = iov;
            h.msg_hdr.msg_iovlen = 1;
        }
        let mut at = 0;
        let mut tries = 0;
        while at < hdrs.len() && tries < 100 {
            let n = libc::sendmmsg(fd, hdrs.as_mut_ptr().add(at), (hdrs.len() - at) as u32, 0);
            if n > 0 {
                at += n as usize;
            } else {
                tries += 1;
                std::thread::yield_now();
            }
        }
    }
}

fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn pct(v: &mut [u64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let i = ((v.len() as f64 * p) as usize).min(v.len() - 1);
    v.select_nth_unstable(i);
    v[i] as f64 / 1e6
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rate: f64 = args.get(1).and_then(|s| s.parse().ok()).expect("usage: dora_load RATE SECONDS [WAIT_MS]");
    let secs: f64 = args.get(2).and_then(|s| s.parse().ok()).expect("SECONDS");
    let wait = Duration::from_millis(args.get(3).and_then(|s| s.parse().ok()).unwrap_or(500));
    let total = (rate * secs).ceil() as usize;
    let server = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 67);
    let sock = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::DGRAM, None).expect("socket");
    sock.set_reuse_address(true).expect("reuse");
    let _ = sock.set_recv_buffer_size(8 << 20);
    let _ = sock.set_send_buffer_size(8 << 20);
    sock.bind(&SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 2), 67).into()).expect("bind 127.0.0.2:67 (root?)");
    let sock: UdpSocket = sock.into();
    sock.set_read_timeout(Some(Duration::from_millis(20))).expect("timeout");
    let fd = sock.as_raw_fd();
    // Per exchange (index = xid): DISCOVER sent, OFFER received, REQUEST sent, ACK received (ns
    // since start + 1; 0 = not yet).
    let times: Arc<Vec<[AtomicU64; 4]>> = Arc::new((0..total).map(|_| Default::default()).collect());
    let start = Instant::now();
    let run = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) % 251) as u8;
    let done = Arc::new(AtomicBool::new(false));
    let cpu0 = cpu_seconds();
    let sender = {
        let times = times.clone();
        let done = done.clone();
        std::thread::spawn(move || {
            let mut bufs: Vec<Vec<u8>> = (0..BATCH).map(|_| Vec::with_capacity(300)).collect();
            let mut sent = 0usize;
            while sent < total {
                let due = ((start.elapsed().as_secs_f64() * rate) as usize).min(total);
                while sent < due {
                    let n = (due - sent).min(BATCH);
                    let now = start.elapsed().as_nanos() as u64 + 1;
                    for (k, b) in bufs.iter_mut().take(n).enumerate() {
                        packet(b, 1, (sent + k) as u32, run, &[]);
                        times[sent + k][0].store(now, Relaxed);
                    }
                    send_all(fd, &bufs[..n], server);
                    sent += n;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            done.store(true, Relaxed);
        })
    };
    // Receiver (this thread).
    let mut rbuf = vec![0u8; BATCH * 1500];
    let mut reqs: Vec<Vec<u8>> = Vec::new();
    let mut spare: Vec<Vec<u8>> = Vec::new();
    let mut ended: Option<Instant> = None;
    loop {
        if ended.is_none() && done.load(Relaxed) {
            ended = Some(Instant::now());
        }
        if ended.is_some_and(|e| e.elapsed() >= wait) {
            break;
        }
        // SAFETY: headers point into `rbuf`, alive and not reallocated during the call.
        let n = unsafe {
            let mut iovs: Vec<libc::iovec> =
                (0..BATCH).map(|i| libc::iovec { iov_base: rbuf.as_mut_ptr().add(i * 1500) as *mut _, iov_len: 1500 }).collect();
            let mut hdrs: Vec<libc::mmsghdr> = (0..BATCH).map(|_| std::mem::zeroed()).collect();
            for (h, iov) in hdrs.iter_mut().zip(iovs.iter_mut()) {
                h.msg_hdr.msg_iov = iov;
                h.msg_hdr.msg_iovlen = 1;
            }
            let n = libc::recvmmsg(fd, hdrs.as_mut_ptr(), BATCH as u32, libc::MSG_WAITFORONE, std::ptr::null_mut());
            if n <= 0 {
                continue;
            }
            (0..n as usize).map(|i| hdrs[i].msg_len as usize).collect::<Vec<_>>()
        };
        let now = start.elapsed().as_nanos() as u64 + 1;
        for (i, &len) in n.iter().enumerate() {
            let r = &rbuf[i * 1500..i * 1500 + len];
            if len < 244 || r[0] != 2 {
                continue;
            }
            let x = u32::from_be_bytes([r[4], r[5], r[6], r[7]]) as usize;
            if x >= total {
                continue;
            }
            match option(r, 53) {
                Some([2]) => {
                    if times[x][1].load(Relaxed) != 0 {
                        continue;
                    }
                    times[x][1].store(now, Relaxed);
                    let yi = [r[16], r[17], r[18], r[19]];
                    let sid: [u8; 4] = option(r, 54).and_then(|s| s.try_into().ok()).unwrap_or([127, 0, 0, 1]);
                    let mut b = spare.pop().unwrap_or_default();
                    packet(&mut b, 3, x as u32, run, &[(50, &yi), (54, &sid)]);
                    reqs.push(b);
                    times[x][2].store(now, Relaxed);
                }
                Some([5]) if times[x][3].load(Relaxed) == 0 => times[x][3].store(now, Relaxed),
                _ => {}
            }
        }
        send_all(fd, &reqs, server);
        spare.append(&mut reqs);
    }
    sender.join().expect("sender");
    let cpu = cpu_seconds() - cpu0;
    let elapsed = start.elapsed().as_secs_f64();
    let mut d_o = Vec::new();
    let mut r_a = Vec::new();
    let mut dora = Vec::new();
    let (mut sent, mut offers, mut acks) = (0u64, 0u64, 0u64);
    for t in times.iter() {
        let [d, o, q, a] = [0, 1, 2, 3].map(|k| t[k].load(Relaxed));
        if d == 0 {
            continue;
        }
        sent += 1;
        if o != 0 {
            offers += 1;
            d_o.push(o.saturating_sub(d));
        }
        if a != 0 && q != 0 {
            acks += 1;
            r_a.push(a.saturating_sub(q));
            dora.push(a.saturating_sub(d));
        }
    }
    let drops = if sent > 0 { 100.0 * (sent - acks) as f64 / sent as f64 } else { 100.0 };
    println!(
        "sent={sent} offers={offers} acks={acks} drops={drops:.3} done_per_s={:.0} gen_cpu={:.0} \
         do_p50={:.3} do_p99={:.3} do_p999={:.3} ra_p50={:.3} ra_p99={:.3} ra_p999={:.3} dora_p50={:.3} dora_p99={:.3} dora_p999={:.3}",
        acks as f64 / secs,
        100.0 * cpu / elapsed,
        pct(&mut d_o, 0.5),
        pct(&mut d_o, 0.99),
        pct(&mut d_o, 0.999),
        pct(&mut r_a, 0.5),
        pct(&mut r_a, 0.99),
        pct(&mut r_a, 0.999),
        pct(&mut dora, 0.5),
        pct(&mut dora, 0.99),
        pct(&mut dora, 0.999),
    );
}
