//! `parley actors [QUERY]`: what the knowledge base knows about people, countries,
//! organisations and places, and how a role phrase (俄外长, "Secretary of State") resolves.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use parley_nlp::kb::{
    Country, KnowledgeBase, MentionKind, Office, Organisation, Person, Place, RoleMention,
};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `parley actors`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A readable table.
    Table,
    /// One JSON object with every match.
    Json,
}

/// Which kinds of record to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// People.
    Person,
    /// Countries and regions.
    Country,
    /// International organisations.
    Organisation,
    /// Cities and venues.
    Place,
}

/// Arguments of `parley actors`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Id or any name (a case-insensitive substring); a role phrase such as 俄外长 or
    /// "the Russian foreign minister" is also resolved. Everything when absent.
    query: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Only offices held on this date (YYYY-MM-DD); roles resolve as of it (default today).
    #[arg(long)]
    on: Option<NaiveDate>,
    /// Only this kind of record.
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// A directory laid out like data/kb whose records extend or replace the bundled ones.
    #[arg(long)]
    kb: Option<PathBuf>,
}

/// A role phrase of the query and who held it.
#[derive(Debug, Serialize)]
struct RoleRecord<'a> {
    text: &'a str,
    role: RoleMention,
    date: NaiveDate,
    holders: Vec<String>,
}

/// Everything printed.
#[derive(Debug, Serialize)]
struct Listing<'a> {
    people: Vec<PersonRecord<'a>>,
    countries: Vec<&'a Country>,
    organisations: Vec<&'a Organisation>,
    places: Vec<&'a Place>,
    roles: Vec<RoleRecord<'a>>,
}

/// A person with the offices that pass the date filter.
#[derive(Debug, Serialize)]
struct PersonRecord<'a> {
    id: &'a str,
    en: &'a [String],
    zh: &'a [String],
    zh_hant: &'a [String],
    ru: &'a [String],
    offices: Vec<&'a Office>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl<'a> PersonRecord<'a> {
    fn new(p: &'a Person, offices: Vec<&'a Office>) -> Self {
        PersonRecord {
            id: &p.id,
            en: &p.en,
            zh: &p.zh,
            zh_hant: &p.zh_hant,
            ru: &p.ru,
            offices,
            note: p.note.as_deref(),
        }
    }
}

/// How a record is matched: by exact id when some record has the query as its id,
/// otherwise by case-insensitive substring of the id or any name.
struct Query {
    text: String,
    exact: bool,
}

impl Query {
    fn matches(&self, id: &str, names: &[&[String]]) -> bool {
        if self.text.is_empty() {
            return true;
        }
        if self.exact {
            return id.to_lowercase() == self.text;
        }
        id.to_lowercase().contains(&self.text)
            || names
                .iter()
                .flat_map(|list| list.iter())
                .any(|n| n.to_lowercase().contains(&self.text))
    }
}

