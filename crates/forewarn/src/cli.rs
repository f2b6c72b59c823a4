//! Command-line arguments.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use forewarn_model::Measure;

#[derive(Debug, Parser)]
#[command(
    name = "forewarn",
    version,
    about = "Early warning from the news: ingest, code events, forecast, brief."
)]
pub struct Cli {
    /// The SQLite store.
    #[arg(
        long,
        global = true,
        env = "FOREWARN_DB",
        default_value = "forewarn.db"
    )]
    pub db: PathBuf,
    /// More log output (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest files or folders of news (.txt .md .html .htm .jsonl .csv, optionally .gz).
    Ingest(IngestArgs),
    /// Print the main text and metadata of files, one JSON line each.
    Extract(ExtractArgs),
    /// Code sentences into PLOVER events: reads JSON lines {"id","text","date"?}.
    Code(CodeArgs),
    /// Manage forecasting questions.
    #[command(subcommand)]
    Question(QuestionCommand),
    /// The probability for one or all questions, with its 7- and 30-day change.
    Forecast(ForecastArgs),
    /// The evidence for and against, ranked by contribution.
    Explain(ExplainArgs),
    /// The probability by day or week, with a sparkline.
    Timeline(TimelineArgs),
    /// Write a briefing in Markdown or HTML.
    Brief(BriefArgs),
    /// List coded events in the store.
    Events(EventsArgs),
    /// Run the whole path offline on the bundled sample corpus.
    Demo(DemoArgs),
    /// Serve the JSON API and the dashboard over the store (read-only without a token).
    Serve(ServeArgs),
    /// Bearer tokens for the server's write endpoints.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Alert rules, evaluated after every ingest.
    #[command(subcommand)]
    Alert(AlertCommand),
    /// Score the coder or the extractor against evaluation data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Replay resolved questions as of each day or week and score them (Brier, log loss).
    Backtest(BacktestArgs),
    /// Fit indicator weights and template priors on resolved questions, with cross-validation.
    Fit(FitArgs),
    /// Import an event dataset (GDELT, ACLED, any CSV list through a mapping file).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the store out for other tools (Hive-partitioned Parquet).
    #[command(subcommand)]
    Export(ExportCommand),
    /// Surges in daily event counts against a rolling baseline.
    Surge(SurgeArgs),
    /// Region-by-period early warning: the probability that events exceed a threshold next period.
    Warn(WarnArgs),
    /// Questions written from the event history.
    #[command(subcommand)]
    Questions(QuestionsCommand),
    /// Subscribe to RSS and Atom feeds, list them.
    #[command(subcommand)]
    Feed(FeedCommand),
    /// Fetch every feed and ingest the new article pages (conditional GET, robots.txt, polite).
    Fetch(FetchArgs),
    /// Fetch and re-forecast every question in a loop, printing what moved.
    Watch(WatchArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// CSV column mapping, e.g. text=Text,title=Heading,published=Date,url=Url.
    #[arg(long, conflicts_with = "map_file")]
    pub map: Option<String>,
    /// CSV column mapping as a TOML file (text = "Text" …).
    #[arg(long)]
    pub map_file: Option<PathBuf>,
    /// Publication date for documents that carry none.
    #[arg(long, value_parser = parse_date_arg)]
    pub published: Option<NaiveDate>,
    /// Source label for documents that carry none.
    #[arg(long)]
    pub source: Option<String>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// One JSON object per input line (the only output format).
    #[arg(long, default_value_t = true)]
    pub jsonl: bool,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// A JSON-lines file, or - for standard input.
    pub input: PathBuf,
    /// JSON lines out (the only output format).
    #[arg(long, default_value_t = true)]
    pub jsonl: bool,
    /// Reference date for lines without a "date".
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// Extra actors: a gazetteer extension TOML file or a PETRARCH/TABARI actor dictionary
    /// (`.actors.txt`, e.g. Phoenix.Countries.actors.txt), detected by extension or content.
    #[arg(long)]
    pub actors: Option<PathBuf>,
    /// Code with the rules alone (without the learned layer).
    #[arg(long)]
    pub rules_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum QuestionCommand {
    /// Add or replace a question from a TOML file.
    Add { file: PathBuf },
    /// Ask a question in plain words: it is read (kind, sides, place, deadline), stored, and
    /// shown as the question file it became.
    Ask(AskArgs),
    /// Show what a stored question was understood as and every derived indicator.
    Show {
        id: String,
        /// Print it as an editable question file (parsing it gives the same question).
        #[arg(long)]
        toml: bool,
    },
    /// List the questions in the store.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question, e.g. "Will Azerbaijan launch a military offensive against Armenia
    /// before 2022-10-01?"
    pub text: String,
    /// When the question opens (default: today).
    #[arg(long)]
    pub opens: Option<chrono::NaiveDate>,
    /// The deadline, when the text gives none.
    #[arg(long)]
    pub deadline: Option<chrono::NaiveDate>,
    /// The question's id (default: made from its words).
    #[arg(long)]
    pub id: Option<String>,
    /// Print what was understood without storing the question.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Question id; all questions when omitted.
    pub id: Option<String>,
    #[command(flatten)]
    pub as_of: AsOf,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    pub id: String,
    #[command(flatten)]
    pub as_of: AsOf,
    /// Items per side.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    pub id: String,
    #[command(flatten)]
    pub as_of: AsOf,
    #[arg(long, value_enum, default_value_t = Step::Week)]
    pub step: Step,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    pub id: String,
    #[command(flatten)]
    pub as_of: AsOf,
    #[arg(long, value_enum, default_value_t = BriefFormat::Md)]
    pub format: BriefFormat,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Country code of a source or target actor, e.g. BLR.
    #[arg(long)]
    pub actor: Option<String>,
    /// PLOVER type, e.g. MOBILIZE.
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// Country code of the event's location.
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long, value_parser = parse_date_arg)]
    pub since: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date_arg)]
    pub until: Option<NaiveDate>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder with `corpus/` and `questions/`; defaults to the repository's `demo/`.
    #[arg(long)]
    pub demo_dir: Option<PathBuf>,
    /// Where to write the demo database and briefing.
    #[arg(long, default_value = "demo-out")]
    pub out: PathBuf,
    /// Print the result as JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Then open the dashboard on the demo database (see `forewarn serve`).
    #[arg(long)]
    pub serve: bool,
    /// Where `--serve` listens.
    #[arg(long, default_value = "127.0.0.1:8080", requires = "serve")]
    pub addr: std::net::SocketAddr,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free one (printed on start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Let webhooks reach loopback, private and link-local addresses (refused by default).
    #[arg(long, env = "FOREWARN_ALLOW_PRIVATE_HOSTS")]
    pub allow_private_hosts: bool,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token for the write endpoints; it is printed once and stored hashed.
    Create {
        /// A name to tell tokens apart.
        #[arg(long, default_value = "default")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
#[expect(
    clippy::large_enum_variant,
    reason = "parsed once per run; boxing would only complicate the match"
)]
pub enum AlertCommand {
    /// Add a rule: --question with exactly one of --crosses, --moves (with --days) or
    /// --indicator; or, with no question, a surge rule (--surge-* and/or --min-z).
    Add {
        /// The question watched (not for surge rules).
        #[arg(long)]
        question: Option<String>,
        /// Fire when the probability crosses this line (0–1).
        #[arg(long)]
        crosses: Option<f64>,
        /// Fire when the probability moves more than this (0.05 = 5 points) over --days.
        #[arg(long)]
        moves: Option<f64>,
        #[arg(long, default_value_t = 7)]
        days: u32,
        /// Fire when new evidence matches this indicator id.
        #[arg(long)]
        indicator: Option<String>,
        /// Surge rule: count events of this PLOVER type (as `forewarn surge --type`).
        #[arg(long, conflicts_with = "question")]
        surge_type: Option<String>,
        /// Surge rule: events whose source is this country (as `forewarn surge --actor`).
        #[arg(long, conflicts_with = "question")]
        surge_actor: Option<String>,
        /// Surge rule: events against this country.
        #[arg(long, conflicts_with = "question")]
        surge_target: Option<String>,
        /// Surge rule: events in this country.
        #[arg(long, conflicts_with = "question")]
        surge_location: Option<String>,
        /// Surge rule: one dataset (news, gdelt, acled, a CSV's name); all when omitted.
        #[arg(long, conflicts_with = "question")]
        surge_dataset: Option<String>,
        /// Surge rule: events, mentions or articles (as `forewarn surge --measure`).
        #[arg(long, conflicts_with = "question")]
        surge_measure: Option<Measure>,
        /// Surge rule: a day at or above this z-score is a surge (default 3). Each surge day
        /// fires once.
        #[arg(long, conflicts_with = "question")]
        min_z: Option<f64>,
        /// POST each alert here (http:// or https://), signed with --secret.
        #[arg(long)]
        webhook: Option<String>,
        /// HMAC-SHA256 key for the X-Forewarn-Signature header.
        #[arg(long, requires = "webhook")]
        secret: Option<String>,
    },
    /// The rules and the most recent alerts.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score event coding against a PLOVER gold file (PLOVER_GSR JSON).
    Plover(EvalPloverArgs),
    /// Score main-text extraction on the AEB benchmark and/or the trafilatura test set.
    Extract(EvalExtractArgs),
    /// Score CAMEO penta-class (0 statement … 4 material conflict) of each sentence's main event
    /// against `sentence<TAB>class` lines.
    CameoClass(EvalSetArgs),
    /// Score the main event's source and target against CAMEO actor spans (token-per-line BIO
    /// tags `B-S`/`I-S` source, `B-T`/`I-T` target, blank line between sentences).
    CameoActors(EvalSetArgs),
    /// Score event types against the CIR incident list (CSV with `event_group` and
    /// `brief description`).
    Cir(EvalSetArgs),
    /// Score event types against PETRARCH2 validation records, mapped through CAMEO→PLOVER.
    Petrarch(EvalPetrarchArgs),
    /// Every coding score at once, from a shared data folder.
    All(EvalAllArgs),
}

