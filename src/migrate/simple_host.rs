//! The most common host, `host NAME { hardware TYPE MAC; fixed-address A.B.C.D; }` (either
//! order, the address optional; nothing else, no comments), read into the compact entry it
//! becomes (`out::Entry::Simple`) with the keys its duplicates are known by. A config may
//! hold 100,000 of them, and they were most of the migration's time: top-level ones are read
//! on the dhcpd parser thread (`dhcpd::Prepare`), most straight from the text
//! (`read_host`, no tokens made), the others from their parsed statement (`prepare_host`);
//! `scope` places them. Both readings go through `simple_host`, and `read_host` reads only
//! what the parser would read as the same statement (test `read_host_reads_as_the_parser`).

use super::scope::{IDENTIFIERS, addr_key, identifier_hash};
use super::{Options, out, params};
use crate::dhcpd::ast::Stmt;
use crate::dhcpd::lexer::word_byte;
use crate::source::{FileId, Span};
use crate::universe::Universe;
use std::borrow::Cow;
use std::hash::BuildHasher as _;

/// What `scope::simple_host` needs of a host: the entry and the keys its duplicates are
/// known by (worked out where the host is read, so that placing it only looks them up).
#[derive(Debug, PartialEq)]
pub struct SimpleHost {
    pub(super) entry: out::Entry,
    /// The statement's (so that placing the host reads nothing else of the batch, which the
    /// parser thread wrote: another core's cache).
    pub(super) span: Span,
    /// The hash `seen_ids` knows its hardware address by in the global scope.
    pub(super) id: u64,
    /// `addr_key` of its fixed address.
    pub(super) addr: Option<u64>,
}

/// The parser thread's reading of top-level statements for migrate (`dhcpd::each_statement`):
/// simple hosts, for the options given.
pub struct Hosts<'a>(pub &'a Options);

impl crate::dhcpd::Prepare<SimpleHost> for Hosts<'_> {
    fn statement(&self, st: &Stmt) -> Option<SimpleHost> {
        prepare_host(self.0, st)
    }
    fn text(&self, text: &str, at: usize, file: FileId) -> Option<(usize, SimpleHost)> {
        read_host(self.0, text, at, file)
    }
}

/// Whether hosts are read this way at all: global DHCPv4 reservations only.
fn applies(opts: &Options) -> bool {
    opts.universe == Universe::V4 && !opts.hosts_in_subnet
}

/// A statement of a host's block, as `simple_host` tells them apart.
enum Part<'a> {
    /// `hardware TYPE MAC;`: the MAC's text.
    Hardware(&'a str),
    /// `fixed-address A;`: the address's text.
    Fixed(&'a str),
    /// Anything else.
    Other,
}

/// A simple host from its parsed `host` statement (any top-level statement: None for any
/// other, and whenever hosts go to subnets or the config is DHCPv6).
pub fn prepare_host(opts: &Options, st: &Stmt) -> Option<SimpleHost> {
    if !applies(opts) || !st.comments.is_empty() || st.block.is_none() {
        return None;
    }
    let [head, name] = st.tokens.as_slice() else { return None };
    if !head.is_word("host") {
        return None;
    }
    let parts = st.children().iter().map(|s| match s.tokens.as_slice() {
        _ if s.block.is_some() || !s.comments.is_empty() => Part::Other,
        [h, _, mac] if h.is_word("hardware") => Part::Hardware(&mac.text),
        [f, a] if f.is_word("fixed-address") => Part::Fixed(&a.text),
        _ => Part::Other,
    });
    simple_host(opts, st.span, name.text.clone(), parts)
}

/// `prepare_host` of the statement starting at byte `at` of `text` (file `file`), read
/// straight from the text: its end and the host, when it is a simple host written in words
/// and white space alone (a quoted name, a comment, anything unusual: None, and the parser
/// reads it). What it reads, the lexer reads the same way: words are runs of
/// `lexer::word_byte`, white space is skipped between them, `{ } ;` stand alone.
pub fn read_host(opts: &Options, text: &str, at: usize, file: FileId) -> Option<(usize, SimpleHost)> {
    if !applies(opts) {
        return None;
    }
    let mut r = Reader { b: text.as_bytes(), text, i: at };
    if !r.word()?.eq_ignore_ascii_case("host") {
        return None;
    }
    let name = r.word()?;
    if !r.punct(b'{') {
        return None;
    }
    // More than two statements is never a simple host.
    let mut parts = [Part::Other, Part::Other];
    let mut n = 0;
    while !r.punct(b'}') {
        let head = r.word()?;
        let part = if head.eq_ignore_ascii_case("hardware") {
            r.word()?;
            Part::Hardware(r.word()?)
        } else if head.eq_ignore_ascii_case("fixed-address") {
            Part::Fixed(r.word()?)
        } else {
            return None;
        };
        if n == parts.len() || !r.punct(b';') {
            return None;
        }
        parts[n] = part;
        n += 1;
    }
    let span = Span::new(file, at, r.i);
    let host = simple_host(opts, span, name.into(), parts.into_iter().take(n))?;
    Some((r.i, host))
}

/// Words and punctuation of one statement, as `lexer::Lexer` reads them.
struct Reader<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> Reader<'a> {
    fn space(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    /// The next word (white space before it skipped); None when something else comes.
    fn word(&mut self) -> Option<&'a str> {
        self.space();
        let s = self.i;
        while self.b.get(self.i).is_some_and(|&c| word_byte(c)) {
            self.i += 1;
        }
        // Word bytes are ASCII: the slice is on char boundaries.
        (self.i > s).then(|| &self.text[s..self.i])
    }

    /// Whether `c` comes next (white space before it skipped); read when it does.
    fn punct(&mut self, c: u8) -> bool {
        self.space();
        let here = self.b.get(self.i) == Some(&c);
        self.i += usize::from(here);
        here
    }
}

/// The host of `name` with these statements, when it is a simple one.
fn simple_host<'a>(opts: &Options, span: Span, name: crate::syntax::cst::Str, parts: impl Iterator<Item = Part<'a>>) -> Option<SimpleHost> {
    let (mut hw, mut ip, mut hw_first) = (None, None, false);
    for p in parts {
        match p {
            Part::Hardware(mac) if hw.is_none() => match params::hex_bytes(mac) {
                Some(b) if !b.is_empty() && b.len() <= crate::model::IdentifierType::HwAddress.max_len(opts.version) => {
                    // Written as Kea prints it (two lower-case digits a byte): most MACs
                    // already are, and are copied as they stand.
                    let canonical = mac.len() == 3 * b.len() - 1 && !mac.bytes().any(|c| c.is_ascii_uppercase());
                    hw = Some(if canonical { Cow::Borrowed(mac) } else { Cow::Owned(crate::leases::csv::hex(&b)) });
                    hw_first = ip.is_none();
                }
                _ => return None,
            },
            // A dotted quad is the canonical form (no leading zeros, nothing around it): the
            // text Kea prints, copied as it stands.
            Part::Fixed(a) if ip.is_none() && crate::model::addr::dotted_quad(a).is_some() => ip = Some(a),
            _ => return None,
        }
    }
    let hw = hw?;
    Some(SimpleHost {
        span,
        id: rustc_hash::FxBuildHasher.hash_one((0u64, identifier_hash(IDENTIFIERS[0], &hw))),
        addr: ip.map(addr_key),
        // Members in the order `scope::any_host` inserts them: hostname, then the statements' own order.
        entry: out::Entry::Simple { hostname: name, hw: hw.as_ref().into(), ip: ip.map(Into::into), hw_first },
    })
}

#[cfg(test)]
mod tests;
