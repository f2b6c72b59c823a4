use chrono::NaiveDate;
use forewarn_model::{
    ActorKind, ActorMention, ActorRef, CodedSentence, Contribution, Direction, Document, Event,
    EventType, Forecast, Indicator, IndicatorMatch, Location, PlaceMention, Question, Quote,
};
use forewarn_store::{EventFilter, Inserted, Store, StoreCounts, StoreError};

const NOW: &str = "2025-03-01T12:00:00Z";

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn doc(hash: &str, published: Option<&str>) -> Document {
    Document {
        hash: hash.into(),
        title: Some(format!("Title {hash}")),
        text: format!("Body of {hash}."),
        url: Some(format!("https://example.org/{hash}")),
        source: Some("wire report".into()),
        author: Some("A. Writer".into()),
        published: published.map(date),
        origin: Some(format!("feed.jsonl:{hash}")),
    }
}

fn actor(country: &str) -> ActorRef {
    ActorRef {
        text: format!("{country} forces"),
        country: Some(country.into()),
        sector: Some("MIL".into()),
        name: None,
    }
}

fn mention(country: &str) -> ActorMention {
    ActorMention {
        span: (0, 7),
        text: country.into(),
        kind: ActorKind::State,
        country: Some(country.into()),
        sector: None,
        name: country.into(),
    }
}

fn event(t: EventType, source: &[&str], target: &[&str], place: Option<&str>) -> Event {
    Event {
        event_type: t,
        mode: Some("troops".into()),
        context: vec!["military".into()],
        cameo: Some(t.cameo_root().into()),
        source: source.iter().map(|c| actor(c)).collect(),
        target: target.iter().map(|c| actor(c)).collect(),
        location: place.map(|c| Location {
            name: format!("somewhere in {c}"),
            country: Some(c.into()),
            lat: Some(53.9),
            lon: Some(27.56),
        }),
        date: None,
        negated: false,
        hypothetical: false,
        future: false,
        trigger: "moved".into(),
        span: (8, 13),
        confidence: 0.8,
        rule: "test-rule".into(),
    }
}

fn sentence(
    index: usize,
    text: &str,
    events: Vec<Event>,
    actors: Vec<ActorMention>,
) -> CodedSentence {
    CodedSentence {
        index,
        text: text.into(),
        span: (index * 100, index * 100 + text.len()),
        events,
        actors,
        places: vec![],
    }
}

fn insert(store: &mut Store, d: &Document, sentences: &[CodedSentence]) -> i64 {
    match store.insert_document(d, sentences, &[], None, NOW).unwrap() {
        Inserted::New(id) => id,
        other => panic!("expected a new document, got {other:?}"),
    }
}

#[test]
fn coded_document_round_trips() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        let d = doc("a", Some("2025-02-10"));
        let mut main = event(EventType::Mobilize, &["RUS", "BLR"], &["UKR"], Some("BLR"));
        main.date = Some(date("2025-02-09"));
        main.negated = true;
        main.future = true;
        main.confidence = 0.3;
        let mut second = event(EventType::Threaten, &["BLR"], &[], None);
        second.hypothetical = true;
        second.mode = None;
        second.cameo = None;
        second.rule = String::new();
        second.source[0].name = Some("Alexander Lukashenko".into());
        let mut s0 = sentence(
            0,
            "Russian and Belarusian troops moved.",
            vec![main, second],
            vec![mention("RUS")],
        );
        s0.places.push(PlaceMention {
            span: (1, 6),
            text: "Minsk".into(),
            name: "Minsk".into(),
            country: "BLR".into(),
            lat: 53.9,
            lon: 27.56,
        });
        let s1 = sentence(1, "Nothing else happened.", vec![], vec![]);
        let quotes = vec![Quote {
            speaker: Some("Artyom".into()),
            text: "We are ready".into(),
            sentence_index: 1,
        }];
        let sentences = vec![s0, s1];

        let id = store
            .insert_document(&d, &sentences, &quotes, None, NOW)
            .unwrap()
            .id();

        let stored = store.document(id).unwrap().unwrap();
        assert_eq!(stored.document, d);
        assert_eq!(stored.duplicate_of, None);
        assert_eq!(stored.ingested_at, NOW);
        let back: Vec<CodedSentence> = store
            .sentences(id)
            .unwrap()
            .into_iter()
            .map(|s| s.sentence)
            .collect();
        assert_eq!(back, sentences);
        let quotes_back = store.quotes_until(None).unwrap();
        assert_eq!(quotes_back.len(), 1);
        assert_eq!(quotes_back[0].quote, quotes[0]);
        assert_eq!(quotes_back[0].document_id, id);
        assert_eq!(quotes_back[0].document_title.as_deref(), Some("Title a"));
        assert_eq!(
            store.counts().unwrap(),
            StoreCounts {
                documents: 1,
                sentences: 2,
                events: 2,
                quotes: 1,
                questions: 0,
                forecasts: 0
            }
        );
        assert_eq!(store.document(id + 1).unwrap(), None);
    }
}

