//! `check`: everything Kea would reject, all at once.
//!
//! Order of work: syntax (from the parser) → shape and types (`crate::schema`) → lower to the
//! model → semantic checks over the model, each in its own file. Semantic rules follow what
//! `kea-dhcp4 -t` / `kea-dhcp6 -t` (2.2) reject, and what the server refuses only when it
//! starts (hook parameters: `ha`, `flex_option`, `flex_id`, `ping_check`, `lease_query`,
//! `legal_log`, `run_script`, `ddns_tuning`, `limits`, `perfmon`, `radius`); things Kea accepts but that are suspicious are
//! warnings (they do not change the verdict).

mod classes;
mod ddns;
mod ddns_tuning;
mod flex_id;
mod flex_option;
mod ha;
mod hooks;
mod lease_query;
mod legal_log;
mod limits;
mod options;
mod paths;
mod perfmon;
mod ping_check;
mod radius;
mod reservations;
mod run_script;
mod services;
mod subnets;
mod timers;

/// Option name to code as class expressions resolve it (used by lint too).
pub use classes::option_code;

use crate::daemon::Daemon;
use crate::diag::{Diagnostic, sort_dedup};
use crate::model::{Config, Reservation};
use crate::syntax::Document;
use crate::syntax::cst::Node;
use crate::version::KeaVersion;

#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Which daemon's config this is; None: whatever top-level keys are present.
    pub daemon: Option<Daemon>,
    pub version: KeaVersion,
    /// The config is for `keakit serve`, not Kea: Kea's rules on where its files live
    /// (`paths`) do not apply.
    pub own_server: bool,
}

/// Shared state of one check run.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub opts: &'a CheckOptions,
    pub out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
}

/// Check a parsed document (the parser's own diagnostics are not repeated here).
/// The CST is moved into the model (`doc.root` is None afterwards: lowering consumes it so
/// that a large config is never in memory twice); the model is returned for callers that go on.
pub fn check_document(doc: &mut Document, opts: &CheckOptions) -> (Vec<Diagnostic>, Option<Config>) {
    let root = doc.root.take();
    check_tree(doc, root, opts, Vec::new())
}

/// `check_document` of `root` (taken out of `doc`), a tree printed with some of its daemon's
/// reservations lowered already (`migrate::out::print_lowering`): `lowered` (spans in `doc`,
/// in text order) joins the reservations lowered from the tree, in text order, before the
/// rules run.
fn check_tree(doc: &Document, root: Option<Node>, opts: &CheckOptions, lowered: Vec<Reservation>) -> (Vec<Diagnostic>, Option<Config>) {
    let Some(root) = root else { return (Vec::new(), None) };
    // Many reservations lowered while printing that make the whole global scope (the tree
    // holds no other global one): a second core checks them from the start, while this one
    // validates and lowers the tree and runs the other rules.
    let early = (lowered.len() >= THREADED_FROM).then(|| lowered_scope(&root)).flatten();
    let Some(v4) = early else {
        let (out, mut config) = validated_and_lowered(root, opts);
        if !lowered.is_empty()
            && let Some(dhcp) = config.dhcp4.as_mut().or(config.dhcp6.as_mut())
        {
            let parsed = dhcp.reservations.take().unwrap_or_default();
            dhcp.reservations = Some(merge_by_position(parsed, lowered));
        }
        let out = rules(doc, opts, &config, out, true);
        return (out, Some(config));
    };
    // The global scope's identifiers on the second core; its addresses on whichever core
    // is free first (they need `ip-reservations-unique`, known once the tree is lowered).
    let unique = std::sync::OnceLock::new();
    let taken = std::sync::atomic::AtomicBool::new(false);
    let addresses = |cx: &mut Ctx, unique: bool| {
        if !taken.swap(true, std::sync::atomic::Ordering::Relaxed) {
            reservations::resources_in(cx, &lowered, None, v4, unique);
            crate::timing::mark("check: global reservation addresses");
        }
    };
    let (out, mut config) = std::thread::scope(|s| {
        let helper = s.spawn(|| {
            let mut cx = Ctx { doc, opts, out: Vec::new() };
            reservations::identifiers_in(&mut cx, &lowered, v4);
            crate::timing::mark("check: global reservation identifiers (second thread)");
            if let Some(&unique) = unique.get() {
                addresses(&mut cx, unique);
            }
            cx.out
        });
        let (out, config) = validated_and_lowered(root, opts);
        let unique = *unique.get_or_init(|| config.dhcp4.as_ref().or(config.dhcp6.as_ref()).is_none_or(reservations::unique_ips));
        let mut cx = Ctx { doc, opts, out: rules(doc, opts, &config, out, false) };
        addresses(&mut cx, unique);
        let mut out = cx.out;
        out.extend(helper.join().unwrap_or_else(|_| {
            vec![Diagnostic::error("internal", "the reservation check thread failed; please report this with the input")]
        }));
        sort_dedup(&mut out);
        (out, config)
    });
    // (The rules above ran without them: what they read of reservations, options, classes
    // and boot fields, a reservation lowered while printing does not have.)
    if let Some(dhcp) = config.dhcp4.as_mut().or(config.dhcp6.as_mut()) {
        dhcp.reservations = Some(lowered);
    }
    (out, Some(config))
}

