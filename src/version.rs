//! The Kea version a config targets: selects accepted keys and emitted syntax.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeaVersion {
    pub major: u8,
    pub minor: u8,
}

impl KeaVersion {
    pub const V2_2: KeaVersion = KeaVersion { major: 2, minor: 2 };
    pub const V2_4: KeaVersion = KeaVersion { major: 2, minor: 4 };
    pub const V2_6: KeaVersion = KeaVersion { major: 2, minor: 6 };
    pub const V3_0: KeaVersion = KeaVersion { major: 3, minor: 0 };
    /// Versions keakit knows the syntax of, oldest first.
    pub const KNOWN: [KeaVersion; 4] = [Self::V2_2, Self::V2_4, Self::V2_6, Self::V3_0];
    /// The default target.
    pub const DEFAULT: KeaVersion = Self::V3_0;

    /// The syntax a Kea release reads, from the text `version-get` answers ("2.2.0",
    /// "3.0.4-isc20250617"): the newest known version not newer than the release (2.5.x, a
    /// development series, reads as 2.4; releases before 2.2 as 2.2). None when the text
    /// does not start with a release number (not Kea).
    pub fn of_release(text: &str) -> Option<KeaVersion> {
        let mut it = text.trim().split(['.', '-', ' ']);
        let major: u8 = it.next()?.parse().ok()?;
        let minor: u8 = it.next()?.parse().ok()?;
        let release = KeaVersion { major, minor };
        Some(Self::KNOWN.into_iter().rev().find(|k| *k <= release).unwrap_or(Self::KNOWN[0]))
    }
}

impl Default for KeaVersion {
    fn default() -> Self {
        KeaVersion::DEFAULT
    }
}

impl fmt::Display for KeaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for KeaVersion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut it = s.split('.');
        let major = it.next().and_then(|m| m.parse().ok());
        let minor = it.next().map(|m| m.parse().ok()).unwrap_or(Some(0));
        match (major, minor) {
            (Some(major), Some(minor)) => {
                let v = KeaVersion { major, minor };
                if KeaVersion::KNOWN.contains(&v) {
                    Ok(v)
                } else {
                    Err(format!("unsupported Kea version {s}: known versions are 2.2, 2.4, 2.6, 3.0"))
                }
            }
            _ => Err(format!("invalid Kea version {s:?}: expected MAJOR.MINOR such as 2.2 or 3.0")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeaVersion;

    #[test]
    fn release_text_to_syntax_version() {
        let of = KeaVersion::of_release;
        assert_eq!(of("2.2.0"), Some(KeaVersion::V2_2));
        assert_eq!(of("2.3.8"), Some(KeaVersion::V2_2));
        assert_eq!(of("2.5.1"), Some(KeaVersion::V2_4));
        assert_eq!(of("2.6.3"), Some(KeaVersion::V2_6));
        assert_eq!(of("3.0.4-isc20250617"), Some(KeaVersion::V3_0));
        assert_eq!(of("3.1.0"), Some(KeaVersion::V3_0));
        assert_eq!(of("1.9.10"), Some(KeaVersion::V2_2));
        assert_eq!(of("keakit 0.1.0 (Kea 2.2 compatible DHCPv4 server)"), None);
        assert_eq!(of(""), None);
    }
}
