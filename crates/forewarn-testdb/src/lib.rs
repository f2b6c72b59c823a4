#![allow(clippy::disallowed_methods)] // test support: it looks for server binaries and runs them
//! Test support: a fresh, empty store on every backend this machine can run, so the same test
//! body checks SQLite and PostgreSQL.
//!
//! PostgreSQL comes from one of two places:
//! - `FOREWARN_TEST_POSTGRES`, the URL of a server whose user may create databases
//!   (`scripts/test` starts one and sets it); each store gets a database of its own there,
//!   dropped when the store's [`TestDb`] goes;
//! - otherwise a throwaway server started for this test process from the installed binaries
//!   (`initdb` and `pg_ctl` in a temporary directory, on a free port, run as the `postgres`
//!   user when we are root, since `initdb` refuses root), stopped when the last [`TestDb`]
//!   using it goes.
//!
//! With neither, the PostgreSQL half is skipped with a note on stderr, unless `CI` is set: CI
//! must test both backends, so there it is an error.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

use forewarn_store::Store;

/// A backend's name and a place to open stores on it.
pub struct TestDb {
    /// `sqlite` or `postgresql`.
    pub backend: &'static str,
    /// What `forewarn --db` takes: a file path, or a `postgresql://` URL.
    pub target: String,
    _guard: Guard,
}

impl TestDb {
    /// Opens (another) connection to this database.
    pub fn open(&self) -> Store {
        Store::open_target(Path::new(&self.target))
            .unwrap_or_else(|e| panic!("cannot open the {} test store: {e}", self.backend))
    }

    /// The single integer `sql` selects, read straight from the database.
    pub fn query_i64(&self, sql: &str) -> i64 {
        match self.backend {
            "sqlite" => rusqlite::Connection::open(&self.target)
                .expect("open the test file")
                .query_row(sql, [], |row| row.get(0))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            _ => postgres::Client::connect(&self.target, postgres::NoTls)
                .expect("connect to the test database")
                .query_one(sql, &[])
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .get(0),
        }
    }

    /// Runs SQL straight on the database, behind the store's back: for tests of what the
    /// schema does when rows go (no command deletes anything). Foreign keys are enforced, as
    /// they are for the store's own connections.
    pub fn execute_raw(&self, sql: &str) {
        match self.backend {
            "sqlite" => {
                let conn = rusqlite::Connection::open(&self.target).expect("open the test file");
                conn.execute_batch(&format!("PRAGMA foreign_keys = ON; {sql}"))
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
            _ => {
                let mut client = postgres::Client::connect(&self.target, postgres::NoTls)
                    .expect("connect to the test database");
                client
                    .batch_execute(sql)
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
        }
    }
}

enum Guard {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        server: Arc<Server>,
        database: String,
    },
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Guard::Postgres { server, database } = self {
            // Connections of the test are closed by now; FORCE covers one a test leaked.
            let _ = server.admin(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"));
        }
    }
}

/// One fresh database on each backend: a SQLite file in a temporary directory, and a
/// PostgreSQL database when one can be had (see the crate docs).
pub fn backends() -> Vec<TestDb> {
    let mut out = vec![sqlite()];
    out.extend(postgres());
    out
}

/// A fresh SQLite store file.
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let target = dir.path().join("test.db").to_string_lossy().into_owned();
    TestDb {
        backend: "sqlite",
        target,
        _guard: Guard::Dir(dir),
    }
}

/// A fresh PostgreSQL database, or `None` (with a note) when this machine has no server and
/// no binaries to start one, outside CI.
pub fn postgres() -> Option<TestDb> {
    let server = match Server::shared() {
        Ok(server) => server,
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("CI must test the PostgreSQL backend, but: {why}")
        }
        Err(why) => {
            eprintln!("skipping the PostgreSQL half of this test: {why}");
            return None;
        }
    };
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let database = format!(
        "forewarn_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    server
        .admin(&format!("CREATE DATABASE {database}"))
        .unwrap_or_else(|e| panic!("cannot create a test database: {e}"));
    let target = format!("{}/{database}", server.base_url);
    Some(TestDb {
        backend: "postgresql",
        target,
        _guard: Guard::Postgres { server, database },
    })
}

/// A PostgreSQL server: given, or started by us (and then stopped on drop).
struct Server {
    /// `postgresql://user@host:port`, without a database.
    base_url: String,
    owned: Option<OwnedServer>,
}

struct OwnedServer {
    pg_ctl: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    _dir: tempfile::TempDir,
}

impl Server {
    /// The server of this process: one while any test database on it lives.
    fn shared() -> Result<Arc<Server>, String> {
        static SHARED: Mutex<Weak<Server>> = Mutex::new(Weak::new());
        let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(server) = shared.upgrade() {
            return Ok(server);
        }
        let server = Arc::new(match std::env::var("FOREWARN_TEST_POSTGRES") {
            Ok(url) => Server {
                base_url: url.trim_end_matches('/').to_string(),
                owned: None,
            },
            Err(_) => Server::start()?,
        });
        *shared = Arc::downgrade(&server);
        Ok(server)
    }

    fn admin(&self, sql: &str) -> Result<(), postgres::Error> {
        let mut client =
            postgres::Client::connect(&format!("{}/postgres", self.base_url), postgres::NoTls)?;
        client.batch_execute(sql)
    }

    fn start() -> Result<Server, String> {
        let bin = postgres_bin_dir().ok_or(
            "no PostgreSQL server binaries (initdb, pg_ctl) found; install Debian's \
             `postgresql` package, or set FOREWARN_TEST_POSTGRES to a server's URL",
        )?;
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("forewarn-pg")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let data = dir.path().join("data");
        if as_postgres {
            run(Command::new("chown").arg("postgres").arg(dir.path()))?;
        }
        let port = free_port()?;
        run(as_user(as_postgres, &bin.join("initdb"))
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "-D",
            ])
            .arg(&data))?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off",
            dir.path().display()
        );
        let pg_ctl = bin.join("pg_ctl");
        run(as_user(as_postgres, &pg_ctl)
            .args(["-w", "-t", "60", "-o", &options, "-l"])
            .arg(dir.path().join("log"))
            .arg("-D")
            .arg(&data)
            .arg("start"))?;
        Ok(Server {
            base_url: format!("postgresql://postgres@127.0.0.1:{port}"),
            owned: Some(OwnedServer {
                pg_ctl,
                data,
                as_postgres,
                _dir: dir,
            }),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(owned) = &self.owned {
            let _ = as_user(owned.as_postgres, &owned.pg_ctl)
                .args(["-m", "immediate", "-D"])
                .arg(&owned.data)
                .arg("stop")
                .output();
        }
    }
}

/// The newest `/usr/lib/postgresql/N/bin` with `initdb` in it, else a directory on `PATH`
/// holding both `initdb` and `pg_ctl`.
fn postgres_bin_dir() -> Option<PathBuf> {
    let mut versioned: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versioned.sort();
    if let Some((_, bin)) = versioned.pop() {
        return Some(bin);
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .find(|dir| dir.join("initdb").exists() && dir.join("pg_ctl").exists())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

fn as_user(as_postgres: bool, program: &Path) -> Command {
    if as_postgres {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}
