//! ASSAULT: deliberate uses of force (CAMEO 18x–20x), plus "entering the war" — coded as ASSAULT
//! so that denials ("won't enter the war") carry a negated ASSAULT event forecasts can count.

use forewarn_model::EventType::Assault;

use super::{ACCIDENT, CRIME, FIGURATIVE, PROJECTILES, WAR};
use crate::lexicon::{Guard::*, Pos::*, Rule, rule};

const MIL: &[&str] = &["military"];
const TERR: &[&str] = &["military", "territory"];
const TERRITORY: &[&str] = &[
    "city",
    "town",
    "village",
    "territory",
    "airport",
    "control",
    "region",
    "border",
    "bridge",
    "base",
    "port",
    "district",
    "province",
    "positions",
    "oblast",
    "area",
    "stronghold",
    "strongholds",
    "headquarters",
    "camp",
    "camps",
    "garrison",
    "part",
];
const AIR: &[&str] = &[
    "missile",
    "missiles",
    "air",
    "drone",
    "drones",
    "rocket",
    "rockets",
    "aerial",
    "airstrike",
    "airstrikes",
    "precision",
];

/// Who uses force, or what it is used on, when named next to a verb of damage.
const ARMED: &[&str] = &[
    "army",
    "military",
    "troops",
    "forces",
    "soldiers",
    "warplanes",
    "jets",
    "aircraft",
    "artillery",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "drone",
    "drones",
    "navy",
    "militants",
    "rebels",
    "insurgents",
    "jihadists",
    "militia",
    "militias",
    "gunmen",
    "positions",
    "depot",
    "camps",
    "bases",
    "barracks",
    "outposts",
    "outpost",
    "checkpoint",
    "convoy",
    "stronghold",
    "strongholds",
    "enclave",
    "airstrikes",
    "shells",
    "bombs",
];
/// What damages without an attacker.
const DISASTER: &[&str] = &[
    "earthquake",
    "quake",
    "storm",
    "storms",
    "flood",
    "floods",
    "flooding",
    "cyclone",
    "hurricane",
    "typhoon",
    "tornado",
    "lightning",
    "wildfire",
    "fire",
    "blaze",
    "landslide",
    "tsunami",
    "virus",
    "pandemic",
    "outbreak",
    "disease",
    "drought",
    "heatwave",
    "rains",
    "winds",
    "market",
    "markets",
    "prices",
    "shares",
    "stocks",
    "record",
    "goal",
    "ball",
];

