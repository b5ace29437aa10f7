//! Table-driven resolution of actor and role phrases as of a date: the same phrase names
//! different people in different years, in simplified, traditional and English text.

use chrono::NaiveDate;
use parley_nlp::kb::{KnowledgeBase, MentionKind};
use std::sync::OnceLock;

fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| KnowledgeBase::bundled().expect("bundled knowledge base parses"))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test dates are valid")
}

/// Every mention of `text` resolved as of `on`: people and roles to person ids, countries
/// to ISO codes, places to `place:id`, organisations to `org:id`; sorted.
fn resolve(text: &str, on: &str, context: &[&str]) -> Vec<String> {
    let kb = kb();
    let context: Vec<String> = context.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for m in kb.find_mentions(text) {
        match m.kind {
            MentionKind::Person(id) => out.push(id),
            MentionKind::Country(c) => out.push(c),
            MentionKind::Organisation(o) => out.push(format!("org:{o}")),
            MentionKind::Place { id, .. } => out.push(format!("place:{id}")),
            MentionKind::Role(role) => out.extend(kb.resolve_role(&role, date(on), &context)),
        }
    }
    out.sort();
    out
}

/// (text, date, context countries, expected ids)
const CASES: &[(&str, &str, &[&str], &[&str])] = &[
    // The same office, different holders over time.
    ("美国总统", "2019-06-01", &[], &["donald-trump"]),
    ("美国总统", "2022-06-01", &[], &["joe-biden"]),
    ("美国总统", "2025-03-01", &[], &["donald-trump"]),
    ("美国总统", "2015-03-01", &[], &["barack-obama"]),
    ("英国首相", "2023-01-15", &[], &["rishi-sunak"]),
    ("英国首相", "2024-08-01", &[], &["keir-starmer"]),
    ("英国首相", "2018-03-01", &[], &["theresa-may"]),
    ("日本首相", "2021-06-01", &[], &["yoshihide-suga"]),
    ("日本首相", "2024-06-01", &[], &["fumio-kishida"]),
    ("日本首相", "2025-02-07", &[], &["shigeru-ishiba"]),
    ("日本首相", "2025-11-15", &[], &["sanae-takaichi"]),
    ("俄外长", "2025-01-01", &[], &["sergey-lavrov"]),
    ("中国外长", "2023-03-15", &[], &["qin-gang"]),
    ("中国外长", "2024-05-01", &[], &["wang-yi"]),
    ("中国外长", "2012-05-01", &[], &["yang-jiechi"]),
    ("俄罗斯总统", "2010-01-01", &[], &["dmitry-medvedev"]),
    ("俄罗斯总统", "2021-01-01", &[], &["vladimir-putin"]),
    ("国家主席", "2012-06-01", &[], &["hu-jintao"]),
    ("国家主席", "2020-06-01", &[], &["xi-jinping"]),
    ("国务院总理", "2020-06-01", &[], &["li-keqiang"]),
    ("国务院总理", "2024-06-01", &[], &["li-qiang"]),
    ("俄总统新闻秘书", "2024-06-01", &[], &["dmitry-peskov"]),
    ("俄防长", "2020-06-01", &[], &["sergei-shoigu"]),
    ("中央外办主任", "2025-01-22", &[], &["wang-yi"]),
    ("中央外办主任", "2020-01-22", &[], &["yang-jiechi"]),
    ("俄防长", "2025-06-01", &[], &["andrei-belousov"]),
    (
        "俄罗斯联邦安全会议秘书",
        "2023-06-01",
        &[],
        &["nikolai-patrushev"],
    ),
    (
        "俄罗斯联邦安全会议秘书",
        "2025-06-01",
        &[],
        &["sergei-shoigu"],
    ),
    ("美防长", "2025-09-09", &[], &["pete-hegseth"]),
    ("美防长", "2022-09-09", &[], &["lloyd-austin"]),
    ("美国务卿", "2024-10-01", &[], &["antony-blinken"]),
    ("法国外长", "2024-09-24", &[], &["jean-noel-barrot"]),
    ("法国外长", "2023-06-01", &[], &["catherine-colonna"]),
    ("德国总理", "2020-06-01", &[], &["angela-merkel"]),
    ("德国总理", "2023-06-01", &[], &["olaf-scholz"]),
    ("德国总理", "2025-06-01", &[], &["friedrich-merz"]),
    ("印度总理", "2012-06-01", &[], &["manmohan-singh"]),
    ("韩国总统", "2018-06-01", &[], &["moon-jae-in"]),
    ("韩国总统", "2023-06-01", &[], &["yoon-suk-yeol"]),
    ("韩国总统", "2025-08-25", &[], &["lee-jae-myung"]),
    ("伊朗外长", "2023-09-05", &[], &["hossein-amir-abdollahian"]),
    ("伊朗外长", "2025-06-14", &[], &["abbas-araghchi"]),
    ("以色列总理", "2022-08-01", &[], &["yair-lapid"]),
    ("以色列总理", "2024-08-01", &[], &["benjamin-netanyahu"]),
    ("乌克兰总统", "2018-06-01", &[], &["petro-poroshenko"]),
    ("乌克兰总统", "2022-06-01", &[], &["volodymyr-zelensky"]),
    ("巴西总统", "2021-06-01", &[], &["jair-bolsonaro"]),
    ("加拿大总理", "2026-01-15", &[], &["mark-carney"]),
    ("联合国秘书长", "2016-06-01", &[], &["ban-ki-moon"]),
    ("联合国秘书长", "2020-09-23", &[], &["antonio-guterres"]),
    (
        "欧盟委员会主席",
        "2022-04-01",
        &[],
        &["ursula-von-der-leyen"],
    ),
    ("欧洲理事会主席", "2022-04-01", &[], &["charles-michel"]),
    ("欧洲理事会主席", "2026-02-24", &[], &["antonio-costa"]),
    // Plural roles, with explicit or contextual countries.
    (
        "两国领导人",
        "2023-03-21",
        &["CHN", "RUS"],
        &["vladimir-putin", "xi-jinping"],
    ),
    (
        "中俄两国领导人",
        "2023-03-21",
        &[],
        &["vladimir-putin", "xi-jinping"],
    ),
    (
        "中美两国元首",
        "2017-11-09",
        &[],
        &["donald-trump", "xi-jinping"],
    ),
    (
        "两国元首",
        "2025-04-30",
        &["CHN", "BRA"],
        &["luiz-inacio-lula-da-silva", "xi-jinping"],
    ),
    (
        "两国外长",
        "2024-06-01",
        &["CHN", "RUS"],
        &["sergey-lavrov", "wang-yi"],
    ),
    (
        "中日两国领导人",
        "2024-11-15",
        &[],
        &["shigeru-ishiba", "xi-jinping"],
    ),
    (
        "the two presidents",
        "2018-07-16",
        &["USA", "RUS"],
        &["donald-trump", "vladimir-putin"],
    ),
    (
        "the two leaders",
        "2023-11-15",
        &["CHN", "USA"],
        &["joe-biden", "xi-jinping"],
    ),
    // Traditional script and Taiwan / Hong Kong usages.
    ("美國總統", "2018-06-01", &[], &["donald-trump"]),
    ("川普", "2018-06-01", &[], &["donald-trump"]),
    ("普欽", "2024-01-01", &[], &["vladimir-putin"]),
    ("艾爾段", "2024-01-01", &[], &["recep-tayyip-erdogan"]),
    ("范德賴恩", "2026-02-24", &[], &["ursula-von-der-leyen"]),
    ("習近平", "2026-01-01", &[], &["xi-jinping"]),
    ("俄羅斯總統", "2021-01-01", &[], &["vladimir-putin"]),
    ("中國外長", "2023-03-15", &[], &["qin-gang"]),
    (
        "兩國領導人",
        "2023-03-21",
        &["CHN", "RUS"],
        &["vladimir-putin", "xi-jinping"],
    ),
    ("基輔", "2024-01-01", &[], &["place:kyiv"]),
    ("基辅", "2024-01-01", &[], &["place:kyiv"]),
    // English.
    (
        "the Russian foreign minister",
        "2020-06-01",
        &[],
        &["sergey-lavrov"],
    ),
    ("Secretary of State", "2017-04-16", &[], &["rex-tillerson"]),
    ("Secretary of State", "2019-06-01", &[], &["mike-pompeo"]),
    ("Secretary of State", "2025-06-01", &[], &["marco-rubio"]),
    (
        "Russia's foreign minister",
        "2022-06-01",
        &[],
        &["sergey-lavrov"],
    ),
    (
        "the Prime Minister of Japan",
        "2015-06-01",
        &[],
        &["shinzo-abe"],
    ),
    ("US President Joe Biden", "2024-04-11", &[], &["joe-biden"]),
    ("President Xi Jinping", "2024-04-11", &[], &["xi-jinping"]),
    ("Prime Minister Modi", "2024-10-01", &[], &["narendra-modi"]),
    ("Putin's", "2024-01-01", &[], &["vladimir-putin"]),
    // A role attached to a name yields the person alone.
    ("俄外长拉夫罗夫", "2025-01-01", &[], &["sergey-lavrov"]),
    ("王毅外长", "2025-01-01", &[], &["wang-yi"]),
    (
        "中共中央政治局委员、外交部长王毅",
        "2024-09-24",
        &[],
        &["wang-yi"],
    ),
    ("法国外长巴罗", "2024-09-24", &[], &["jean-noel-barrot"]),
    ("国家主席习近平", "2024-09-24", &[], &["xi-jinping"]),
    (
        "两国领导人、习近平",
        "2024-05-16",
        &["CHN", "RUS"],
        &["vladimir-putin", "xi-jinping", "xi-jinping"],
    ),
    // Boundaries: short forms only in compounds, names only as whole words.
    ("美丽的中心", "2024-01-01", &[], &[]),
    ("其中美国", "2024-01-01", &[], &["USA"]),
    ("中俄", "2024-01-01", &[], &["CHN", "RUS"]),
    ("中方", "2024-01-01", &[], &["CHN"]),
    ("以方便联系", "2024-01-01", &[], &[]),
    ("访华", "2024-01-01", &[], &["CHN"]),
    ("俄军", "2024-01-01", &[], &["RUS"]),
    ("Putinism and trumpets", "2024-01-01", &[], &[]),
    ("拉马福萨", "2024-01-01", &[], &["cyril-ramaphosa"]),
    ("欧美国家", "2024-01-01", &[], &[]),
    ("马伊哈说", "2024-01-01", &[], &[]),
    ("马伊加说", "2024-01-01", &[], &["choguel-maiga"]),
    ("越来越多", "2024-01-01", &[], &[]),
    ("哈哈", "2024-01-01", &[], &[]),
    ("华中科技大学", "2024-01-01", &[], &[]),
    ("美国白宫", "2024-01-01", &[], &["USA", "place:washington"]),
    ("中加关系", "2024-01-01", &[], &["CAN", "CHN"]),
    ("以伊关系", "2024-01-01", &[], &["IRN", "ISR"]),
    ("对华合作", "2024-01-01", &[], &["CHN"]),
    ("韩美同盟", "2024-01-01", &[], &["KOR", "USA"]),
    // Buildings that stand for their city are places, not countries (白 is Belarus's
    // short form only in compounds).
    ("白宫", "2024-01-01", &[], &["place:washington"]),
    (
        "特朗普在白宫会见",
        "2025-04-01",
        &[],
        &["donald-trump", "place:washington"],
    ),
    ("白宮", "2024-01-01", &[], &["place:washington"]),
    ("the White House", "2024-01-01", &[], &["place:washington"]),
    ("克里姆林宫", "2024-01-01", &[], &["place:moscow"]),
    ("克宫", "2024-01-01", &[], &["place:moscow"]),
    ("爱丽舍宫", "2024-01-01", &[], &["place:paris"]),
    ("唐宁街", "2024-01-01", &[], &["place:london"]),
    ("中南海", "2024-01-01", &[], &["place:beijing"]),
    ("人民大会堂", "2024-01-01", &[], &["place:beijing"]),
    ("中白关系", "2024-01-01", &[], &["BLR", "CHN"]),
    // The simplified spelling of a traditional-only alias (OpenCC t2s runs first).
    ("艾尔段", "2024-01-01", &[], &["recep-tayyip-erdogan"]),
    ("普钦", "2024-01-01", &[], &["vladimir-putin"]),
    // Major cities of G20 members.
    ("金奈", "2024-01-01", &[], &["place:chennai"]),
    ("加尔各答", "2024-01-01", &[], &["place:kolkata"]),
    ("班加罗尔", "2024-01-01", &[], &["place:bengaluru"]),
    ("海得拉巴", "2024-01-01", &[], &["place:hyderabad"]),
    ("艾哈迈达巴德", "2024-01-01", &[], &["place:ahmedabad"]),
    ("孟买", "2024-01-01", &[], &["place:mumbai"]),
    // One-character short forms never fire inside transliterated names.
    (
        "雷杰普·塔伊普·埃尔多安",
        "2024-01-01",
        &[],
        &["recep-tayyip-erdogan"],
    ),
    ("阿卜杜勒·塔伊布·伊德里斯说", "2024-01-01", &[], &[]),
    (
        "塔伊普·埃尔多安",
        "2024-01-01",
        &[],
        &["recep-tayyip-erdogan"],
    ),
];

