//! The lease store: an in-memory index (address → lease; hardware address and client-id →
//! addresses) and Kea's memfile CSV journal (`crate::leases::csv`, Kea 2.2 columns) on disk.
//!
//! `commit` appends the record with one `write` before it returns, and the server sends the
//! ACK only after that: a lease that reached a client is in the file even if the process is
//! killed right after (the page cache survives a process crash, as with Kea's memfile).
//! `compact` is Kea's LFC: the current leases rewritten to a new file, then renamed over.

use crate::leases::csv::{self, header4};
use crate::leases::{Lease4, LeaseState};
use crate::version::KeaVersion;
use rustc_hash::FxHashMap;
use std::fs::{File, OpenOptions};
use std::hash::Hasher;
use std::io::Write;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

/// The CSV columns we write: Kea 2.2's, which every later Kea also reads.
pub const FORMAT: KeaVersion = KeaVersion::V2_2;

/// End of a key chain.
const NIL: u32 = u32::MAX;

/// A slot of the lease slab: the lease (address `None`: a free slot) and the next slot of
/// the same hardware-address and client-id hash chains.
struct Entry {
    lease: Lease4,
    next_hw: u32,
    next_cid: u32,
}

#[derive(Clone, Copy)]
enum Key {
    Hw,
    Cid,
}

/// The leases in a slab, indexed by address (address → slot) and by hardware address and
/// client-id (hash of the bytes → first slot of a chain through the slab, checked against
/// the lease's bytes on lookup). No allocation per index entry: a million leases load in a
/// fraction of the time and memory the per-key boxed maps took.
#[derive(Default)]
pub struct LeaseStore {
    slab: Vec<Entry>,
    free: Vec<u32>,
    by_addr: FxHashMap<u32, u32>,
    by_hw: FxHashMap<u64, u32>,
    by_cid: FxHashMap<u64, u32>,
    journal: Option<(PathBuf, File)>,
    /// Records appended since the last compaction.
    pub appended: u64,
    /// When set, `commit`/`delete` only buffer their records in `pending`; the packet worker
    /// calls `flush` (one `write` for a whole batch) before any reply of the batch is sent.
    pub batch: bool,
    pending: Vec<u8>,
    /// Iterative allocation cursors per (subnet index, pool index), shared by all workers.
    pub cursors: std::cell::RefCell<Vec<Vec<u32>>>,
}

fn key_hash(k: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(k);
    h.write_usize(k.len());
    h.finish()
}

impl LeaseStore {
    /// Opens (or creates) the lease file and loads it as Kea does: last record per address
    /// wins, deletions drop. The file is parsed on up to 4 threads while this one builds the
    /// index. As Kea, the file is not rewritten at start-up when it is already in our format
    /// (the journal continues; LFC compacts it later); a file in another column set (another
    /// Kea version's) is compacted into ours first, so that appended lines match its header.
    /// A row that cannot be read is discarded with an error in the log, as Kea does; more
    /// than `max_row_errors` of them (when not 0, Kea's `max-row-errors`) stop the start.
    pub fn open(path: Option<&Path>, max_row_errors: u64) -> Result<LeaseStore, String> {
        let mut s = LeaseStore::default();
        let Some(path) = path else { return Ok(s) };
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4);
        // Reserved, not touched: only the slots used become resident.
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        s.slab.reserve((size / 40) as usize);
        let loaded = csv::load4_file(path, threads, |l| {
            if l.valid_lifetime == 0 {
                if let Some(a) = l.address {
                    s.remove_index(u32::from(a));
                }
            } else {
                s.insert_index(l);
            }
        });
        let convert = match loaded {
            Ok(Some(info)) => {
                for e in &info.discarded {
                    crate::serve::log::error("DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR", || {
                        format!("{}: discarding line {}: {}", path.display(), e.line, e.message)
                    });
                }
                let n = info.discarded.len() as u64;
                if max_row_errors > 0 && n > max_row_errors {
                    return Err(format!(
                        "{}: {n} lines could not be read, more than max-row-errors ({max_row_errors}); the first: line {}: {}",
                        path.display(),
                        info.discarded[0].line,
                        info.discarded[0].message
                    ));
                }
                info.header != header4(FORMAT) || !info.ends_with_newline
            }
            Ok(None) => true,
            Err(csv::LoadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(csv::LoadError::Io(e)) => return Err(format!("{}: {e}", path.display())),
            Err(csv::LoadError::Csv(e)) => return Err(format!("{}: line {}: {}", path.display(), e.line, e.message)),
        };
        if convert {
            s.journal = Some((path.to_path_buf(), File::create(path.with_extension("tmp")).map_err(|e| e.to_string())?));
            s.compact().map_err(|e| format!("{}: {e}", path.display()))?;
        } else {
            let f = OpenOptions::new().append(true).open(path).map_err(|e| format!("{}: {e}", path.display()))?;
            s.journal = Some((path.to_path_buf(), f));
        }
        Ok(s)
    }