/// The shape and type diagnostics of `root` (`crate::schema`), and the model lowered from it.
fn validated_and_lowered(root: Node, opts: &CheckOptions) -> (Vec<Diagnostic>, Config) {
    let mut out = Vec::new();
    crate::schema::validate(&root, opts.version, opts.daemon, &mut out);
    crate::timing::mark("check: shapes and types validated");
    let config = Config::lower(root);
    crate::timing::mark("check: model lowered");
    (out, config)
}

/// Reservations in one config from which checking them gets a second core.
const THREADED_FROM: usize = 10_000;

/// Whether reservations lowered while printing are the whole global scope of the daemon map
/// of `root` (it holds no other global reservation), and that map's universe (true: DHCPv4).
fn lowered_scope(root: &Node) -> Option<bool> {
    let (v4, map) = match (root.get("Dhcp4"), root.get("Dhcp6")) {
        (Some(m), None) => (true, m),
        (None, Some(m)) => (false, m),
        _ => return None,
    };
    map.get("reservations").is_none_or(|r| r.as_array().is_some_and(<[Node]>::is_empty)).then_some(v4)
}

/// The semantic rules over a lowered config, after the diagnostics in `out`; with `global`
/// false, the global scope's reservations are left out (checked apart: `check_tree`).
fn rules(doc: &Document, opts: &CheckOptions, config: &Config, out: Vec<Diagnostic>, global: bool) -> Vec<Diagnostic> {
    let mut cx = Ctx { doc, opts, out };
    for dhcp in [config.dhcp4.as_ref(), config.dhcp6.as_ref()].into_iter().flatten() {
        if opts.daemon.is_some_and(|d| d.universe() != Some(dhcp.universe)) {
            continue;
        }
        let others = |cx: &mut Ctx| {
            subnets::check(cx, dhcp);
            timers::check(cx, dhcp);
            options::check(cx, dhcp);
            classes::check(cx, dhcp);
            services::check_dhcp(cx, dhcp);
        };
        // Reservations are most of a large config's checking: there their identifiers get
        // the second core (free again once parsing is done) while the other checks run here,
        // and their addresses go to whichever thread is done first. A small config is not
        // worth a thread.
        let count = dhcp.reservations.as_ref().filter(|_| global).map_or(0, Vec::len)
            + dhcp.all_subnets().map(|(_, s)| s.reservations.as_ref().map_or(0, Vec::len)).sum::<usize>();
        if count < THREADED_FROM {
            reservations::identifiers(&mut cx, dhcp, global);
            reservations::resources(&mut cx, dhcp, global);
            others(&mut cx);
        } else {
            let mut rcx = Ctx { doc, opts, out: Vec::new() };
            let taken = std::sync::atomic::AtomicBool::new(false);
            let addresses = |cx: &mut Ctx| {
                if !taken.swap(true, std::sync::atomic::Ordering::Relaxed) {
                    reservations::resources(cx, dhcp, global);
                    crate::timing::mark("check: reservation addresses");
                }
            };
            std::thread::scope(|s| {
                s.spawn(|| {
                    reservations::identifiers(&mut rcx, dhcp, global);
                    crate::timing::mark("check: reservation identifiers (second thread)");
                    addresses(&mut rcx);
                });
                others(&mut cx);
                crate::timing::mark("check: subnets, timers, options, classes, services");
                addresses(&mut cx);
            });
            cx.out.append(&mut rcx.out);
        }
    }
    if let Some(ca) = &config.ctrl_agent {
        services::check_agent(&mut cx, ca);
    }
    if let Some(d2) = &config.d2 {
        services::check_d2(&mut cx, d2);
    }
    let mut out = cx.out;
    sort_dedup(&mut out);
    crate::timing::mark("check: done");
    out
}

