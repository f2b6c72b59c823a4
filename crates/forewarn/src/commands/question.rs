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
    forewarn_report::update_matches(&mut store, &question)?;
    println!(
        "added question `{}` with {} indicators: {}",
        question.id,
        question.indicators.len(),
        question.question
    );
    Ok(ExitCode::SUCCESS)
}

pub fn ask(db: &Path, args: &crate::cli::AskArgs) -> anyhow::Result<ExitCode> {
    let opens = args.opens.unwrap_or_else(super::today);
    let id = args.id.clone().unwrap_or_else(|| slug(&args.text));
    let mut src = format!(
        "id = {}\nquestion = {}\nopens = {opens}\n",
        toml_string(&id),
        toml_string(args.text.trim())
    );
    if let Some(d) = args.deadline {
        src.push_str(&format!("deadline = {d}\n"));
    }
    let file = forewarn_forecast::parse_question_file(&src, "question ask")?;
    if args.dry_run {
        print!("{}", forewarn_forecast::question_file_toml(&file));
        return Ok(ExitCode::SUCCESS);
    }
    let mut store = super::open_store(db)?;
    store.put_question(&file.question, &src, &super::now())?;
    forewarn_report::update_matches(&mut store, &file.question)?;
    println!("added question `{}`", file.question.id);
    print!("{}", forewarn_forecast::question_file_toml(&file));
    Ok(ExitCode::SUCCESS)
}

pub fn show(db: &Path, id: &str, toml: bool) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let Some((_, src)) = store.question(id)? else {
        anyhow::bail!("no question `{id}` in the store (see `forewarn question list`)");
    };
    let file = forewarn_forecast::parse_question_file(&src, id)?;
    if toml {
        print!("{}", forewarn_forecast::question_file_toml(&file));
        return Ok(ExitCode::SUCCESS);
    }
    let q = &file.question;
    println!("{}: {}", q.id, q.question);
    println!(
        "window {} → {}, prior {:.1}%{}",
        q.opens,
        q.deadline,
        q.prior * 100.0,
        if file.prior_given {
            ""
        } else {
            " (from its kind)"
        }
    );
    if let Some(spec) = &file.template {
        println!(
            "kind {}; acting side {}{}{}",
            spec.kind,
            if spec.actor.is_empty() {
                "anyone"
            } else {
                &spec.actor
            },
            spec.opponent
                .as_ref()
                .map(|o| format!("; acted on {o}"))
                .unwrap_or_default(),
            if spec.location.is_empty() {
                String::new()
            } else {
                format!("; place {}", spec.location.join(", "))
            }
        );
    }
    if let Some(u) = &file.understanding {
        for note in &u.notes {
            println!("  read: {note}");
        }
    }
    for ind in &q.indicators {
        println!(
            "  {:<8} {:<7} w={:<4} {:<40} {}",
            ind.role.as_str(),
            ind.direction.as_str(),
            ind.weight,
            ind.id,
            ind.label
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// An id from the question's words: "Will Azerbaijan launch …" → "azerbaijan-launch-…".
fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "will" | "the" | "a" | "an" | "of" | "to" | "by"))
        .take(8)
        .collect();
    if words.is_empty() {
        "question".into()
    } else {
        words.join("-")
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
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
