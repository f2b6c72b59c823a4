//! The parameters `forewarn fit` learned on the development questions, shipped with the
//! library because leave-one-conflict-out cross-validation beat the hand-set defaults
//! (`docs/backtest.md` gives the figures and the command that writes `fitted.json`).
//!
//! They apply only to what the library derives: the signal weights of kind indicators and the
//! prior of a question that gives none. A weight or prior written in a question file is the
//! analyst's and is never scaled.

use std::sync::OnceLock;

use forewarn_model::Indicator;

use crate::fit::{FittedParams, indicator_family, shifted};
use crate::template::TemplateKind;

const SHIPPED: &str = include_str!("fitted.json");

/// The shipped parameters (`fitted.json`, compiled in).
pub fn shipped() -> &'static FittedParams {
    static PARAMS: OnceLock<FittedParams> = OnceLock::new();
    // A test parses the file, so a malformed one never ships.
    PARAMS.get_or_init(|| serde_json::from_str(SHIPPED).expect("fitted.json is valid"))
}

/// Multiplies each signal indicator's weight by its family's scale in `params`.
pub fn scale_weights(indicators: &mut [Indicator], params: &FittedParams) {
    for ind in indicators.iter_mut().filter(|i| i.role.is_signal()) {
        if let Some(s) = params.scales.get(indicator_family(&ind.id)) {
            ind.weight *= *s;
        }
    }
}

/// The library's prior with the shipped log-odds shift. Count questions keep theirs: the
/// count model is not fitted.
pub(crate) fn shipped_prior(kind: TemplateKind, library: f64) -> f64 {
    if kind == TemplateKind::EventCountSurge {
        library
    } else {
        shifted(library, shipped().prior_shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_parameters_parse_and_keep_directions() {
        let p = shipped();
        assert!(p.scales.values().all(|s| s.is_finite() && *s >= 0.0));
        assert!(p.prior_shift.is_finite());
    }
}
