#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

//! Loads a PETRARCH actor dictionary into the built-in gazetteer and reports what it added.
//!
//! `cargo run --release -p forewarn-gazetteer --example load_petrarch -- FILE`

fn main() {
    let path = std::env::args().nth(1).expect("usage: load_petrarch FILE");
    let src = std::fs::read_to_string(&path).expect("read dictionary");
    let started = std::time::Instant::now();
    let mut g = forewarn_gazetteer::Gazetteer::builtin();
    match g.extend_from_petrarch(&src, &path) {
        Ok(s) => println!("{s:?} in {:.2}s", started.elapsed().as_secs_f64()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
