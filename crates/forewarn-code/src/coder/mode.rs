//! What kind of act: the event's final type, its PLOVER mode, CAMEO code and context tags,
//! where the trigger alone does not settle them. An exercise of two states is cooperation, an
//! attack takes its mode from the weapons named near it, a THREATEN from the act threatened,
//! and a deployment that names weapons but no troops moves weapons.
//!
//! Types are scored by the main and any type figures on the PLOVER GSR development half
//! (`../shared/data/plover-gsr/PLOVER_GSR_dev.json`) and by the penta class on the CAMEO
//! penta-class sentences (`../shared/data/coding/conflibert-cameo/`); modes, CAMEO codes and
//! context tags by no gold set, only by the fixture snapshots in `tests/snapshots`. See
//! `docs/coding.md`.

use forewarn_model::{ActorRef, EventType};

use super::triggers::Found;
use super::{Draft, Sentence};

/// The type, mode, CAMEO code and context of one event.
pub(super) struct Kind {
    pub(super) ty: EventType,
    pub(super) mode: Option<String>,
    pub(super) cameo: &'static str,
    pub(super) context: Vec<String>,
}

/// The kind of the event triggered at `f`, whose sources are `source`.
pub(super) fn kind(sen: &Sentence<'_>, f: &Found, source: &[ActorRef]) -> Kind {
    let r = f.rule;
    let mut ty = r.ty;
    let mut mode = r.mode.map(str::to_string);
    let mut cameo = r.cameo;
    if r.id == "mobilize.exercise" && several_states(source) {
        ty = EventType::Cooperate;
        mode = None;
        cameo = "062";
    }
    if ty == EventType::Mobilize && mode.as_deref() == Some("troops") && weapons_not_troops(sen, f)
    {
        mode = Some("weapons".into());
    }
    if ty == EventType::Assault && mode.is_none() {
        (mode, cameo) = assault_mode(sen, f).map_or((None, cameo), |(m, c)| (Some(m.into()), c));
    }
    let context = context_tags(sen, f, ty);
    Kind {
        ty,
        mode,
        cameo,
        context,
    }
}

/// An exercise held by two states or more is a joint exercise.
fn several_states(source: &[ActorRef]) -> bool {
    let mut countries: Vec<&str> = source.iter().filter_map(|a| a.country.as_deref()).collect();
    countries.sort_unstable();
    countries.dedup();
    countries.len() >= 2
}

/// "deployed missiles", "moved tanks to the border": weapons named near the trigger and no
/// troops.
fn weapons_not_troops(sen: &Sentence<'_>, f: &Found) -> bool {
    let t = f.first;
    let lo = t.saturating_sub(3);
    let hi = (f.last + 5).min(sen.toks.len());
    let near = |list: &[&str]| (lo..hi).any(|i| i != t && sen.is_word(i, list));
    near(crate::rules::mobilize::WEAPON_WORDS) && !near(crate::rules::TROOPS)
}

/// The rule's context tags, plus "military" for force and cooperation of forces (not economic
/// cooperation), and "territory" for force near a border or airspace.
fn context_tags(sen: &Sentence<'_>, f: &Found, ty: EventType) -> Vec<String> {
    let r = f.rule;
    let t = f.first;
    let mut context: Vec<String> = r.context.iter().map(|c| c.to_string()).collect();
    if matches!(
        ty,
        EventType::Assault | EventType::Mobilize | EventType::Cooperate
    ) && r.id != "cooperate.economic"
        && !context.iter().any(|c| c == "military")
    {
        context.push("military".into());
    }
    let lo = t.saturating_sub(8);
    let hi = (f.last + 9).min(sen.toks.len());
    if matches!(ty, EventType::Assault | EventType::Mobilize)
        && (lo..hi).any(|i| {
            sen.is_word(
                i,
                &["territory", "border", "borders", "airspace", "frontier"],
            )
        })
        && !context.iter().any(|c| c == "territory")
    {
        context.push("territory".into());
    }
    context
}

/// An attack's mode and CAMEO code from the weapons named within six words of its trigger.
fn assault_mode(sen: &Sentence<'_>, f: &Found) -> Option<(&'static str, &'static str)> {
    let lo = f.first.saturating_sub(6);
    let hi = (f.last + 7).min(sen.toks.len());
    let near = |list: &[&str]| (lo..hi).any(|i| sen.is_word(i, list));
    if near(&[
        "missile",
        "missiles",
        "rocket",
        "rockets",
        "drone",
        "drones",
        "airstrike",
        "airstrikes",
        "air",
        "aircraft",
        "jets",
        "warplanes",
        "bombers",
        "s-300",
        "aerial",
    ]) {
        Some(("aerial", "195"))
    } else if near(&[
        "artillery",
        "shelling",
        "shells",
        "shelled",
        "mortar",
        "mortars",
        "tanks",
        "howitzers",
    ]) {
        Some(("heavy-weapons", "194"))
    } else if near(&[
        "gun", "guns", "gunmen", "rifle", "rifles", "gunfire", "shot", "sniper",
    ]) {
        Some(("firearms", "190"))
    } else if near(&[
        "bomb",
        "bombs",
        "explosive",
        "explosives",
        "ied",
        "mine",
        "mines",
        "grenade",
    ]) {
        Some(("explosives", "183"))
    } else {
        None
    }
}

/// THREATEN takes its mode from what is threatened: "threatened to strike" is violence.
pub(super) fn refine_threat_modes(drafts: &mut [Draft]) {
    for i in 0..drafts.len() {
        if drafts[i].event.event_type != EventType::Threaten || drafts[i].event.mode.is_some() {
            continue;
        }
        let last = drafts[i].last;
        let next = drafts
            .iter()
            .find(|d| d.first > last && d.first <= last + 4)
            .map(|d| (d.event.event_type, d.event.mode.clone()));
        let mode = match next {
            Some((EventType::Assault | EventType::Mobilize, _)) => Some("violence"),
            Some((EventType::Sanction, _)) => Some("relations"),
            Some((EventType::Coerce, Some(m))) if m == "arrest" => Some("arrest"),
            Some((EventType::Coerce, Some(m))) if m == "deport" => Some("expel"),
            Some((EventType::Coerce, _)) => Some("restrict"),
            _ => None,
        };
        drafts[i].event.mode = mode.map(str::to_string);
    }
}
