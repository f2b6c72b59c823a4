//! Trigger tables, one file per family of PLOVER types. Order matters only when two rules share
//! a written form ("withdrew" + diplomats is SANCTION, otherwise RETREAT): the first rule whose
//! guard holds wins, so guarded rules come before their fallbacks.

use crate::lexicon::Rule;

mod assault;
mod cooperation;
mod material_conflict;
pub(crate) mod mobilize;
mod verbal_conflict;
mod yielding;

pub(crate) fn all() -> impl Iterator<Item = &'static Rule> {
    material_conflict::PRIORITY
        .iter()
        .chain(assault::RULES)
        .chain(mobilize::RULES)
        .chain(material_conflict::RULES)
        .chain(cooperation::RULES)
        .chain(verbal_conflict::RULES)
        .chain(yielding::RULES)
}

pub(crate) const TROOPS: &[&str] = &[
    "troops",
    "troop",
    "soldiers",
    "forces",
    "army",
    "military",
    "units",
    "battalions",
    "brigades",
    "servicemen",
    "personnel",
    "reservists",
    "conscripts",
    "paratroopers",
    "warships",
    "marines",
];
pub(crate) const WEAPONS: &[&str] = &[
    "weapons",
    "arms",
    "ammunition",
    "munitions",
    "missiles",
    "tanks",
    "artillery",
    "howitzers",
    "drones",
    "jets",
    "rockets",
    "equipment",
    "shells",
    "aircraft",
    "vehicles",
    "iskander",
    "iskanders",
    "warheads",
    "nuclear",
];
pub(crate) const PROJECTILES: &[&str] = &[
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "drone",
    "drones",
    "shell",
    "shells",
    "bomb",
    "bombs",
    "s-300",
    "projectile",
    "projectiles",
    "munition",
    "warhead",
    "interceptor",
];
pub(crate) const DIPLOMATS: &[&str] = &[
    "diplomats",
    "diplomat",
    "ambassador",
    "ambassadors",
    "envoy",
    "envoys",
    "embassy",
];
pub(crate) const WAR: &[&str] = &[
    "war",
    "conflict",
    "fighting",
    "invasion",
    "hostilities",
    "offensive",
    "combat",
    "fight",
];

/// Causes of death and damage that are no one's act: accidents, disasters, disease. "A bus
/// plunged into a ravine, killing 24" and "floods killed 60" are not force.
pub(crate) const ACCIDENT: &[&str] = &[
    "crash",
    "crashed",
    "crashes",
    "collided",
    "collision",
    "derailed",
    "derailment",
    "plunged",
    "overturned",
    "overturning",
    "capsized",
    "sank",
    "skidded",
    "blaze",
    "flames",
    "flood",
    "floods",
    "flooding",
    "landslide",
    "landslides",
    "mudslide",
    "mudslides",
    "avalanche",
    "earthquake",
    "quake",
    "tremor",
    "storm",
    "cyclone",
    "hurricane",
    "typhoon",
    "tornado",
    "lightning",
    "heatwave",
    "outbreak",
    "epidemic",
    "virus",
    "illness",
    "disease",
    "cholera",
    "measles",
    "stampede",
    "crush",
    "collapse",
    "collapsed",
    "collapsing",
    "sinkhole",
    "drought",
    "accident",
    "tsunami",
    "eruption",
    "leak",
    "rains",
];

/// What a "battle" or "fight" is when it is a figure of speech: markets, prices, games, votes,
/// illness.
pub(crate) const FIGURATIVE: &[&str] = &[
    "market",
    "share",
    "inflation",
    "prices",
    "spirit",
    "votes",
    "rights",
    "championship",
    "title",
    "cancer",
    "disease",
    "virus",
    "extinction",
    "poverty",
    "customers",
    "streaming",
    "ratings",
    "match",
    "points",
    "round",
    "comeback",
    "legal",
    "custody",
    "obesity",
    "seat",
    "budget",
    "funding",
    "bill",
    "nomination",
    "leadership",
    "election",
    "elections",
    "ballot",
    "presidency",
];

/// What "retreats", "pulls back" or "rallies" when no force or crowd does: prices, markets,
/// currencies, ice.
pub(crate) const NOT_FORCES: &[&str] = &[
    "glaciers",
    "glacier",
    "ice",
    "prices",
    "price",
    "shares",
    "stocks",
    "markets",
    "index",
    "yields",
    "oil",
    "gold",
    "dollar",
    "euro",
    "currency",
    "bitcoin",
    "inflation",
    "waters",
    "floodwaters",
    "rally",
    "rupee",
    "yen",
    "peso",
    "bonds",
    "nikkei",
];

/// Words of ordinary crime: a lone perpetrator, a robbery, a stabbing, a personal motive. A
/// lone "gunman" is a crime report, where "gunmen" attacking a village is armed violence.
pub(crate) const CRIME: &[&str] = &[
    "gunman",
    "shooter",
    "robbers",
    "robber",
    "robbery",
    "robbed",
    "thief",
    "thieves",
    "burglar",
    "burglars",
    "burglary",
    "knifepoint",
    "stabbing",
    "stabbed",
    "carjacking",
    "mugging",
    "drunk",
    "jealous",
    "motive",
];
