//! A long-lived pipeline sees documents that another connection stored after it was built.

use forewarn_pipeline::Pipeline;
use forewarn_store::Store;

const STORY: &str = "Belarusian troops moved to the southern border on Wednesday, the defence \
ministry in Minsk said, describing the deployment as part of a snap inspection of combat \
readiness ordered by Alexander Lukashenko. Ukrainian officials said they were watching the \
movements closely but saw no sign that forces were massing for an attack from the north, and \
analysts in Kyiv said the drills looked meant to tie down Ukrainian units near the border.";

fn read(name: &str, text: &str) -> Vec<forewarn_model::Document> {
    let bytes = format!("---\npublished: 2022-12-14\n---\n{text}\n");
    forewarn_ingest::read_bytes(name, bytes.as_bytes(), &Default::default()).documents
}

#[test]
fn a_pipeline_indexes_what_other_connections_stored_since_it_was_built() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut server_store = Store::open(&path).unwrap();
    let mut server_pipeline = Pipeline::new(&server_store).unwrap();

    // Another process (say `forewarn ingest`) stores the story after the server started.
    let mut cli_store = Store::open(&path).unwrap();
    let mut cli_pipeline = Pipeline::new(&cli_store).unwrap();
    let first = cli_pipeline
        .add_documents(
            &mut cli_store,
            read("wire.txt", STORY),
            "2022-12-14T10:00:00Z",
        )
        .unwrap();
    assert_eq!((first.added, first.near_duplicates), (1, 0));

    // A lightly edited copy reaches the server: it is a new document but a near-duplicate.
    let copy = STORY.replace("on Wednesday", "on Wednesday morning");
    let second = server_pipeline
        .add_documents(
            &mut server_store,
            read("copy.txt", &copy),
            "2022-12-14T11:00:00Z",
        )
        .unwrap();
    assert_eq!((second.added, second.near_duplicates), (1, 1));
    // Nothing new since: catching up again indexes nothing.
    assert_eq!(server_pipeline.catch_up(&server_store).unwrap(), 0);
}
