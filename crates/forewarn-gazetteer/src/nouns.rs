//! The nouns that turn a demonym or possessive into a sector-coded actor ("Belarusian troops",
//! "Russia's defence minister"). Kept in code rather than data because the matching rules
//! depend on them.

use std::collections::HashMap;
use std::sync::LazyLock;

/// What a noun after a demonym says about the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Noun {
    /// People or things of a sector ("troops", "officials"); `institution` names the body when
    /// the noun is one ("army" → `Some("army")`), which makes the mention an organisation.
    Sector {
        sector: &'static str,
        institution: Option<&'static str>,
    },
    /// An office held by one person at a time; resolved to its holder by date.
    Office {
        office: &'static str,
        sector: &'static str,
    },
}

const fn people(sector: &'static str) -> Noun {
    Noun::Sector {
        sector,
        institution: None,
    }
}

const fn body(sector: &'static str, label: &'static str) -> Noun {
    Noun::Sector {
        sector,
        institution: Some(label),
    }
}

const fn office(office: &'static str, sector: &'static str) -> Noun {
    Noun::Office { office, sector }
}

/// Lower-case phrases, at most [`MAX_NOUN_WORDS`] words.
const NOUNS: &[(&str, Noun)] = &[
    // Military people and equipment.
    ("troops", people("MIL")),
    ("troop", people("MIL")),
    ("forces", people("MIL")),
    ("force", people("MIL")),
    ("soldiers", people("MIL")),
    ("soldier", people("MIL")),
    ("servicemen", people("MIL")),
    ("serviceman", people("MIL")),
    ("conscripts", people("MIL")),
    ("conscript", people("MIL")),
    ("officers", people("MIL")),
    ("officer", people("MIL")),
    ("paratroopers", people("MIL")),
    ("marines", people("MIL")),
    ("reservists", people("MIL")),
    ("mercenaries", people("MIL")),
    ("fighters", people("MIL")),
    ("units", people("MIL")),
    ("unit", people("MIL")),
    ("personnel", people("MIL")),
    ("military personnel", people("MIL")),
    ("military units", people("MIL")),
    ("contingent", people("MIL")),
    ("battalion", people("MIL")),
    ("battalions", people("MIL")),
    ("brigade", people("MIL")),
    ("brigades", people("MIL")),
    ("regiment", people("MIL")),
    ("regiments", people("MIL")),
    ("division", people("MIL")),
    ("divisions", people("MIL")),
    ("commanders", people("MIL")),
    ("commander", people("MIL")),
    ("generals", people("MIL")),
    ("tanks", people("MIL")),
    ("jets", people("MIL")),
    ("warplanes", people("MIL")),
    ("aircraft", people("MIL")),
    ("helicopters", people("MIL")),
    ("drones", people("MIL")),
    ("missiles", people("MIL")),
    ("artillery", people("MIL")),
    ("warships", people("MIL")),
    ("bombers", people("MIL")),
    ("border guards", people("MIL")),
    ("border guard", people("MIL")),
    ("special forces", people("MIL")),
    ("air defence", people("MIL")),
    ("air defense", people("MIL")),
    ("air defences", people("MIL")),
    ("air defenses", people("MIL")),
    // Military bodies. Defence ministries count as military: in this domain their statements
    // are about troops and exercises.
    ("army", body("MIL", "army")),
    ("armies", body("MIL", "army")),
    ("military", body("MIL", "military")),
    ("militaries", body("MIL", "military")),
    ("armed forces", body("MIL", "armed forces")),
    ("air force", body("MIL", "air force")),
    ("navy", body("MIL", "navy")),
    ("general staff", body("MIL", "General Staff")),
    ("defence ministry", body("MIL", "Defence Ministry")),
    ("defense ministry", body("MIL", "Defence Ministry")),
    ("ministry of defence", body("MIL", "Defence Ministry")),
    ("ministry of defense", body("MIL", "Defence Ministry")),
    ("defence ministries", body("MIL", "Defence Ministry")),
    ("defense ministries", body("MIL", "Defence Ministry")),
    ("border service", body("MIL", "border service")),
    ("border committee", body("MIL", "border service")),
    // Police.
    ("police", body("POL", "police")),
    ("riot police", body("POL", "police")),
    ("policemen", people("POL")),
    ("police officers", people("POL")),
    ("security forces", people("POL")),
    ("law enforcement", people("POL")),
    ("interior ministry", body("POL", "Interior Ministry")),
    (
        "ministry of internal affairs",
        body("POL", "Interior Ministry"),
    ),
    ("ministry of interior", body("POL", "Interior Ministry")),
    // Government.
    ("officials", people("GOV")),
    ("official", people("GOV")),
    ("diplomats", people("GOV")),
    ("diplomat", people("GOV")),
    ("ambassador", people("GOV")),
    ("envoy", people("GOV")),
    ("negotiators", people("GOV")),
    ("delegation", people("GOV")),
    ("minister", people("GOV")),
    ("ministers", people("GOV")),
    ("authorities", people("GOV")),
    ("government", body("GOV", "government")),
    ("governments", body("GOV", "government")),
    ("administration", body("GOV", "administration")),
    ("regime", body("GOV", "government")),
    ("leadership", body("GOV", "government")),
    ("cabinet", body("GOV", "government")),
    ("state", body("GOV", "government")),
    ("foreign ministry", body("GOV", "Foreign Ministry")),
    (
        "ministry of foreign affairs",
        body("GOV", "Foreign Ministry"),
    ),
    ("embassy", body("GOV", "embassy")),
    ("parliament", body("LEG", "parliament")),
    ("lawmakers", people("LEG")),
    ("legislators", people("LEG")),
    ("mps", people("LEG")),
    // Opposition and civilians.
    ("opposition", people("OPP")),
    ("dissidents", people("OPP")),
    ("protesters", people("CVL")),
    ("protester", people("CVL")),
    ("demonstrators", people("CVL")),
    ("citizens", people("CVL")),
    ("citizen", people("CVL")),
    ("people", people("CVL")),
    ("society", people("CVL")),
    ("civilians", people("CVL")),
    ("civilian", people("CVL")),
    ("residents", people("CVL")),
    ("villagers", people("CVL")),
    ("public", people("CVL")),
    ("population", people("CVL")),
    ("nationals", people("CVL")),
    ("families", people("CVL")),
    ("refugees", people("REF")),
    // Armed opposition.
    ("rebels", people("REB")),
    ("separatists", people("REB")),
    ("militants", people("REB")),
    ("insurgents", people("REB")),
    ("partisans", people("REB")),
    ("guerrillas", people("REB")),
    ("saboteurs", people("REB")),
    // Media.
    ("journalist", people("MED")),
    ("journalists", people("MED")),
    ("reporter", people("MED")),
    ("reporters", people("MED")),
    ("media", people("MED")),
    ("press", people("MED")),
    ("state media", people("MED")),
    ("state television", people("MED")),
    ("state tv", people("MED")),
    ("television", people("MED")),
    ("tv", people("MED")),
    ("news agency", people("MED")),
    ("bloggers", people("MED")),
    ("blogger", people("MED")),
    // Intelligence.
    ("intelligence", people("SPY")),
    ("intelligence services", people("SPY")),
    ("security services", people("SPY")),
    ("security service", people("SPY")),
    ("special services", people("SPY")),
    ("spies", people("SPY")),
    // Judiciary and business.
    ("court", people("JUD")),
    ("courts", people("JUD")),
    ("judges", people("JUD")),
    ("prosecutors", people("JUD")),
    ("companies", people("BUS")),
    ("businesses", people("BUS")),
    ("firms", people("BUS")),
    ("banks", people("BUS")),
    ("oligarchs", people("BUS")),
    // Offices.
    ("president", office("president", "GOV")),
    ("presidents", office("president", "GOV")),
    ("vice president", office("vice president", "GOV")),
    ("prime minister", office("prime minister", "GOV")),
    ("prime ministers", office("prime minister", "GOV")),
    ("premier", office("prime minister", "GOV")),
    ("pm", office("prime minister", "GOV")),
    ("chancellor", office("chancellor", "GOV")),
    ("leader", office("leader", "GOV")),
    ("leaders", office("leader", "GOV")),
    ("head of state", office("leader", "GOV")),
    ("strongman", office("leader", "GOV")),
    ("dictator", office("leader", "GOV")),
    ("autocrat", office("leader", "GOV")),
    ("ruler", office("leader", "GOV")),
    ("chief", office("leader", "GOV")),
    ("supreme leader", office("supreme leader", "GOV")),
    ("defence minister", office("defence minister", "MIL")),
    ("defense minister", office("defence minister", "MIL")),
    ("defence ministers", office("defence minister", "MIL")),
    ("defense ministers", office("defence minister", "MIL")),
    ("minister of defence", office("defence minister", "MIL")),
    ("minister of defense", office("defence minister", "MIL")),
    ("defence secretary", office("defence minister", "MIL")),
    ("defense secretary", office("defence minister", "MIL")),
    ("secretary of defense", office("defence minister", "MIL")),
    ("defence chief", office("defence minister", "MIL")),
    ("defense chief", office("defence minister", "MIL")),
    ("foreign minister", office("foreign minister", "GOV")),
    ("foreign ministers", office("foreign minister", "GOV")),
    (
        "minister of foreign affairs",
        office("foreign minister", "GOV"),
    ),
    ("foreign secretary", office("foreign minister", "GOV")),
    ("secretary of state", office("foreign minister", "GOV")),
    ("top diplomat", office("foreign minister", "GOV")),
    ("foreign policy chief", office("foreign minister", "GOV")),
    ("high representative", office("foreign minister", "GOV")),
    ("interior minister", office("interior minister", "POL")),
    (
        "minister of internal affairs",
        office("interior minister", "POL"),
    ),
    (
        "chief of general staff",
        office("chief of general staff", "MIL"),
    ),
    (
        "chief of the general staff",
        office("chief of general staff", "MIL"),
    ),
    ("commander-in-chief", office("commander-in-chief", "MIL")),
    ("commander in chief", office("commander-in-chief", "MIL")),
    ("spokesman", office("spokesperson", "GOV")),
    ("spokeswoman", office("spokesperson", "GOV")),
    ("spokesperson", office("spokesperson", "GOV")),
    ("press secretary", office("spokesperson", "GOV")),
    ("secretary-general", office("secretary-general", "GOV")),
    ("secretary general", office("secretary-general", "GOV")),
    ("opposition leader", office("opposition leader", "OPP")),
];

pub(crate) const MAX_NOUN_WORDS: usize = 5;

static NOUN_INDEX: LazyLock<HashMap<&'static str, Noun>> =
    LazyLock::new(|| NOUNS.iter().copied().collect());

pub(crate) fn noun(phrase_lowercase: &str) -> Option<Noun> {
    NOUN_INDEX.get(phrase_lowercase).copied()
}

/// Maps the many ways of naming an office to the one key used in the data:
/// `"Defense Secretary"` → `"defence minister"`, `"Premier"` → `"prime minister"`.
/// Unknown offices come back lower-cased and trimmed, so users can add their own.
pub fn canonical_office(office: &str) -> String {
    let lower = office.trim().to_lowercase();
    match noun(&lower) {
        Some(Noun::Office { office, .. }) => office.to_string(),
        _ => lower,
    }
}
