#!/usr/bin/env python3
"""Generate src/schema/tables.rs from the BNF grammars printed in Kea's ARM.

Each Kea release documents its full configuration grammar in the ARM appendix
"Kea Configuration File Syntax (BNF)" (html/grammar/grammar.html in package kea-doc).
The grammar is regular: a map is `"{" X_params "}"`, its members are alternatives of
`X_param`, and each member rule reads `"key" ":" VALUE`. This script reads those facts
(key names, value kinds, enum literals) for several releases and writes one merged table in
which every key carries the set of releases that accept it.

Usage (inputs are the ARM pages converted to text, not shipped with keakit):
    python3 gen_tables.py 2.2=/tmp/grammar22.txt 2.6=/tmp/grammar26.txt 3.0=/tmp/grammar30.txt \
        > src/schema/tables.rs

Kea 2.4 is not available as a package here; keys are marked for 2.4 by the rule
described at ADDED_IN_2_4 below.
Convert each grammar.html to text first (tags stripped, entities unescaped).
"""
import re
import sys

DAEMONS = [
    ("DHCPv4", "Dhcp4"),
    ("DHCPv6", "Dhcp6"),
    ("Control Agent", "Control-agent"),
    ("DHCP-DDNS", "DhcpDdns"),
]
VERSIONS = ["2.2", "2.4", "2.6", "3.0"]

# Kea 2.4 is not packaged here, so its key set is derived: a key in both 2.2 and 2.6 is in
# 2.4; a key new in 2.6 is in 2.4 only when listed in ADDED_IN_2_4; a key gone in 2.6 is in
# 2.4 only when listed in REMOVED_AFTER_2_4. Source: Kea's upstream ChangeLog (kea-doc 3.0.4,
# /usr/share/doc/kea-doc/changelog.gz): entries under 2.3.x (which became 2.4.0) add a key to
# 2.4; entries under 2.5.x / 2.6.0 remove or add it later. `params/key` limits to one context.
ADDED_IN_2_4 = {
    "offer-lifetime",  # #2089-era entry "Added the parameter, offer-lifetime" (2.3.7)
    "template-test",  # 2.3.3
    "exclude-first-last-24",  # 2.3.6
    "ignore-dhcp-server-identifier",  # 2.3.7
    "ignore-rai-link-selection",  # 2.3.1
    "read-timeout", "write-timeout",  # 2.3.4
    "tcp-user-timeout",  # 2.3.5
    "allocator", "pd-allocator",  # 2.3.7 (#2121 Free Lease Queue allocator)
    "ddns-ttl-percent",  # 2.3.7
    "never-send",  # 2.3.6
    "pool_params/pool-id",  # 2.3.8 (#2156); pd-pools only from 2.6.0 (#2246)
    "extended-info-checks",  # 2.3.2
}
REMOVED_AFTER_2_4 = {
    "reservation-mode",  # removed in 2.6.0 (#2239)
    "dhcp_ddns_params/generated-prefix", "dhcp_ddns_params/qualifying-suffix",
    "dhcp_ddns_params/replace-client-name", "dhcp_ddns_params/override-client-update",
    "dhcp_ddns_params/override-no-update", "dhcp_ddns_params/hostname-char-replacement",
    "dhcp_ddns_params/hostname-char-set",  # removed in 2.6.0 (#2238)
    "relay_map/ip-address",  # removed in 2.5.8 (#2231)
}
# Lexer aliases the grammar does not show: `output_options` stays accepted after
# `output-options` was added in 2.5.1 (#2176; deprecated in 2.7.3, #2290).
ALIASES = {("logger_params", "output-options"): "output_options"}
# Misprints in an ARM grammar: the 3.0.4 appendix shows "ddns-ttl-mix" where the parser
# takes "ddns-ttl-max" (3.0 examples kea4/all-keys.json use ddns-ttl-max; ChangeLog #2356
# lists ddns-ttl-max).
MISPRINTS = {"ddns-ttl-mix": "ddns-ttl-max"}


