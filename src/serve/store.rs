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
use std::io::Write;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

/// The CSV columns we write: Kea 2.2's, which every later Kea also reads.
pub const FORMAT: KeaVersion = KeaVersion::V2_2;

#[derive(Default)]
pub struct LeaseStore {
    pub by_addr: FxHashMap<u32, Lease4>,
    by_hw: FxHashMap<Box<[u8]>, Vec<u32>>,
    by_cid: FxHashMap<Box<[u8]>, Vec<u32>>,
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

fn add_key(m: &mut FxHashMap<Box<[u8]>, Vec<u32>>, k: &[u8], a: u32) {
    if k.is_empty() {
        return;
    }
    match m.get_mut(k) {
        Some(v) => {
            if !v.contains(&a) {
                v.push(a)
            }
        }
        None => {
            m.insert(k.into(), vec![a]);
        }
    }
}
fn del_key(m: &mut FxHashMap<Box<[u8]>, Vec<u32>>, k: &[u8], a: u32) {
    if let Some(v) = m.get_mut(k) {
        v.retain(|x| *x != a);
        if v.is_empty() {
            m.remove(k);
        }
    }
}

impl LeaseStore {
    /// Opens (or creates) the lease file and loads it as Kea does: last record per address
    /// wins, deletions drop. The file is then compacted so the journal starts clean.
    pub fn open(path: Option<&Path>) -> Result<LeaseStore, String> {
        let mut s = LeaseStore::default();
        let Some(path) = path else { return Ok(s) };
        match std::fs::read_to_string(path) {
            Ok(text) if !text.trim().is_empty() => {
                let recs = csv::read4(&text).map_err(|e| format!("{}: line {}: {}", path.display(), e.line, e.message))?;
                for l in csv::current4(recs) {
                    s.insert_index(l);
                }
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
        s.journal = Some((path.to_path_buf(), File::create(path.with_extension("tmp")).map_err(|e| e.to_string())?));
        s.compact().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(s)
    }

    fn insert_index(&mut self, l: Lease4) {
        let Some(a) = l.address else { return };
        let a = u32::from(a);
        if let Some(old) = self.by_addr.remove(&a) {
            del_key(&mut self.by_hw, &old.hwaddr, a);
            del_key(&mut self.by_cid, &old.client_id, a);
        }
        add_key(&mut self.by_hw, &l.hwaddr, a);
        add_key(&mut self.by_cid, &l.client_id, a);
        self.by_addr.insert(a, l);
    }

    fn append(&mut self, l: &Lease4) -> std::io::Result<()> {
        if let Some((_, f)) = &mut self.journal {
            let line = csv::line4(l, FORMAT);
            if self.batch {
                self.pending.extend_from_slice(line.as_bytes());
                self.pending.push(b'\n');
            } else {
                let mut line = line.into_bytes();
                line.push(b'\n');
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
        let Some(old) = self.by_addr.get(&a) else { return Ok(None) };
        let mut gone = old.clone();
        gone.valid_lifetime = 0;
        gone.expire = now;
        self.append(&gone)?;
        let old = self.by_addr.remove(&a);
        if let Some(o) = &old {
            del_key(&mut self.by_hw, &o.hwaddr, a);
            del_key(&mut self.by_cid, &o.client_id, a);
        }
        Ok(old)
    }

    pub fn get(&self, addr: Ipv4Addr) -> Option<&Lease4> {
        self.by_addr.get(&u32::from(addr))
    }

    /// The lease of a client in a subnet: by client-id when `use_cid`, else by hardware address
    /// (Kea's `match-client-id`).
    pub fn find_client(&self, subnet_id: u32, hw: &[u8], cid: Option<&[u8]>, use_cid: bool) -> Option<&Lease4> {
        let (map, key) = match cid {
            Some(c) if use_cid => (&self.by_cid, c),
            _ => (&self.by_hw, hw),
        };
        map.get(key)?.iter().filter_map(|a| self.by_addr.get(a)).find(|l| l.subnet_id == subnet_id && l.state != LeaseState::Declined)
    }

    pub fn by_hw(&self, hw: &[u8]) -> impl Iterator<Item = &Lease4> {
        self.by_hw.get(hw).into_iter().flatten().filter_map(|a| self.by_addr.get(a))
    }
    pub fn by_client_id(&self, cid: &[u8]) -> impl Iterator<Item = &Lease4> {
        self.by_cid.get(cid).into_iter().flatten().filter_map(|a| self.by_addr.get(a))
    }

    /// Kea's LFC: the current leases written to `<file>.tmp`, synced, renamed over the file,
    /// and the journal reopened for appending.
    pub fn compact(&mut self) -> std::io::Result<()> {
        self.flush()?;
        let Some((path, _)) = &self.journal else { return Ok(()) };
        let path = path.clone();
        let tmp = path.with_extension("tmp");
        let mut sorted: Vec<&Lease4> = self.by_addr.values().collect();
        sorted.sort_by_key(|l| l.address);
        let mut f = std::io::BufWriter::new(File::create(&tmp)?);
        f.write_all(header4(FORMAT).as_bytes())?;
        f.write_all(b"\n")?;
        for l in sorted {
            f.write_all(csv::line4(l, FORMAT).as_bytes())?;
            f.write_all(b"\n")?;
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
        self.by_addr.values()
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
            let mut s = LeaseStore::open(Some(&path)).unwrap();
            s.commit(lease([10, 0, 0, 5], 5)).unwrap();
            s.commit(lease([10, 0, 0, 6], 6)).unwrap();
            s.delete(Ipv4Addr::new(10, 0, 0, 5), 1_700_000_000).unwrap();
            // Not compacted: the file holds three records after the header.
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(text.lines().count(), 4, "{text}");
            assert!(text.lines().nth(3).unwrap().starts_with("10.0.0.5,00:01:02:03:04:05,01:00:01:02:03:04:05,0,1700000000,1,"));
        }
        let s = LeaseStore::open(Some(&path)).unwrap();
        assert_eq!(s.len(), 1);
        let l = s.get(Ipv4Addr::new(10, 0, 0, 6)).unwrap();
        assert_eq!(l.hostname, "h,1");
        assert!(s.find_client(1, &[0, 1, 2, 3, 4, 6], None, false).is_some());
        assert!(s.find_client(1, &[], Some(&[1, 0, 1, 2, 3, 4, 6]), true).is_some());
        assert!(s.find_client(2, &[0, 1, 2, 3, 4, 6], None, false).is_none());
        // Compacted on open: header + one lease.
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
    }
}
