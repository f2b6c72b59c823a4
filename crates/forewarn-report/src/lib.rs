//! The read side, shared by the command line and the server so that a question reads the same
//! whichever door it is asked through: what a forecast sees and which date "now" is
//! ([`observations_as_of`]: news sentences found by index or recorded as matches, plus surge
//! days, up to the end of the archive or a date asked for), the forecast and its change
//! ([`forecast_with_change`]), the key developments and voices, and the briefing ([`briefing`]).
//!
//! The store is read here; the clock is not: callers pass `today`.
//!
//! ```
//! use forewarn_store::Store;
//! let store = Store::open_in_memory()?;
//! let question = forewarn_forecast::parse_question(
//!     "id = \"q\"\nquestion = \"Will it?\"\nopens = 2022-10-01\ndeadline = 2023-03-01\nprior = 0.1\n",
//!     "q.toml",
//! ).unwrap();
//! let today = chrono::NaiveDate::from_ymd_opt(2022, 12, 1).unwrap();
//! let (observations, as_of) = forewarn_report::observations_as_of(&store, &question, None, today)?;
//! let report = forewarn_report::forecast_with_change(&question, &observations, as_of);
//! assert!(report.forecast.probability < 0.1, "no news: less time left, lower probability");
//! # Ok::<(), forewarn_store::StoreError>(())
//! ```

mod surges;

use chrono::{Days, NaiveDate};
use forewarn_model::{Direction, Forecast, Observation, Question, TimelinePoint};
use forewarn_store::{RecordedMatches, Store, StoreError};
use forewarn_tell::{Briefing, Development, QuoteLine};

pub use surges::{scored_series, surge_observations};

/// At most this many voices in a briefing; the newest are kept.
pub const MAX_VOICES: usize = 12;
/// At most this many key developments; the ones that moved the forecast most are kept.
pub const MAX_DEVELOPMENTS: usize = 14;

/// Everything a question's forecast reads as of a date: the coded news sentences, plus one
/// observation per surge day for each `match.surge` indicator, built from the daily counts.
pub fn observations_for(
    store: &Store,
    question: &Question,
    as_of: Option<NaiveDate>,
) -> Result<Vec<Observation>, StoreError> {
    let mut observations = sentence_observations(store, question, as_of, None)?;
    observations.extend(surge_observations(store, question, as_of)?);
    Ok(observations)
}

/// The question's news sentences: those recorded as its matches (see [`update_matches`]) plus
/// the candidates stored since, or, before any scan under the current match key, every
/// candidate its query finds by index. Either way a superset of what its indicators match, so
/// the forecast equals the one over every stored sentence.
/// With `recorded`, the recorded matches are taken from there (see [`RecordedMatches`]).
fn sentence_observations(
    store: &Store,
    question: &Question,
    as_of: Option<NaiveDate>,
    recorded: Option<&RecordedMatches>,
) -> Result<Vec<Observation>, StoreError> {
    match store.question_scan(&question.id)? {
        Some(scan) if scan.matcher == forewarn_forecast::match_key(question) => {
            let mut observations = match recorded {
                Some(recorded) => {
                    store.matched_observations_from(recorded, &question.id, scan.through, as_of)?
                }
                None => store.matched_observations(&question.id, scan.through, as_of)?,
            };
            let query = since_scan(question, scan.through, store.last_sentence_id()?);
            observations.extend(
                store
                    .observations_matching(as_of, &query, scan.through)?
                    .into_iter()
                    .filter(|o| forewarn_forecast::relevant(question, o)),
            );
            Ok(observations)
        }
        _ => {
            let query = forewarn_forecast::candidate_query(question);
            store.observations_matching(as_of, &query, 0)
        }
    }
}

/// Up to this many sentences stored since a scan are read by id range and matched whole:
/// cheaper than the question's index lookups, which walk the full-text posting lists of its
/// keywords from the start.
const READ_WHOLE_SINCE_SCAN: i64 = 5_000;

