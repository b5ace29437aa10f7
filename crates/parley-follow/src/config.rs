//! The feeds file: a TOML list of feeds with per-feed options and shared defaults.
//!
//! ```toml
//! [defaults]              # optional; applies to every feed that does not say otherwise
//! interval = "15m"        # seconds as a number, or "90s", "15m", "2h", "1d"
//! fetch_articles = true   # fetch each item's link (true) or read the item's own content
//!
//! [[feed]]
//! url = "https://example.org/world/rss.xml"   # http or https
//! name = "Example world news"                 # optional; the URL by default
//! interval = "10m"                            # optional
//! fetch_articles = false                      # optional
//! ```

use serde::Deserialize;
use std::path::Path;
use std::time::Duration;

/// The shortest interval accepted, so a typo cannot hammer a server.
const MIN_INTERVAL: Duration = Duration::from_secs(10);
/// The interval when neither the feed nor the defaults give one.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);

/// One feed to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// How the feed is named in logs.
    pub name: String,
    /// The feed's URL (http or https).
    pub url: String,
    /// Time between polls when all goes well.
    pub interval: Duration,
    /// Fetch each new item's article page (true), or read the item's own content.
    pub fetch_articles: bool,
}

/// A feeds file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown or mistyped keys.
    #[error("feeds file: {0}")]
    Toml(#[from] toml::de::Error),
    /// A value is not acceptable.
    #[error("feeds file: {0}")]
    Invalid(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    defaults: Defaults,
    #[serde(default)]
    feed: Vec<Entry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Defaults {
    interval: Option<Interval>,
    fetch_articles: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    url: String,
    name: Option<String>,
    interval: Option<Interval>,
    fetch_articles: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Interval {
    Seconds(u64),
    Text(String),
}

impl Interval {
    fn duration(&self) -> Result<Duration, ConfigError> {
        let d = match self {
            Interval::Seconds(s) => Duration::from_secs(*s),
            Interval::Text(text) => {
                let t = text.trim();
                let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
                let (number, unit) = t.split_at(split);
                let n: u64 = number
                    .parse()
                    .map_err(|_| ConfigError::Invalid(format!("interval {text:?}")))?;
                let scale = match unit.trim() {
                    "" | "s" => 1,
                    "m" => 60,
                    "h" => 3600,
                    "d" => 86400,
                    _ => {
                        return Err(ConfigError::Invalid(format!(
                            "interval {text:?}: use s, m, h or d"
                        )))
                    }
                };
                Duration::from_secs(n.saturating_mul(scale))
            }
        };
        if d < MIN_INTERVAL {
            return Err(ConfigError::Invalid(format!(
                "interval {}s is shorter than {}s",
                d.as_secs(),
                MIN_INTERVAL.as_secs()
            )));
        }
        Ok(d)
    }
}

/// Reads the feeds file at `path`.
pub fn load_feeds(path: &Path) -> Result<Vec<Feed>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_feeds(&text)
}

/// Parses a feeds file: every feed with its options resolved against the defaults.
/// URLs must be http or https and appear once.
pub fn parse_feeds(text: &str) -> Result<Vec<Feed>, ConfigError> {
    let file: File = toml::from_str(text)?;
    let default_interval = match &file.defaults.interval {
        Some(i) => i.duration()?,
        None => DEFAULT_INTERVAL,
    };
    let mut feeds: Vec<Feed> = Vec::with_capacity(file.feed.len());
    for entry in file.feed {
        let url = entry.url.trim().to_string();
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(ConfigError::Invalid(format!(
                "{url:?}: only http and https feeds can be followed"
            )));
        }
        if feeds.iter().any(|f| f.url == url) {
            return Err(ConfigError::Invalid(format!("{url} is listed twice")));
        }
        feeds.push(Feed {
            name: entry
                .name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| url.clone()),
            interval: match &entry.interval {
                Some(i) => i.duration()?,
                None => default_interval,
            },
            fetch_articles: entry
                .fetch_articles
                .or(file.defaults.fetch_articles)
                .unwrap_or(true),
            url,
        });
    }
    if feeds.is_empty() {
        return Err(ConfigError::Invalid("no [[feed]] entries".into()));
    }
    Ok(feeds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_fall_back_to_defaults() {
        let feeds = parse_feeds(
            r#"
            [defaults]
            interval = "5m"
            fetch_articles = false

            [[feed]]
            url = "https://a.example/rss"
            name = "A"

            [[feed]]
            url = "http://b.example/atom.xml"
            interval = 3600
            fetch_articles = true
            "#,
        )
        .expect("valid");
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].name, "A");
        assert_eq!(feeds[0].interval, Duration::from_secs(300));
        assert!(!feeds[0].fetch_articles);
        assert_eq!(feeds[1].name, "http://b.example/atom.xml");
        assert_eq!(feeds[1].interval, Duration::from_secs(3600));
        assert!(feeds[1].fetch_articles);
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let bad = [
            ("[[feed]]\nurl = \"ftp://x.example/rss\"", "http"),
            (
                "[[feed]]\nurl = \"https://x.example/\"\ninterval = \"1s\"",
                "shorter",
            ),
            (
                "[[feed]]\nurl = \"https://x.example/\"\ninterval = \"5 weeks\"",
                "interval",
            ),
            (
                "[[feed]]\nurl = \"https://x.example/\"\n[[feed]]\nurl = \"https://x.example/\"",
                "twice",
            ),
            (
                "[[feed]]\nurl = \"https://x.example/\"\nfetch = true",
                "unknown field",
            ),
            ("", "no [[feed]]"),
        ];
        for (text, why) in bad {
            let err = parse_feeds(text).expect_err(text).to_string();
            assert!(err.contains(why), "{text:?}: {err}");
        }
    }
}
