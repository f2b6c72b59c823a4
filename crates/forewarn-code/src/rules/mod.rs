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
