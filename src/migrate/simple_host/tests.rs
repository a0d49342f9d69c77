use super::*;
use crate::dhcpd::parser::Parser;

/// Host statements put together from pieces that are simple hosts, nearly simple hosts, and
/// no hosts (a seeded generator: the same cases every run). Each list starts with `GOOD`
/// pieces of simple hosts, picked most of the time.
fn cases(n: usize) -> Vec<String> {
    const GOOD: u64 = 3;
    const HEADS: &[&str] = &["host", "HOST", "Host", "hostx", "group", "host\"", "\"host\""];
    const NAMES: &[&str] = &["h1", "a.b-c_d", "h$@/:", "\"h 1\"", "", "x{", "é", "h=1"];
    const SPACE: &[&str] = &[" ", "\n  ", "\r\n\t\x0c", "", " #c\n", "\u{a0}"];
    const PARTS: &[&str] = &[
        "hardware ethernet 00:11:22:33:44:55",
        "fixed-address 10.0.0.1",
        "HARDWARE Ethernet AA:bb:CC:dd:EE:ff",
        "hardware token-ring 0:1:2:3:4:5",
        "hardware ethernet 00:11:22:33:44:5g",
        "hardware ethernet \"00:11:22:33:44:55\"",
        "hardware ethernet",
        "hardware ethernet 0011.2233.4455",
        "hardware ethernet 00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44",
        "hardware ethernet 00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33",
        "Fixed-Address 192.0.2.255",
        "fixed-address 10.0.0.01",
        "fixed-address 300.0.0.1",
        "fixed-address 10.0.0.1, 10.0.0.2",
        "fixed-address 10.0.0.1,10.0.0.2",
        "fixed-address host.example.org",
        "fixed-address \"10.0.0.1\"",
        "option routers 10.0.0.1",
        "hardware",
        "group { }",
    ];
    const ENDS: &[&str] = &[";", " ;", "\n;", "", ";;", "#x\n;", ",;"];
    const CLOSE: &[&str] = &["}", "};", "} ;", "", "}}", "{ }"];
    const AFTER: &[&str] = &["", "\n", "\nhost z { hardware ethernet 1:2:3:4:5:6; }\n", "# tail\n", "option a b;"];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut pick = |list: &[&'static str]| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = if seed % 8 < 7 { GOOD.min(list.len() as u64) } else { list.len() as u64 };
        list[(seed / 8 % n) as usize]
    };
    (0..n)
        .map(|_| {
            let mut t = format!("{}{}{}{}{}{{", pick(HEADS), pick(SPACE), pick(NAMES), pick(SPACE), pick(SPACE));
            let parts = (pick(&["2", "1", "2", "0", "3"]).as_bytes()[0] - b'0') as usize;
            for _ in 0..parts {
                t.push_str(pick(SPACE));
                t.push_str(pick(PARTS));
                t.push_str(pick(ENDS));
            }
            t.push_str(pick(SPACE));
            t.push_str(pick(CLOSE));
            t.push_str(pick(AFTER));
            t
        })
        .collect()
}

/// `read_host` reads a statement only where the parser reads the same statement, clean and
/// ending where it ends, of which `prepare_host` makes the same host; and it reads most of
/// the simple hosts (else the fast path would be a slow one).
#[test]
fn read_host_reads_as_the_parser() {
    let (mut read, mut simple) = (0, 0);
    for opts in [Options::default(), Options { version: crate::version::KeaVersion::V2_2, ..Options::default() }] {
        for text in cases(20_000) {
            let mut p = Parser::new(&text, FileId(0));
            let at = p.next_statement_start().expect("nothing pending at the start");
            let fast = read_host(&opts, &text, at, FileId(0));
            let st = p.next_statement();
            let parsed = st.as_ref().and_then(|st| prepare_host(&opts, st));
            // (A host the parser reads with an error, a stray byte say, is not read: the
            // conversion stops at the error anyway.)
            simple += usize::from(parsed.is_some() && p.diags.is_empty());
            let Some((end, host)) = fast else {
                if parsed.is_some() && p.diags.is_empty() && std::env::var_os("SHOW").is_some() {
                    println!("not read: {text:?}");
                }
                continue;
            };
            read += 1;
            let st = st.unwrap_or_else(|| panic!("read a host where the parser reads none: {text:?}"));
            assert!(p.diags.is_empty(), "read a host where the parser reports {:?}: {text:?}", p.diags);
            assert_eq!(st.span, Span::new(FileId(0), at, end), "{text:?}");
            assert_eq!(parsed.as_ref(), Some(&host), "{text:?}");
            // The parser goes on from the end as one started there does.
            let rest = |mut p: Parser| (std::iter::from_fn(|| p.next_statement()).map(|s| format!("{s:?}")).collect::<Vec<_>>(), p.diags);
            let (a, b) = (rest(p), rest(Parser::new_at(&text, FileId(0), end)));
            assert_eq!(a.0, b.0, "{text:?}");
            assert_eq!(format!("{:?}", a.1), format!("{:?}", b.1), "{text:?}");
        }
    }
    println!("{read} of {simple} simple hosts read from the text");
    assert!(read > 2_000 && read * 10 > simple * 6, "read {read} of {simple} simple hosts");
}

/// Only global DHCPv4 reservations are read this way.
#[test]
fn read_host_only_where_hosts_are_global_and_v4() {
    let text = "host h { hardware ethernet 00:11:22:33:44:55; fixed-address 10.0.0.1; }";
    assert!(read_host(&Options::default(), text, 0, FileId(0)).is_some());
    let v6 = Options { universe: Universe::V6, ..Options::default() };
    let in_subnet = Options { hosts_in_subnet: true, ..Options::default() };
    assert!(read_host(&v6, text, 0, FileId(0)).is_none());
    assert!(read_host(&in_subnet, text, 0, FileId(0)).is_none());
}
