//! MOBILIZE: military or police moves short of using force (CAMEO 15x). Readiness checks carry
//! the `alert` mode (CAMEO 152), a forewarn extension next to PLOVER's troops/weapons/police.

use forewarn_model::EventType::{Cooperate, Mobilize};

use super::{TROOPS, WEAPONS};
use crate::lexicon::{Guard::*, Pos::*, Rule, rule};

const MIL: &[&str] = &["military"];
const POLICE: &[&str] = &["police", "riot", "gendarmes", "guardsmen", "security"];

/// Missions that make a deployment protection or relief rather than a show of force. Bare
/// "peacekeepers" is not enough: a state's own troops are called that when they move into a
/// neighbour ("Russian peacekeepers"), and a mission is named as one.
const PEACEKEEPING: &[&str] = &[
    "peacekeeping",
    "peace-keeping",
    "blue helmets",
    "minusma",
    "monusco",
    "unmiss",
    "unifil",
    "search-and-rescue",
];

pub(crate) static RULES: &[Rule] = &[
    // Troops sent to keep a peace, or teams sent to rescue, are aid (CAMEO 074, 073), not a
    // build-up: "Britain is deploying 300 troops to the UN peacekeeping mission in Mali".
    rule(
        "aid.peacekeeping",
        "deploy|deployed|deploys|deploying|deployment|deployments|send|sent|sends|sending|dispatch|dispatched|dispatches|arrived in|arrive in|arrives in|arriving in",
        Verbs,
        forewarn_model::EventType::Aid,
        Some("peacekeep"),
        "074",
        MIL,
        NearNot(PEACEKEEPING, 6, 8, &["so-called"], 8, 8),
    ),
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
    // Deploying a nerve agent is using a weapon on people, not moving forces.
    rule(
        "mobilize.deploy",
        "deploy|redeploy|reinforce|mobilize|mobilise",
        Verb,
        Mobilize,
        Some("troops"),
        "154",
        MIL,
        NotNear(&["chemical", "nerve", "poison", "toxin", "novichok"], 0, 4),
    ),
    // Only the verb's own forms: the bare "station" is nearly always the noun ("a police
    // station", "the railway station", "the space station").
    rule(
        "mobilize.deploy",
        "stationed|stationing|stations troops|stations forces|to station",
        Verbs,
        Mobilize,
        Some("troops"),
        "154",
        MIL,
        Always,
    ),
    // "beefed up its military presence", "strengthened its forces in Crimea", "called up
    // 30,000 reservists".
    rule(
        "mobilize.deploy",
        "beefed up|beef up|beefs up|bolstered|bolster|bolsters|boosted|boost|boosts|strengthened|strengthen|strengthens|stepped up|step up|steps up|increased|increase|increases|expanded|expands",
        Verbs,
        Mobilize,
        Some("troops"),
        "154",
        MIL,
        Near(
            &[
                "presence",
                "troops",
                "forces",
                "garrison",
                "deployment",
                "deployments",
                "contingent",
            ],
            0,
            4,
        ),
    ),
    rule(
        "mobilize.deploy",
        "called up|calls up|call up|calling up",
        Verbs,
        Mobilize,
        Some("troops"),
        "154",
        MIL,
        Near(TROOPS, 0, 5),
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
        "mobilize.patrols",
        "patrols|patrol|patrolling",
        Noun,
        Mobilize,
        Some("police"),
        "153",
        MIL,
        Near(
            &[
                "ordered",
                "police",
                "troops",
                "army",
                "stepped",
                "increased",
                "deployed",
                "intensified",
                "armed",
                "paramilitary",
                "soldiers",
                "naval",
                "border",
            ],
            3,
            3,
        ),
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
    // "joint air-force drills", "joint naval exercises": words between.
    rule(
        "cooperate.joint_exercise",
        "drills|exercises|exercise|maneuvers|manoeuvres|war games",
        Noun,
        Cooperate,
        None,
        "062",
        MIL,
        Near(&["joint"], 3, 0),
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