/// The query for the sentences after `after` when the newest is `last`: everything when that
/// is little, else the question's candidates.
fn since_scan(question: &Question, after: i64, last: i64) -> forewarn_model::CandidateQuery {
    if last - after <= READ_WHOLE_SINCE_SCAN {
        forewarn_model::CandidateQuery::Everything
    } else {
        forewarn_forecast::candidate_query(question)
    }
}

/// Brings the question's recorded matches up to date: a first scan of every candidate, or,
/// when the question and the matcher are unchanged, of the sentences stored since the last
/// scan. Returns how many sentences were read and how many matched. Writers call it (after an
/// ingest, before a forecast) so that reads load only what matched.
pub fn update_matches(
    store: &mut Store,
    question: &Question,
) -> Result<(usize, usize), StoreError> {
    let key = forewarn_forecast::match_key(question);
    let after = match store.question_scan(&question.id)? {
        Some(scan) if scan.matcher == key => scan.through,
        _ => 0,
    };
    // Read first: every sentence up to it is visible to the query that follows.
    let through = store.last_sentence_id()?;
    if through <= after {
        return Ok((0, 0));
    }
    let query = since_scan(question, after, through);
    let read = store.observations_matching(None, &query, after)?;
    let matched: Vec<i64> = read
        .iter()
        .filter(|o| forewarn_forecast::relevant(question, o))
        .map(|o| o.sentence_id)
        .collect();
    store.record_question_scan(&question.id, &key, through, &matched)?;
    Ok((read.len(), matched.len()))
}

/// A question's observations and the date its forecast is for: `requested`, or else
/// [`resolve_as_of`] from the newest stored observation (a surge day counts). Only what is
/// published by that date is read, since a forecast sees nothing later; the forecast, its
/// changes and its timeline up to that date are as over every observation.
pub fn observations_as_of(
    store: &Store,
    question: &Question,
    requested: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(Vec<Observation>, NaiveDate), StoreError> {
    observations_as_of_from(store, question, requested, today, None)
}

/// [`observations_as_of`] for one of many questions forecast together: their recorded matches
/// are read once, by [`Store::recorded_matches`] after [`update_matches`] of each, and taken
/// from `recorded`.
pub fn observations_as_of_recorded(
    store: &Store,
    question: &Question,
    requested: Option<NaiveDate>,
    today: NaiveDate,
    recorded: &RecordedMatches,
) -> Result<(Vec<Observation>, NaiveDate), StoreError> {
    observations_as_of_from(store, question, requested, today, Some(recorded))
}

fn observations_as_of_from(
    store: &Store,
    question: &Question,
    requested: Option<NaiveDate>,
    today: NaiveDate,
    recorded: Option<&RecordedMatches>,
) -> Result<(Vec<Observation>, NaiveDate), StoreError> {
    let surges = surge_observations(store, question, requested)?;
    let as_of = match requested {
        Some(date) => date,
        None => {
            let newest_surge = surges.iter().map(|o| o.published).max();
            let newest = store.newest_observation_date()?.max(newest_surge);
            resolve_as_of(question, None, newest, today)
        }
    };
    let mut observations = sentence_observations(store, question, Some(as_of), recorded)?;
    observations.extend(surges.into_iter().filter(|o| o.published <= as_of));
    Ok((observations, as_of))
}

/// The as-of date when none is asked for: the newest observation's date, or today if earlier,
/// kept inside the question's window. Analysts replaying an archive want
/// "now" to mean the end of the archive.
pub fn resolve_as_of(
    question: &Question,
    requested: Option<NaiveDate>,
    newest: Option<NaiveDate>,
    today: NaiveDate,
) -> NaiveDate {
    if let Some(date) = requested {
        return date;
    }
    newest
        .unwrap_or(today)
        .min(today)
        .clamp(question.opens, question.deadline)
}

/// A forecast plus its change over 1, 7 and 30 days (probability differences).
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastWithChange {
    pub forecast: Forecast,
    pub change_24h: Option<f64>,
    pub change_7d: Option<f64>,
    pub change_30d: Option<f64>,
}

/// The forecast as of a date and how it moved since 1, 7 and 30 days before (`None` where that
/// date is before the question opened).
pub fn forecast_with_change(
    question: &Question,
    observations: &[Observation],
    as_of: NaiveDate,
) -> ForecastWithChange {
    // One replay for the three earlier dates (ascending) and the day itself.
    let earlier: Vec<(u64, NaiveDate)> = [30, 7, 1]
        .into_iter()
        .filter_map(|days| {
            let then = as_of.checked_sub_days(Days::new(days))?;
            (then >= question.opens).then_some((days, then))
        })
        .collect();
    let dates: Vec<NaiveDate> = earlier.iter().map(|&(_, d)| d).collect();
    let (forecast, past) =
        forewarn_forecast::forecast_with_earlier(question, observations, &dates, as_of);
    let change = |days: u64| {
        let i = earlier.iter().position(|&(d, _)| d == days)?;
        Some(forecast.probability - past[i])
    };
    ForecastWithChange {
        change_24h: change(1),
        change_7d: change(7),
        change_30d: change(30),
        forecast,
    }
}

/// The developments that moved the forecast most when they were reported — before decay and the
/// corroboration discount, so December's news is not crowded out by February's merely for being
/// older — oldest first. A sentence that matched several indicators is one development, marked by
/// the sign of its net effect.
pub fn key_developments(forecast: &Forecast, max: usize) -> Vec<Development> {
    let mut by_sentence: Vec<(i64, f64, Development)> = Vec::new();
    for c in &forecast.contributions {
        let discount =
            c.decay * forewarn_forecast::CORROBORATION_RATIO.powi(c.rank.saturating_sub(1) as i32);
        let fresh = if discount > 0.0 {
            c.log_odds / discount
        } else {
            c.log_odds
        };
        if let Some(entry) = by_sentence
            .iter_mut()
            .find(|(id, _, _)| *id == c.sentence_id)
        {
            entry.1 += fresh;
            continue;
        }
        let development = Development {
            date: c.date,
            text: c.sentence.clone(),
            source: c
                .document_title
                .clone()
                .or_else(|| c.document_source.clone()),
            direction: None,
        };
        by_sentence.push((c.sentence_id, fresh, development));
    }
    by_sentence.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    by_sentence.truncate(max);
    let mut developments: Vec<Development> = by_sentence
        .into_iter()
        .filter(|(_, net, _)| *net != 0.0)
        .map(|(_, net, mut d)| {
            d.direction = Some(if net > 0.0 {
                Direction::For
            } else {
                Direction::Against
            });
            d
        })
        .collect();
    developments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.text.cmp(&b.text)));
    developments
}

