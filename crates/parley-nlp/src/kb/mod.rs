//! The knowledge base of actors: countries, places, organisations and people with
//! time-bounded offices, plus the role vocabulary (外长, 两国领导人, "Secretary of State")
//! that lets a phrase resolve to the person holding an office on a given date.
//!
//! The facts live in TOML files under `data/kb/` (documented in `data/kb/README.md`);
//! [`KnowledgeBase::bundled`] embeds the shipped copy, [`KnowledgeBase::load_dir`] reads a
//! directory with the same layout.
//!
//! ```
//! use parley_nlp::kb::{KnowledgeBase, MentionKind};
//! let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
//! let mentions = kb.find_mentions("俄外长拉夫罗夫会见王毅");
//! assert!(matches!(&mentions[0].kind, MentionKind::Person(id) if id == "sergey-lavrov"));
//! ```

mod data;
mod matcher;
mod script;
mod validate;

use chrono::NaiveDate;
use parley_core::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use data::{Country, Office, Organisation, Person, Place};

/// Errors of loading a knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not valid TOML of the expected schema.
    #[error("cannot parse {file}: {message}")]
    Parse {
        /// The file's name.
        file: String,
        /// What the parser said.
        message: String,
    },
}

/// The kind of an office. Serialised in kebab-case (`head-of-state`, `foreign-minister`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OfficeKind {
    /// President, monarch, chairman of state.
    HeadOfState,
    /// Prime minister, premier, chancellor.
    HeadOfGovernment,
    /// The one meant by 两国领导人 / "the two leaders": per country, see
    /// [`Country::leader`]; explicit `leader` offices take precedence.
    Leader,
    /// Minister of foreign affairs (secretary of state, foreign secretary).
    ForeignMinister,
    /// Minister of defence.
    DefenceMinister,
    /// Chief security official (national security adviser, security council secretary).
    SecurityChief,
    /// Spokesperson of the head of state or government (press secretary).
    Spokesperson,
    /// Spokesperson of the foreign ministry.
    ForeignSpokesperson,
    /// Head of the ruling party (general secretary) where that is the leading office.
    PartyLeader,
    /// Vice-president.
    ViceHeadOfState,
    /// Vice-premier, deputy prime minister.
    DeputyHeadOfGovernment,
    /// Speaker or chair of the legislature.
    LegislatureHead,
    /// Head of an international organisation (secretary-general, commission president).
    OrgHead,
    /// Special envoy or representative.
    Envoy,
    /// Ambassador.
    Ambassador,
    /// Any other office; its `title` says which.
    Other,
}

impl OfficeKind {
    /// Every kind, in declaration order.
    pub const ALL: [OfficeKind; 16] = [
        OfficeKind::HeadOfState,
        OfficeKind::HeadOfGovernment,
        OfficeKind::Leader,
        OfficeKind::ForeignMinister,
        OfficeKind::DefenceMinister,
        OfficeKind::SecurityChief,
        OfficeKind::Spokesperson,
        OfficeKind::ForeignSpokesperson,
        OfficeKind::PartyLeader,
        OfficeKind::ViceHeadOfState,
        OfficeKind::DeputyHeadOfGovernment,
        OfficeKind::LegislatureHead,
        OfficeKind::OrgHead,
        OfficeKind::Envoy,
        OfficeKind::Ambassador,
        OfficeKind::Other,
    ];

    /// The kebab-case name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            OfficeKind::HeadOfState => "head-of-state",
            OfficeKind::HeadOfGovernment => "head-of-government",
            OfficeKind::Leader => "leader",
            OfficeKind::ForeignMinister => "foreign-minister",
            OfficeKind::DefenceMinister => "defence-minister",
            OfficeKind::SecurityChief => "security-chief",
            OfficeKind::Spokesperson => "spokesperson",
            OfficeKind::ForeignSpokesperson => "foreign-spokesperson",
            OfficeKind::PartyLeader => "party-leader",
            OfficeKind::ViceHeadOfState => "vice-head-of-state",
            OfficeKind::DeputyHeadOfGovernment => "deputy-head-of-government",
            OfficeKind::LegislatureHead => "legislature-head",
            OfficeKind::OrgHead => "org-head",
            OfficeKind::Envoy => "envoy",
            OfficeKind::Ambassador => "ambassador",
            OfficeKind::Other => "other",
        }
    }

    /// True for offices that one person holds at a time in one country, whose terms
    /// must not overlap.
    pub fn is_exclusive(self) -> bool {
        matches!(
            self,
            OfficeKind::HeadOfState
                | OfficeKind::HeadOfGovernment
                | OfficeKind::Leader
                | OfficeKind::ForeignMinister
                | OfficeKind::DefenceMinister
                | OfficeKind::PartyLeader
                | OfficeKind::OrgHead
        )
    }

    /// True for the kinds that, said of an organisation, mean its head.
    fn is_head(self) -> bool {
        matches!(
            self,
            OfficeKind::HeadOfState
                | OfficeKind::HeadOfGovernment
                | OfficeKind::Leader
                | OfficeKind::OrgHead
        )
    }
}

