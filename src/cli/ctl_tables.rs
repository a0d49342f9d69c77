//! `keakit lease …` and `keakit stats`: answers people read as tables.

use super::ctl::{Common, CtlFormat, LeaseCommand, print_text_reply, print_value, with_client};
use super::{EXIT_INVALID, EXIT_OK};
use crate::ctl::{Command, RESULT_EMPTY};
use serde_json::{Value, json};
use std::net::IpAddr;

pub fn lease(l: LeaseCommand) -> i32 {
    match l {
        LeaseCommand::Get { address, common } => with_client(&common, |cl| {
            let r = cl.call(&Command::new(format!("lease{}-get", family(address))).with_arguments(by_address(address)))?;
            if r.result == RESULT_EMPTY {
                eprintln!("keakit: {}: no lease for {address}", cl.endpoint());
                return Ok(EXIT_INVALID);
            }
            print_value(r.arguments.as_ref().unwrap_or(&Value::Null), common.format);
            Ok(EXIT_OK)
        }),
        LeaseCommand::Del { address, common } => with_client(&common, |cl| {
            let r = cl.call(&Command::new(format!("lease{}-del", family(address))).with_arguments(by_address(address)))?;
            print_text_reply(&r, common.format);
            Ok(if r.result == RESULT_EMPTY { EXIT_INVALID } else { EXIT_OK })
        }),
        LeaseCommand::List { subnet, v6, common } => with_client(&common, |cl| {
            let v = if v6 || cl.service.as_deref() == Some("dhcp6") { 6 } else { 4 };
            let mut cmd = Command::new(format!("lease{v}-get-all"));
            if let Some(id) = subnet {
                cmd = cmd.with_arguments(json!({ "subnets": [id] }));
            }
            let r = cl.call(&cmd)?;
            let leases = r.arguments.as_ref().and_then(|a| a.get("leases")).and_then(Value::as_array).cloned().unwrap_or_default();
            match common.format {
                CtlFormat::Json => println!("{}", Value::Array(leases)),
                CtlFormat::Text => print_leases(&leases, v),
            }
            Ok(EXIT_OK)
        }),
    }
}

fn family(a: IpAddr) -> u8 {
    if a.is_ipv4() { 4 } else { 6 }
}

fn by_address(a: IpAddr) -> Value {
    if a.is_ipv4() { json!({ "ip-address": a.to_string() }) } else { json!({ "ip-address": a.to_string(), "type": "IA_NA" }) }
}

fn print_leases(leases: &[Value], v: u8) {
    let id_col = if v == 4 { "hw-address" } else { "duid" };
    let mut rows = vec![["address", "subnet", id_col, "state", "expires (UTC)", "hostname"].map(str::to_string).to_vec()];
    for l in leases {
        let s = |k: &str| l.get(k).map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string())).unwrap_or_default();
        let expires = match (l.get("cltt").and_then(Value::as_i64), l.get("valid-lft").and_then(Value::as_i64)) {
            (Some(c), Some(v)) => utc(c + v),
            _ => String::new(),
        };
        let state = match l.get("state").and_then(Value::as_i64) {
            Some(0) => "default".into(),
            Some(1) => "declined".into(),
            Some(2) => "expired-reclaimed".into(),
            Some(n) => n.to_string(),
            None => String::new(),
        };
        rows.push(vec![s("ip-address"), s("subnet-id"), s(id_col), state, expires, s("hostname")]);
    }
    print_table(&rows);
    eprintln!("{} lease{}", leases.len(), if leases.len() == 1 { "" } else { "s" });
}

pub fn stats(name: Option<String>, common: &Common) -> i32 {
    with_client(common, |cl| {
        let cmd = match &name {
            Some(n) => Command::new("statistic-get").with_arguments(json!({ "name": n })),
            None => Command::new("statistic-get-all").with_arguments(json!({})),
        };
        let r = cl.call(&cmd)?;
        let stats = r.arguments.clone().unwrap_or(json!({}));
        if let Some(n) = &name
            && stats.as_object().is_none_or(|m| m.is_empty())
        {
            eprintln!("keakit: {}: no statistic named '{n}'", cl.endpoint());
            return Ok(EXIT_INVALID);
        }
        match common.format {
            CtlFormat::Json => println!("{stats}"),
            CtlFormat::Text => {
                // Each statistic is a list of [value, "timestamp"] samples, newest first.
                let mut rows = vec![vec!["statistic".to_string(), "value".into(), "updated".into()]];
                for (k, samples) in stats.as_object().into_iter().flatten() {
                    let newest = samples.get(0);
                    let val = newest.and_then(|s| s.get(0)).map(|v| v.to_string()).unwrap_or_default();
                    let at = newest.and_then(|s| s.get(1)).and_then(Value::as_str).unwrap_or("").to_string();
                    rows.push(vec![k.clone(), val, at]);
                }
                print_table(&rows);
            }
        }
        Ok(EXIT_OK)
    })
}

/// Columns padded to their widest cell; numbers would read better right-aligned, but
/// left alignment keeps the table greppable.
fn print_table(rows: &[Vec<String>]) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols).map(|c| rows.iter().map(|r| r.get(c).map_or(0, |s| s.chars().count())).max().unwrap_or(0)).collect();
    for r in rows {
        let line: Vec<String> = r.iter().enumerate().map(|(i, s)| format!("{s:<w$}", w = widths[i])).collect();
        println!("{}", line.join("  ").trim_end());
    }
}

/// `YYYY-MM-DD HH:MM:SS` of a Unix time (Howard Hinnant's days-to-civil algorithm).
fn utc(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc(0), "1970-01-01 00:00:00");
        assert_eq!(super::utc(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(super::utc(1_700_000_000), "2023-11-14 22:13:20");
    }
}