#[test]
fn phrases_resolve_as_of_their_date() {
    let mut failures = Vec::new();
    for (text, on, context, want) in CASES {
        let got = resolve(text, on, context);
        if got != *want {
            failures.push(format!(
                "{text} @ {on} {context:?}: got {got:?}, want {want:?}"
            ));
        }
    }
    assert!(CASES.len() >= 50);
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn a_date_in_the_digits_is_not_japan() {
    let kb = kb();
    for m in kb.find_mentions("25日外长会晤") {
        if let MentionKind::Role(role) = &m.kind {
            assert!(!role.countries.contains(&"JPN".to_string()), "{m:?}");
        }
        assert_ne!(m.kind, MentionKind::Country("JPN".into()));
    }
}

#[test]
fn spans_point_at_the_names() {
    let kb = kb();
    let text = "当地时间2024年9月24日，王毅在纽约会见法国外长巴罗。";
    let found: Vec<(&str, MentionKind)> = kb
        .find_mentions(text)
        .into_iter()
        .map(|m| (&text[m.span.range()], m.kind))
        .collect();
    assert_eq!(
        found,
        vec![
            ("王毅", MentionKind::Person("wang-yi".into())),
            (
                "纽约",
                MentionKind::Place {
                    id: "new-york".into(),
                    country: "USA".into()
                }
            ),
            ("巴罗", MentionKind::Person("jean-noel-barrot".into())),
        ]
    );
}

#[test]
fn office_holders_follow_terms() {
    let kb = kb();
    let ids = |country: &str, office, on: &str| -> Vec<String> {
        kb.office_holders(country, office, date(on))
            .iter()
            .map(|p| p.id.clone())
            .collect()
    };
    use parley_nlp::kb::OfficeKind::*;
    assert_eq!(ids("USA", HeadOfState, "2021-01-19"), ["donald-trump"]);
    assert_eq!(ids("USA", HeadOfState, "2021-01-20"), ["joe-biden"]);
    assert_eq!(ids("CHN", Leader, "2012-12-01"), ["xi-jinping"]);
    assert_eq!(ids("JPN", Leader, "2024-06-01"), ["fumio-kishida"]);
    assert_eq!(ids("RUS", Leader, "2024-06-01"), ["vladimir-putin"]);
    assert_eq!(ids("un", OrgHead, "2024-06-01"), ["antonio-guterres"]);
    assert!(
        ids("CHN", DefenceMinister, "2023-11-15").is_empty(),
        "the post was vacant"
    );
}

/// The people each summit nickname of `text` (normalised) names, in order.
fn summits(text: &str) -> Vec<Vec<String>> {
    let kb = kb();
    let mentions = kb.find_mentions(text);
    kb.find_summits(text, &mentions)
        .into_iter()
        .map(|s| {
            assert_eq!(&text[s.span.range()].chars().last(), &Some('会'));
            s.people
                .iter()
                .map(|p| match &p.kind {
                    MentionKind::Person(id) => id.clone(),
                    other => panic!("a summit names people, not {other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn summit_nicknames_name_their_two_leaders() {
    assert_eq!(
        summits("今年4月在习近平访美的“川习会”期间"),
        [["donald-trump", "xi-jinping"]]
    );
    assert_eq!(
        summits("外界关注习拜会与普金会"),
        [
            ["xi-jinping", "joe-biden"],
            ["vladimir-putin", "kim-jong-un"]
        ]
    );
    // A name is not a nickname (川普 is Trump), nor a word is (学习会), nor one person
    // twice (川特会), nor a suffix that starts a word (会见, 会议).
    assert!(summits("川普会见了习近平").is_empty());
    assert!(summits("双方举行学习会").is_empty());
    assert!(summits("所谓川特会").is_empty());
    assert!(summits("习拜会见记者").is_empty());
    assert!(summits("普金会议").is_empty());
}
