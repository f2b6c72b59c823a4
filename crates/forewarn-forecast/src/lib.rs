//! Question files, indicator matching and the evidence-decay forecast model.
//!
//! A question file (TOML, see [`parse_question`]) states a prior for an event happening in a
//! window and the indicators that would move it. Coded sentences ([`Observation`]s) that
//! [`matches`] an indicator become evidence; [`forecast`] turns the evidence visible on a date
//! into a probability whose log-odds is the time-scaled prior plus one term per independent
//! report — the explanation is the model. `docs/forecasting.md` gives the maths.
//!
//! ```
//! use chrono::NaiveDate;
//! use forewarn_forecast::{forecast, parse_question};
//!
//! let q = parse_question(r#"
//! id = "belarus-joins-war"
//! question = "Will Belarusian armed forces take part in ground combat in Ukraine before 2023-03-01?"
//! opens = 2022-10-01
//! deadline = 2023-03-01
//! prior = 0.10
//!
//! [[indicator]]
//! id = "troops-to-border"
//! label = "Belarusian troops moved toward the Ukrainian border"
//! direction = "for"
//! weight = 0.7
//! half_life_days = 30
//! match = { keywords = ["border"] }
//! "#, "belarus.toml").unwrap();
//!
//! let opens = NaiveDate::from_ymd_opt(2022, 10, 1).unwrap();
//! let f = forecast(&q, &[], opens);
//! assert!((f.probability - 0.10).abs() < 1e-12);
//! assert!(f.contributions.is_empty());
//! ```
//!
//! Question file format (fields beyond these are rejected, so typos surface):
//!
//! ```toml
//! id = "belarus-joins-war"
//! question = "Will …?"
//! opens = 2022-10-01          # a TOML date or a "2022-10-01" string
//! deadline = 2023-03-01
//! prior = 0.10                # probability over [opens, deadline] with no evidence, in (0, 1)
//! tags = ["belarus"]          # optional
//! resolution = "no"           # optional, "yes" | "no"; needs resolved_on
//! resolved_on = 2023-03-01
//!
//! [[indicator]]
//! id = "troops-to-border"     # unique within the file
//! label = "Belarusian troops moved toward the Ukrainian border"
//! direction = "for"           # for | against
//! weight = 0.7                # ln likelihood ratio of one independent report, ≥ 0
//! half_life_days = 30         # > 0
//! match = { event_types = ["MOBILIZE"], source = ["BLR"], keywords = ["border"] }
//! # match also takes modes, target, location, exclude_keywords, negated,
//! # allow_future, allow_hypothetical (see forewarn_model::IndicatorMatch), or instead a
//! # surge in daily event counts (observations built by forewarn-events):
//! # match = { surge = { type = "MOBILIZE", location = ["BLR"], min_z = 3 } }
//! ```

mod backtest;
mod candidates;
mod count;
mod editable;
mod fit;
mod fitted;
mod kinds;
mod matching;
mod model;
mod question;
mod svg;
mod template;
mod understand;

pub use backtest::{
    BacktestOptions, BacktestReport, CONSTANT_FORECAST, Check, Checks, Improvement,
    NOTICED_AFTER_DAYS, NOTICED_AT, PathPoint, QuestionBacktest, Scores, Tally, backtest,
    backtest_question, replay_dates,
};
pub use candidates::{candidate_query, match_key, relevant};
pub use count::{CountState, count_forecast};
pub use editable::question_file_toml;
pub use fit::{FitOptions, FitReport, FittedParams, apply_params, fit, indicator_family};
pub use fitted::{scale_weights, shipped as shipped_params};
pub use forewarn_model::Observation;
pub use kinds::{Family, KINDS, KindDef, kind_def, kind_prior};
pub use matching::{MatchedEvidence, matches};
pub use model::{
    CORROBORATION_RATIO, DENIAL_REPORTS, PROBABILITY_EPSILON, REPORT_LOG_ODDS, SAME_OUTLET_REPORT,
    SENTENCE_DUPLICATE_THRESHOLD, USUAL_LEVEL_LAGS, base_probability, combine, forecast,
    forecast_with_earlier, happened_probability, hazard_probability, logistic, logit, timeline,
};
pub use question::{QuestionError, QuestionErrorKind, parse_question, parse_question_file};
pub use svg::{probability_paths_svg, reliability_svg};
pub use template::{
    CountSpec, CrowdPoint, QuestionFile, TemplateKind, TemplateSpec, country_name,
    library_indicators, library_prior, template_indicators, template_prior,
};
pub use understand::{Understanding, read_deadline, understand};
