//! `forewarn serve`, `forewarn token create`, `forewarn alert add|list`, `forewarn demo --serve`,
//! and the alert evaluation that runs after every CLI ingest, import and fetch.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use forewarn_events::surge::SurgeParams;
use forewarn_server::alerts::{AlertRule, Rule, SurgeRule};
use forewarn_server::{AppState, alerts};
use forewarn_store::Store;

use crate::cli::{AlertCommand, DemoArgs, ServeArgs, TokenCommand};

pub fn serve(db: &Path, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    // Reads get their own connection, and rebuilding the question views another, so neither a
    // large ingest through the API nor the rebuilds it causes stall them.
    let state = AppState::new(store)
        .with_reader(super::open_store(db)?)
        .with_view_builder(super::open_store(db)?)
        .with_outbound(forewarn_fetch::AddressPolicy::from_flag(
            args.allow_private_hosts,
        ));
    run_server(state, args.addr, db)
}

fn run_server(state: AppState, addr: SocketAddr, db: &Path) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let bound = listener.local_addr()?;
        // Scripts (the browser test) read this line to learn the port when --addr ends in :0.
        println!("forewarn serving {} on {}", super::shown(db), forewarn_server::url_of(bound));
        eprintln!("read-only without a token; make one with `forewarn --db {} token create`. Ctrl-C stops.", super::shown(db));
        forewarn_server::serve_on(listener, state).await
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn token(db: &Path, command: &TokenCommand) -> anyhow::Result<ExitCode> {
    match command {
        TokenCommand::Create { name } => {
            let mut store = super::open_store(db)?;
            let token = forewarn_server::auth::create_token(&mut store, name, &super::now())?;
            eprintln!("token `{name}` created; it is shown once and stored only as a hash:");
            println!("{token}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn alert(db: &Path, command: &AlertCommand) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(db)?;
    match command {
        AlertCommand::Add {
            question,
            crosses,
            moves,
            days,
            indicator,
            surge_type,
            surge_actor,
            surge_target,
            surge_location,
            surge_dataset,
            surge_measure,
            min_z,
            webhook,
            secret,
        } => {
            let surge = [
                surge_type,
                surge_actor,
                surge_target,
                surge_location,
                surge_dataset,
            ]
            .iter()
            .any(|v| v.is_some())
                || surge_measure.is_some()
                || min_z.is_some();
            let rule = match (question, crosses, moves, indicator) {
                (None, None, None, None) if surge => Rule::Surge(SurgeRule {
                    event_type: surge_type.clone(),
                    actor: surge_actor.clone(),
                    target: surge_target.clone(),
                    location: surge_location.clone(),
                    dataset: surge_dataset.clone(),
                    min_z: min_z.unwrap_or(SurgeParams::default().min_z),
                    measure: surge_measure.unwrap_or_default(),
                }),
                (None, ..) => anyhow::bail!(
                    "give --question (with --crosses, --moves or --indicator), or --surge-type/--surge-location/… for a surge rule"
                ),
                (Some(_), Some(threshold), None, None) => Rule::Crosses {
                    threshold: *threshold,
                },
                (Some(_), None, Some(points), None) => Rule::Moves {
                    points: *points,
                    days: *days,
                },
                (Some(_), None, None, Some(indicator)) => Rule::Indicator {
                    indicator: indicator.clone(),
                },
                _ => anyhow::bail!("give exactly one of --crosses, --moves or --indicator"),
            };
            if let Some(question) = question {
                super::load_question(&store, question)?;
            }
            let rule = AlertRule {
                id: 0,
                question: question.clone(),
                rule,
                webhook_url: webhook.clone(),
                webhook_secret: secret.clone(),
            };
            let id = alerts::add_rule(&mut store, &rule, &super::now())?;
            println!("alert rule {id} added");
            after_ingest(&mut store)?;
        }
        AlertCommand::List { json } => {
            let rules = alerts::rules(&store)?;
            let fired = store.alerts(20, None)?;
            if *json {
                super::print_json(&serde_json::json!({
                    "rules": rules,
                    "recent": fired.iter().map(|a| serde_json::json!({
                        "id": a.id, "rule_id": a.rule_id, "fired_at": a.fired_at, "message": a.message,
                        "delivery": a.delivery.as_str(), "acknowledged_at": a.acknowledged_at,
                    })).collect::<Vec<_>>(),
                }))?;
            } else {
                for r in &rules {
                    // A surge rule watches event counts: say which, where the question goes.
                    let watched = match (&r.question, &r.rule) {
                        (Some(q), _) => q.clone(),
                        (None, Rule::Surge(watch)) => watch.describe(),
                        (None, _) => "-".into(),
                    };
                    println!(
                        "{:>4}  {}  {}",
                        r.id,
                        watched,
                        serde_json::to_string(&r.rule)?
                    );
                }
                if !fired.is_empty() {
                    println!("\nRecent alerts:");
                    for a in &fired {
                        println!("{}  {}  [{}]", a.fired_at, a.message, a.delivery.as_str());
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Evaluates the alert rules after an ingest. Fired alerts are logged and stored; a running
/// `forewarn serve` delivers their webhooks, so the ingest never waits on the network.
pub(crate) fn after_ingest(store: &mut Store) -> anyhow::Result<()> {
    let fired = alerts::evaluate(store, &super::now(), chrono::Utc::now().date_naive())?;
    if fired > 0 {
        eprintln!(
            "{fired} alert{} fired; see `forewarn alert list` or the dashboard",
            if fired == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// `forewarn demo [--serve]`: the demo, then the dashboard on its database.
pub fn demo(args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let code = super::demo::run(args)?;
    if !args.serve {
        return Ok(code);
    }
    let db = args.out.join("forewarn-demo.db");
    let mut store = super::open_store(&db)?;
    // Example rules, so the alert list has something to show: each question's strongest
    // "for" indicator, and its probability crossing the prior.
    if store.alert_rules()?.is_empty() {
        for question in store.questions()? {
            let strongest = question
                .indicators
                .iter()
                .filter(|i| i.direction == forewarn_model::Direction::For)
                .max_by(|a, b| a.weight.total_cmp(&b.weight));
            let mut rules = vec![Rule::Crosses {
                threshold: question.prior,
            }];
            if let Some(i) = strongest {
                rules.push(Rule::Indicator {
                    indicator: i.id.clone(),
                });
            }
            for rule in rules {
                let rule = AlertRule {
                    id: 0,
                    question: Some(question.id.clone()),
                    rule,
                    webhook_url: None,
                    webhook_secret: None,
                };
                alerts::add_rule(&mut store, &rule, &super::now())?;
            }
        }
        after_ingest(&mut store)?;
    }
    let state = AppState::new(store)
        .with_reader(super::open_store(&db)?)
        .with_view_builder(super::open_store(&db)?);
    run_server(state, args.addr, &db)
}