#[derive(Debug, Args)]
pub struct EvalSetArgs {
    /// The labelled file.
    pub file: PathBuf,
    /// Code with the rules alone (the coder before its learned layer).
    #[arg(long)]
    pub rules_only: bool,
    /// List misses for reading.
    #[arg(long)]
    pub misses: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalPetrarchArgs {
    /// `PETR.UnitTest.records.xml`.
    pub records: PathBuf,
    /// The CAMEO→PLOVER table (`CAMEO2PLOVER-2021.txt`).
    #[arg(long)]
    pub mapping: PathBuf,
    #[arg(long)]
    pub rules_only: bool,
    #[arg(long)]
    pub misses: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalAllArgs {
    /// The shared data folder (with `plover-gsr/`, `coding/conflibert-cameo/`, `cir-events/`,
    /// `petrarch2/`).
    #[arg(long, default_value = "../shared/data")]
    pub shared: PathBuf,
    #[arg(long)]
    pub rules_only: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalPloverArgs {
    /// The gold file.
    pub gold: PathBuf,
    /// Extra actors: gazetteer extension TOML or a PETRARCH/TABARI actor dictionary.
    #[arg(long)]
    pub actors: Option<PathBuf>,
    /// Also write the coder's output as `forewarn code` JSON lines, for other scorers.
    #[arg(long)]
    pub predictions_out: Option<PathBuf>,
    /// A sentence-model folder (all-MiniLM-L6-v2: model.safetensors, tokenizer.json,
    /// config.json): sentences the rules leave without an event get the k-NN type of the nearest
    /// example sentences. Needs a build with `--features model`.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Code with the rules alone (the coder before its learned layer).
    #[arg(long)]
    pub rules_only: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalExtractArgs {
    /// A folder with `html/*.html.gz` and `ground-truth.json` (the AEB layout).
    #[arg(long)]
    pub aeb: Option<PathBuf>,
    /// A folder with `html/` and `evaldata.json` (the trafilatura test-set layout).
    #[arg(long)]
    pub trafilatura: Option<PathBuf>,
    /// Write the AEB predictions as {id: {"articleBody": …}} for other scorers.
    #[arg(long)]
    pub predictions_out: Option<PathBuf>,
    /// Extract the pages this many times; the median round's speed is reported.
    #[arg(long, default_value_t = 1)]
    pub repeat: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// A folder of question TOML files; unresolved ones are listed and skipped.
    pub questions: PathBuf,
    #[arg(long, value_enum, default_value_t = Step::Day)]
    pub step: Step,
    /// Write `reliability.svg` and `paths/ID.svg` into this folder.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Fitted parameters from `forewarn fit --out`.
    #[arg(long)]
    pub params: Option<PathBuf>,
    /// Write every evidence item the replay used (one JSON line per question, indicator and
    /// sentence, first time it counted) here, for reading and labelling.
    #[arg(long)]
    pub evidence: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    /// A folder of question TOML files.
    pub questions: PathBuf,
    /// L2 penalty pulling each weight scale toward 1 and the prior shift toward 0.
    #[arg(long, default_value_t = 0.03)]
    pub lambda: f64,
    #[arg(long, value_enum, default_value_t = Step::Day)]
    pub step: Step,
    /// Fit from the library's hand-set weights and priors, ignoring the shipped fitted
    /// parameters (this is how `crates/forewarn-forecast/src/fitted.json` is made).
    #[arg(long)]
    pub from_library: bool,
    /// Write the fitted parameters (JSON) here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct AsOf {
    /// Use only documents published on or before this date (default: the latest document's date,
    /// or today, whichever is earlier, within the question's window).
    #[arg(long = "as-of", value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Step {
    Day,
    Week,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    Md,
    Html,
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    forewarn_extract::parse_date(s)
        .ok_or_else(|| format!("cannot read `{s}` as a date; use YYYY-MM-DD"))
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// GDELT 2.0 events (stored), mentions or GKG (checked and counted): files, .gz, .zip or URLs.
    Gdelt {
        #[arg(required = true)]
        inputs: Vec<String>,
        /// events, mentions or gkg (default: from the file name).
        #[arg(long)]
        kind: Option<String>,
        /// Only parse and report rows and problems; store nothing.
        #[arg(long, conflicts_with = "parquet")]
        check: bool,
        /// Write the events to DIR/imported_events as Hive-partitioned Parquet (by date)
        /// instead of the store, in constant memory; DIR/imported_events must not exist.
        #[arg(long, value_name = "DIR")]
        parquet: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The files of a date range from a GDELT master file list, every 15-minute slot and checksum checked.
    GdeltMaster {
        /// masterfilelist.txt (path or URL).
        list: String,
        #[arg(long, value_parser = parse_date_arg)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date_arg)]
        to: NaiveDate,
        #[arg(long, default_value = "events")]
        kind: String,
        /// Folder with the downloaded files; without it they are fetched by URL.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Verify presence and checksums only.
        #[arg(long, conflicts_with = "parquet")]
        check_only: bool,
        /// Write the events to DIR/imported_events as Parquet instead of the store (as `import gdelt --parquet`).
        #[arg(long, value_name = "DIR")]
        parquet: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// ACLED CSV exports (standard columns).
    Acled {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Any CSV event list, through a mapping file (TOML; see docs/surges.md).
    Csv {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long)]
        mapping: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every table as Hive-partitioned Parquet under DIR (DIR/events/date=2022-02-24/part-0.parquet …).
    Parquet {
        /// A new folder, or one without the exported tables' folders.
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct SurgeArgs {
    /// Source actor country (ISO3); repeatable.
    #[arg(long)]
    pub actor: Vec<String>,
    /// Target actor country (ISO3); repeatable.
    #[arg(long)]
    pub target: Vec<String>,
    /// Country where the events happened (ISO3); repeatable.
    #[arg(long)]
    pub location: Vec<String>,
    /// PLOVER type, e.g. MOBILIZE.
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// PLOVER mode, e.g. troops; repeatable.
    #[arg(long)]
    pub mode: Vec<String>,
    /// Dataset: news, gdelt, acled or a mapped list's name; repeatable (default: all).
    #[arg(long)]
    pub dataset: Vec<String>,
    /// What to count: events; mentions, the articles that mention them (imported GDELT
    /// Mentions), each on the day it appeared; or articles naming a country (imported GDELT
    /// GKG; with exactly one --location): a surge in attention rather than in events.
    #[arg(long, default_value = "events")]
    pub measure: Measure,
    /// Show days from this date on (the baseline still uses earlier days).
    #[arg(long, value_parser = parse_date_arg)]
    pub since: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date_arg)]
    pub until: Option<NaiveDate>,
    #[arg(long, default_value_t = 3.0)]
    pub min_z: f64,
    #[arg(long, default_value_t = 3)]
    pub min_count: u64,
    /// Baseline window in days.
    #[arg(long, default_value_t = 28)]
    pub window: usize,
    /// Draw the series, its baseline band and the flagged days as SVG.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// List every day, not only flagged ones.
    #[arg(long)]
    pub all_days: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WarnUnit {
    Admin1,
    Country,
}

#[derive(Debug, Args)]
pub struct WarnArgs {
    #[arg(long, value_enum, default_value_t = WarnUnit::Admin1)]
    pub unit: WarnUnit,
    /// Length of the next period: 14d, 2w.
    #[arg(long, default_value = "14d")]
    pub horizon: String,
    /// any | mean (more than the 30-day mean) | 10x (ten times it) | a count.
    #[arg(long, default_value = "any")]
    pub threshold: String,
    /// PLOVER type counted (default: all).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    #[arg(long)]
    pub dataset: Vec<String>,
    /// Only regions in these countries (ISO3).
    #[arg(long)]
    pub location: Vec<String>,
    #[arg(long, value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
    /// Replay week by week instead, scoring against persistence and the base rate.
    #[arg(long)]
    pub backtest: bool,
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date_arg)]
    pub to: Option<NaiveDate>,
    /// L2 penalty of the logistic regression.
    #[arg(long, default_value_t = 1.0)]
    pub l2: f64,
    /// Regions listed.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum QuestionsCommand {
    /// ForecastBench-style questions ("more X events in Y in the next 30 days than the 30-day average over the past 360 days?") as JSON lines.
    Generate {
        #[arg(long)]
        dataset: Vec<String>,
        #[arg(long = "type")]
        event_type: Option<String>,
        /// Countries (ISO3); default: every country with events.
        #[arg(long)]
        location: Vec<String>,
        #[arg(long, value_parser = parse_date_arg)]
        as_of: Option<NaiveDate>,
        #[arg(long, default_value = "30d")]
        horizon: String,
        /// Skip series with fewer events before the as-of date.
        #[arg(long, default_value_t = 10)]
        min_events: u64,
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Subscribe to an RSS or Atom feed (adding a known URL again only renames it).
    Add {
        url: String,
        /// Shown in listings and stored as the source of its documents.
        #[arg(long)]
        name: Option<String>,
    },
    /// The subscribed feeds with their last fetch and error.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct FetchArgs {
    /// Least seconds between two requests to one host (a site's Crawl-delay can raise it).
    #[arg(long, default_value_t = 2.0, value_parser = parse_seconds)]
    pub delay: f64,
    /// Largest article page read, in KiB; a larger one is refused.
    #[arg(long, default_value_t = 5120)]
    pub max_page_kib: u64,
    /// Let feeds, pages and redirects reach loopback, private and link-local addresses
    /// (refused by default).
    #[arg(long, env = "FOREWARN_ALLOW_PRIVATE_HOSTS")]
    pub allow_private_hosts: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Time between cycles: 90s, 15m, 2h.
    #[arg(long, default_value = "15m", value_parser = parse_every)]
    pub every: std::time::Duration,
    /// Run one cycle and exit.
    #[arg(long)]
    pub once: bool,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=3600.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{s}` is not a number of seconds between 0 and 3600"
        )),
    }
}

fn parse_every(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let seconds = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(n) if n > 0 && seconds > 0 => Ok(std::time::Duration::from_secs(n * seconds)),
        _ => Err(format!(
            "cannot read `{s}` as an interval; use e.g. 90s, 15m or 2h"
        )),
    }
}
