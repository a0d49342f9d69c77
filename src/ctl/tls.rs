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
