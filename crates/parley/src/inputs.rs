//! Turning command-line paths into raw documents: files, directories (recursively, in
//! name order) and `-` for standard input, with a size cap so one huge file cannot
//! exhaust memory.

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
}

impl Input {
    /// How the document is named in output and diagnostics.
    pub fn origin(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }

    /// Reads the bytes, refusing more than `max_bytes`.
    pub fn load(&self, max_bytes: u64) -> Result<RawDocument, Diagnostic> {
        let origin = self.origin();
        let mut bytes = Vec::new();
        let read = match self {
            Input::File(path) => std::fs::File::open(path)
                .and_then(|file| file.take(max_bytes + 1).read_to_end(&mut bytes)),
            Input::Stdin => std::io::stdin()
                .lock()
                .take(max_bytes + 1)
                .read_to_end(&mut bytes),
        };
        match read {
            Err(err) => Err(Diagnostic::error(origin, format!("cannot read: {err}"))),
            Ok(n) if n as u64 > max_bytes => Err(Diagnostic::error(
                origin,
                format!("larger than the limit of {max_bytes} bytes (see --max-bytes)"),
            )),
            Ok(_) => Ok(RawDocument::new(origin, bytes)),
        }
    }
}

/// Expands paths into inputs: a directory yields every file below it, sorted by path.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files).with_context(|| format!("cannot list {}", path.display()))?;
            files.sort();
            inputs.extend(files.into_iter().map(Input::File));
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    Ok(inputs)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, files)?;
        } else if kind.is_file() && !is_hidden(&path) {
            files.push(path);
        }
    }
    Ok(())
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}
