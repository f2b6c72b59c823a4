//! The cooperative families: AGREE (CAMEO 03x/057), CONSULT (04x), SUPPORT (05x),
//! COOPERATE (06x) and AID (07x).

use forewarn_model::EventType::{Agree, Aid, Consult, Cooperate, Support};

use super::{TROOPS, WEAPONS};
use crate::lexicon::{Guard::*, Pos::*, Rule, rule};

const DIP: &[&str] = &["diplomatic"];
const MIL: &[&str] = &["military"];
const ECO: &[&str] = &["economic"];
const HUM: &[&str] = &["humanitarian"];
const NOT_OPINION: &[&str] = &[
    "that",
    "with",
    "experts",
    "analysts",
    "most",
    "observers",
    "many",
];

/// What one welcomes or praises, as against whom one receives.
const PRAISED: &[&str] = &[
    "statement",
    "statements",
    "decision",
    "move",
    "proposal",
    "proposals",
    "plan",
    "announcement",
    "initiative",
    "resolution",
    "report",
    "offer",
    "news",
    "election",
    "elections",
    "agreement",
    "deal",
    "step",
    "steps",
    "efforts",
    "release",
    "policy",
    "outcome",
    "ceasefire",
    "truce",
    "call",
    "remarks",
    "pledge",
    "commitment",
    "progress",
    "reforms",
    "vote",
];

