//! `keakit serve`: run a Kea-compatible DHCPv4 server from a Kea `Dhcp4` config.

use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The Kea config file (the one kea-dhcp4 -c reads)
    #[arg(short = 'c', long = "config")]
    pub config: PathBuf,
    /// UDP port to listen on (clients are answered on port+1, as `kea-dhcp4 -p`)
    #[arg(short = 'p', long = "port", default_value_t = 67)]
    pub port: u16,
    /// Lease file (overrides lease-database.name)
    #[arg(long = "lease-file")]
    pub lease_file: Option<PathBuf>,
    /// Stay in the foreground (the only mode: keakit does not daemonize; accepted for Kea habits)
    #[arg(long = "foreground", short = 'f')]
    pub foreground: bool,
}

pub fn run(a: ServeArgs) -> i32 {
    let opts = crate::serve::Options { config: a.config, port: a.port, lease_file: a.lease_file };
    match crate::serve::run(opts) {
        Ok(()) => super::EXIT_OK,
        Err(e) => {
            eprintln!("keakit serve: {e}");
            if e.starts_with("configuration error") { super::EXIT_INVALID } else { super::EXIT_USAGE }
        }
    }
}