impl fmt::Display for OfficeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for OfficeKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OfficeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown office kind `{s}`"))
    }
}

/// One actor, place, organisation or role found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorMention {
    /// Where it is, in bytes of the text searched.
    pub span: Span,
    /// What it is.
    pub kind: MentionKind,
}

/// What a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum MentionKind {
    /// A person, by id.
    Person(String),
    /// A country by ISO 3166 alpha-3, named in full, by a short form (中俄) or a side (中方).
    Country(String),
    /// An international organisation, by id.
    Organisation(String),
    /// A city or venue, with its country.
    Place {
        /// Place id (`new-york`).
        id: String,
        /// ISO 3166 alpha-3 of its country.
        country: String,
    },
    /// An office named instead of a person (俄外长, 两国领导人, "the two presidents").
    Role(RoleMention),
}

/// A meeting named by its two leaders' one-character summit forms (川习会).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summit {
    /// The whole nickname, suffix included, in bytes of the text searched.
    pub span: Span,
    /// The two people, each at the span of their form.
    pub people: [ActorMention; 2],
}

/// An office named in the text, to be resolved with [`KnowledgeBase::resolve_role`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleMention {
    /// Which office.
    pub office: OfficeKind,
    /// Countries (or organisation ids) the text attaches to it: 中俄两国领导人 → [CHN, RUS];
    /// a title that implies its country (国家主席, "Secretary of State") fills it too;
    /// empty when the text leaves it implicit.
    pub countries: Vec<String>,
    /// True for a role of several people (两国领导人, "the two presidents").
    pub plural: bool,
}

/// The knowledge base: facts plus a matcher built once over every name.
#[derive(Debug)]
pub struct KnowledgeBase {
    people: Vec<Person>,
    countries: Vec<Country>,
    organisations: Vec<Organisation>,
    places: Vec<Place>,
    roles: data::RolesFile,
    person_index: HashMap<String, usize>,
    country_index: HashMap<String, usize>,
    org_index: HashMap<String, usize>,
    place_index: HashMap<String, usize>,
    /// (country or org, office) → (person index, office index) of every term.
    terms: HashMap<(String, OfficeKind), Vec<(usize, usize)>>,
    matcher: matcher::Matcher,
    /// Summit forms (习, 川) with the person index, sorted, for nicknames such as 川习会.
    summit_forms: Vec<(char, usize)>,
    /// A finder per summit suffix (会).
    summit_suffixes: Vec<memchr::memmem::Finder<'static>>,
    /// Problems found while loading (duplicate ids, name collisions), reported by validate.
    load_problems: Vec<String>,
}

impl KnowledgeBase {
    /// The knowledge base shipped in data/kb (embedded with include_str! so the binary works anywhere).
    pub fn bundled() -> Result<KnowledgeBase, KbError> {
        let files: Vec<(String, String)> = data::BUNDLED
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        Self::from_files(&files, false)
    }

    /// Loads a directory with the same layout (user extensions / overrides).
    ///
    /// The directory holds `countries.toml`, `places.toml`, `organisations.toml`,
    /// `roles.toml`, optionally `script.toml`, and any number of `people/*.toml`.
    pub fn load_dir(dir: &Path) -> Result<KnowledgeBase, KbError> {
        Self::from_files(&data::read_dir(dir)?, false)
    }

    /// The bundled knowledge base extended by the files of `dir` (same layout, every file
    /// optional): records whose id is already known replace the bundled ones.
    pub fn bundled_with(dir: &Path) -> Result<KnowledgeBase, KbError> {
        let mut files: Vec<(String, String)> = data::BUNDLED
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        files.extend(data::read_dir_partial(dir)?);
        Self::from_files(&files, true)
    }

    fn from_files(files: &[(String, String)], replace: bool) -> Result<KnowledgeBase, KbError> {
        let loaded = data::Loaded::parse(files, replace)?;
        Ok(Self::build(loaded))
    }