pub(crate) static RULES: &[Rule] = &[
    // Welcoming a statement or a decision is support; welcoming a visitor is hosting.
    rule("support.welcome", "welcomed|welcomes|welcome|welcoming", Verbs, Support, None, "051", DIP, Near(PRAISED, 0, 6)).conf(0.7),
    // AGREE
    rule("agree.sign", "sign|signed|signing|ratify|ratified|ratifies|ratifying", Verbs, Agree, None, "057", DIP, Near(&["agreement", "agreements", "deal", "treaty", "accord", "pact", "memorandum", "declaration", "contract", "protocol", "ceasefire", "truce"], 0, 5)),
    rule("agree.agreement", "agreement|agreements|deal|accord|treaty|pact|memorandum of understanding", Noun, Agree, None, "057", DIP, Near(&["signed", "reached", "struck", "sealed", "clinched", "concluded", "sign", "signing", "ratified", "peace", "trade", "new", "an", "a", "reach", "reaching"], 3, 0)),
    rule("agree.accept", "accept|accepted|accepts|accepting", Verbs, Agree, None, "030", DIP, NotNear(&["responsibility", "blame", "that"], 0, 2)).conf(0.6),
    rule("agree.agree_to", "agreed to|agree to|agrees to|agreed on|agree on|agrees on|agreed upon|reached agreement|reached an agreement|reached a deal|struck a deal|came to an agreement", Verbs, Agree, None, "030", DIP, Always),
    rule("agree.agree", "agreed|agree|agrees", Verbs, Agree, None, "030", DIP, NotNear(NOT_OPINION, 2, 1)).conf(0.6),
    // "vowed to stay out" is news about staying out: the promise only marks its complement future.
    rule("agree.promise", "promise|pledge|vow|offer|commit to|committed to|commits to|undertake", Verb, Agree, None, "030", DIP, NotNear(&["to", "aid", "weapons", "support", "money", "funding", "billion", "million", "$"], 0, 4)).conf(0.6),
    // CONSULT
    // Troops, trains and aircraft that arrive are deployed, not visiting.
    rule("mobilize.arrive", "arrived in|arrives in|arrive in|arriving in|arrived at|headed to|head to|heads to", Verbs, forewarn_model::EventType::Mobilize, Some("troops"), "154", MIL, Near(&["troops", "soldiers", "forces", "units", "trains", "train", "equipment", "aircraft", "jets", "personnel", "armour", "armor", "weapons", "echelons", "convoy", "convoys", "component", "battalions", "servicemen"], 8, 0)),
    rule("consult.visit", "visit|visited|visits|visiting|arrived in|arrives in|arrive in|travel to|travelled to|traveled to|travels to|travelling to|traveling to|fly to|flew to|flies to|head to|heads to|headed to", Verbs, Consult, Some("visit"), "042", DIP, NotNear(&["a", "the", "his", "her", "their", "'s", "state", "official", "working"], 1, 0)),
    rule("consult.visit", "visit|visits|state visit|official visit|working visit|trip to", Noun, Consult, Some("visit"), "042", DIP, Always),
    rule("consult.host", "hosted|hosts|hosting", Verbs, Consult, Some("host"), "043", DIP, Always),
    rule("consult.host", "welcomed|received", Verbs, Consult, Some("host"), "043", DIP, Near(&["president", "prime", "minister", "delegation", "counterpart", "leader", "chancellor", "king", "envoy", "foreign", "secretary"], 0, 5)),
    rule("consult.phone", "phoned|telephoned|phone call|phone calls|telephone call|phone conversation|telephone conversation|spoke by phone|spoke by telephone|video call|videoconference|video conference", Verbs, Consult, Some("phone"), "041", DIP, Always),
    rule("consult.mediate", "mediation|mediation effort|mediation efforts|mediation bid|mediation mission", Noun, Consult, Some("mediate"), "045", DIP, Always).conf(0.6),
    rule("consult.summit", "summit|summits", Noun, Consult, Some("multilateral"), "040", DIP, Always).conf(0.6),
    rule("consult.negotiate", "negotiate|mediate|held talks|hold talks|holds talks|holding talks|peace talks", Verb, Consult, None, "046", DIP, Always),
    rule("consult.negotiate", "negotiations|talks", Noun, Consult, None, "046", DIP, Near(&["held", "hold", "holds", "holding", "peace", "with", "between", "in", "during", "after", "for", "resume", "resumed", "direct", "new"], 2, 1)).conf(0.6),
    rule("consult.meet", "meet|meets|met|met with|meets with|meet with|meeting with|spoke with|spoke to|talked with|talked to|conferred with|consulted|consult|consults", Verbs, Consult, None, "040", DIP, Always),
    rule("consult.meet", "meeting|meetings|consultations|discussions", Noun, Consult, None, "040", DIP, NotNear(&["told", "tells", "addressed", "addressing", "addresses"], 3, 0)).conf(0.55),
    // SUPPORT
    rule("support.praise", "praise|commend|hail|applaud|laud|endorse|welcome|support|express support|expressed support|expresses support|voiced support|voiced solidarity|expressed solidarity|thank|congratulate", Verb, Support, None, "051", DIP, NotNear(TROOPS, 0, 2)).conf(0.65),
    rule("support.praise", "backed|backs", Verbs, Support, None, "051", DIP, NotNear(TROOPS, 2, 2)).conf(0.6),
    rule("support.ties", "upgraded|upgrade|upgrades|upgrading|restored|restore|restores|restoring|resumed|resume|resumes|normalized|normalised|normalize|normalise|established|establish|establishes", Verbs, Support, None, "054", DIP, Near(&["ties", "relations"], 0, 4)),
    rule("support.apologize", "apologize|apologise", Verb, Support, None, "055", DIP, Always).conf(0.7),
    rule("support.defend", "defend", Verb, Support, None, "051", DIP, NotNear(&["city", "town", "positions", "territory", "border", "base", "capital", "troops", "forces", "lines", "itself", "himself", "themselves", "ourselves", "yourselves", "title"], 0, 4)).conf(0.55),
    rule("support.recognize", "recognize|recognise|recognised|recognized|recognizes|recognises|established diplomatic relations|restored diplomatic relations|restored relations|normalized relations|normalised relations", Verbs, Support, None, "054", DIP, Near(&["independence", "government", "state", "sovereignty", "relations", "as", "diplomatic"], 0, 4)),
    // COOPERATE
    rule("cooperate.military", "military cooperation|defense cooperation|defence cooperation|military alliance|security cooperation|military ties|defense ties|defence ties|joint military|joint force|joint forces|regional grouping of forces|joint regional group", Noun, Cooperate, None, "062", MIL, Always),
    rule("cooperate.economic", "economic cooperation|trade deal|trade agreement|trade ties|economic ties|energy cooperation|free trade|investment deal", Noun, Cooperate, None, "061", ECO, Always).conf(0.6),
    rule("cooperate.intelligence", "shared intelligence|share intelligence|shares intelligence|sharing intelligence|intelligence sharing|exchanged intelligence", Verbs, Cooperate, None, "064", &["intelligence"], Always),
    rule("cooperate.share", "sharing|shared|share|shares|exchanged|exchange|exchanges|exchanging", Verbs, Cooperate, None, "060", DIP, Near(&["expertise", "technology", "information", "know-how", "data", "technologies", "evidence", "findings", "intelligence"], 0, 3)).conf(0.6),
    rule("cooperate.judicial", "extradite|extradited|extradites|extradition", Verbs, Cooperate, None, "063", &["legal"], Always),
    rule("cooperate.cooperate", "cooperate|co-operate|collaborate|partner with|partnered with|teamed up|team up", Verb, Cooperate, None, "060", DIP, Always).conf(0.65),
    rule("cooperate.cooperate", "cooperation|co-operation|partnership|alliance", Noun, Cooperate, None, "060", DIP, Near(&["closer", "deepen", "deepened", "expand", "expanded", "strengthen", "strengthened", "boost", "new", "strategic", "bilateral"], 2, 0)).conf(0.55),
    // AID
    rule("aid.military", "send|sent|sends|sending|deliver|delivered|delivers|delivering|supply|supplied|supplies|supplying|provide|provided|provides|providing|ship|shipped|ships|transfer|transferred|donated|donate|donates|gave|give|gives", Verbs, Aid, Some("military"), "072", MIL, Near(WEAPONS, 0, 5)),
    rule("aid.humanitarian", "send|sent|sends|sending|deliver|delivered|delivers|delivering|supply|supplied|supplies|provide|provided|provides|providing|donated|donate|airlifted|distributed", Verbs, Aid, Some("humanitarian"), "073", HUM, Near(&["food", "medicine", "medical", "humanitarian", "relief", "water", "shelter", "tents", "blankets", "vaccines", "generators", "goods", "supplies", "medicines", "drugs"], 0, 8)),
    rule("aid.humanitarian", "handed over|hand over|hands over|handing over|airdropped|dropped", Verbs, Aid, Some("humanitarian"), "073", HUM, Near(&["food", "medicine", "medicines", "medical", "humanitarian", "relief", "water", "shelter", "tents", "blankets", "vaccines", "supplies", "goods", "aid"], 0, 5)),
    rule("aid.evacuate", "evacuated|evacuate|evacuates|evacuating|airlifted|airlift|rescued|rescue", Verbs, Aid, Some("humanitarian"), "073", HUM, Near(&["wounded", "injured", "civilians", "refugees", "residents", "citizens", "nationals", "children", "sick", "survivors", "foreigners"], 0, 4)),
    rule("aid.economic", "send|sent|sends|provide|provided|provides|providing|approved|granted|grants|loaned|lent|pledged|pledges|pledge|announced|allocated|disbursed|give|gave|gives|giving|offered|offers", Verbs, Aid, Some("economic"), "071", ECO, Near(&["loan", "loans", "grant", "grants", "billion", "million", "financial", "funding", "credit", "budget", "$", "euros", "dollars"], 0, 5)),
    rule("aid.military", "military aid|military assistance|security assistance|arms deliveries|arms shipments|weapons deliveries|weapons shipments|arms supplies|weapons package|aid package|military package", Noun, Aid, Some("military"), "072", MIL, Always),
    rule("aid.humanitarian", "humanitarian aid|humanitarian assistance|relief supplies|aid convoy|aid convoys|food aid|emergency aid", Noun, Aid, Some("humanitarian"), "073", HUM, Always),
    rule("aid.economic", "financial aid|economic aid|financial assistance|loan package|bailout", Noun, Aid, Some("economic"), "071", ECO, Always),
    rule("aid.asylum", "granted asylum|grants asylum|grant asylum|offered asylum|gave asylum", Verbs, Aid, Some("asylum"), "075", &["migration"], Always),
    rule("aid.asylum", "asylum", Noun, Aid, Some("asylum"), "075", &["migration"], Near(&["granted", "grant", "grants", "offered", "gave", "given", "giving"], 3, 0)),
];