#[test]
fn insert_is_idempotent_by_hash() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        let d = doc("same", Some("2025-01-01"));
        let s = [sentence(
            0,
            "Troops moved.",
            vec![event(EventType::Mobilize, &["RUS"], &[], None)],
            vec![],
        )];
        let id = insert(&mut store, &d, &s);
        assert_eq!(store.has_hash("same").unwrap(), Some(id));
        assert_eq!(store.has_hash("other").unwrap(), None);
        let before = store.counts().unwrap();
        // Same hash, different content: still a duplicate, nothing is written.
        let mut changed = d.clone();
        changed.title = Some("Another title".into());
        let again = store
            .insert_document(&changed, &s, &[], None, "later")
            .unwrap();
        assert_eq!(again, Inserted::Duplicate(id));
        assert_eq!(store.counts().unwrap(), before);
        assert_eq!(
            store
                .document(id)
                .unwrap()
                .unwrap()
                .document
                .title
                .as_deref(),
            Some("Title same")
        );
    }
}

#[test]
fn failed_insert_leaves_nothing_behind() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        // Two sentences with the same index violate UNIQUE (document_id, idx) after the document,
        // the first sentence and its event have already been written inside the transaction.
        let e = event(EventType::Mobilize, &["RUS"], &["UKR"], None);
        let bad = [
            sentence(0, "First.", vec![e.clone()], vec![]),
            sentence(0, "Clash.", vec![e], vec![]),
        ];
        let err = store
            .insert_document(&doc("bad", Some("2025-01-01")), &bad, &[], None, NOW)
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Sqlite(_) | StoreError::Postgres(_)),
            "{err}"
        );
        assert_eq!(store.counts().unwrap(), StoreCounts::default());
        assert_eq!(store.has_hash("bad").unwrap(), None);
        assert!(store.events(&EventFilter::default()).unwrap().is_empty());

        // A duplicate_of naming no stored document fails on the foreign key.
        let err = store
            .insert_document(&doc("orphan", None), &[], &[], Some(42), NOW)
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Sqlite(_) | StoreError::Postgres(_)),
            "{err}"
        );
        assert_eq!(store.counts().unwrap(), StoreCounts::default());

        // The store is still usable, and the failed hash can be inserted once fixed.
        let good = [
            sentence(0, "First.", vec![], vec![]),
            sentence(1, "Second.", vec![], vec![]),
        ];
        insert(&mut store, &doc("bad", Some("2025-01-01")), &good);
        assert_eq!(store.counts().unwrap().sentences, 2);
    }
}

