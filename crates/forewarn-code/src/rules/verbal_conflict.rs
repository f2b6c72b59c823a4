//! The verbal conflict families: REQUEST (CAMEO 02x/10x), ACCUSE (11x, 09x), REJECT (12x) and
//! THREATEN (13x).

use forewarn_model::EventType::{Accuse, Reject, Request, Threaten};

use crate::lexicon::{Guard::*, Pos::*, Rule, rule};

const DIP: &[&str] = &["diplomatic"];
const LEGAL: &[&str] = &["legal"];
const POL: &[&str] = &["political"];
/// What a warning is about when it is a notice, not a threat: weather, hazards, markets.
const NOTICES: &[&str] = &[
    "storm",
    "flood",
    "weather",
    "heat",
    "tsunami",
    "travel",
    "health",
    "profit",
    "profits",
    "gale",
    "gale-force",
    "snow",
    "ice",
    "fog",
    "wind",
    "winds",
    "rain",
    "rains",
    "fire",
    "severe",
    "measles",
    "cases",
];
/// What one denies when one denies responsibility.
const BLAME: &[&str] = &[
    "accusation",
    "accusations",
    "allegation",
    "allegations",
    "charge",
    "charges",
    "claim",
    "claims",
    "responsibility",
    "involvement",
    "wrongdoing",
    "reports",
    "suggestions",
];

