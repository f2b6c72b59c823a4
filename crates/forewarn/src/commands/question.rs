use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

pub fn add(db: &Path, file: &Path) -> anyhow::Result<ExitCode> {
    let src =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let question = forewarn_forecast::parse_question(&src, &file.display().to_string())?;
    let mut store = super::open_store(db)?;
    let now = super::now();
    store.put_question(&question, &src, &now)?;
    println!(
        "added question `{}` with {} indicators: {}",
        question.id,
        question.indicators.len(),
        question.question
    );
    Ok(ExitCode::SUCCESS)
}

pub fn list(db: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let questions = store.questions()?;
    if json {
        super::print_json(&questions)?;
    } else if questions.is_empty() {
        println!("no questions; add one with `forewarn question add FILE.toml`");
    } else {
        for q in questions {
            println!(
                "{:<28} {} → {}  prior {:.0}%  {}",
                q.id,
                q.opens,
                q.deadline,
                q.prior * 100.0,
                q.question
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