#[test]
fn observations_respect_as_of_and_carry_document_fields() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        let jan = insert(
            &mut store,
            &doc("jan", Some("2025-01-10")),
            &[
                sentence(
                    0,
                    "Troops moved.",
                    vec![event(EventType::Mobilize, &["RUS"], &[], None)],
                    vec![],
                ),
                sentence(1, "It rained.", vec![], vec![]),
                sentence(2, "Belarus said little.", vec![], vec![mention("BLR")]),
            ],
        );
        let feb_doc = doc("feb", Some("2025-02-01"));
        let feb = store
            .insert_document(
                &feb_doc,
                &[sentence(
                    0,
                    "Talks held.",
                    vec![event(EventType::Consult, &["BLR"], &["RUS"], None)],
                    vec![],
                )],
                &[Quote {
                    speaker: None,
                    text: "later".into(),
                    sentence_index: 0,
                }],
                Some(jan),
                NOW,
            )
            .unwrap()
            .id();
        insert(
            &mut store,
            &doc("undated", None),
            &[sentence(
                0,
                "Troops moved.",
                vec![event(EventType::Mobilize, &["RUS"], &[], None)],
                vec![],
            )],
        );

        let mid_jan = store.observations(Some(date("2025-01-15"))).unwrap();
        assert_eq!(mid_jan.len(), 2, "the rain sentence has no event or actor");
        assert!(
            mid_jan
                .iter()
                .all(|o| o.document_id == jan && o.published == date("2025-01-10"))
        );
        assert_eq!(mid_jan[0].text, "Troops moved.");
        assert_eq!(mid_jan[0].events.len(), 1);
        assert_eq!(mid_jan[1].events.len(), 0);
        assert_eq!(mid_jan[1].actors, vec![mention("BLR")]);
        assert_eq!(mid_jan[0].document_title.as_deref(), Some("Title jan"));
        assert_eq!(mid_jan[0].document_source.as_deref(), Some("wire report"));

        // The bound is inclusive.
        assert_eq!(
            store.observations(Some(date("2025-02-01"))).unwrap().len(),
            3
        );
        let all = store.observations(None).unwrap();
        assert_eq!(all.len(), 3, "undated documents give no evidence");
        assert_eq!(all[2].document_id, feb);
        assert_eq!(all[2].duplicate_of, Some(jan));
        assert!(
            store
                .observations(Some(date("2024-12-31")))
                .unwrap()
                .is_empty()
        );

        assert!(
            store
                .quotes_until(Some(date("2025-01-31")))
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store.quotes_until(Some(date("2025-02-01"))).unwrap().len(),
            1
        );
    }
}

#[test]
fn event_filters_and_cursor() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        let mut dated = event(EventType::Assault, &["RUS"], &["UKR"], Some("UKR"));
        dated.date = Some(date("2025-01-05"));
        insert(
            &mut store,
            &doc("one", Some("2025-01-10")),
            &[sentence(
                0,
                "Strikes and drills.",
                vec![
                    event(EventType::Mobilize, &["RUS", "BLR"], &[], Some("BLR")),
                    dated,
                    event(EventType::Consult, &["POL"], &["BLR"], None),
                ],
                vec![],
            )],
        );
        insert(
            &mut store,
            &doc("two", Some("2025-02-10")),
            &[sentence(
                0,
                "More drills.",
                vec![event(EventType::Mobilize, &["BLR"], &[], Some("BLR"))],
                vec![],
            )],
        );
        let types = |f: &EventFilter| -> Vec<EventType> {
            store
                .events(f)
                .unwrap()
                .into_iter()
                .map(|e| e.event.event_type)
                .collect()
        };

        assert_eq!(types(&EventFilter::default()).len(), 4);
        // BLR as second source actor, as target, and as sole source.
        assert_eq!(
            types(&EventFilter {
                actor_country: Some("BLR".into()),
                ..Default::default()
            }),
            vec![EventType::Mobilize, EventType::Consult, EventType::Mobilize]
        );
        assert_eq!(
            types(&EventFilter {
                event_type: Some(EventType::Mobilize),
                ..Default::default()
            })
            .len(),
            2
        );
        assert_eq!(
            types(&EventFilter {
                location_country: Some("UKR".into()),
                ..Default::default()
            }),
            vec![EventType::Assault]
        );
        // The Assault's own date (Jan 5) counts, not its document's (Jan 10).
        assert_eq!(
            types(&EventFilter {
                to: Some(date("2025-01-06")),
                ..Default::default()
            }),
            vec![EventType::Assault]
        );
        assert_eq!(
            types(&EventFilter {
                from: Some(date("2025-02-01")),
                to: Some(date("2025-02-28")),
                ..Default::default()
            }),
            vec![EventType::Mobilize]
        );
        let combined = store
            .events(&EventFilter {
                actor_country: Some("BLR".into()),
                event_type: Some(EventType::Mobilize),
                from: Some(date("2025-02-01")),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(combined.len(), 1);
        assert_eq!(combined[0].sentence, "More drills.");
        assert_eq!(combined[0].published, Some(date("2025-02-10")));
        assert_eq!(combined[0].document_title.as_deref(), Some("Title two"));
        assert_eq!(combined[0].ordinal, 0);

        // Page through two at a time.
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .events(&EventFilter {
                    limit: Some(2),
                    after_id: after,
                    ..Default::default()
                })
                .unwrap();
            if page.is_empty() {
                break;
            }
            assert!(page.len() <= 2);
            after = page.last().map(|e| e.id);
            seen.extend(page.into_iter().map(|e| (e.id, e.ordinal)));
        }
        assert_eq!(seen.len(), 4);
        assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(
            seen.iter().map(|s| s.1).collect::<Vec<_>>(),
            vec![0, 1, 2, 0]
        );
    }
}

