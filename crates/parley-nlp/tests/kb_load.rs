//! Loading knowledge bases from directories: the repository's data/kb, user extensions
//! over the bundled files, and errors for missing or malformed files.

use chrono::NaiveDate;
use parley_nlp::kb::{KbError, KnowledgeBase, MentionKind, OfficeKind};
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parley-kb-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("people")).expect("temp dir is writable");
    dir
}

#[test]
fn the_repository_directory_loads_like_the_bundled_copy() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/kb");
    let loaded = KnowledgeBase::load_dir(&dir).expect("data/kb loads");
    let bundled = KnowledgeBase::bundled().expect("bundled knowledge base parses");
    assert_eq!(loaded.people().len(), bundled.people().len());
    assert_eq!(loaded.countries().len(), bundled.countries().len());
}

#[test]
fn a_user_directory_extends_and_replaces_bundled_records() {
    let dir = scratch("extend");
    std::fs::write(
        dir.join("people/extra.toml"),
        r#"
[[person]]
id = "ada-example"
en = ["Ada Example"]
zh = ["艾达·伊格赞普"]
offices = [{ country = "ISL", kind = "foreign-minister", title = "Minister for Foreign Affairs", from = "2040-01-01" }]

[[person]]
id = "wang-yi"
en = ["Wang Yi"]
zh = ["王毅", "王部长"]
offices = [{ country = "CHN", kind = "foreign-minister", from = "2023-07-25" }]
"#,
    )
    .expect("write extension");
    let kb = KnowledgeBase::bundled_with(&dir).expect("extension loads");
    assert!(kb.validate().is_empty(), "{:?}", kb.validate());
    let found: Vec<MentionKind> = kb
        .find_mentions("艾达·伊格赞普会见王部长")
        .into_iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(
        found,
        [
            MentionKind::Person("ada-example".into()),
            MentionKind::Person("wang-yi".into())
        ]
    );
    let on = NaiveDate::from_ymd_opt(2041, 1, 1).expect("valid date");
    let holders: Vec<&str> = kb
        .office_holders("ISL", OfficeKind::ForeignMinister, on)
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(holders, ["ada-example"]);
    assert_eq!(
        kb.people().iter().filter(|p| p.id == "wang-yi").count(),
        1,
        "replaced, not duplicated"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_and_malformed_files_are_errors() {
    let missing = std::env::temp_dir().join("parley-kb-does-not-exist");
    assert!(matches!(
        KnowledgeBase::load_dir(&missing),
        Err(KbError::Io { .. })
    ));
    let dir = scratch("bad");
    std::fs::write(dir.join("countries.toml"), "country = [ { iso3 = ").expect("write");
    std::fs::write(dir.join("roles.toml"), "").expect("write");
    assert!(matches!(
        KnowledgeBase::load_dir(&dir),
        Err(KbError::Parse { .. })
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn validation_reports_overlaps_and_unknown_countries() {
    let dir = scratch("invalid");
    std::fs::write(
        dir.join("countries.toml"),
        r#"country = [{ iso3 = "AAA", en = ["Aland Example"] }]"#,
    )
    .expect("write");
    std::fs::write(dir.join("roles.toml"), "").expect("write");
    std::fs::write(
        dir.join("people/p.toml"),
        r#"
[[person]]
id = "one"
en = ["One Example"]
summit = ["一", "壹号"]
offices = [{ country = "AAA", kind = "head-of-state", from = "2020-01-01", to = "2022-01-01" }]

[[person]]
id = "two"
en = ["Two Example"]
summit = ["一"]
offices = [
  { country = "AAA", kind = "head-of-state", from = "2021-01-01" },
  { country = "ZZZ", kind = "foreign-minister", from = "2021-01-01", to = "2020-01-01" },
]
"#,
    )
    .expect("write");
    let kb = KnowledgeBase::load_dir(&dir).expect("loads");
    let problems = kb.validate().join("\n");
    assert!(problems.contains("overlap"), "{problems}");
    assert!(
        problems.contains("unknown country or organisation `ZZZ`"),
        "{problems}"
    );
    assert!(problems.contains("before it starts"), "{problems}");
    assert!(
        problems.contains("summit form `壹号` is not one character"),
        "{problems}"
    );
    assert!(
        problems.contains("summit form `一` is given to `one` and `two`"),
        "{problems}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn traditional_and_full_width_text_is_matched_with_spans_into_it() {
    let kb = KnowledgeBase::bundled().expect("bundled knowledge base parses");
    let text = "俄羅斯外長拉夫羅夫會見ＡＢＣ記者";
    let mentions = kb.find_mentions(text);
    let lavrov = mentions
        .iter()
        .find(|m| matches!(&m.kind, MentionKind::Person(id) if id == "sergey-lavrov"))
        .expect("Lavrov found in traditional script");
    assert_eq!(&text[lavrov.span.range()], "拉夫羅夫");
    // Simplified text gives the same mentions, spans unchanged.
    let simple = "俄罗斯外长拉夫罗夫会见记者";
    let found = kb.find_mentions(simple);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&simple[found[0].span.range()], "拉夫罗夫");
}
