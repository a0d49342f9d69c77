//! The expression tree shared by `check` (parse + type check), `serve` (evaluate), `migrate`
//! (build from ISC dhcpd expressions, print as Kea text) and `lint` (inspect).
//!
//! Spans are byte ranges in the expression text (not in the config file): the caller maps
//! them into the file (see `check::classes`). Equality of trees ignores spans, so
//! `parse(print(e)) == e` holds even though printing normalises spacing and parentheses.

use compact_str::CompactString as Str;
use std::net::IpAddr;

/// A byte range in the expression text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> TextRange {
        TextRange { start: start as u32, end: end as u32 }
    }
    pub fn to(self, other: TextRange) -> TextRange {
        TextRange { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The two value types of Kea's language: every value is a byte string, except the results
/// of comparisons, logic, `.exists` and `member`, which are booleans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    String,
    Bool,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Bool => "boolean",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: TextRange,
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        self.kind == other.kind
    }
}

impl Expr {
    pub fn new(kind: ExprKind, span: TextRange) -> Expr {
        Expr { kind, span }
    }
}

/// How an option's content is read: `.hex` (raw bytes), `.text` (as text) or `.exists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repr {
    Hex,
    Text,
    Exists,
}

impl Repr {
    pub fn keyword(self) -> &'static str {
        match self {
            Repr::Hex => "hex",
            Repr::Text => "text",
            Repr::Exists => "exists",
        }
    }
    pub fn result_type(self) -> Type {
        if self == Repr::Exists { Type::Bool } else { Type::String }
    }
}

/// An option named in `option[...]`: its code, and the name when it was written by name
/// (kept so printing gives back what the user wrote).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionRef {
    pub code: u16,
    pub name: Option<Str>,
}

/// `pkt.X`: fields every packet has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PktField {
    Iface,
    Src,
    Dst,
    Len,
}

/// `pkt4.X`: fixed fields of the DHCPv4 header (and the message type option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pkt4Field {
    Mac,
    Hlen,
    Htype,
    Ciaddr,
    Giaddr,
    Yiaddr,
    Siaddr,
    MsgType,
    TransId,
}

/// `pkt6.X`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pkt6Field {
    MsgType,
    TransId,
}

/// `relay6[n].peeraddr` / `relay6[n].linkaddr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relay6Addr {
    Peer,
    Link,
}

/// `addrtotext`, `int8totext` … `uint32totext`: binary to text conversions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToText {
    Addr,
    Int8,
    Int16,
    Int32,
    Uint8,
    Uint16,
    Uint32,
}

/// `lcase` / `ucase`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    Lower,
    Upper,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    // ---- literals (all strings) ----
    /// `'text'` (Kea strings have no escapes; they may hold any byte but `'` and newline).
    Str(Str),
    /// `0x0a1b`: the bytes (an odd digit count gets a leading 0, as in Kea).
    Hex(Box<[u8]>),
    /// An integer used as a value: four bytes, network order.
    Int(u32),
    /// `10.0.0.1`, `2001:db8::1`: 4 or 16 bytes.
    Addr(IpAddr),

    // ---- packet contents ----
    /// `option[code].hex|text|exists`, with `sub`: `option[code].option[sub]...`.
    Option {
        option: OptionRef,
        sub: Option<u16>,
        repr: Repr,
    },
    /// `relay4[code].hex|text|exists`: a sub-option of the relay agent information (82).
    Relay4 {
        code: u8,
        repr: Repr,
    },
    /// `relay6[nest].option[code].hex|text|exists`.
    Relay6Option {
        nest: i8,
        code: u16,
        repr: Repr,
    },
    /// `relay6[nest].peeraddr|linkaddr`.
    Relay6Addr {
        nest: i8,
        which: Relay6Addr,
    },
    Pkt(PktField),
    Pkt4(Pkt4Field),
    Pkt6(Pkt6Field),
    /// `vendor.enterprise`.
    VendorEnterprise,
    /// `vendor[ent].exists`; `enterprise` None is `*` (any).
    VendorExists {
        enterprise: Option<u32>,
    },
    /// `vendor[ent].option[code].hex|text|exists`.
    VendorOption {
        enterprise: Option<u32>,
        code: u16,
        repr: Repr,
    },
    /// `vendor-class.enterprise`.
    VendorClassEnterprise,
    /// `vendor-class[ent].exists`.
    VendorClassExists {
        enterprise: Option<u32>,
    },
    /// `vendor-class[ent].data` (index None) or `.data[i]`.
    VendorClassData {
        enterprise: Option<u32>,
        index: Option<u8>,
    },

    // ---- string functions ----
    /// `substring(value, start, length|all)`; `len` None is `all`. Kea range-checks start and
    /// length only when evaluating, so any i64 is kept here.
    Substring {
        value: Box<Expr>,
        start: i64,
        len: Option<i64>,
    },
    /// `split(value, delimiters, field)`.
    Split {
        value: Box<Expr>,
        delims: Box<Expr>,
        field: i64,
    },
    /// `concat(a, b)` or, with `plus`, `a + b`.
    Concat {
        left: Box<Expr>,
        right: Box<Expr>,
        plus: bool,
    },
    /// `ifelse(cond, then, else)`.
    IfElse {
        cond: Box<Expr>,
        then: Box<Expr>,
        other: Box<Expr>,
    },
    /// `hexstring(value, separator)`.
    HexString {
        value: Box<Expr>,
        sep: Box<Expr>,
    },
    ToText(ToText, Box<Expr>),
    Case(Case, Box<Expr>),

    // ---- booleans ----
    /// `member('class')`.
    Member(Str),
    /// `known` (= member('KNOWN')) and `unknown` (= not member('KNOWN')).
    Known,
    Unknown,
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Eq(Box<Expr>, Box<Expr>),
}

impl ExprKind {
    /// The type this node produces.
    pub fn result_type(&self) -> Type {
        use ExprKind::*;
        match self {
            Option { repr, .. } | Relay4 { repr, .. } | Relay6Option { repr, .. } | VendorOption { repr, .. } => repr.result_type(),
            VendorExists { .. } | VendorClassExists { .. } | Member(_) | Known | Unknown | Not(_) | And(..) | Or(..) | Eq(..) => Type::Bool,
            _ => Type::String,
        }
    }

    /// Direct children, in source order.
    pub fn children(&self) -> Vec<&Expr> {
        use ExprKind::*;
        match self {
            Substring { value, .. } => vec![value],
            Split { value, delims, .. } => vec![value, delims],
            Concat { left, right, .. } => vec![left, right],
            IfElse { cond, then, other } => vec![cond, then, other],
            HexString { value, sep } => vec![value, sep],
            ToText(_, e) | Case(_, e) | Not(e) => vec![e],
            And(a, b) | Or(a, b) | Eq(a, b) => vec![a, b],
            _ => Vec::new(),
        }
    }
}

impl Expr {
    /// Calls `f` on this node and every node below it (pre-order).
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        for c in self.kind.children() {
            c.walk(f);
        }
    }
}
