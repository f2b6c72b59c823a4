//! CONCEDE (verbal yielding, CAMEO 08x declarations) and RETREAT (material yielding: withdrawals,
//! releases, resignations).

use forewarn_model::EventType::{Concede, Retreat};

use crate::lexicon::{Guard::*, Pos::*, Rule, rule};

const MIL: &[&str] = &["military"];
const POL: &[&str] = &["political"];
const DIP: &[&str] = &["diplomatic"];
const ECO: &[&str] = &["economic"];
const RESTRICTIONS: &[&str] = &[
    "sanctions",
    "restrictions",
    "curfew",
    "ban",
    "embargo",
    "blockade",
    "martial",
    "emergency",
    "controls",
    "measures",
    "tariffs",
    "lockdown",
    "siege",
    "restriction",
    "boycott",
    "sanction",
    "quarantine",
    "tax",
    "taxes",
    "duties",
    "quotas",
    "visa",
    "visas",
];
/// What is released when a release is a publication: "released video of soldiers training".
const PUBLISHED: &[&str] = &[
    "video",
    "videos",
    "footage",
    "images",
    "photos",
    "pictures",
    "statement",
    "report",
    "recording",
    "figures",
    "data",
    "details",
    "list",
    "album",
    "documents",
];
/// Whom a release frees, or what it hands back: people held, and the ships or property seized.
const RELEASED: &[&str] = &[
    "prisoners",
    "prisoner",
    "hostages",
    "hostage",
    "detainees",
    "detainee",
    "captives",
    "pows",
    "soldiers",
    "bodies",
    "activist",
    "activists",
    "journalist",
    "journalists",
    "dissident",
    "dissidents",
    "opposition",
    "political",
    "detained",
    "jailed",
    "imprisoned",
    "abducted",
    "kidnapped",
    "captured",
    "custody",
    "prison",
    "jail",
    "detention",
    "captivity",
    "bail",
    "citizen",
    "citizens",
    "nationals",
    "sailors",
    "crew",
    "fishermen",
    "vessel",
    "vessels",
    "tanker",
    "ship",
];