    fn next_of(&mut self, slot: u32, k: Key) -> &mut u32 {
        let e = &mut self.slab[slot as usize];
        match k {
            Key::Hw => &mut e.next_hw,
            Key::Cid => &mut e.next_cid,
        }
    }

    /// Appends `slot` at the tail of the chain of `bytes` (lookups see leases in insertion
    /// order, as before).
    fn link(&mut self, k: Key, bytes_hash: u64, slot: u32) {
        *self.next_of(slot, k) = NIL;
        let map = match k {
            Key::Hw => &mut self.by_hw,
            Key::Cid => &mut self.by_cid,
        };
        let Some(&head) = map.get(&bytes_hash) else {
            map.insert(bytes_hash, slot);
            return;
        };
        let mut at = head;
        loop {
            let n = *self.next_of(at, k);
            if n == NIL {
                *self.next_of(at, k) = slot;
                return;
            }
            at = n;
        }
    }

    fn unlink(&mut self, k: Key, bytes_hash: u64, slot: u32) {
        let map = match k {
            Key::Hw => &mut self.by_hw,
            Key::Cid => &mut self.by_cid,
        };
        let Some(&head) = map.get(&bytes_hash) else { return };
        let after = *self.next_of(slot, k);
        if head == slot {
            let map = match k {
                Key::Hw => &mut self.by_hw,
                Key::Cid => &mut self.by_cid,
            };
            if after == NIL {
                map.remove(&bytes_hash);
            } else {
                map.insert(bytes_hash, after);
            }
            return;
        }
        let mut at = head;
        while at != NIL {
            let n = *self.next_of(at, k);
            if n == slot {
                *self.next_of(at, k) = after;
                return;
            }
            at = n;
        }
    }

    fn remove_index(&mut self, a: u32) -> Option<Lease4> {
        let slot = self.by_addr.remove(&a)?;
        let (hw, cid) = {
            let l = &self.slab[slot as usize].lease;
            ((!l.hwaddr.is_empty()).then(|| key_hash(&l.hwaddr)), (!l.client_id.is_empty()).then(|| key_hash(&l.client_id)))
        };
        if let Some(h) = hw {
            self.unlink(Key::Hw, h, slot);
        }
        if let Some(h) = cid {
            self.unlink(Key::Cid, h, slot);
        }
        self.free.push(slot);
        Some(std::mem::take(&mut self.slab[slot as usize].lease))
    }

