use std::path::{Path, PathBuf};

use forewarn_model::Diagnostic;

/// Whether a path has an extension ingest can read.
pub fn is_supported(path: &Path) -> bool {
    crate::format_of(&path.to_string_lossy()).is_some()
}

/// Expands files and folders into the files to ingest, sorted so runs are reproducible. Folders
/// are walked recursively; files in them with other extensions (and `.map.toml` sidecars) are
/// passed over silently, except `.zip` archives, which are reported, as is a named file of an
/// unknown type.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut diagnostics);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            diagnostics.push(Diagnostic::error(
                path.display().to_string(),
                "no such file or folder",
            ));
        }
    }
    (files, diagnostics)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, diagnostics: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            diagnostics.push(Diagnostic::error(
                dir.display().to_string(),
                format!("cannot list folder: {err}"),
            ));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let hidden = child
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if child.is_dir() {
            walk(&child, files, diagnostics);
        } else if is_supported(&child) {
            files.push(child);
        } else if child
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            // Passed over silently, an archive of news would look ingested.
            diagnostics.push(Diagnostic::error(
                child.display().to_string(),
                "zip archives are not read by ingest: unzip it and ingest the folder",
            ));
        }
    }
}
