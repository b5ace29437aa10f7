//! Turning command-line paths into raw documents: files, directories (recursively, in
//! name order, following symbolic links) and `-` for standard input, with a size cap so
//! one huge file cannot exhaust memory.

use anyhow::{Context, Result};
use parley_core::{Diagnostic, RawDocument};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where one document comes from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// An entry below a directory that could not be listed or followed (a broken link, a
    /// link loop, a folder without permission): reported as that document's error.
    Unlisted {
        /// The entry's path.
        path: PathBuf,
        /// Why it could not be read.
        reason: String,
    },
}

impl Input {
    /// How the document is named in output and diagnostics.
    pub fn origin(&self) -> String {
        match self {
            Input::File(path) | Input::Unlisted { path, .. } => path.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }

    /// Reads the bytes, refusing more than `max_bytes`, except from a WARC archive: its
    /// records are documents of their own, so a larger archive is handed back to be read
    /// as a stream, record by record (see [`Loaded::Archive`]).
    pub fn load(&self, max_bytes: u64) -> Result<Loaded, Diagnostic> {
        let origin = self.origin();
        let mut bytes = Vec::new();
        let failed =
            |err: std::io::Error| Diagnostic::error(&origin, format!("cannot read: {err}"));
        let source: Box<dyn Read + Send> = match self {
            Input::File(path) => Box::new(std::fs::File::open(path).map_err(failed)?),
            Input::Stdin => Box::new(std::io::stdin()),
            Input::Unlisted { reason, .. } => {
                return Err(Diagnostic::error(origin, format!("cannot read: {reason}")))
            }
        };
        let mut source = source.take(max_bytes + 1);
        let n = source.read_to_end(&mut bytes).map_err(failed)?;
        if n as u64 <= max_bytes {
            return Ok(Loaded::Whole(RawDocument::new(origin, bytes)));
        }
        if !parley_ingest::warc::is_warc(&bytes) {
            return Err(Diagnostic::error(
                origin,
                format!("larger than the limit of {max_bytes} bytes (see --max-bytes)"),
            ));
        }
        let rest = source.into_inner();
        let stream: Box<dyn Read + Send> = match self {
            // A file is read again from its start rather than holding what was read.
            Input::File(path) => Box::new(std::fs::File::open(path).map_err(failed)?),
            _ => Box::new(std::io::Cursor::new(bytes).chain(rest)),
        };
        Ok(Loaded::Archive { origin, stream })
    }
}

/// What [`Input::load`] gives.
pub enum Loaded {
    /// The whole input, within the size limit.
    Whole(RawDocument),
    /// A WARC archive over the size limit, to be read record by record from `stream`
    /// (each record still within the limit).
    Archive {
        /// How the archive is named; its records are `{origin}#{n}`.
        origin: String,
        /// The archive's bytes from its start.
        stream: Box<dyn Read + Send>,
    },
}

/// Expands paths into inputs: a directory yields every file below it, sorted by path,
/// with symbolic links followed (a link loop or a broken link is that entry's error, not
/// the whole run's). Hidden files (`.name`) below a directory are skipped.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let mut found =
                walk(path).with_context(|| format!("cannot list {}", path.display()))?;
            found.sort_by(|a, b| a.path().cmp(b.path()));
            inputs.extend(found);
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    Ok(inputs)
}

impl Input {
    /// The path a file input names (standard input has none).
    fn path(&self) -> &Path {
        match self {
            Input::File(path) | Input::Unlisted { path, .. } => path,
            Input::Stdin => Path::new("-"),
        }
    }
}

/// Every file below `dir`, and every entry that could not be followed. Fails only when
/// `dir` itself cannot be listed.
fn walk(dir: &Path) -> std::io::Result<Vec<Input>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true).min_depth(1) {
        match entry {
            Ok(entry) if entry.file_type().is_file() && !is_hidden(entry.path()) => {
                found.push(Input::File(entry.into_path()));
            }
            Ok(_) => {}
            Err(err) if err.depth() == 0 => return Err(err.into()),
            Err(err) => {
                let Some(path) = err.path().map(Path::to_path_buf) else {
                    return Err(err.into());
                };
                let reason = match err.loop_ancestor() {
                    Some(ancestor) => format!("link loop back to {}", ancestor.display()),
                    None => err
                        .io_error()
                        .map_or_else(|| err.to_string(), ToString::to_string),
                };
                found.push(Input::Unlisted { path, reason });
            }
        }
    }
    Ok(found)
}
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}