#[test]
fn documents_paginate_and_feed_dedup() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        let ids: Vec<i64> = (0..5)
            .map(|i| insert(&mut store, &doc(&format!("d{i}"), None), &[]))
            .collect();
        let first = store.documents(2, None).unwrap();
        assert_eq!(first.iter().map(|d| d.id).collect::<Vec<_>>(), ids[..2]);
        let second = store.documents(2, Some(first[1].id)).unwrap();
        assert_eq!(second.iter().map(|d| d.id).collect::<Vec<_>>(), ids[2..4]);
        let last = store.documents(2, Some(second[1].id)).unwrap();
        assert_eq!(last.iter().map(|d| d.id).collect::<Vec<_>>(), ids[4..]);
        assert!(store.documents(2, Some(ids[4])).unwrap().is_empty());

        let texts = store.document_texts_for_dedup(0).unwrap();
        assert_eq!(texts.len(), 5);
        assert_eq!(texts[0], (ids[0], "Body of d0.".to_string()));
        let newer = store.document_texts_for_dedup(ids[2]).unwrap();
        assert_eq!(
            newer.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            ids[3..]
        );
    }
}

fn question(id: &str, prior: f64) -> Question {
    Question {
        id: id.into(),
        question: "Will troops cross?".into(),
        opens: date("2025-01-01"),
        deadline: date("2025-06-30"),
        prior,
        tags: vec!["belarus".into()],
        resolution: None,
        indicators: vec![Indicator {
            id: "mobilisation".into(),
            label: "Troops mobilise".into(),
            direction: Direction::For,
            weight: 0.7,
            half_life_days: 30.0,
            matcher: IndicatorMatch {
                event_types: vec![EventType::Mobilize],
                ..Default::default()
            },
            role: Default::default(),
        }],
    }
}

fn forecast(question_id: &str, as_of: &str, probability: f64) -> Forecast {
    let log_odds = (probability / (1.0 - probability)).ln();
    Forecast {
        question_id: question_id.into(),
        as_of: date(as_of),
        probability,
        log_odds,
        base_log_odds: log_odds - 0.5,
        contributions: vec![Contribution {
            indicator_id: "mobilisation".into(),
            indicator_label: "Troops mobilise".into(),
            direction: Direction::For,
            log_odds: 0.5,
            date: date("2025-01-05"),
            published: date("2025-01-06"),
            sentence: "Troops moved.".into(),
            sentence_id: 1,
            document_id: 1,
            document_title: None,
            document_source: None,
            actors: vec![actor("RUS")],
            decay: 0.9,
            novelty: 1.0,
            rank: 1,
            duplicates: 0,
        }],
        reported: None,
    }
}

#[test]
fn questions_upsert_and_keep_their_toml() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        store
            .put_question(&question("q1", 0.1), "id = \"q1\"", NOW)
            .unwrap();
        store
            .put_question(&question("q0", 0.2), "id = \"q0\"", NOW)
            .unwrap();
        store
            .put_question(&question("q1", 0.3), "id = \"q1\" # v2", "later")
            .unwrap();
        let (q, toml) = store.question("q1").unwrap().unwrap();
        assert_eq!(q, question("q1", 0.3));
        assert_eq!(toml, "id = \"q1\" # v2");
        assert_eq!(store.question("missing").unwrap(), None);
        let ids: Vec<String> = store
            .questions()
            .unwrap()
            .into_iter()
            .map(|q| q.id)
            .collect();
        assert_eq!(ids, ["q0", "q1"]);
    }
}

