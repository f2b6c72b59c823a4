//! The candidate query of a question: what a store must hand the matcher, found by index.

use forewarn_model::{
    CandidateClause, CandidateQuery, Indicator, Observation, Question, index_words,
};

/// The sentences `question`'s indicators could match, as a [`CandidateQuery`] a store answers
/// with its indexes. It is a superset of what [`crate::matches`] accepts: every condition in it
/// is one the matcher also requires (an event type, an actor country of that event, a keyword
/// present as whole words). So the forecast over the candidates is the forecast over all.
///
/// One clause per sentence indicator; surge indicators need none (their observations come from
/// daily counts). An indicator that names neither an event type nor a keyword can match any
/// sentence, and then the query is [`CandidateQuery::Everything`].
pub fn candidate_query(question: &Question) -> CandidateQuery {
    let mut clauses = Vec::new();
    for indicator in &question.indicators {
        if indicator.matcher.surge.is_some() {
            continue;
        }
        match clause(indicator) {
            Some(c) => clauses.push(c),
            None => return CandidateQuery::Everything,
        }
    }
    clauses.sort();
    clauses.dedup();
    CandidateQuery::AnyOf(clauses)
}

/// The indicator's clause, or `None` when no index condition narrows it.
fn clause(indicator: &Indicator) -> Option<CandidateClause> {
    let m = &indicator.matcher;
    let mut phrase_groups = Vec::new();
    phrase_groups.extend(group(&m.keywords));
    phrase_groups.extend(group(&m.context_keywords));
    for keyword in &m.all_keywords {
        phrase_groups.extend(group(std::slice::from_ref(keyword)));
    }
    let mut event_types = m.event_types.clone();
    event_types.sort();
    event_types.dedup();
    if event_types.is_empty() && phrase_groups.is_empty() {
        return None;
    }
    // With event types the matched event needs a source actor of `source` and a target actor
    // of `target`; either list narrows the event's countries, the source side usually more.
    let countries = if event_types.is_empty() {
        &[][..]
    } else if !m.source.is_empty() {
        &m.source[..]
    } else {
        &m.target[..]
    };
    let mut event_countries: Vec<String> = countries.iter().map(|c| c.to_uppercase()).collect();
    event_countries.sort();
    event_countries.dedup();
    Some(CandidateClause {
        event_types,
        event_countries,
        phrase_groups,
    })
}

/// One of `keywords` must appear: a group of their phrases. `None` when the list is empty, or
/// when some keyword has no word an index could look up (only punctuation), since then that
/// keyword could match where no phrase of the group is.
fn group(keywords: &[String]) -> Option<Vec<Vec<String>>> {
    if keywords.is_empty() {
        return None;
    }
    let mut phrases = Vec::with_capacity(keywords.len());
    for k in keywords {
        let words = index_words(k);
        if words.is_empty() {
            return None;
        }
        phrases.push(words);
    }
    phrases.sort();
    phrases.dedup();
    Some(phrases)
}

/// Whether some indicator of `question` matches `obs`: the sentences worth recording as the
/// question's matches. The forecast matches them again, so recording more is harmless; what
/// it must never miss is one of these.
pub fn relevant(question: &Question, obs: &Observation) -> bool {
    question
        .indicators
        .iter()
        .any(|indicator| crate::matches(indicator, obs).is_some())
}

/// A key for the matches of `question`: equal keys mean [`relevant`] gives the same answer on
/// every observation. It hashes the indicators and the matcher's build (a hash of this crate's
/// and `forewarn-model`'s source, stamped by `build.rs`), so an edited question or a new
/// matcher makes recorded matches stale.
pub fn match_key(question: &Question) -> String {
    // Debug output is enough: two keys that differ only cost a fresh scan.
    let indicators = format!("{:?}", question.indicators);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in indicators.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{}-{hash:016x}", env!("FOREWARN_MATCHER_BUILD"))
}