pub(crate) static RULES: &[Rule] = &[
    rule("assault.projectile", "landed|fell|crashed|exploded|slammed|hit|struck|strikes|hits|came down|come down|comes down|fell on|fell in", Verbs, Assault, Some("aerial"), "195", TERR, Near(PROJECTILES, 4, 0)),
    rule("assault.air", "airstrike|airstrikes|air strike|air strikes|air raid|air raids|missile strike|missile strikes|drone strike|drone strikes|missile attack|missile attacks|drone attack|drone attacks|rocket attack|rocket attacks|bombing raid|shelling", Noun, Assault, None, "195", MIL, Always).conf(0.75),
    rule("assault.air", "bomb|bombard", Verb, Assault, Some("aerial"), "195", MIL, Always),
    rule("assault.air", "bombardment|bombardments|barrage|barrages|artillery fire|rocket fire|mortar fire", Noun, Assault, Some("heavy-weapons"), "194", MIL, NotNear(DISASTER, 6, 6)).conf(0.7),
    // "The army destroyed several militant camps", "warplanes pounded the enclave": a verb of
    // damage is force when armed forces or a military target are named beside it, and not when
    // a storm, a quake or a disease did it.
    rule("assault.strike", "struck|hit|hits|hitting|pounded|pound|pounds|pounding|destroyed|destroy|destroys|destroying|razed|blew up|blown up|targeted", Verbs, Assault, None, "190", MIL, NearNot(ARMED, 6, 6, DISASTER, 8, 8)).conf(0.7),
    rule("assault.invade", "military operation|military operations|military campaign|offensive operation|ground operation|counter-terrorism operation|counterinsurgency operation", Noun, Assault, None, "190", TERR, Near(&["launched", "launch", "launches", "launching", "began", "begin", "begins", "started", "starts", "conducted", "conducting", "intensified", "against"], 4, 2)).conf(0.7),
    rule("assault.fire", "fired|launched|fires|launches|firing|launching", Verbs, Assault, Some("aerial"), "195", MIL, Near(PROJECTILES, 0, 4)),
    // "shelled" is always the act; "artillery shells" and "the shelling" are the guarded nouns.
    rule("assault.shell", "shelled", Verbs, Assault, Some("heavy-weapons"), "194", MIL, Always),
    rule("assault.shell", "shell|shells|shelling", Verbs, Assault, Some("heavy-weapons"), "194", MIL, NotNear(&["a", "the", "artillery", "of"], 1, 0)),
    rule("assault.occupy", "seize|seized|seizes|seizing|capture|captured|captures|capturing|took control|take control|occupy|occupied|occupies", Verbs, Assault, None, "192", TERR, Near(TERRITORY, 0, 4)),
    rule("assault.invade", "invade", Verb, Assault, None, "192", TERR, Always),
    rule("assault.invade", "invasion|incursion|ground offensive|counteroffensive|counter-offensive|offensive", Noun, Assault, None, "192", TERR, Near(&["an", "the", "new", "next", "major", "ground", "spring", "winter", "summer", "fresh", "launched", "launch", "against", "'s", "its", "russian", "ukrainian", "full-scale"], 2, 1)),
    rule("assault.war_entry", "enter the war|entered the war|enters the war|entering the war|enter the conflict|entered the conflict|entering the conflict|join the war|joined the war|joins the war|joining the war|join the fighting|joined the fighting|join the invasion|joined the invasion|join the conflict|joined the conflict|enter russia's war|enter russia’s war|join russia's war|join russia’s war", Verbs, Assault, None, "190", MIL, Always).conf(0.7),
    rule("assault.incursion", "cross the border|crossed the border|crosses the border|crossing the border|cross into|crossed into|crosses into|crossing into|cross the frontier|crossed the frontier", Verbs, Assault, None, "192", TERR, Near(super::TROOPS, 5, 0)).conf(0.65),
    rule("assault.war_entry", "get involved|got involved|getting involved|become involved|becoming involved", Verbs, Assault, None, "190", MIL, Always).conf(0.55),
    rule("assault.war_entry", "stay out of the fighting|stays out of the fighting|stayed out of the fighting|stay out of the war|staying out of the war|stayed out of the war|stays out of the war|stay out of the conflict|staying out of the conflict|stayed out of the conflict|stays out of the conflict|keep out of the war|staying out of the fighting", Verbs, Assault, None, "190", MIL, Always).negating().conf(0.6),
    rule("assault.attack", "attack|assault|strike|raid|ambush", Verb, Assault, None, "190", MIL, Neither(&["a", "an", "the", "general", "hunger", "on", "workers", "'s", "carrier"], 1, &["group", "groups", "force", "forces", "fighter", "fighters", "aircraft", "jets", "package", "capability", "capabilities", "team", "teams", "drone", "drones", "helicopter", "helicopters"], 1)),
    // "a carrier strike group", "strike aircraft": a noun compound names a force, not an attack.
    rule("assault.attack", "attack|attacks|assault|assaults|raid|raids|ambush|strike|strikes", Noun, Assault, None, "190", MIL, NearNot(&["a", "an", "the", "deadly", "new", "'s", "by", "against", "on", "military", "terrorist"], 2, 1, &["group", "groups", "force", "forces", "fighter", "fighters", "aircraft", "jets", "package", "capability", "capabilities", "team", "teams", "drone", "drones", "weapons", "range"], 0, 1)),
    rule("assault.fight", "fight|fought|fights|fighting|clash|clashed|clashes|clashing|battle|battled|battling", Verbs, Assault, None, "190", MIL, NotNear(FIGURATIVE, 3, 4)).conf(0.7),
    rule("assault.kill", "kill|killed|kills|killing", Verbs, Assault, None, "190", MIL, NoneNear(&[(ACCIDENT, 12, 4), (CRIME, 10, 10)])).conf(0.7),
    // "evacuated the wounded": a noun for people, not an act.
    rule("assault.kill", "wounded|wounding|injured|injuring", Verbs, Assault, None, "190", MIL, NoneNear(&[(&["the"], 1, 0), (ACCIDENT, 12, 4), (CRIME, 10, 10)])).conf(0.7),
    rule("assault.assassinate", "assassinate", Verb, Assault, Some("assassinate"), "186", MIL, Always),
    rule("assault.abduct", "abduct|kidnap|kidnapped|kidnapping|kidnaps|hijack", Verb, Assault, Some("abduct"), "181", MIL, Always),
    rule("assault.bomb", "car bomb|suicide bombing|suicide attack|bombing|bombings|explosion|blast", Noun, Assault, Some("explosives"), "183", MIL, Always).conf(0.6),
    rule("assault.shoot", "shot|shoot|shoots|shooting|opened fire|open fire|opens fire", Verbs, Assault, Some("firearms"), "190", MIL, NotNear(CRIME, 10, 10)).conf(0.7),
    rule("assault.beat", "beat|beaten|beating|tortured|torture", Verbs, Assault, Some("beat"), "182", MIL, Near(&["protesters", "detainees", "prisoners", "police", "civilians", "activists", "journalists", "were", "was", "refugees", "people", "inmates", "suspects", "scores", "dozens", "hundreds", "villagers", "opponents"], 3, 5)),
    rule("assault.massacre", "ethnic cleansing|genocide|massacre|massacred|massacres|mass killings|mass killing", Verbs, Assault, Some("massacre"), "202", MIL, Always).conf(0.7),
    rule("assault.ceasefire_violation", "violated the ceasefire|violating the ceasefire|violate the ceasefire|violates the ceasefire|violated a ceasefire|violating a ceasefire|ceasefire violations|ceasefire violation|violated the truce|violating the truce|broke the ceasefire|broken the ceasefire|breaking the ceasefire", Verbs, Assault, None, "196", MIL, Always).conf(0.65),
    rule("assault.human_shield", "human shields|human shield", Noun, Assault, Some("abduct"), "184", MIL, Always),
];

#[allow(dead_code)]
const _USES: (&[&str], &[&str]) = (WAR, AIR);
