//! The generated world places: admin-1 regions and cities of 15,000+ people for every country,
//! written by `scripts/build-places` into `data/world-places.tsv` (sources and licences in its
//! header and in `docs/gazetteer.md`). Ambiguity between same-named places is settled by that
//! script; here the rows only become [`Place`]s. Hand-written places and capitals outrank them
//! (see `Gazetteer::rebuild`), and any actor spelling outranks a place, so "Lebanon" (a town
//! in Tennessee) is still the state.

use crate::entries::{Place, PlaceKind};
use crate::error::GazetteerError;

/// Parses the TSV rows. `known` says whether a country code is in the gazetteer; rows for
/// other territories are skipped, and their count is returned with the places.
pub(crate) fn parse(
    src: &str,
    origin: &str,
    known: &dyn Fn(&str) -> bool,
) -> Result<(Vec<Place>, usize), GazetteerError> {
    let mut places = Vec::new();
    let mut skipped = 0;
    for (n, line) in src.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |message: String| GazetteerError::Syntax {
            origin: origin.to_string(),
            line: n + 1,
            column: 1,
            message,
        };
        let f: Vec<&str> = line.split('\t').collect();
        let [kind, name, aliases, country, admin1, lat, lon, _population] = f[..] else {
            return Err(bad(format!(
                "expected 8 tab-separated fields, got {}",
                f.len()
            )));
        };
        let kind = match kind {
            "r" => PlaceKind::Region,
            "c" => PlaceKind::City,
            other => return Err(bad(format!("unknown kind `{other}` (r or c)"))),
        };
        let coord = |s: &str, what: &str| {
            s.parse::<f64>()
                .map_err(|_| bad(format!("{what} `{s}` is not a number")))
        };
        let (lat, lon) = (coord(lat, "latitude")?, coord(lon, "longitude")?);
        if name.is_empty() {
            return Err(bad("empty name".into()));
        }
        if !known(country) {
            skipped += 1;
            continue;
        }
        places.push(Place {
            name: name.to_string(),
            aliases: aliases
                .split('|')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
            country: country.to_string(),
            admin1: (!admin1.is_empty()).then(|| admin1.to_string()),
            kind,
            lat,
            lon,
        });
    }
    Ok((places, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_skips_unknown_countries() {
        let src = "# header\nr\tExample Oblast\tExamplska oblast\tUKR\t\t48.1\t37.8\t0\n\
                   c\tExampleton\t\tXXX\t\t1.0\t2.0\t20000\n";
        let (places, skipped) = parse(src, "t.tsv", &|c| c == "UKR").unwrap();
        assert_eq!(skipped, 1);
        assert_eq!(places.len(), 1);
        assert_eq!(places[0].kind, PlaceKind::Region);
        assert_eq!(places[0].aliases, vec!["Examplska oblast".to_string()]);
        assert_eq!((places[0].lat, places[0].lon), (48.1, 37.8));
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let err = parse("c\tX\t\tUKR\t\tnorth\t2.0\t1\n", "t.tsv", &|_| true).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("t.tsv") && text.contains("latitude"),
            "{text}"
        );
    }
}
