#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch folder with its own store, removed when dropped.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    /// Runs `forewarn --db <tmp>/test.db ARGS…` in the temp dir.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_on(&self.path("test.db").to_string_lossy(), args)
    }
}

pub struct Run(pub Output);

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        assert!(
            self.0.status.success(),
            "forewarn failed ({}):\nstdout:\n{}\nstderr:\n{}",
            self.code(),
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.0.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout()))
    }
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

impl Workspace {
    /// Runs `forewarn --db DB ARGS…` in the temp dir, on any store: a file or a PostgreSQL URL.
    pub fn run_on(&self, db: &str, args: &[&str]) -> Run {
        Run(self.command_on(db, args).output().expect("run forewarn"))
    }

    /// Ingests the demo corpus into `db` and adds the demo question (`belarus-joins-war`).
    pub fn demo_store_on(&self, db: &str) {
        let corpus = repo_root().join("demo/corpus");
        let question = repo_root().join("demo/questions/belarus-joins-war.toml");
        self.run_on(db, &["ingest", corpus.to_str().unwrap()])
            .success();
        self.run_on(db, &["question", "add", question.to_str().unwrap()])
            .success();
    }

    /// The command `run_on` runs, for a test that starts it itself (in parallel, or a server).
    pub fn command_on(&self, db: &str, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_forewarn"));
        command
            .arg("--db")
            .arg(db)
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("FOREWARN_DB")
            .env_remove("FOREWARN_ALLOW_PRIVATE_HOSTS")
            .env("NO_COLOR", "1");
        command
    }
}
