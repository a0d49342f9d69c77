//! TLS client configuration from PEM files: the CA that signs the server (default: the
//! system store), and an optional client certificate and key for mutual TLS.

use std::path::PathBuf;

#[derive(Clone, Debug, Default)]
pub struct TlsFiles {
    pub ca: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
}

/// Where Debian, Fedora and Alpine keep the system CA bundle.
const SYSTEM_BUNDLES: [&str; 3] = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"];

pub fn client_config(files: &TlsFiles) -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore::empty();
    let ca_path = match &files.ca {
        Some(p) => p.clone(),
        None => SYSTEM_BUNDLES
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
            .ok_or("no system CA bundle found: pass --ca FILE with the CA that signed the server certificate")?,
    };
    let certs = read_certs(&ca_path)?;
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(format!("{}: no usable CA certificate in this file", ca_path.display()));
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup: {e}"))?
        .with_root_certificates(roots);
    match (&files.cert, &files.key) {
        (Some(cert), Some(key)) => {
            let chain = read_certs(cert)?;
            let key = read_key(key)?;
            builder.with_client_auth_cert(chain, key).map_err(|e| format!("{}: client certificate and key do not fit: {e}", cert.display()))
        }
        (None, None) => Ok(builder.with_no_client_auth()),
        _ => Err("--cert and --key go together (mutual TLS needs both)".into()),
    }
}

fn read_certs(path: &PathBuf) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let certs: Vec<_> =
        rustls_pemfile::certs(&mut &pem[..]).collect::<Result<_, _>>().map_err(|e| format!("{}: bad PEM: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: no PEM certificate in this file", path.display()));
    }
    Ok(certs)
}

fn read_key(path: &PathBuf) -> Result<rustls::pki_types::PrivateKeyDer<'static>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    rustls_pemfile::private_key(&mut &pem[..])
        .map_err(|e| format!("{}: bad PEM: {e}", path.display()))?
        .ok_or_else(|| format!("{}: no PEM private key in this file", path.display()))
}

/// TLS server configuration for serve's HTTPS control socket, from Kea's parameters:
/// `cert-file` + `key-file` (the server's chain and key), `trust-anchor` (a CA file or a
/// directory of them) to verify clients, which must present a certificate when
/// `cert-required` (Kea's default) and may otherwise.
pub fn server_config(
    cert: &std::path::Path,
    key: &std::path::Path,
    trust_anchor: Option<&std::path::Path>,
    cert_required: bool,
) -> Result<rustls::ServerConfig, String> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup: {e}"))?;
    let builder = match trust_anchor {
        Some(ta) => {
            let mut roots = rustls::RootCertStore::empty();
            let files: Vec<PathBuf> = if ta.is_dir() {
                let mut v: Vec<PathBuf> = std::fs::read_dir(ta)
                    .map_err(|e| format!("cannot read {}: {e}", ta.display()))?
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .collect();
                v.sort();
                v
            } else {
                vec![ta.to_path_buf()]
            };
            for f in &files {
                if let Ok(certs) = read_certs(f) {
                    roots.add_parsable_certificates(certs);
                }
            }
            if roots.is_empty() {
                return Err(format!("{}: no usable CA certificate (trust-anchor)", ta.display()));
            }
            let v = rustls::server::WebPkiClientVerifier::builder_with_provider(std::sync::Arc::new(roots), provider);
            let v = if cert_required { v } else { v.allow_unauthenticated() };
            builder.with_client_cert_verifier(v.build().map_err(|e| format!("TLS client verification: {e}"))?)
        }
        None => builder.with_no_client_auth(),
    };
    let chain = read_certs(&cert.to_path_buf())?;
    let key = read_key(&key.to_path_buf())?;
    builder.with_single_cert(chain, key).map_err(|e| format!("{}: certificate and key do not fit: {e}", cert.display()))
}