def listed(table, params, key):
    return key in table or f"{params}/{key}" in table


def parse_rules(lines):
    """Return {nonterminal: [alternative token lists]} for one daemon's grammar."""
    rules = {}
    cur = None
    for line in lines:
        m = re.match(r"\s*\d+\s+(\S+)\s+::=\s*(.*)$", line)
        if m:
            cur = m.group(1)
            rules.setdefault(cur, []).append(tokens(m.group(2)))
            continue
        m = re.match(r"\s*\d+\s+\|\s*(.*)$", line)
        if m and cur:
            rules[cur].append(tokens(m.group(1)))
    return rules


def tokens(s):
    return re.findall(r'"[^"]*"|\S+', s.strip())


def split_daemons(text):
    """The text of each daemon's grammar section."""
    out = {}
    starts = [(m.start(), m.group(1)) for m in re.finditer(r"^BNF Grammar for (.*)$", text, re.M)]
    # The table of contents lists the headings too; the grammar sections are the last ones.
    starts = starts[-5:]
    for i, (pos, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        out[name.strip().rstrip("\uf0c1").strip()] = text[pos:end]
    return out


class Grammar:
    def __init__(self, rules):
        self.rules = rules

    def key_rules(self, nt, seen=None):
        """All member rules reachable from a params nonterminal."""
        seen = seen if seen is not None else set()
        if nt in seen or nt not in self.rules:
            return []
        seen.add(nt)
        out = []
        for alt in self.rules[nt]:
            if not alt:
                continue
            if len(alt) >= 2 and alt[0].startswith('"') and alt[1] == '":"':
                out.append((alt[0].strip('"'), alt[2:], nt))
            elif len(alt) == 1 and not alt[0].startswith('"'):
                if alt[0] in ("unknown_map_entry", "user_context", "comment") and alt[0] not in self.rules:
                    continue
                out.extend(self.key_rules(alt[0], seen))
            elif len(alt) >= 2 and alt[0] == nt:
                # left recursion: `X "," Y` or `X ","`
                for t in alt[1:]:
                    if not t.startswith('"'):
                        out.extend(self.key_rules(t, seen))
        return out

    def literal_alts(self, nt, seen=None):
        """Enum literals when every alternative is a literal, BOOLEAN or such a nonterminal."""
        seen = seen if seen is not None else set()
        alts = self.rules.get(nt)
        if not alts or nt in seen:
            return None
        seen.add(nt)
        vals, boolean = [], False
        for alt in alts:
            if len(alt) != 1:
                return None
            if alt[0] == "BOOLEAN":
                boolean = True
            elif alt[0].startswith('"'):
                vals.append(alt[0].strip('"'))
            elif alt[0] in self.rules:
                sub = self.literal_alts(alt[0], seen)
                if sub is None:
                    return None
                vals.extend(sub[0])
                boolean = boolean or sub[1]
            else:
                return None
        return vals, boolean

    def is_list_rule(self, nt):
        alts = self.rules.get(nt, [])
        return any(not a for a in alts) or any(a and a[0] == nt for a in alts)

    def list_elements(self, nt, seen):
        """Element nonterminals (or inline alternatives) of a list nonterminal."""
        if nt in seen:
            return []
        seen.add(nt)
        out = []
        for alt in self.rules.get(nt, []):
            if not alt:
                continue
            if alt[0] == nt:
                alt = [t for t in alt[1:] if t != '","']
                if not alt:
                    continue
            if len(alt) == 1 and alt[0] in self.rules and self.is_list_rule(alt[0]):
                out.extend(self.list_elements(alt[0], seen))
            else:
                out.append(alt)
        return out

    def element_kind(self, alt):
        if alt[0] == '"{"' and alt[-1] == '"}"':
            return ("map", alt[1])
        if alt == ["STRING"]:
            return ("str",)
        if alt == ["value"]:
            return ("any",)
        if alt in (["map_value"], ["map2"]):
            return ("anymap",)
        if len(alt) == 1 and alt[0] in self.rules:
            lit = self.literal_alts(alt[0])
            if lit and lit[0]:
                return ("enum", lit[0])
            alts = self.rules[alt[0]]
            if len(alts) == 1:
                return self.element_kind(alts[0])
        return None

    def list_element(self, nt):
        """Element kind of a list nonterminal: ('map', params) / ('str',) / ('enum', vals) / ('any',)."""
        kinds = [self.element_kind(a) for a in self.list_elements(nt, set())]
        kinds = [k for k in kinds if k]
        if not kinds:
            return None
        if all(k[0] == "enum" for k in kinds):
            return ("enum", list(dict.fromkeys(v for k in kinds for v in k[1])))
        if all(k[0] in ("enum", "str") for k in kinds):
            return ("str",)
        return kinds[0]

    def value_kind(self, toks):
        """Kind of a member's value from the tokens after `":"`."""
        toks = [t for t in toks if not t.startswith("$@")]
        if toks == ["INTEGER"]:
            return ("int",)
        if toks == ["FLOAT"]:
            return ("float",)
        if toks == ["BOOLEAN"]:
            return ("bool",)
        if toks == ["STRING"]:
            return ("str",)
        if toks == ["value"]:
            return ("any",)
        if toks in (["map_value"], ["map2"]):
            return ("anymap",)
        if toks == ["list_generic"]:
            return ("anylist",)
        if toks == ["list_strings"]:
            return ("strlist",)
        if len(toks) == 3 and toks[0] == '"{"' and toks[2] == '"}"':
            return ("map", toks[1])
        if len(toks) == 3 and toks[0] == '"["' and toks[2] == '"]"':
            el = self.list_element(toks[1])
            if el is None:
                return ("anylist",)
            if el[0] == "map":
                return ("maplist", el[1])
            if el[0] == "str":
                return ("strlist",)
            if el[0] == "enum":
                return ("enumlist", tuple(el[1]))
            return ("anylist",)
        if len(toks) == 1 and toks[0].startswith('"'):
            return ("enum", (toks[0].strip('"'),), False)
        if len(toks) == 1:
            lit = self.literal_alts(toks[0])
            if lit:
                return ("enum", tuple(lit[0]), lit[1])
            alts = self.rules.get(toks[0], [])
            # A value nonterminal with one alternative (e.g. `socket_type ::= STRING`).
            if len(alts) == 1:
                return self.value_kind(alts[0])
            # `STRING | map` style unions: accept any.
            return ("any",)
        return ("any",)


def collect(version, text):
    """{(daemon, params): {key: kind}} and the root params per daemon for one release."""
    sections = split_daemons(text)
    out = {}
    roots = {}
    for title, top in DAEMONS:
        sect = sections[title]
        g = Grammar(parse_rules(sect.splitlines()))
        # the root map: `global_object ::= "Dhcp4" ":" "{" global_params "}"`
        root = None
        for nt, alts in g.rules.items():
            for alt in alts:
                if alt[:3] == [f'"{top}"', '":"', '"{"']:
                    root = alt[3]
        assert root, (version, top)
        roots[top] = root
        todo = [root]
        done = set()
        while todo:
            p = todo.pop()
            if p in done:
                continue
            done.add(p)
            keys = {}
            for key, val, _ in g.key_rules(p):
                key = MISPRINTS.get(key, key)
                kind = g.value_kind(val)
                keys[key] = kind
                alias = ALIASES.get((p, key))
                if alias:
                    keys[alias] = kind
                if kind[0] in ("map", "maplist"):
                    todo.append(kind[1])
            # `X_params ::= X_param | ...` without an empty alternative: `{}` is a syntax error.
            keys[None] = not any(not a for a in g.rules.get(p, []))
            out[(top, p)] = keys
    return out, roots


def main():
    per_version = {}
    for arg in sys.argv[1:]:
        v, path = arg.split("=", 1)
        per_version[v] = collect(v, open(path).read())
    emit(per_version)


def rust_kind(kind, ctx_index, top):
    k = kind[0]
    if k == "int":
        return "Ty::Int"
    if k == "float":
        return "Ty::Real"
    if k == "bool":
        return "Ty::Bool"
    if k == "str":
        return "Ty::Str"
    if k == "any":
        return "Ty::Any"
    if k == "anymap":
        return "Ty::AnyMap"
    if k == "anylist":
        return "Ty::AnyList"
    if k == "strlist":
        return "Ty::StrList"
    if k == "map":
        return f"Ty::Map({ctx_index[(top, kind[1])]})"
    if k == "maplist":
        return f"Ty::MapList({ctx_index[(top, kind[1])]})"
    if k == "enum":
        vals = ", ".join(f'"{v}"' for v in kind[1])
        return f"Ty::Enum(&[{vals}])"
    if k == "enumlist":
        vals = ", ".join(f'"{v}"' for v in kind[1])
        return f"Ty::EnumList(&[{vals}])"
    raise ValueError(kind)


def emit(per_version):
    # Merge contexts by (daemon, params nonterminal).
    ctxs = {}
    nonempty = {}
    for v, (tables, _roots) in per_version.items():
        for ctx, keys in tables.items():
            c = ctxs.setdefault(ctx, {})
            nonempty[ctx] = keys[None]
            for key, kind in keys.items():
                if key is not None:
                    c.setdefault(key, {})[v] = kind
    order = sorted(ctxs)
    index = {c: i for i, c in enumerate(order)}
    print("// @generated by src/schema/gen_tables.py from the BNF grammar appendix of the Kea ARM")
    print("// (kea-doc 2.2.0, 2.6.3 and 3.0.4). Do not edit by hand: edit the generator or rules.rs.")
    print("use super::ty::{Ctx, Key, Ty, V22, V24, V26, V30};")
    print()
    roots = {}
    for v, (_t, r) in per_version.items():
        for top, p in r.items():
            roots.setdefault(top, set()).add(index[(top, p)])
    for top, ids in sorted(roots.items()):
        assert len(ids) == 1, (top, ids)
        name = top.upper().replace("-", "_")
        print(f"/// Root context of `{top}`.")
        print(f"pub const ROOT_{name}: usize = {min(ids)};")
    print()
    print("pub static CONTEXTS: &[Ctx] = &[")
    for ctx in order:
        top, p = ctx
        ne = "true" if nonempty[ctx] else "false"
        print(f'    Ctx {{ daemon: "{top}", name: "{p}", nonempty: {ne}, keys: &[')
        for key in sorted(ctxs[ctx]):
            by_v = ctxs[ctx][key]
            present = set(by_v)
            if "2.2" in present and "2.6" in present:
                present.add("2.4")
            elif "2.6" in present and listed(ADDED_IN_2_4, p, key):
                present.add("2.4")
            elif "2.2" in present and listed(REMOVED_AFTER_2_4, p, key):
                present.add("2.4")
            # One entry per distinct kind (e.g. lease-database `type` is an enum up to 2.6
            # and a free string in 3.0, where backends are hooks).
            groups = {}
            for v in VERSIONS:
                if v in present:
                    kind = by_v.get(v) or by_v.get("2.2") or by_v.get("2.6")
                    groups.setdefault(kind, []).append(v)
            for kind, vs in groups.items():
                mask = " | ".join("V" + v.replace(".", "") for v in vs)
                print(f'        Key {{ name: "{key}", ty: {rust_kind(kind, index, top)}, versions: {mask} }},')
        print("    ] },")
    print("];")


if __name__ == "__main__":
    main()