pub(crate) static RULES: &[Rule] = &[
    // REQUEST
    // "Russia said that Sudan must return the helicopter": a reported obligation is a demand on
    // the one who must act; roles are swapped in the coder (rule `request.must`).
    // CAMEO files "X must do Y" as a demand (10x), not an appeal (02x).
    rule("request.must", "must|should|ought to", Verbs, Request, None, "100", DIP, Near(&["said", "says", "say", "announced", "concluded", "insisted", "insists", "stated", "declared", "added", "argued", "demanded", "told"], 12, 0)).conf(0.6),
    rule("request.asylum", "sought refuge|seek refuge|seeks refuge|seeking refuge|sought asylum|seek asylum|seeks asylum|seeking asylum|applied for asylum|asked for asylum|requested asylum", Verbs, Request, None, "0233", &["migration"], Always),
    rule("request.demand", "demand|insist on|insisted on|insists on", Verb, Request, None, "100", DIP, Always),
    rule("request.demand", "ultimatum", Noun, Threaten, None, "139", DIP, Always),
    rule("request.appeal", "urge|call on|call upon|call for|appeal to|appeal for|ask|request|plead with|press|pressure|pressurize|pressurise|implore", Verb, Request, None, "020", DIP, NotNear(&["conference", "briefing", "release", "the", "a"], 1, 1)),
    rule("request.appeal", "calls for|calls on|appeals|requests|demands|pressure on|pressure from", Noun, Request, None, "020", DIP, Near(&["renewed", "repeated", "new", "growing", "mounting", "international", "western", "the", "made", "issued"], 2, 0)).conf(0.55),
    // ACCUSE
    rule("accuse.accuse", "accuse|blame|allege|charge|hold responsible|held responsible|holds responsible", Verb, Accuse, None, "112", DIP, NotNear(&["with", "in", "of"], 0, 0)),
    rule("accuse.criticize", "criticize|criticise|condemn|denounce|decry|slam|lambast|rebuke|censure|deplore|blast", Verb, Accuse, None, "111", DIP, Always),
    rule("accuse.criticize", "condemnation|criticism|accusations|accusation|allegations", Noun, Accuse, None, "111", DIP, NotNear(&["denied", "rejected", "dismissed"], 3, 0)).conf(0.55),
    rule("accuse.protest_note", "lodged a protest|lodged a formal protest|summoned the ambassador|summoned ambassador|summoned the envoy|summons the ambassador|summoned the charge|formally protested|protest note|note of protest", Verbs, Accuse, None, "111", DIP, Always),
    rule("accuse.protest_note", "summoned|summons|summon", Verbs, Accuse, None, "111", DIP, Near(super::DIPLOMATS, 0, 4)),
    rule("accuse.investigate", "investigate|probe|probes|probed|launched an investigation|opened an investigation|opened a probe", Verb, Accuse, None, "090", LEGAL, Always).conf(0.6),
    rule("accuse.investigate", "investigation|investigations|inquiry|inquiries|probe|inspectors|inspection|inspections|fact-finding mission", Noun, Accuse, None, "090", LEGAL, Near(&["opened", "launched", "dispatched", "sent", "began", "completed", "conducted", "ordered", "started", "open", "launch", "its", "their", "an", "sends", "dispatch"], 3, 0)).conf(0.55),
    rule("accuse.protest_note", "lodged an official protest|lodged a diplomatic protest|lodged a strong protest|filed a protest|official protest|formal protest|diplomatic protest|strong protest", Verbs, Accuse, None, "111", DIP, Always),
    rule("accuse.complain", "lodged a complaint|filed a complaint|lodges a complaint|files a complaint|lodged a formal complaint|filed a formal complaint|formal complaint|complained to|complains to", Verbs, Accuse, None, "114", DIP, Always).conf(0.75),
    rule("accuse.sue", "sue|sued|sues|suing|filed a lawsuit|filed suit|took to court|brought a case", Verbs, Accuse, None, "115", LEGAL, Always),
    // REJECT
    // Denying an accusation is a statement (CAMEO 016, deny responsibility), not a refusal of
    // what someone asked for; declining to comment is CAMEO 011. Both stay REJECT in PLOVER.
    rule("reject.deny_blame", "reject|deny|refute|dismiss", Verb, Reject, None, "016", DIP, Near(BLAME, 0, 4)),
    rule("reject.no_comment", "declined to comment|declines to comment|declined comment|declined to elaborate|declined to give details|refused to comment|would not comment|did not comment|had no comment", Verbs, Reject, None, "011", DIP, Always).conf(0.55),
    rule("reject.reject", "reject|refuse|turn down|rebuff|dismiss|repudiate|spurn", Verb, Reject, None, "120", DIP, NotNear(&["to"], 0, 1)),
    rule("reject.refuse_to", "refused to|refuses to|refuse to|refusing to|declined to|declines to|decline to|rejected calls to|rejects calls to", Verbs, Reject, None, "120", DIP, Always).conf(0.7),
    rule("reject.veto", "veto|vetoed|vetoes|vetoing|blocked the resolution|blocked a resolution", Verbs, Reject, None, "1241", DIP, Always),
    rule("reject.defy", "defy|defied|defies|defying|defiance of", Verbs, Reject, None, "128", POL, Always).conf(0.65),
    rule("reject.defy", "violated|violates|violate|violating|flouted|flouts|flout|breached|breaches|breach", Verbs, Reject, None, "128", POL, Near(&["ban", "curfew", "order", "orders", "embargo", "sanctions", "law", "ruling", "decree"], 0, 3)).conf(0.6),
    rule("reject.renege", "reneged on|reneges on|renege on|backtracked on|backtracks on|backed out of|backs out of|ruled out|rules out|rule out|out of the question", Verbs, Reject, None, "120", DIP, Always).conf(0.65),
    // THREATEN
    rule("threaten.threaten", "threaten", Verb, Threaten, None, "130", DIP, Always),
    // Issuing a warning is the act itself, as sure as "threatened"; a storm, travel or profit
    // warning is a notice, not a threat.
    rule("threaten.warn", "issued a warning|issues a warning|issue a warning|issuing a warning|issued a stern warning|issues a stern warning|delivered a warning|gave a warning", Verbs, Threaten, None, "130", DIP, NotNear(NOTICES, 2, 3)).conf(0.75),
    rule("threaten.warn", "warn", Verb, Threaten, None, "130", DIP, NotNear(NOTICES, 2, 2)).conf(0.65),
    rule("threaten.threaten", "threat|threats", Noun, Threaten, None, "130", DIP, Near(&["issued", "made", "repeated", "renewed", "nuclear", "military", "explicit", "veiled"], 2, 0)).conf(0.6),
];
