//! CAMEO event codes (GDELT's taxonomy) to PLOVER types and modes. Codes stay strings because
//! the leading zero matters (`043` is a visit, `43` is not a code).

use forewarn_model::EventType;

/// The PLOVER type and mode for a CAMEO event code, `None` for public statements (`01x`),
/// which PLOVER leaves out, and for anything that is not a CAMEO code.
///
/// Follows the PLOVER documentation's CAMEO crosswalk at the level of root codes, with the
/// sub-codes that change the type (signing an agreement is AGREE, de-escalating is RETREAT)
/// and the modes analysts filter by (troops, aerial, artillery …).
pub fn cameo_to_plover(code: &str) -> Option<(EventType, Option<&'static str>)> {
    let code = code.trim();
    let root = code.get(..2)?;
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    use EventType::*;
    let t = match root {
        "02" => Request,
        "03" => Cooperate,
        "04" => Consult,
        "05" if code.starts_with("057") => Agree,
        "05" => Support,
        "06" => Cooperate,
        "07" => Aid,
        "08" if code.starts_with("087") => Retreat,
        "08" => Concede,
        "09" | "11" => Accuse,
        "10" => Request,
        "12" => Reject,
        "13" => Threaten,
        "14" => Protest,
        "15" => Mobilize,
        "16" => Sanction,
        "17" => Coerce,
        "18" | "19" | "20" => Assault,
        _ => return None,
    };
    let mode = match code {
        "040" | "041" | "046" => None,
        "042" | "043" => Some("visit"),
        "044" | "045" => Some("meet"),
        "141" => Some("demo"),
        "143" => Some("strike"),
        "145" => Some("riot"),
        "151" | "1721" => Some("police"),
        "152" | "153" => Some("troops"),
        "154" => Some("cyber"),
        "193" => Some("firearms"),
        "194" => Some("artillery"),
        "195" | "1951" | "1952" => Some("aerial"),
        "183" | "1831" | "1832" | "1833" | "1834" => Some("suicide-bombing"),
        "180" | "181" | "182" => Some("physical"),
        _ if root == "20" => Some("mass-violence"),
        _ => None,
    };
    Some((t, mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_leading_zeros_and_map_by_root() {
        assert_eq!(
            cameo_to_plover("043"),
            Some((EventType::Consult, Some("visit")))
        );
        assert_eq!(cameo_to_plover("0571"), Some((EventType::Agree, None)));
        assert_eq!(
            cameo_to_plover("153"),
            Some((EventType::Mobilize, Some("troops")))
        );
        assert_eq!(
            cameo_to_plover("195"),
            Some((EventType::Assault, Some("aerial")))
        );
        assert_eq!(cameo_to_plover("010"), None);
        assert_eq!(cameo_to_plover("43"), None);
        assert_eq!(cameo_to_plover("---"), None);
    }
}