/// Runs the command; exit status 1 when nothing matched.
pub fn run(args: Args) -> Result<ExitCode> {
    let kb = match &args.kb {
        Some(dir) => KnowledgeBase::bundled_with(dir)
            .with_context(|| format!("loading the knowledge base from {}", dir.display()))?,
        None => KnowledgeBase::bundled().context("loading the bundled knowledge base")?,
    };
    let query = args.query.as_deref().unwrap_or("").trim();
    let lower = query.to_lowercase();
    let exact = !lower.is_empty()
        && (kb.people().iter().any(|p| p.id == lower)
            || kb
                .countries()
                .iter()
                .any(|c| c.iso3.to_lowercase() == lower)
            || kb.organisations().iter().any(|o| o.id == lower)
            || kb.places().iter().any(|p| p.id == lower));
    let q = Query { text: lower, exact };
    let wants = |k: Kind| args.kind.is_none_or(|want| want == k);
    let date = args.on.unwrap_or_else(|| chrono::Local::now().date_naive());

    let mut listing = Listing {
        people: Vec::new(),
        countries: Vec::new(),
        organisations: Vec::new(),
        places: Vec::new(),
        roles: Vec::new(),
    };
    if wants(Kind::Person) {
        for p in kb.people() {
            if !q.matches(&p.id, &[&p.en, &p.zh, &p.zh_hant, &p.ru]) {
                continue;
            }
            let shown: Vec<&Office> = p
                .offices
                .iter()
                .filter(|o| args.on.is_none_or(|d| o.covers(d)))
                .collect();
            if args.on.is_some() && shown.is_empty() {
                continue;
            }
            listing.people.push(PersonRecord::new(p, shown));
        }
    }
    if wants(Kind::Country) {
        listing.countries = kb
            .countries()
            .iter()
            .filter(|c| q.matches(&c.iso3, &[&c.en, &c.zh, &c.zh_hant, &c.short, &c.demonyms]))
            .collect();
    }
    if wants(Kind::Organisation) {
        listing.organisations = kb
            .organisations()
            .iter()
            .filter(|o| q.matches(&o.id, &[&o.en, &o.zh, &o.zh_hant]))
            .collect();
    }
    if wants(Kind::Place) {
        listing.places = kb
            .places()
            .iter()
            .filter(|p| q.matches(&p.id, &[&p.en, &p.zh, &p.zh_hant]))
            .collect();
    }
    if !query.is_empty() {
        for m in kb.find_mentions(query) {
            if let MentionKind::Role(role) = m.kind {
                let holders = kb.resolve_role(&role, date, &[]);
                let text = m.span.slice(query).unwrap_or(query);
                listing.roles.push(RoleRecord {
                    text,
                    role,
                    date,
                    holders,
                });
            }
        }
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &listing)?;
            writeln!(out)?;
        }
        Format::Table => write_table(&mut out, &kb, &listing, args.on)?,
    }
    out.flush()?;
    let found = !(listing.people.is_empty()
        && listing.countries.is_empty()
        && listing.organisations.is_empty()
        && listing.places.is_empty()
        && listing.roles.is_empty());
    Ok(if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn names(lists: &[&[String]]) -> String {
    let mut all: Vec<&str> = Vec::new();
    for n in lists.iter().flat_map(|l| l.iter()) {
        if !all.contains(&n.as_str()) {
            all.push(n);
        }
    }
    all.join(", ")
}

fn term(o: &Office) -> String {
    let to = o.to.map_or_else(|| "…".to_string(), |d| d.to_string());
    let title = o
        .title
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    format!(
        "{:<26} {:<22} {} – {}{title}",
        o.kind.as_str(),
        o.country,
        o.from,
        to
    )
}

fn write_table(
    out: &mut impl Write,
    kb: &KnowledgeBase,
    l: &Listing,
    on: Option<NaiveDate>,
) -> Result<()> {
    if !l.roles.is_empty() {
        writeln!(out, "ROLES")?;
        for r in &l.roles {
            let countries = if r.role.countries.is_empty() {
                "(no country given)".to_string()
            } else {
                r.role.countries.join("+")
            };
            let holders = if r.holders.is_empty() {
                "nobody known".to_string()
            } else {
                r.holders.join(", ")
            };
            let plural = if r.role.plural { " (plural)" } else { "" };
            writeln!(
                out,
                "  {}  {} of {countries}{plural} on {}: {holders}",
                r.text, r.role.office, r.date
            )?;
        }
        writeln!(out)?;
    }
    if !l.people.is_empty() {
        writeln!(out, "PEOPLE ({})", l.people.len())?;
        for p in &l.people {
            writeln!(
                out,
                "  {:<32} {}",
                p.id,
                names(&[p.en, p.zh, p.zh_hant, p.ru])
            )?;
            for o in &p.offices {
                writeln!(out, "      {}", term(o))?;
            }
        }
        writeln!(out)?;
    }
    if !l.countries.is_empty() {
        writeln!(out, "COUNTRIES ({})", l.countries.len())?;
        for c in &l.countries {
            writeln!(
                out,
                "  {:<5} {}",
                c.iso3,
                names(&[&c.en, &c.zh, &c.zh_hant, &c.short, &c.demonyms])
            )?;
            if let Some(date) = on {
                for office in [
                    parley_nlp::kb::OfficeKind::Leader,
                    parley_nlp::kb::OfficeKind::HeadOfState,
                    parley_nlp::kb::OfficeKind::HeadOfGovernment,
                    parley_nlp::kb::OfficeKind::ForeignMinister,
                    parley_nlp::kb::OfficeKind::DefenceMinister,
                ] {
                    let holders: Vec<&str> = kb
                        .office_holders(&c.iso3, office, date)
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect();
                    if !holders.is_empty() {
                        writeln!(out, "      {:<26} {}", office.as_str(), holders.join(", "))?;
                    }
                }
            }
        }
        writeln!(out)?;
    }
    if !l.organisations.is_empty() {
        writeln!(out, "ORGANISATIONS ({})", l.organisations.len())?;
        for o in &l.organisations {
            writeln!(out, "  {:<22} {}", o.id, names(&[&o.en, &o.zh, &o.zh_hant]))?;
            let heads: Vec<String> = kb
                .people()
                .iter()
                .flat_map(|p| p.offices.iter().map(move |t| (p, t)))
                .filter(|(_, t)| t.country == o.id && on.is_none_or(|d| t.covers(d)))
                .map(|(p, t)| format!("{} {}", p.id, term(t)))
                .collect();
            for h in heads {
                writeln!(out, "      {h}")?;
            }
        }
        writeln!(out)?;
    }
    if !l.places.is_empty() {
        writeln!(out, "PLACES ({})", l.places.len())?;
        for p in &l.places {
            writeln!(
                out,
                "  {:<22} {:<5} {}",
                p.id,
                p.country,
                names(&[&p.en, &p.zh, &p.zh_hant])
            )?;
        }
    }
    Ok(())
}