/// Two lists of reservations, each in text order, as one in text order.
fn merge_by_position(a: Vec<Reservation>, b: Vec<Reservation>) -> Vec<Reservation> {
    if a.is_empty() {
        return b;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let next = if (x.span.file, x.span.start) <= (y.span.file, y.span.start) { a.next() } else { b.next() };
        out.extend(next);
    }
    out.extend(a);
    out.extend(b);
    out
}

/// Parse-and-check diagnostics for a document, including the parser's; the single entry
/// point used by the CLI, tests and the fuzz target.
pub fn check_all(doc: &mut Document, parse_diags: Vec<Diagnostic>, opts: &CheckOptions) -> Vec<Diagnostic> {
    check_all_with_model(doc, parse_diags, opts).0
}

/// `check_all`, also returning the model (None when there were syntax errors): for callers
/// that go on with it, or, like the CLI, let the process exit without freeing it.
pub fn check_all_with_model(doc: &mut Document, parse_diags: Vec<Diagnostic>, opts: &CheckOptions) -> (Vec<Diagnostic>, Option<Config>) {
    check_all_lowered(doc, parse_diags, opts, Vec::new())
}

/// `check_all_with_model` for a printed tree and the reservations lowered as it was printed
/// (`migrate::out::print_lowering`; see `check_tree`).
pub fn check_all_lowered(
    doc: &mut Document,
    parse_diags: Vec<Diagnostic>,
    opts: &CheckOptions,
    lowered: Vec<Reservation>,
) -> (Vec<Diagnostic>, Option<Config>) {
    let root = doc.root.take();
    check_root_lowered(doc, root, parse_diags, opts, lowered)
}

/// `check_all_lowered` of a document whose tree the caller took out (`doc.root`): the
/// document itself is only read, so another thread can read its text meanwhile (migrate
/// writes it to disk while it is checked).
pub fn check_root_lowered(
    doc: &Document,
    root: Option<Node>,
    parse_diags: Vec<Diagnostic>,
    opts: &CheckOptions,
    lowered: Vec<Reservation>,
) -> (Vec<Diagnostic>, Option<Config>) {
    let mut all = parse_diags;
    let mut model = None;
    for span in &doc.trailing_commas {
        all.push(
            Diagnostic::warning("extra-comma", "extraneous comma")
                .at(*span, "Kea accepts this with a warning")
                .help("remove this `,` (Kea warns: \"A piece of configuration may have been omitted\")"),
        );
    }
    // Semantic checks on a tree with syntax errors would report consequences, not causes.
    if !all.iter().any(|d| d.is_error()) {
        let (more, m) = check_tree(doc, root, opts, lowered);
        model = m;
        // A comma some context forbids outright (see subnets::relay) is an error, not the
        // usual warning.
        let forbidden: Vec<_> = more.iter().filter(|d| d.is_error() && d.code == "syntax").filter_map(|d| d.span).collect();
        all.retain(|d| !(d.code == "extra-comma" && d.span.is_some_and(|s| forbidden.contains(&s))));
        all.extend(more);
    }
    sort_dedup(&mut all);
    (all, model)
}
