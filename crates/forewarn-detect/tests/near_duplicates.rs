//! Data-driven checks of near-duplicate detection on small article fixtures.

use forewarn_detect::{NearDuplicateIndex, jaccard, shingles};

const ORIGINAL: &str = include_str!("fixtures/original.txt");
/// Same body, new headline and byline, trailing boilerplate.
const SYNDICATED: &str = include_str!("fixtures/syndicated.txt");
/// A different story on the same topic and with many of the same words.
const SAME_TOPIC: &str = include_str!("fixtures/same_topic.txt");

#[test]
fn exact_copy_is_a_duplicate() {
    assert_eq!(jaccard(&shingles(ORIGINAL), &shingles(ORIGINAL)), 1.0);
    let mut index = NearDuplicateIndex::new(0.8);
    assert_eq!(index.insert(10, ORIGINAL), None);
    assert_eq!(index.insert(11, ORIGINAL), Some(10));
}

#[test]
fn syndicated_copy_with_new_headline_and_boilerplate_is_a_duplicate() {
    let j = jaccard(&shingles(ORIGINAL), &shingles(SYNDICATED));
    assert!(j >= 0.8, "jaccard {j}");
    let mut index = NearDuplicateIndex::new(0.8);
    assert_eq!(index.insert(1, ORIGINAL), None);
    assert_eq!(index.insert(2, SYNDICATED), Some(1));
}

#[test]
fn different_story_on_same_topic_is_not_a_duplicate() {
    let j = jaccard(&shingles(ORIGINAL), &shingles(SAME_TOPIC));
    assert!(j < 0.1, "jaccard {j}");
    let mut index = NearDuplicateIndex::new(0.8);
    index.insert(1, ORIGINAL);
    assert_eq!(index.insert(2, SAME_TOPIC), None);
    // Indexed even though it matched nothing: a later copy of it is found.
    assert_eq!(index.insert(3, SAME_TOPIC), Some(2));
    assert_eq!(index.len(), 3);
}

#[test]
fn empty_and_short_texts() {
    assert!(shingles("").is_empty());
    assert!(shingles(" ,.- ").is_empty());
    assert_eq!(shingles("Minsk").len(), 1);
    assert_eq!(shingles("Minsk, Kyiv").len(), 1);
    let mut index = NearDuplicateIndex::new(0.8);
    assert_eq!(index.insert(1, ""), None);
    assert_eq!(
        index.insert(2, ""),
        None,
        "empty texts carry no evidence of copying"
    );
    assert_eq!(index.insert(3, "Minsk"), None);
    assert_eq!(index.insert(4, "MINSK!"), Some(3));
    assert_eq!(index.insert(5, "Kyiv"), None);
}

#[test]
fn earliest_of_several_duplicates_is_reported() {
    let mut index = NearDuplicateIndex::new(0.8);
    index.insert(7, ORIGINAL);
    index.insert(8, SYNDICATED);
    assert_eq!(index.insert_all(9, ORIGINAL), vec![7, 8]);
    assert_eq!(index.insert(10, ORIGINAL), Some(7));
}

#[test]
fn many_unrelated_documents_stay_apart() {
    // Cheap check that banding does not turn into all-pairs candidates or false positives.
    let mut index = NearDuplicateIndex::new(0.8);
    for i in 0..500i64 {
        let text = format!(
            "report {i} about item {} in region {} on day {}",
            i * 7,
            i % 13,
            i % 31
        );
        assert_eq!(index.insert(i, &text), None, "doc {i}");
    }
}