/// Attributed quotes published inside the question's window up to `as_of`, the newest `max`,
/// oldest first.
pub fn voices(
    store: &Store,
    question: &Question,
    as_of: NaiveDate,
    max: usize,
) -> Result<Vec<QuoteLine>, StoreError> {
    let mut voices: Vec<QuoteLine> = store
        .quotes_until(Some(as_of))?
        .into_iter()
        .filter(|q| q.quote.speaker.is_some() && q.published.is_none_or(|d| d >= question.opens))
        .map(|q| QuoteLine {
            speaker: q.quote.speaker,
            text: q.quote.text,
            date: q.published,
            source: q.document_title,
        })
        .collect();
    voices.sort_by_key(|q| q.date);
    Ok(voices.split_off(voices.len().saturating_sub(max)))
}

/// Briefing formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
}

/// Everything a briefing shows, computed once.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionReport {
    pub question: Question,
    pub as_of: NaiveDate,
    pub forecast: ForecastWithChange,
    /// Daily points from `opens` to `as_of`.
    pub timeline: Vec<TimelinePoint>,
    pub developments: Vec<Development>,
    pub voices: Vec<QuoteLine>,
}

impl QuestionReport {
    /// Builds the report as of `as_of` (default: [`resolve_as_of`] with `today`).
    pub fn build(
        store: &Store,
        question: &Question,
        as_of: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<QuestionReport, StoreError> {
        let (observations, as_of) = observations_as_of(store, question, as_of, today)?;
        let forecast = forecast_with_change(question, &observations, as_of);
        let timeline =
            forewarn_forecast::timeline(question, &observations, question.opens, as_of, 1);
        let developments = key_developments(&forecast.forecast, MAX_DEVELOPMENTS);
        let voices = voices(store, question, as_of, MAX_VOICES)?;
        Ok(QuestionReport {
            question: question.clone(),
            as_of,
            forecast,
            timeline,
            developments,
            voices,
        })
    }

    /// The briefing text.
    pub fn briefing(&self, format: Format) -> String {
        let briefing = Briefing {
            question: &self.question,
            forecast: &self.forecast.forecast,
            timeline: &self.timeline,
            change_7d: self.forecast.change_7d,
            change_30d: self.forecast.change_30d,
            quotes: &self.voices,
            developments: &self.developments,
        };
        match format {
            Format::Markdown => forewarn_tell::markdown(&briefing),
            Format::Html => forewarn_tell::html(&briefing),
        }
    }
}

/// The briefing for a question as of a date, in one call.
pub fn briefing(
    store: &Store,
    question: &Question,
    as_of: Option<NaiveDate>,
    today: NaiveDate,
    format: Format,
) -> Result<String, StoreError> {
    Ok(QuestionReport::build(store, question, as_of, today)?.briefing(format))
}

#[cfg(test)]
mod tests {
    use forewarn_model::{Contribution, Forecast};

    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn contribution(
        sentence_id: i64,
        date: &str,
        log_odds: f64,
        decay: f64,
        rank: usize,
    ) -> Contribution {
        Contribution {
            indicator_id: format!("i{sentence_id}"),
            indicator_label: "label".into(),
            direction: if log_odds > 0.0 {
                Direction::For
            } else {
                Direction::Against
            },
            log_odds,
            date: d(date),
            published: d(date),
            sentence: format!("sentence {sentence_id}"),
            sentence_id,
            document_id: 1,
            document_title: Some("doc".into()),
            document_source: None,
            actors: vec![],
            decay,
            novelty: 1.0,
            rank,
            duplicates: 0,
        }
    }