pub(crate) static RULES: &[Rule] = &[
    rule("concede.ease", "lift|ease|relax|loosen|suspend|scrap|end|roll back|unfreeze", Verb, Concede, None, "081", POL, Near(RESTRICTIONS, 0, 4)),
    rule("concede.sanctions_relief", "sanctions relief|easing of sanctions|lifting of sanctions", Noun, Concede, None, "085", ECO, Always),
    // CAMEO 0871 "declare truce" is PLOVER RETREAT:ceasefire (CAMEO2PLOVER table).
    // "announced a weeklong cease-fire", "declared an open-ended cessation of hostilities".
    rule("retreat.ceasefire", "ceasefire|cease-fire|truce|cessation of hostilities|armistice", Noun, Retreat, Some("ceasefire"), "0871", MIL, Near(&["declared", "declares", "declare", "declaring", "announced", "announces", "announce", "announcing", "proclaimed", "proclaims", "ordered", "orders", "unilateral", "unilaterally"], 6, 0)).conf(0.75),
    rule("retreat.ceasefire", "declared a ceasefire|declares a ceasefire|announced a ceasefire|announces a ceasefire|declared a truce|announced a truce|proclaimed a ceasefire|unilateral ceasefire|declared a unilateral ceasefire", Verbs, Retreat, Some("ceasefire"), "0871", MIL, Always),
    // "sanctions against Iran were lifted": the restriction named before a passive.
    rule("concede.ease", "lifted|eased|relaxed|loosened|scrapped|suspended", Verbs, Concede, None, "081", POL, Near(RESTRICTIONS, 8, 0)).conf(0.7),
    rule("concede.ease", "cut|cuts|cutting|reduce|reduced|reduces|reducing|slashed|slashes|lowered|lowers|halved", Verbs, Concede, None, "081", ECO, Near(&["tariffs", "tariff", "duties", "taxes", "tax", "quotas"], 0, 5)),
    rule("concede.ease", "cancelled|canceled|cancels|cancel|revoked|revokes|revoke|abolished|abolishes|abolish|repealed|repeals|repeal|removed|removes|remove|removing|lifted", Verbs, Concede, None, "081", POL, Near(RESTRICTIONS, 0, 4)),
    // Giving way to what others demanded (CAMEO 083): "bowed to pressure", "acceded to demands".
    rule("concede.concede", "bowed to|bows to|bow to|caved in|caves in|cave in|relented|relents|acceded to|accedes to|accede to|heeded calls|heeded demands|met the demands|meets the demands|agreed to demands|gave way to", Verbs, Concede, Some("policy"), "083", POL, Always).conf(0.7),
    rule("concede.concede", "concede|pardon|grant amnesty|back down|backed down|backs down|yield to|yielded to|give in|gave in|gives in|acknowledged responsibility|admitted responsibility", Verb, Concede, None, "080", POL, Always).conf(0.65),
    rule("retreat.withdraw", "withdraw|withdrew|withdrawn|withdraws|withdrawing|pull out|pulled out|pulls out|pulling out|pull back|pulled back|pulls back|retreat|retreated|retreats|retreating|pulled its troops|pulled troops|evacuated its troops", Verbs, Retreat, Some("withdraw"), "087", MIL, NotNear(super::NOT_FORCES, 3, 1)),
    rule("retreat.withdraw", "withdrawal|pullout|pull-out|retreat", Noun, Retreat, Some("withdraw"), "087", MIL, Near(&["troop", "military", "full", "complete", "the", "a", "of", "from", "announced", "began", "completed"], 2, 1)).conf(0.6),
    rule("retreat.release", "release|free|freed|frees|freeing|swapped|exchanged|handed over|hand over|hands over|repatriated|repatriate|let free|set free", Verb, Retreat, Some("release"), "0841", POL, NearNot(RELEASED, 0, 8, PUBLISHED, 0, 3)),
    // "were released by", "the detained vessels were freed".
    rule("retreat.release", "released|freed", Verbs, Retreat, Some("release"), "0841", POL, NearNot(RELEASED, 5, 0, PUBLISHED, 5, 0)).conf(0.7),
    // Property handed back to another state: artefacts, paintings, remains, seized goods.
    rule("retreat.return", "returned|returns|return|returning|handed back|hands back|repatriated", Verbs, Retreat, Some("release"), "0842", POL, Near(&["artifacts", "artefacts", "antiquities", "paintings", "painting", "fossils", "relics", "manuscript", "manuscripts", "sculpture", "sculptures", "treasures", "property", "confiscated", "stolen"], 0, 8)),
    rule("retreat.release", "prisoner swap|prisoner exchange|prisoner release|release of prisoners|hostage release", Noun, Retreat, Some("release"), "0841", POL, Always),
    rule("retreat.disarm", "disarm|demobilize|demobilise|demobilized|demilitarize|laid down arms|lay down arms|surrender|surrendered|surrenders", Verbs, Retreat, Some("disarm"), "0873", MIL, Always),
    rule("retreat.evacuate", "evacuate|evacuated|evacuates|evacuating|dismantle|dismantled|dismantles|dismantling|vacate|vacated", Verbs, Retreat, Some("withdraw"), "087", MIL, Near(&["settlements", "settlement", "troops", "forces", "bases", "base", "positions", "outposts", "garrison", "checkpoints", "roadblocks"], 0, 5)),
    rule("retreat.access", "received|receive|receives|receiving|admitted|admit|admits|allowed in|let in|accepted", Verbs, Retreat, Some("access"), "0862", DIP, Near(&["observers", "inspectors", "monitors", "peacekeepers", "investigators"], 0, 5)),
    rule("retreat.access", "allowed access|granted access|allow access|opened the border|reopened the border|reopened crossings|opened a humanitarian corridor|humanitarian corridor", Verbs, Retreat, Some("access"), "0862", &["humanitarian"], Always),
    rule("retreat.resign", "resign|resigned|resigns|resigning|stepped down|steps down|step down|quit", Verbs, Retreat, Some("resign"), "0832", POL, Always).conf(0.7),
];