#[test]
fn forecasts_upsert_by_question_and_date() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        store
            .save_forecast(&forecast("q1", "2025-02-01", 0.4))
            .unwrap();
        store
            .save_forecast(&forecast("q1", "2025-01-01", 0.2))
            .unwrap();
        store
            .save_forecast(&forecast("q2", "2025-01-01", 0.9))
            .unwrap();
        store
            .save_forecast(&forecast("q1", "2025-02-01", 0.6))
            .unwrap();
        let path = store.forecasts("q1").unwrap();
        assert_eq!(
            path,
            vec![
                forecast("q1", "2025-01-01", 0.2),
                forecast("q1", "2025-02-01", 0.6)
            ]
        );
        assert_eq!(store.counts().unwrap().forecasts, 3);
        assert!(store.forecasts("none").unwrap().is_empty());
    }
}

#[test]
fn store_persists_and_searches() {
    for db in forewarn_testdb::backends() {
        let id = {
            let mut store = db.open();
            insert(
                &mut store,
                &doc("f", Some("2025-01-01")),
                &[
                    sentence(0, "Columns crossed near Brest.", vec![], vec![]),
                    sentence(1, "The U.S.-led talks stalled.", vec![], vec![]),
                ],
            )
        };
        let store = db.open();
        assert_eq!(store.has_hash("f").unwrap(), Some(id));
        let hits = store.search_sentences("brest columns", 10).unwrap();
        assert_eq!(hits.len(), 1, "{}", db.backend);
        assert_eq!(hits[0].text, "Columns crossed near Brest.");
        assert_eq!(hits[0].published, Some(date("2025-01-01")));
        // Punctuation and FTS operators in user text are taken literally, not as syntax.
        assert_eq!(store.search_sentences("U.S.-led NOT", 10).unwrap().len(), 0);
        assert_eq!(store.search_sentences("U.S.-led", 10).unwrap().len(), 1);
        assert!(store.search_sentences("   ", 10).unwrap().is_empty());
    }
}

#[test]
fn candidates_are_found_by_index_and_read_after_an_id() {
    use forewarn_model::{CandidateClause, CandidateQuery};
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        let clash = |c: &str| vec![event(EventType::Assault, &[c], &["UKR"], None)];
        insert(
            &mut store,
            &doc("a", Some("2025-01-10")),
            &[
                sentence(0, "Russian troops shelled the town.", clash("RUS"), vec![]),
                sentence(
                    1,
                    "A military build-up near Kursk.",
                    vec![],
                    vec![mention("RUS")],
                ),
                sentence(2, "Belarusian troops fought.", clash("BLR"), vec![]),
            ],
        );
        let first = store.last_sentence_id().unwrap();
        insert(
            &mut store,
            &doc("b", Some("2025-01-11")),
            &[sentence(
                0,
                "Another build up of troops.",
                vec![],
                vec![mention("RUS")],
            )],
        );
        let texts = |q: &CandidateQuery, after: i64| -> Vec<String> {
            let found = store.observations_matching(None, q, after).unwrap();
            found.into_iter().map(|o| o.text).collect()
        };
        let fights_by_russia = CandidateClause {
            event_types: vec![EventType::Assault],
            event_countries: vec!["RUS".into()],
            phrase_groups: vec![],
        };
        let build_up = CandidateClause {
            phrase_groups: vec![vec![vec!["build".into(), "up".into()]]],
            ..Default::default()
        };
        let q = CandidateQuery::AnyOf(vec![fights_by_russia.clone()]);
        assert_eq!(texts(&q, 0), ["Russian troops shelled the town."]);
        // "build-up" and "build up" are the same words to the index.
        let q = CandidateQuery::AnyOf(vec![fights_by_russia, build_up]);
        assert_eq!(
            texts(&q, 0),
            [
                "Russian troops shelled the town.",
                "A military build-up near Kursk.",
                "Another build up of troops."
            ]
        );
        assert_eq!(texts(&q, first), ["Another build up of troops."]);
        assert!(texts(&CandidateQuery::AnyOf(vec![]), 0).is_empty());
        assert_eq!(texts(&CandidateQuery::Everything, 0).len(), 4);
        assert_eq!(
            store.newest_observation_date().unwrap(),
            Some(date("2025-01-11"))
        );
    }
}

