//! The ensemble: when the learned model may overrule the rules.
//!
//! Rules where they are sure, the model where they are not. The rules' main event stands
//! unless the model is very confident and the rule was not ([`SURE`]); then the model may veto
//! the sentence's events (a near-miss: "prices retreated", "a flood of orders", an earthquake) or
//! retype the main event. Where the rules found nothing, the model may supply an event when it
//! is fairly confident. Every changed or supplied event says so in its `rule` ("model p=0.83"),
//! and a veto leaves a diagnostic naming what was dropped. The thresholds were set by
//! cross-validation on our own training sentences (`examples/train_coder.rs` prints it), never
//! on a gold set.

use crate::learned::{NONE, Prediction};

/// A rule event at or above this confidence is never overruled.
pub const SURE: f32 = 0.7;
/// The model vetoes a rule event when P(none) reaches this and P(rule type) is below [`DOUBT`].
pub const VETO: f32 = 0.9;
/// The model retypes the main event when its type reaches this and P(rule type) is below [`DOUBT`].
pub const RETYPE: f32 = 0.8;
/// The model supplies an event where the rules found none when its type reaches this.
pub const SUPPLY: f32 = 0.8;
pub const DOUBT: f32 = 0.05;

/// What the ensemble does with one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// The rules' events stand.
    Keep,
    /// Drop the rules' events: the sentence reports no political event.
    Veto { p_none: f32 },
    /// The main event is of another type.
    Retype { class: usize, p: f32 },
    /// The rules found nothing; the model codes an event of this type.
    Supply { class: usize, p: f32 },
}

/// The thresholds, so cross-validation can compare settings; [`Thresholds::DEFAULT`] is what
/// the coder uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub sure: f32,
    pub veto: f32,
    pub retype: f32,
    pub supply: f32,
    pub doubt: f32,
}

impl Thresholds {
    pub const DEFAULT: Thresholds = Thresholds {
        sure: SURE,
        veto: VETO,
        retype: RETYPE,
        supply: SUPPLY,
        doubt: DOUBT,
    };
}

/// Decides from the rules' main event (class and confidence) and the model's prediction. The
/// caller passes a statement of intent ("Syria says it will withdraw" coded AGREE, see
/// [`crate::is_statement`]) as sure: our training sentences label the act, not the statement,
/// so the model would retype every such event to the act.
pub fn decide(rule_main: Option<(usize, f32)>, pred: &Prediction) -> Decision {
    decide_with(&Thresholds::DEFAULT, rule_main, pred)
}

pub fn decide_with(
    th: &Thresholds,
    rule_main: Option<(usize, f32)>,
    pred: &Prediction,
) -> Decision {
    let (best, p) = pred.best();
    match rule_main {
        None => {
            // The best type other than "none", which must also beat "none".
            let (c, pc) = pred.probs[..NONE]
                .iter()
                .enumerate()
                .fold((0, f32::MIN), |b, (c, &x)| if x > b.1 { (c, x) } else { b });
            if pc >= th.supply && pc > pred.probs[NONE] {
                Decision::Supply { class: c, p: pc }
            } else {
                Decision::Keep
            }
        }
        Some((rule, conf)) => {
            if conf >= th.sure || pred.probs[rule] >= th.doubt || best == rule {
                Decision::Keep
            } else if best == NONE && p >= th.veto {
                Decision::Veto { p_none: p }
            } else if best != NONE && p >= th.retype {
                Decision::Retype { class: best, p }
            } else {
                Decision::Keep
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learned::CLASSES;

    fn pred(class: usize, p: f32) -> Prediction {
        let mut probs = [(1.0 - p) / (CLASSES - 1) as f32; CLASSES];
        probs[class] = p;
        Prediction {
            probs,
            flags: [0.0; 3],
        }
    }

    #[test]
    fn sure_rules_stand_and_doubtful_ones_yield_to_a_confident_model() {
        assert_eq!(decide(Some((6, 0.95)), &pred(NONE, 0.99)), Decision::Keep);
        assert_eq!(
            decide(Some((6, 0.6)), &pred(NONE, 0.97)),
            Decision::Veto { p_none: 0.97 }
        );
        assert_eq!(decide(Some((6, 0.6)), &pred(NONE, 0.6)), Decision::Keep);
        assert_eq!(
            decide(Some((6, 0.6)), &pred(15, 0.9)),
            Decision::Retype { class: 15, p: 0.9 }
        );
        assert_eq!(
            decide(None, &pred(2, 0.85)),
            Decision::Supply { class: 2, p: 0.85 }
        );
        assert_eq!(decide(None, &pred(2, 0.3)), Decision::Keep);
        assert_eq!(decide(None, &pred(NONE, 0.9)), Decision::Keep);
    }
}
