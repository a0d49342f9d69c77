//! The DHCPv4 packet decoder of `keakit serve`: any bytes either parse or are rejected,
//! never a panic; a parsed packet's accessors and a reply built from it stay in bounds.
#![no_main]
use keakit::serve::packet::{MsgType, Packet4, ReplyWriter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = Packet4::parse(data) {
        let _ = (p.chaddr(), p.client_id(), p.requested_ip(), p.server_id(), p.lease_time(), p.relay_sub(1), p.relay_sub(2));
        for code in 0..=255u8 {
            let _ = p.option(code);
        }
        let mut out = Vec::new();
        let mut w = ReplyWriter::start(&mut out, &p, MsgType::Offer);
        if let Some(h) = p.option(12) {
            w.option(12, h);
        }
        w.finish();
    }
});
