//! MOBILIZE: military or police moves short of using force (CAMEO 15x). Readiness checks carry
//! the `alert` mode (CAMEO 152), a forewarn extension next to PLOVER's troops/weapons/police.

use forewarn_model::EventType::{Cooperate, Mobilize};

use super::{TROOPS, WEAPONS};
use crate::lexicon::{Guard::*, Pos::*, Rule, rule};

const MIL: &[&str] = &["military"];
const POLICE: &[&str] = &["police", "riot", "gendarmes", "guardsmen", "security"];

pub(crate) static RULES: &[Rule] = &[
    rule(
        "mobilize.deploy_police",
        "deploy|redeploy",
        Verb,
        Mobilize,
        Some("police"),
        "153",
        &["political"],
        Near(POLICE, 4, 4),
    ),
    rule(
        "mobilize.deploy",
        "deploy|redeploy|station|reinforce|mobilize|mobilise",
        Verb,
        Mobilize,
        Some("troops"),
        "154",
        MIL,
        Always,
    ),
    rule(
        "mobilize.deploy",
        "mass|amass",
        Verb,
        Mobilize,
        Some("troops"),
        "154",
        MIL,
        Near(TROOPS, 3, 3),
    ),
    rule(
        "mobilize.deploy",
        "troop deployment|troop deployments|deployment|deployments|redeployment|military buildup|military build-up|buildup|build-up|troop buildup|mobilization|mobilisation|troop movements|reinforcements",
        Noun,
        Mobilize,
        Some("troops"),
        "154",
        MIL,
        Always,
    ),
    rule(
        "mobilize.send_troops",
        "send|sent|sends|sending|move|moved|moves|moving|dispatch|dispatched|transfer|transferred",
        Verbs,
        Mobilize,
        Some("troops"),
        "154",
        MIL,
        Near(TROOPS, 0, 4),
    ),
    rule(
        "mobilize.weapons",
        "deliver|delivers|delivered|deploys nuclear|deployed nuclear|placed nuclear|stationed nuclear",
        Verbs,
        Mobilize,
        Some("weapons"),
        "150",
        MIL,
        Near(&["nuclear", "iskander", "tactical"], 0, 4),
    ),
    rule(
        "mobilize.alert",
        "snap inspection|snap inspections|snap check|snap drills|combat readiness|readiness check|readiness checks|high alert|on alert|heightened alert|combat alert|full alert",
        Noun,
        Mobilize,
        Some("alert"),
        "152",
        MIL,
        Always,
    ),
    rule(
        "mobilize.alert",
        "put on alert|placed on alert|raised alert|raised the alert",
        Verbs,
        Mobilize,
        Some("alert"),
        "152",
        MIL,
        Always,
    ),
    rule(
        "cooperate.joint_exercise",
        "joint exercise|joint exercises|joint military exercises|joint military exercise|joint drills|joint military drills|joint maneuvers|joint manoeuvres|joint patrols|joint training",
        Noun,
        Cooperate,
        None,
        "062",
        MIL,
        Always,
    ),
    rule(
        "mobilize.exercise",
        "military exercise|military exercises|military drills|drills|war games|maneuvers|manoeuvres|counter-terrorism exercise|exercises|exercise",
        Noun,
        Mobilize,
        Some("troops"),
        "150",
        MIL,
        Near(
            &[
                "military",
                "troops",
                "army",
                "naval",
                "air",
                "forces",
                "live-fire",
                "nuclear",
                "counter-terrorism",
                "held",
                "hold",
                "holding",
                "conducted",
                "staged",
                "began",
                "launched",
            ],
            3,
            2,
        ),
    ),
    rule(
        "mobilize.posture",
        "show of force|demonstration of force|military activity|military activities",
        Noun,
        Mobilize,
        Some("troops"),
        "150",
        MIL,
        Always,
    )
    .conf(0.55),
];

/// Words that make a deployment one of weapons rather than of troops.
pub(crate) const WEAPON_WORDS: &[&str] = WEAPONS;