    fn insert_index(&mut self, l: Lease4) {
        let Some(addr) = l.address else { return };
        let a = u32::from(addr);
        self.remove_index(a);
        let hw = (!l.hwaddr.is_empty()).then(|| key_hash(&l.hwaddr));
        let cid = (!l.client_id.is_empty()).then(|| key_hash(&l.client_id));
        let e = Entry { lease: l, next_hw: NIL, next_cid: NIL };
        let slot = match self.free.pop() {
            Some(i) => {
                self.slab[i as usize] = e;
                i
            }
            None => {
                self.slab.push(e);
                (self.slab.len() - 1) as u32
            }
        };
        if let Some(h) = hw {
            self.link(Key::Hw, h, slot);
        }
        if let Some(h) = cid {
            self.link(Key::Cid, h, slot);
        }
        self.by_addr.insert(a, slot);
    }

    /// The leases whose `k` bytes are `bytes`, in insertion order.
    fn chain<'s>(&'s self, k: Key, bytes: &[u8]) -> impl Iterator<Item = &'s Lease4> {
        let map = match k {
            Key::Hw => &self.by_hw,
            Key::Cid => &self.by_cid,
        };
        let mut at = if bytes.is_empty() { NIL } else { map.get(&key_hash(bytes)).copied().unwrap_or(NIL) };
        std::iter::from_fn(move || {
            while at != NIL {
                let e = &self.slab[at as usize];
                at = match k {
                    Key::Hw => e.next_hw,
                    Key::Cid => e.next_cid,
                };
                let own = match k {
                    Key::Hw => &e.lease.hwaddr,
                    Key::Cid => &e.lease.client_id,
                };
                if own.as_slice() == bytes {
                    return Some(&e.lease);
                }
            }
            None
        })
    }

    fn append(&mut self, l: &Lease4) -> std::io::Result<()> {
        if let Some((_, f)) = &mut self.journal {
            if self.batch {
                csv::push_line4(&mut self.pending, l, FORMAT);
            } else {
                let mut line = Vec::with_capacity(128);
                csv::push_line4(&mut line, l, FORMAT);
                f.write_all(&line)?;
            }
            self.appended += 1;
        }
        Ok(())
    }

    /// Writes the records buffered in batch mode (one `write`) and leaves batch mode. Err: the
    /// batch is not on disk, so none of its replies may be sent.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.batch = false;
        if self.pending.is_empty() {
            return Ok(());
        }
        let r = match &mut self.journal {
            Some((_, f)) => f.write_all(&self.pending),
            None => Ok(()),
        };
        self.pending.clear();
        r
    }

    /// Stores a lease: journal first, then the index. Err: not on disk (the caller must not ACK).
    pub fn commit(&mut self, l: Lease4) -> std::io::Result<()> {
        self.append(&l)?;
        self.insert_index(l);
        Ok(())
    }

    /// Deletes a lease (release, lease4-del): the journal gets Kea's deletion record.
    pub fn delete(&mut self, addr: Ipv4Addr, now: u64) -> std::io::Result<Option<Lease4>> {
        let a = u32::from(addr);
        let Some(old) = self.get(addr) else { return Ok(None) };
        let mut gone = old.clone();
        gone.valid_lifetime = 0;
        gone.expire = now;
        self.append(&gone)?;
        Ok(self.remove_index(a))
    }

    pub fn get(&self, addr: Ipv4Addr) -> Option<&Lease4> {
        self.get_u32(u32::from(addr))
    }
    pub fn get_u32(&self, a: u32) -> Option<&Lease4> {
        self.by_addr.get(&a).map(|&i| &self.slab[i as usize].lease)
    }

    /// The lease of a client in a subnet: by client-id when `use_cid`, else by hardware address
    /// (Kea's `match-client-id`).
    pub fn find_client(&self, subnet_id: u32, hw: &[u8], cid: Option<&[u8]>, use_cid: bool) -> Option<&Lease4> {
        let (k, key) = match cid {
            Some(c) if use_cid => (Key::Cid, c),
            _ => (Key::Hw, hw),
        };
        self.chain(k, key).find(|l| l.subnet_id == subnet_id && l.state != LeaseState::Declined)
    }

    pub fn by_hw<'s>(&'s self, hw: &'s [u8]) -> impl Iterator<Item = &'s Lease4> + 's {
        self.chain(Key::Hw, hw)
    }
    pub fn by_client_id<'s>(&'s self, cid: &'s [u8]) -> impl Iterator<Item = &'s Lease4> + 's {
        self.chain(Key::Cid, cid)
    }

    /// Kea's LFC: the current leases written to `<file>.tmp`, synced, renamed over the file,
    /// and the journal reopened for appending.
    pub fn compact(&mut self) -> std::io::Result<()> {
        self.flush()?;
        let Some((path, _)) = &self.journal else { return Ok(()) };
        let path = path.clone();
        let tmp = path.with_extension("tmp");
        let mut sorted: Vec<(u32, u32)> = self.by_addr.iter().map(|(&a, &i)| (a, i)).collect();
        sorted.sort_unstable();
        let mut f = std::io::BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        f.write_all(header4(FORMAT).as_bytes())?;
        f.write_all(b"\n")?;
        let mut line = Vec::with_capacity(256);
        for (_, i) in sorted {
            line.clear();
            csv::push_line4(&mut line, &self.slab[i as usize].lease, FORMAT);
            f.write_all(&line)?;
        }
        f.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        let f = OpenOptions::new().append(true).open(&path)?;
        self.journal = Some((path, f));
        self.appended = 0;
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.by_addr.len()
    }
    pub fn is_empty(&self) -> bool {
        self.by_addr.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Lease4> {
        self.slab.iter().map(|e| &e.lease).filter(|l| l.address.is_some())
    }
    pub fn path(&self) -> Option<&Path> {
        self.journal.as_ref().map(|(p, _)| p.as_path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(a: [u8; 4], hw: u8) -> Lease4 {
        Lease4 {
            address: Some(Ipv4Addr::from(a)),
            hwaddr: vec![0, 1, 2, 3, 4, hw],
            client_id: vec![1, 0, 1, 2, 3, 4, hw],
            valid_lifetime: 3600,
            expire: 2_000_000_000,
            subnet_id: 1,
            hostname: "h,1".into(),
            ..Default::default()
        }
    }

    #[test]
    fn journal_survives_reopen_with_deletions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leases4.csv");
        {
            let mut s = LeaseStore::open(Some(&path), 0).unwrap();
            s.commit(lease([10, 0, 0, 5], 5)).unwrap();
            s.commit(lease([10, 0, 0, 6], 6)).unwrap();
            s.delete(Ipv4Addr::new(10, 0, 0, 5), 1_700_000_000).unwrap();
            // Not compacted: the file holds three records after the header.
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(text.lines().count(), 4, "{text}");
            assert!(text.lines().nth(3).unwrap().starts_with("10.0.0.5,00:01:02:03:04:05,01:00:01:02:03:04:05,0,1700000000,1,"));
        }
        let s = LeaseStore::open(Some(&path), 0).unwrap();
        assert_eq!(s.len(), 1);
        let l = s.get(Ipv4Addr::new(10, 0, 0, 6)).unwrap();
        assert_eq!(l.hostname, "h,1");
        assert!(s.find_client(1, &[0, 1, 2, 3, 4, 6], None, false).is_some());
        assert!(s.find_client(1, &[], Some(&[1, 0, 1, 2, 3, 4, 6]), true).is_some());
        assert!(s.find_client(2, &[0, 1, 2, 3, 4, 6], None, false).is_none());
        // As Kea, not rewritten at start-up: the journal continues (LFC compacts it).
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 4);
        let mut s = s;
        s.compact().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
    }

    #[test]
    fn a_file_in_another_kea_format_is_converted_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leases4.csv");
        // Kea 2.4+ columns (pool_id), no newline at the end.
        std::fs::write(&path, format!("{}\n10.0.0.9,00:01:02:03:04:05,,100,2000000000,3,0,0,,0,,7", header4(KeaVersion::V3_0))).unwrap();
        let mut s = LeaseStore::open(Some(&path), 0).unwrap();
        assert_eq!(s.get(Ipv4Addr::new(10, 0, 0, 9)).unwrap().subnet_id, 3);
        s.commit(lease([10, 0, 0, 5], 5)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().next(), Some(header4(FORMAT).as_str()), "{text}");
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.ends_with('\n'));
    }

    /// A crash mid-append leaves a row cut short; a corrupt row can sit anywhere. As Kea
    /// (kea-dhcp4 2.2 on the same file: "DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR discarding row
    /// 3"), such rows are discarded and the leases before them kept, not deleted by a row
    /// read as a zero lifetime; `max-row-errors` bounds how many may be.
    #[test]
    fn bad_rows_are_discarded_and_earlier_leases_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leases4.csv");
        let h = header4(FORMAT);
        let text = format!(
            "{h}\n10.0.0.20,02:00:00:00:00:01,,4000,1900000000,1,0,0,a,0,\n10.0.0.21,02:00:00:00:00:02,,4000,1900000000,1,0,0,b,0,\n\
             10.0.0.300,02:00:00:00:00:09,,4000,1900000000,1,0,0,x,0,\n10.0.0.22,02:00:00:00:00:03,,4000,1900000000,1,0,0,c,0,\n\
             10.0.0.21,02:00:00:00:00:02"
        );
        std::fs::write(&path, &text).unwrap();
        let Err(e) = LeaseStore::open(Some(&path), 1) else { panic!("max-row-errors 1 with 2 bad rows must refuse") };
        assert!(e.contains("2 lines could not be read, more than max-row-errors (1)"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "a refused start leaves the file alone");
        let mut s = LeaseStore::open(Some(&path), 2).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s.get(Ipv4Addr::new(10, 0, 0, 21)).unwrap().hostname, "b");
        // The file did not end with a newline: rewritten from what was read, so the next
        // record is a line of its own.
        s.commit(lease([10, 0, 0, 5], 5)).unwrap();
        let s = LeaseStore::open(Some(&path), 0).unwrap();
        assert_eq!(s.len(), 4);
    }

    #[test]
    fn index_chains_follow_replacements_and_deletions() {
        let mut s = LeaseStore::default();
        // Two leases of one client (two subnets), one of another.
        let mut a = lease([10, 0, 0, 5], 5);
        s.commit(a.clone()).unwrap();
        let mut b = lease([10, 0, 1, 5], 5);
        b.subnet_id = 2;
        s.commit(b.clone()).unwrap();
        s.commit(lease([10, 0, 0, 6], 6)).unwrap();
        let hw5 = [0, 1, 2, 3, 4, 5];
        assert_eq!(s.by_hw(&hw5).map(|l| l.subnet_id).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(s.find_client(2, &hw5, None, false).unwrap().address, b.address);
        // The first moves to another client: it leaves the first chain.
        a.hwaddr = vec![9; 6];
        a.client_id.clear();
        s.commit(a).unwrap();
        assert_eq!(s.by_hw(&hw5).count(), 1);
        assert_eq!(s.by_hw(&[9; 6]).count(), 1);
        assert!(s.find_client(1, &[], Some(&[1, 0, 1, 2, 3, 4, 5]), true).is_none());
        assert!(s.find_client(2, &[], Some(&[1, 0, 1, 2, 3, 4, 5]), true).is_some());
        s.delete(Ipv4Addr::new(10, 0, 1, 5), 1).unwrap();
        assert_eq!(s.by_hw(&hw5).count(), 0);
        assert_eq!(s.by_client_id(&[1, 0, 1, 2, 3, 4, 5]).count(), 0);
        // The freed slot is reused and iteration sees live leases only.
        s.commit(lease([10, 0, 0, 7], 7)).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s.iter().count(), 3);
        assert_eq!(s.slab.len(), 3);
    }
}
