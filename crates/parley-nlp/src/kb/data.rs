//! The schema of the TOML files under `data/kb/` and their loading.

use super::script::Script;
use super::{KbError, OfficeKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The shipped files, embedded so the binary works from any directory.
pub(crate) const BUNDLED: &[(&str, &str)] = &[
    (
        "script.toml",
        include_str!("../../../../data/kb/script.toml"),
    ),
    (
        "countries.toml",
        include_str!("../../../../data/kb/countries.toml"),
    ),
    (
        "organisations.toml",
        include_str!("../../../../data/kb/organisations.toml"),
    ),
    (
        "places.toml",
        include_str!("../../../../data/kb/places.toml"),
    ),
    ("roles.toml", include_str!("../../../../data/kb/roles.toml")),
    (
        "people/china.toml",
        include_str!("../../../../data/kb/people/china.toml"),
    ),
    (
        "people/russia-eurasia.toml",
        include_str!("../../../../data/kb/people/russia-eurasia.toml"),
    ),
    (
        "people/americas.toml",
        include_str!("../../../../data/kb/people/americas.toml"),
    ),
    (
        "people/europe.toml",
        include_str!("../../../../data/kb/people/europe.toml"),
    ),
    (
        "people/asia-pacific.toml",
        include_str!("../../../../data/kb/people/asia-pacific.toml"),
    ),
    (
        "people/middle-east-africa.toml",
        include_str!("../../../../data/kb/people/middle-east-africa.toml"),
    ),
    (
        "people/international.toml",
        include_str!("../../../../data/kb/people/international.toml"),
    ),
];

/// A person with the names they go by and the offices they held.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Lower-case ascii slug of the common English name (`wang-yi`).
    pub id: String,
    /// English names; the first is the display name. Short forms ("Putin") included.
    #[serde(default)]
    pub en: Vec<String>,
    /// Chinese names in simplified script (traditional forms are derived).
    #[serde(default)]
    pub zh: Vec<String>,
    /// Chinese names in traditional script, including Taiwan / Hong Kong usages (普欽).
    #[serde(default)]
    pub zh_hant: Vec<String>,
    /// Russian names.
    #[serde(default)]
    pub ru: Vec<String>,
    /// One-character forms that name the person in a summit's nickname (习 in 习拜会,
    /// 川 and 特 in 川习会 / 习特会); they count only there (see `summit_suffixes`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summit: Vec<String>,
    /// Offices held, any order.
    #[serde(default)]
    pub offices: Vec<Office>,
    /// A free-text remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Person {
    /// The display name (first English name, else the id).
    pub fn name(&self) -> &str {
        self.en.first().map_or(self.id.as_str(), String::as_str)
    }

    /// The offices held on `date`.
    pub fn offices_on(&self, date: NaiveDate) -> impl Iterator<Item = &Office> {
        self.offices.iter().filter(move |o| o.covers(date))
    }
}

/// One term in one office: `[from, to)`, open-ended while `to` is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    /// ISO 3166 alpha-3 of the country, or an organisation id.
    pub country: String,
    /// Which office.
    pub kind: OfficeKind,
    /// The formal title, where the kind alone does not say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// First day in office.
    pub from: NaiveDate,
    /// First day out of office; absent while the term runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

impl Office {
    /// True when the term includes `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date < to)
    }
}

/// A country, or a region with its own entry (Taiwan, Hong Kong, Macao).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166 alpha-3 code.
    pub iso3: String,
    /// English names; the first is the display name.
    #[serde(default)]
    pub en: Vec<String>,
    /// Chinese names, simplified.
    #[serde(default)]
    pub zh: Vec<String>,
    /// Chinese names, traditional (derived ones added).
    #[serde(default)]
    pub zh_hant: Vec<String>,
    /// One-character Chinese short forms (中, 俄, 美), matched only in compound contexts.
    #[serde(default)]
    pub short: Vec<String>,
    /// Side words (中方, 俄方); `short` + 方 is derived.
    #[serde(default)]
    pub sides: Vec<String>,
    /// English demonyms and adjectives (Russian, Chinese, American).
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Russian names.
    #[serde(default)]
    pub ru: Vec<String>,
    /// The office meant by 两国领导人 / "the two leaders".
    #[serde(default = "default_leader")]
    pub leader: OfficeKind,
    /// For a region, the country it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_of: Option<String>,
}