#[test]
fn recorded_matches_are_kept_per_key_and_forgotten_on_deletion() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        let troops = |i| {
            sentence(
                i,
                "Troops moved.",
                vec![event(EventType::Mobilize, &["RUS"], &[], None)],
                vec![],
            )
        };
        insert(
            &mut store,
            &doc("a", Some("2025-01-10")),
            &[troops(0), troops(1)],
        );
        let ids: Vec<i64> = store
            .observations(None)
            .unwrap()
            .iter()
            .map(|o| o.sentence_id)
            .collect();
        assert_eq!(store.question_scan("q").unwrap(), None);

        store
            .record_question_scan("q", "k1", ids[1], &ids[..1])
            .unwrap();
        let scan = store.question_scan("q").unwrap().unwrap();
        assert_eq!((scan.matcher.as_str(), scan.through), ("k1", ids[1]));
        let read = |store: &Store, through| -> Vec<i64> {
            let found = store.matched_observations("q", through, None).unwrap();
            found.iter().map(|o| o.sentence_id).collect()
        };
        assert_eq!(read(&store, ids[1]), [ids[0]]);
        // The same key adds to the rows, and never moves `through` back.
        store
            .record_question_scan("q", "k1", ids[0], &ids[1..])
            .unwrap();
        assert_eq!(read(&store, ids[1]), ids);
        assert_eq!(store.question_scan("q").unwrap().unwrap().through, ids[1]);
        // Reads stop at `through`.
        assert_eq!(read(&store, ids[0]), [ids[0]]);
        // Another key replaces them.
        store
            .record_question_scan("q", "k2", ids[1], &ids[1..])
            .unwrap();
        assert_eq!(read(&store, ids[1]), [ids[1]]);

        // Deleting a sentence could let its id be handed out again: every scan is forgotten.
        drop(store);
        db.execute_raw("DELETE FROM documents");
        let store = db.open();
        assert_eq!(store.question_scan("q").unwrap(), None);
        assert!(read(&store, ids[1]).is_empty());
    }
}

/// A reader that scans as `update_matches` does (the newest sentence id, then every sentence
/// after the last one it read up to) while two writers insert documents at once misses no
/// sentence and never sees a sentence without its events. On PostgreSQL, ids are handed out
/// when a row is inserted but become visible when its transaction commits, so without
/// ordering the writers' commits a scan could read past an id that commits later.
#[test]
fn a_scan_during_concurrent_writes_misses_nothing() {
    use forewarn_model::CandidateQuery;
    use std::collections::BTreeSet;
    use std::sync::atomic::{AtomicBool, Ordering};

    const PER_WRITER: usize = 150;
    for db in forewarn_testdb::backends() {
        let done = AtomicBool::new(false);
        let seen = std::thread::scope(|scope| {
            let writers: Vec<_> = (0..2)
                .map(|w| {
                    let mut store = db.open();
                    scope.spawn(move || {
                        for i in 0..PER_WRITER {
                            let d = doc(&format!("w{w}-{i}"), Some("2025-01-01"));
                            let s = [sentence(
                                0,
                                "Troops moved.",
                                vec![event(EventType::Mobilize, &["RUS"], &[], None)],
                                vec![mention("RUS")],
                            )];
                            insert(&mut store, &d, &s);
                        }
                    })
                })
                .collect();
            let reader = db.open();
            let done = &done;
            let scan = scope.spawn(move || {
                let mut seen = BTreeSet::new();
                let mut after = 0;
                loop {
                    // Read before the writers are known to be done, so the last round sees all.
                    let finished = done.load(Ordering::SeqCst);
                    let through = reader.last_sentence_id().unwrap();
                    for o in reader
                        .observations_matching(None, &CandidateQuery::Everything, after)
                        .unwrap()
                    {
                        assert_eq!(
                            o.events.len(),
                            1,
                            "sentence {} without its event",
                            o.sentence_id
                        );
                        seen.insert(o.sentence_id);
                    }
                    after = through;
                    if finished {
                        return seen;
                    }
                }
            });
            for w in writers {
                w.join().unwrap();
            }
            done.store(true, Ordering::SeqCst);
            scan.join().unwrap()
        });
        let stored = db.query_i64("SELECT count(*) FROM sentences");
        assert_eq!(stored, (2 * PER_WRITER) as i64, "{}", db.backend);
        assert_eq!(
            seen.len() as i64,
            stored,
            "{}: the scan missed sentences",
            db.backend
        );
    }
}