    fn build(loaded: data::Loaded) -> KnowledgeBase {
        let data::Loaded {
            people,
            countries,
            organisations,
            places,
            roles,
            mut problems,
        } = loaded;
        let person_index = index(
            people.iter().map(|p| p.id.as_str()),
            "person",
            &mut problems,
        );
        let country_index = index(
            countries.iter().map(|c| c.iso3.as_str()),
            "country",
            &mut problems,
        );
        let org_index = index(
            organisations.iter().map(|o| o.id.as_str()),
            "organisation",
            &mut problems,
        );
        let place_index = index(places.iter().map(|p| p.id.as_str()), "place", &mut problems);
        let mut terms: HashMap<(String, OfficeKind), Vec<(usize, usize)>> = HashMap::new();
        for (pi, person) in people.iter().enumerate() {
            for (oi, office) in person.offices.iter().enumerate() {
                terms
                    .entry((office.country.clone(), office.kind))
                    .or_default()
                    .push((pi, oi));
            }
        }
        let (matcher, collisions) =
            matcher::Matcher::build(&people, &countries, &organisations, &places, &roles);
        problems.extend(collisions);
        let summit_forms = summit_forms(&people, &mut problems);
        let summit_suffixes = roles
            .context
            .summit_suffixes
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| memchr::memmem::Finder::new(s.as_bytes()).into_owned())
            .collect();
        KnowledgeBase {
            people,
            countries,
            organisations,
            places,
            roles,
            person_index,
            country_index,
            org_index,
            place_index,
            terms,
            matcher,
            summit_forms,
            summit_suffixes,
            load_problems: problems,
        }
    }

    /// Every actor, place, organisation and role mention in `text`, leftmost-longest, non-overlapping, in order.
    ///
    /// A role directly followed by a person's name (俄外长拉夫罗夫, "President Xi Jinping")
    /// yields only the person; a title directly after a person's name (王毅外长, 普京总统)
    /// is dropped when that person ever held such an office.
    ///
    /// The text is normalised first ([`crate::text::normalize`]: the names are matched in
    /// simplified, half-width form); spans point into `text` as given.
    pub fn find_mentions(&self, text: &str) -> Vec<ActorMention> {
        if crate::text::is_normalized(text) {
            return self.matcher.find(self, text);
        }
        let norm = crate::text::normalize(text);
        let mut mentions = self.matcher.find(self, &norm.text);
        for m in &mut mentions {
            m.span = norm.to_original(m.span);
        }
        mentions
    }

    /// [`KnowledgeBase::find_mentions`] on text already normalised.
    pub(crate) fn find_mentions_normalized(&self, normalized: &str) -> Vec<ActorMention> {
        self.matcher.find(self, normalized)
    }

    /// Meetings named by their two leaders' summit forms (川习会, 习拜会) in `normalized`
    /// text, given the `mentions` already found there: a nickname never overlaps a
    /// mention (川普会见 is Trump meeting someone, not 川 and 普), and the suffix does not
    /// start a longer word (会见, 会议).
    pub fn find_summits(&self, normalized: &str, mentions: &[ActorMention]) -> Vec<Summit> {
        if self.summit_forms.is_empty() {
            return Vec::new();
        }
        let form = |c: char| {
            self.summit_forms
                .binary_search_by_key(&c, |&(f, _)| f)
                .ok()
                .map(|i| self.summit_forms[i].1)
        };
        let not_before = &self.roles.context.summit_not_before;
        let mut out = Vec::new();
        for finder in &self.summit_suffixes {
            for at in finder.find_iter(normalized.as_bytes()) {
                let end = at + finder.needle().len();
                let mut before = normalized[..at].char_indices().rev();
                let Some((second_at, second)) = before.next() else {
                    continue;
                };
                // Most hits (会见, 开会) end here: the character before is no form.
                let Some(b) = form(second) else {
                    continue;
                };
                let Some((first_at, first)) = before.next() else {
                    continue;
                };
                let Some(a) = form(first) else {
                    continue;
                };
                let span = Span::new(first_at, end);
                if a == b
                    || normalized[end..]
                        .chars()
                        .next()
                        .is_some_and(|c| not_before.contains(c))
                    || mentions.iter().any(|m| m.span.overlaps(span))
                {
                    continue;
                }
                let person = |at: usize, c: char, i: usize| ActorMention {
                    span: Span::new(at, at + c.len_utf8()),
                    kind: MentionKind::Person(self.people[i].id.clone()),
                };
                out.push(Summit {
                    span,
                    people: [person(first_at, first, a), person(second_at, second, b)],
                });
            }
        }
        out.sort_by_key(|s| s.span.start);
        out
    }

    /// The people holding `office` of `country` on `date` (usually one).
    ///
    /// `country` is an ISO 3166 alpha-3 code or an organisation id. For
    /// [`OfficeKind::Leader`], explicit `leader` offices count first, then the office the
    /// country names as its leader.
    pub fn office_holders(
        &self,
        country: &str,
        office: OfficeKind,
        date: NaiveDate,
    ) -> Vec<&Person> {
        let direct = self.holders(country, office, date);
        if office != OfficeKind::Leader || !direct.is_empty() {
            return direct;
        }
        match self.country(country) {
            Some(c) if c.leader != OfficeKind::Leader => self.holders(country, c.leader, date),
            _ => Vec::new(),
        }
    }

    fn holders(&self, country: &str, office: OfficeKind, date: NaiveDate) -> Vec<&Person> {
        let Some(terms) = self.terms.get(&(country.to_string(), office)) else {
            return Vec::new();
        };
        let mut out: Vec<&Person> = Vec::new();
        for &(pi, oi) in terms {
            let person = &self.people[pi];
            if person.offices[oi].covers(date) && !out.iter().any(|p| p.id == person.id) {
                out.push(person);
            }
        }
        out
    }

    /// Resolves a role mention as of `date`; `context` are countries named nearby (for 两国领导人 / "the two presidents" without explicit countries).
    ///
    /// A plural role resolves for each of its countries (or, without any, each context
    /// country); a singular role needs exactly one country, from the mention or else
    /// from a context of one country, and resolves to nobody when that is ambiguous.
    /// Returns sorted, de-duplicated person ids.
    pub fn resolve_role(
        &self,
        role: &RoleMention,
        date: NaiveDate,
        context: &[String],
    ) -> Vec<String> {
        let countries: Vec<&String> = if role.countries.is_empty() {
            let mut ctx: Vec<&String> = Vec::new();
            for c in context {
                if !ctx.contains(&c) {
                    ctx.push(c);
                }
            }
            ctx
        } else {
            role.countries.iter().collect()
        };
        if !role.plural && countries.len() != 1 {
            return Vec::new();
        }
        let mut ids: Vec<String> = Vec::new();
        for country in countries {
            let office = if self.org_index.contains_key(country.as_str()) && role.office.is_head() {
                OfficeKind::OrgHead
            } else {
                role.office
            };
            for person in self.office_holders(country, office, date) {
                ids.push(person.id.clone());
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }

    /// The person with this id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.person_index.get(id).map(|&i| &self.people[i])
    }

    /// The country (or region) with this ISO 3166 alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.country_index.get(iso3).map(|&i| &self.countries[i])
    }

    /// The place with this id.
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.place_index.get(id).map(|&i| &self.places[i])
    }

    /// The organisation with this id.
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.org_index.get(id).map(|&i| &self.organisations[i])
    }

    /// Every person, in file order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// Every country and region, in file order.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Every organisation, in file order.
    pub fn organisations(&self) -> &[Organisation] {
        &self.organisations
    }

    /// Every place, in file order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Checks consistency: ids unique, no overlapping terms for one office, every name resolves, dates ordered. Returns every problem found.
    pub fn validate(&self) -> Vec<String> {
        validate::validate(self)
    }
}

/// The summit forms of `people`, each one character and of one person, sorted.
fn summit_forms(people: &[Person], problems: &mut Vec<String>) -> Vec<(char, usize)> {
    let mut forms: HashMap<char, usize> = HashMap::new();
    for (i, person) in people.iter().enumerate() {
        for form in &person.summit {
            let mut chars = form.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                problems.push(format!(
                    "person `{}`: summit form `{form}` is not one character",
                    person.id
                ));
                continue;
            };
            if let Some(other) = forms.insert(c, i) {
                if other != i {
                    problems.push(format!(
                        "summit form `{form}` is given to `{}` and `{}`",
                        people[other].id, person.id
                    ));
                }
            }
        }
    }
    let mut forms: Vec<(char, usize)> = forms.into_iter().collect();
    forms.sort_unstable();
    forms
}

fn index<'a>(
    ids: impl Iterator<Item = &'a str>,
    what: &str,
    problems: &mut Vec<String>,
) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if map.insert(id.to_string(), i).is_some() {
            problems.push(format!("duplicate {what} id `{id}`"));
        }
    }
    map
}