fn default_leader() -> OfficeKind {
    OfficeKind::HeadOfState
}

impl Country {
    /// The display name.
    pub fn name(&self) -> &str {
        self.en.first().map_or(self.iso3.as_str(), String::as_str)
    }
}

/// An international organisation or one of its bodies.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Lower-case id (`un`, `un-security-council`, `european-commission`).
    pub id: String,
    /// English names and abbreviations; the first is the display name.
    #[serde(default)]
    pub en: Vec<String>,
    /// Chinese names, simplified.
    #[serde(default)]
    pub zh: Vec<String>,
    /// Chinese names, traditional (derived ones added).
    #[serde(default)]
    pub zh_hant: Vec<String>,
    /// The organisation this body belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl Organisation {
    /// The display name.
    pub fn name(&self) -> &str {
        self.en.first().map_or(self.id.as_str(), String::as_str)
    }
}

/// A city or venue.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Lower-case English name, hyphenated (`new-york`).
    pub id: String,
    /// ISO 3166 alpha-3 of its country.
    pub country: String,
    /// English names; the first is the display name.
    #[serde(default)]
    pub en: Vec<String>,
    /// Chinese names, simplified.
    #[serde(default)]
    pub zh: Vec<String>,
    /// Chinese names, traditional (derived ones added).
    #[serde(default)]
    pub zh_hant: Vec<String>,
}

impl Place {
    /// The display name.
    pub fn name(&self) -> &str {
        self.en.first().map_or(self.id.as_str(), String::as_str)
    }
}

/// `roles.toml`: title words per office and the context rules of short forms.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RolesFile {
    #[serde(default)]
    pub context: ContextRules,
    #[serde(default)]
    pub title: Vec<Title>,
}

/// Where one-character short forms count, and how roles combine.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContextRules {
    /// A short form right after one of these counts (访华, 驻美).
    #[serde(default)]
    pub short_prefixes: Vec<String>,
    /// Short forms frequent enough to confirm each other when paired (中俄, 俄美).
    #[serde(default)]
    pub paired: Vec<String>,
    /// Prefixes that count for the paired short forms only (来华, 对美).
    #[serde(default)]
    pub paired_prefixes: Vec<String>,
    /// A short form right before one of these counts (俄军, 中企).
    #[serde(default)]
    pub short_suffixes: Vec<String>,
    /// A short form right after any of these characters never counts (25日外长).
    #[serde(default)]
    pub reject_after: String,
    /// A side (中方) never stands right before one of these characters (以方便).
    #[serde(default)]
    pub side_not_before: String,
    /// Per short form, more characters it never follows (其中美国).
    #[serde(default)]
    pub short_not_after: HashMap<String, String>,
    /// Words joining countries before a plural role (中国和俄罗斯两国元首).
    #[serde(default)]
    pub connectors: Vec<String>,
    /// Prefixes that make a Chinese title plural (两国, 双方).
    #[serde(default)]
    pub zh_plural_prefixes: Vec<String>,
    /// Prefixes of English plural titles ("the two ", "both ").
    #[serde(default)]
    pub en_plural_prefixes: Vec<String>,
    /// Words that contain a name but mean something else (欧美, 中东); they hide what is inside.
    #[serde(default)]
    pub blockers: Vec<String>,
    /// Two people's `summit` forms right before one of these name their meeting (川习会).
    #[serde(default)]
    pub summit_suffixes: Vec<String>,
    /// Characters that never follow such a suffix (会见, 会议: the suffix starts a word).
    #[serde(default)]
    pub summit_not_before: String,
}

