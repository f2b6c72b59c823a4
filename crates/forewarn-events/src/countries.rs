//! Country codes: FIPS 10-4 (GDELT's geo fields) and English names (ACLED, incident lists) to
//! ISO 3166 alpha-3, the code every other forewarn crate uses.

use std::collections::HashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("countries.txt");

struct Tables {
    fips: HashMap<&'static str, &'static str>,
    names: HashMap<String, &'static str>,
    iso3: HashMap<&'static str, &'static str>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut t = Tables {
        fips: HashMap::new(),
        names: HashMap::new(),
        iso3: HashMap::new(),
    };
    for line in TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut parts = line.splitn(3, ' ');
        let (Some(fips), Some(iso), Some(names)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        t.fips.insert(fips, iso);
        t.iso3
            .entry(iso)
            .or_insert(names.split('|').next().unwrap_or(iso));
        for name in names.split('|') {
            t.names.entry(normalise(name)).or_insert(iso);
        }
    }
    t
});

fn normalise(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The ISO3 code for a FIPS 10-4 country code (`BO` → `BLR`, `UP` → `UKR`).
pub fn fips_to_iso3(fips: &str) -> Option<&'static str> {
    TABLES.fips.get(fips.trim()).copied()
}

/// The ISO3 code for an English country name or an ISO3 code itself, case-insensitively
/// (`Belarus` → `BLR`). Common misspellings in incident lists are listed as aliases.
pub fn name_to_iso3(name: &str) -> Option<&'static str> {
    let n = name.trim();
    if n.len() == 3 {
        let upper = n.to_ascii_uppercase();
        if let Some((k, _)) = TABLES.iso3.get_key_value(upper.as_str()) {
            return Some(k);
        }
    }
    TABLES.names.get(&normalise(n)).copied()
}

/// The English name of an ISO3 code.
pub fn iso3_name(iso3: &str) -> Option<&'static str> {
    TABLES.iso3.get(iso3).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fips_and_names_map_to_iso3() {
        assert_eq!(fips_to_iso3("BO"), Some("BLR"));
        assert_eq!(fips_to_iso3("UP"), Some("UKR"));
        assert_eq!(fips_to_iso3("RS"), Some("RUS"));
        assert_eq!(fips_to_iso3("GM"), Some("DEU"));
        assert_eq!(fips_to_iso3("XX"), None);
        assert_eq!(name_to_iso3("belarus"), Some("BLR"));
        assert_eq!(name_to_iso3("Belaurs"), Some("BLR"));
        assert_eq!(name_to_iso3("UKR"), Some("UKR"));
        assert_eq!(iso3_name("UKR"), Some("Ukraine"));
    }
}