    #[test]
    fn developments_rank_by_fresh_strength_and_merge_sentences() {
        let forecast = Forecast {
            question_id: "q".into(),
            as_of: d("2023-02-28"),
            probability: 0.1,
            log_odds: 0.0,
            base_log_odds: 0.0,
            contributions: vec![
                // Old but strong when fresh: 0.1 / 0.1 = 1.0.
                contribution(1, "2022-12-07", 0.1, 0.1, 1),
                // Recent and weak: 0.2 / 1.0 = 0.2.
                contribution(2, "2023-02-27", 0.2, 1.0, 1),
                // Sentence 3 matched two indicators whose effects cancel out.
                contribution(3, "2023-01-10", 0.3, 1.0, 1),
                contribution(3, "2023-01-10", -0.3, 1.0, 1),
                // A second report of its kind: 0.25 / (1.0 · 0.5) = 0.5.
                contribution(4, "2023-01-20", -0.25, 1.0, 2),
            ],
            reported: None,
        };
        let top = key_developments(&forecast, 2);
        let texts: Vec<_> = top.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(
            texts,
            ["sentence 1", "sentence 4"],
            "oldest first, the two strongest when fresh"
        );
        assert_eq!(top[1].direction, Some(Direction::Against));
        let all = key_developments(&forecast, 10);
        assert!(
            all.iter().all(|d| d.text != "sentence 3"),
            "a net-zero sentence is no development"
        );
    }

    #[test]
    fn as_of_defaults_to_the_archive_end_inside_the_window() {
        let question = forewarn_forecast::parse_question(
            "id = \"q\"\nquestion = \"?\"\nopens = 2022-10-01\ndeadline = 2023-03-01\nprior = 0.1\n",
            "q.toml",
        )
        .unwrap();
        let today = d("2026-11-26");
        assert_eq!(
            resolve_as_of(&question, None, None, today),
            question.deadline
        );
        assert_eq!(
            resolve_as_of(&question, Some(d("2022-12-01")), None, today),
            d("2022-12-01")
        );
        assert_eq!(
            resolve_as_of(&question, None, None, d("2022-09-01")),
            question.opens
        );
    }
}