/// Title words of one office.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Title {
    pub office: OfficeKind,
    /// The country the title implies by itself (国务卿 → USA).
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub zh: Vec<String>,
    #[serde(default)]
    pub zh_hant: Vec<String>,
    /// Lower-case English titles; capitalised forms are derived.
    #[serde(default)]
    pub en: Vec<String>,
    /// Lower-case English plurals ("presidents").
    #[serde(default)]
    pub en_plural: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    #[serde(default)]
    person: Vec<Person>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountriesFile {
    #[serde(default)]
    country: Vec<Country>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationsFile {
    #[serde(default)]
    organisation: Vec<Organisation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    #[serde(default)]
    place: Vec<Place>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptFile {
    #[serde(default)]
    pairs: Vec<String>,
}

/// Everything parsed from a set of files, with scripts completed.
pub(crate) struct Loaded {
    pub people: Vec<Person>,
    pub countries: Vec<Country>,
    pub organisations: Vec<Organisation>,
    pub places: Vec<Place>,
    pub roles: RolesFile,
    pub problems: Vec<String>,
}

fn parse_toml<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, KbError> {
    toml::from_str(text).map_err(|e| KbError::Parse {
        file: name.to_string(),
        message: e.to_string(),
    })
}

/// Appends `items`, replacing earlier records with the same key when `replace` is set.
fn merge<T>(into: &mut Vec<T>, items: Vec<T>, replace: bool, key: impl Fn(&T) -> String) {
    for item in items {
        if replace {
            let k = key(&item);
            if let Some(slot) = into.iter_mut().find(|x| key(x) == k) {
                *slot = item;
                continue;
            }
        }
        into.push(item);
    }
}

impl Loaded {
    /// Parses `(file name, text)` pairs; the name (`countries.toml`, `people/x.toml`)
    /// says what the file holds.
    pub fn parse(files: &[(String, String)], replace: bool) -> Result<Loaded, KbError> {
        let mut out = Loaded {
            people: Vec::new(),
            countries: Vec::new(),
            organisations: Vec::new(),
            places: Vec::new(),
            roles: RolesFile::default(),
            problems: Vec::new(),
        };
        let mut script = Script::default();
        for (name, text) in files {
            let base = name.rsplit('/').next().unwrap_or(name);
            if name.starts_with("people/") {
                let f: PeopleFile = parse_toml(name, text)?;
                merge(&mut out.people, f.person, replace, |p| p.id.clone());
                continue;
            }
            match base {
                "countries.toml" => {
                    let f: CountriesFile = parse_toml(name, text)?;
                    merge(&mut out.countries, f.country, replace, |c| c.iso3.clone());
                }
                "organisations.toml" => {
                    let f: OrganisationsFile = parse_toml(name, text)?;
                    merge(&mut out.organisations, f.organisation, replace, |o| {
                        o.id.clone()
                    });
                }
                "places.toml" => {
                    let f: PlacesFile = parse_toml(name, text)?;
                    merge(&mut out.places, f.place, replace, |p| p.id.clone());
                }
                "roles.toml" => {
                    let f: RolesFile = parse_toml(name, text)?;
                    out.roles.title.extend(f.title);
                    let (c, n) = (&mut out.roles.context, f.context);
                    c.short_prefixes.extend(n.short_prefixes);
                    c.paired.extend(n.paired);
                    c.paired_prefixes.extend(n.paired_prefixes);
                    c.short_suffixes.extend(n.short_suffixes);
                    c.reject_after.push_str(&n.reject_after);
                    c.side_not_before.push_str(&n.side_not_before);
                    c.short_not_after.extend(n.short_not_after);
                    c.connectors.extend(n.connectors);
                    c.zh_plural_prefixes.extend(n.zh_plural_prefixes);
                    c.en_plural_prefixes.extend(n.en_plural_prefixes);
                    c.blockers.extend(n.blockers);
                    c.summit_suffixes.extend(n.summit_suffixes);
                    c.summit_not_before.push_str(&n.summit_not_before);
                }
                "script.toml" => {
                    let f: ScriptFile = parse_toml(name, text)?;
                    for pair in &f.pairs {
                        if let Err(problem) = script.add_pairs(pair) {
                            out.problems.push(format!("{name}: {problem}"));
                        }
                    }
                }
                _ => out
                    .problems
                    .push(format!("unknown knowledge-base file `{name}` ignored")),
            }
        }
        for p in &mut out.people {
            script.complete(&mut p.zh, &mut p.zh_hant);
            Script::add_normalized(&mut p.zh, &p.zh_hant);
        }
        for c in &mut out.countries {
            script.complete(&mut c.zh, &mut c.zh_hant);
            Script::add_normalized(&mut c.zh, &c.zh_hant);
            let mut short_hant = Vec::new();
            script.complete(&mut c.short, &mut short_hant);
            for s in short_hant {
                if !c.short.contains(&s) {
                    c.short.push(s);
                }
            }
            let mut sides_hant = Vec::new();
            script.complete(&mut c.sides, &mut sides_hant);
            for s in sides_hant {
                if !c.sides.contains(&s) {
                    c.sides.push(s);
                }
            }
        }
        for o in &mut out.organisations {
            script.complete(&mut o.zh, &mut o.zh_hant);
            Script::add_normalized(&mut o.zh, &o.zh_hant);
        }
        for p in &mut out.places {
            script.complete(&mut p.zh, &mut p.zh_hant);
            Script::add_normalized(&mut p.zh, &p.zh_hant);
        }
        for t in &mut out.roles.title {
            script.complete(&mut t.zh, &mut t.zh_hant);
            Script::add_normalized(&mut t.zh, &t.zh_hant);
        }
        let ctx = &mut out.roles.context;
        for list in [
            &mut ctx.short_prefixes,
            &mut ctx.paired,
            &mut ctx.paired_prefixes,
            &mut ctx.short_suffixes,
            &mut ctx.connectors,
            &mut ctx.zh_plural_prefixes,
            &mut ctx.blockers,
        ] {
            let mut hant = Vec::new();
            script.complete(list, &mut hant);
            for s in hant {
                if !list.contains(&s) {
                    list.push(s);
                }
            }
        }
        Ok(out)
    }
}

const TOP_FILES: [&str; 5] = [
    "script.toml",
    "countries.toml",
    "organisations.toml",
    "places.toml",
    "roles.toml",
];

fn read(path: &Path) -> Result<String, KbError> {
    std::fs::read_to_string(path).map_err(|source| KbError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a full knowledge-base directory: `countries.toml` and `roles.toml` are required.
pub(crate) fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, KbError> {
    for required in ["countries.toml", "roles.toml"] {
        let path = dir.join(required);
        if !path.is_file() {
            return Err(KbError::Io {
                path,
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "required file missing"),
            });
        }
    }
    read_dir_partial(dir)
}

/// Reads whichever knowledge-base files a directory has.
pub(crate) fn read_dir_partial(dir: &Path) -> Result<Vec<(String, String)>, KbError> {
    if !dir.is_dir() {
        return Err(KbError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
        });
    }
    let mut files = Vec::new();
    for name in TOP_FILES {
        let path = dir.join(name);
        if path.is_file() {
            files.push((name.to_string(), read(&path)?));
        }
    }
    let people = dir.join("people");
    if people.is_dir() {
        let entries = std::fs::read_dir(&people).map_err(|source| KbError::Io {
            path: people.clone(),
            source,
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((format!("people/{name}"), read(&path)?));
        }
    }
    Ok(files)
}
