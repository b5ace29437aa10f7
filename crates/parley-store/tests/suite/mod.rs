//! The behaviour every [`Store`] backend must show, one generic function per behaviour.
//! A backend's test file instantiates them all with [`store_suite!`].

#![allow(dead_code)] // each test binary uses the helpers it needs

use chrono::{DateTime, NaiveDate};
use parley_core::{
    Document, Event, EventMention, EventMode, EventStatus, Evidence, Span, TextField, TimeInterval,
    Timestamp,
};
use parley_extract::merge::{Geography, NoGeography};
use parley_store::{ChangeMark, EventQuery, Store, StoreError};

/// Instantiates every behaviour for one backend. `$make` is an expression yielding
/// `(guard, store)`: the guard (e.g. a temporary directory) lives until the test ends;
/// the store must be empty and use [`geography`].
#[macro_export]
macro_rules! store_suite {
    ($make:expr) => {
        $crate::store_suite!(@tests $make;
            documents_round_trip,
            same_fingerprint_twice_changes_nothing,
            same_url_twice_changes_nothing,
            mentions_of_one_meeting_merge_into_one_event,
            a_day_mention_refines_a_month_event,
            different_days_stay_apart,
            planned_links_to_a_later_occurrence,
            occurrence_stored_first_links_to_a_later_plan,
            conflicting_locations_stay_apart,
            filters_by_actor_country_mode_status_dates,
            limit_and_order,
            searches_chinese_substrings_and_english_words,
            search_folds_traditional_and_simplified,
            a_bad_document_in_a_batch_leaves_no_trace,
            for_each_event_visits_all_and_stops_on_error,
            events_changed_since_a_mark_are_visited,
            missing_things_are_none,
            feed_state_round_trips,
        );
    };
    (@tests $make:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let (_guard, store) = $make;
                $crate::suite::$name(store);
            }
        )*
    };
}

/// The geography the suite's stores use: a few cities and people.
pub fn geography() -> Box<dyn Geography + Send + Sync> {
    struct Known;
    impl Geography for Known {
        fn country_of(&self, id: &str) -> Option<String> {
            let known = match id {
                "moscow" => "RUS",
                "beijing" => "CHN",
                "johannesburg" => "ZAF",
                "riyadh" => "SAU",
                "wang-yi" | "xi-jinping" => "CHN",
                "sergey-lavrov" | "vladimir-putin" => "RUS",
                "marco-rubio" => "USA",
                _ => return NoGeography.country_of(id),
            };
            Some(known.to_string())
        }
    }
    Box::new(Known)
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// A document with a body and one caption.
pub fn doc(title: &str, body: &str, url: Option<&str>) -> Document {
    Document {
        id: parley_core::fingerprint(Some(title), body),
        origin: format!("test/{title}.txt"),
        url: url.map(str::to_string),
        title: Some(title.to_string()),
        published: Some(Timestamp::Instant(
            DateTime::parse_from_rfc3339("2025-02-21T09:30:00+08:00").expect("valid time"),
        )),
        source: Some("测试社".to_string()),
        author: None,
        body: body.to_string(),
        captions: vec![format!("{title}（图）")],
    }
}

/// A mention in `doc` whose evidence is the whole body.
pub fn mention(
    doc: &Document,
    mode: EventMode,
    actors: &[&str],
    when: TimeInterval,
    location: Option<&str>,
    status: EventStatus,
) -> EventMention {
    let mut actors: Vec<String> = actors.iter().map(|a| a.to_string()).collect();
    actors.sort();
    EventMention {
        doc: doc.id.clone(),
        mode,
        actors,
        when,
        location: location.map(str::to_string),
        status,
        evidence: vec![Evidence {
            field: TextField::Body,
            span: Span::new(0, doc.body.len()),
            text: doc.body.clone(),
        }],
    }
}

const MEET: EventMode = EventMode::Meet;
const OCC: EventStatus = EventStatus::Occurred;
const PLAN: EventStatus = EventStatus::Planned;
const WANG_LAVROV: &[&str] = &["sergey-lavrov", "wang-yi"];

fn all_events(store: &impl Store) -> Vec<Event> {
    store.events(&EventQuery::default()).expect("query events")
}

pub fn documents_round_trip(mut store: impl Store) {
    let mut a = doc(
        "王毅会见拉夫罗夫",
        "当地时间2月20日，王毅会见拉夫罗夫。\n\n双方交换了意见。",
        Some("https://example.org/a"),
    );
    a.author = Some("记者 甲".into());
    let mut b = doc("Day only", "Wang Yi met Sergey Lavrov.", None);
    b.published = Some(Timestamp::Day(d(2025, 2, 21)));
    b.captions.clear();
    let mut c = doc("Undated", "No date at all.", None);
    c.published = None;
    c.title = None;
    c.id = parley_core::fingerprint(None, &c.body);
    for x in [&a, &b, &c] {
        let outcome = store.put(x, &[]).expect("put");
        assert!(outcome.new_document);
        let stored = store.document(&x.id).expect("get").expect("stored");
        assert_eq!(&stored.document, x);
        assert!(
            DateTime::parse_from_rfc3339(&stored.ingested_at).is_ok(),
            "{}",
            stored.ingested_at
        );
    }
    assert_eq!(store.counts().expect("counts").documents, 3);
}

pub fn same_fingerprint_twice_changes_nothing(mut store: impl Store) {
    let a = doc("会见", "2月20日，王毅会见拉夫罗夫。", None);
    let m = mention(
        &a,
        MEET,
        WANG_LAVROV,
        TimeInterval::day(d(2025, 2, 20)),
        Some("johannesburg"),
        OCC,
    );
    let first = store.put(&a, std::slice::from_ref(&m)).expect("first put");
    assert_eq!(
        (first.new_document, first.events_new, first.events_merged),
        (true, 1, 0)
    );
    let before = (store.counts().expect("counts"), all_events(&store));
    // The same story read again, laid out differently: same fingerprint.
    let mut again = a.clone();
    again.origin = "elsewhere/copy.html".into();
    again.body = "2月20日，王毅会见 拉夫罗夫。".into();
    again.id = parley_core::fingerprint(again.title.as_deref(), &again.body);
    assert_eq!(again.id, a.id);
    let second = store.put(&again, &[m]).expect("second put");
    assert!(!second.new_document);
    assert_eq!((second.events_new, second.events_merged), (0, 0));
    assert_eq!(
        (store.counts().expect("counts"), all_events(&store)),
        before
    );
}

pub fn same_url_twice_changes_nothing(mut store: impl Store) {
    let a = doc(
        "First version",
        "Wang Yi met Lavrov on Thursday.",
        Some("https://example.org/x"),
    );
    store.put(&a, &[]).expect("put");
    let edited = doc(
        "First version (updated)",
        "Wang Yi met Lavrov on Thursday in Johannesburg.",
        Some("https://example.org/x"),
    );
    assert_ne!(edited.id, a.id);
    let m = mention(
        &edited,
        MEET,
        WANG_LAVROV,
        TimeInterval::day(d(2025, 2, 20)),
        None,
        OCC,
    );
    let outcome = store.put(&edited, &[m]).expect("put");
    assert!(!outcome.new_document);
    assert!(store.document(&edited.id).expect("get").is_none());
    assert_eq!(store.counts().expect("counts").events, 0);
}

pub fn mentions_of_one_meeting_merge_into_one_event(mut store: impl Store) {
    let a = doc("a", "当地时间2月20日，王毅在约翰内斯堡会见拉夫罗夫。", None);
    let b = doc("b", "本月，王毅与拉夫罗夫举行会晤。", None);
    let c = doc(
        "c",
        "Wang Yi met Sergey Lavrov in South Africa on February 20.",
        None,
    );
    let ma = mention(
        &a,
        MEET,
        WANG_LAVROV,
        TimeInterval::day(d(2025, 2, 20)),
        Some("johannesburg"),
        OCC,
    );
    let mb = mention(
        &b,
        MEET,
        WANG_LAVROV,
        TimeInterval::month(2025, 2).expect("month"),
        None,
        OCC,
    );
    let mc = mention(
        &c,
        MEET,
        WANG_LAVROV,
        TimeInterval::day(d(2025, 2, 20)),
        Some("ZAF"),
        OCC,
    );
    let results = store.put_batch(&[(&a, &[ma]), (&b, &[mb])]).expect("batch");
    assert_eq!(results.len(), 2);
    let outcome = store.put(&c, &[mc]).expect("put");
    assert_eq!((outcome.events_new, outcome.events_merged), (0, 1));
    let events = all_events(&store);
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!(e.when, TimeInterval::day(d(2025, 2, 20)));
    assert_eq!(e.location.as_deref(), Some("johannesburg"));
    assert_eq!(e.status, OCC);
    let docs: Vec<&str> = e.mentions.iter().map(|m| m.doc.as_str()).collect();
    assert_eq!(docs, [a.id.as_str(), b.id.as_str(), c.id.as_str()]);
    assert_eq!(
        e.mentions[1].when.granularity,
        parley_core::Granularity::Month,
        "mentions keep their own dates"
    );
    assert_eq!(e.mentions[0].evidence[0].text, a.body);
    assert_eq!(store.event(e.id).expect("get").as_ref(), Some(e));
}

pub fn a_day_mention_refines_a_month_event(mut store: impl Store) {
    let a = doc("a", "二月，两人会面。", None);
    let b = doc("b", "2月20日，两人在莫斯科会面。", None);
    store
        .put(
            &a,
            &[mention(
                &a,
                MEET,
                WANG_LAVROV,
                TimeInterval::month(2025, 2).expect("month"),
                Some("RUS"),
                OCC,
            )],
        )
        .expect("put");
    store
        .put(
            &b,
            &[mention(
                &b,
                MEET,
                WANG_LAVROV,
                TimeInterval::day(d(2025, 2, 20)),
                Some("moscow"),
                OCC,
            )],
        )
        .expect("put");
    let events = all_events(&store);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].when, TimeInterval::day(d(2025, 2, 20)));
    assert_eq!(events[0].location.as_deref(), Some("moscow"));
    assert_eq!(events[0].mentions.len(), 2);
}

pub fn different_days_stay_apart(mut store: impl Store) {
    let a = doc("a", "2月20日会见。", None);
    let b = doc("b", "3月5日会见。", None);
    let c = doc("c", "2月20日通电话。", None);
    store
        .put(
            &a,
            &[mention(
                &a,
                MEET,
                WANG_LAVROV,
                TimeInterval::day(d(2025, 2, 20)),
                None,
                OCC,
            )],
        )
        .expect("put");
    store
        .put(
            &b,
            &[mention(
                &b,
                MEET,
                WANG_LAVROV,
                TimeInterval::day(d(2025, 3, 5)),
                None,
                OCC,
            )],
        )
        .expect("put");
    store
        .put(
            &c,
            &[mention(
                &c,
                EventMode::Phone,
                WANG_LAVROV,
                TimeInterval::day(d(2025, 2, 20)),
                None,
                OCC,
            )],
        )
        .expect("put");
    let events = all_events(&store);
    assert_eq!(events.len(), 3);
    assert!(events
        .iter()
        .all(|e| e.mentions.len() == 1 && e.linked.is_none()));
}

pub fn planned_links_to_a_later_occurrence(mut store: impl Store) {
    let plan = doc("plan", "普京计划9月访华。", None);
    let held = doc("held", "9月2日，普京抵达北京，开始访问。", None);
    let visit = &["CHN", "vladimir-putin"];
    let p = mention(
        &plan,
        EventMode::Visit,
        visit,
        TimeInterval::month(2025, 9).expect("month"),
        Some("CHN"),
        PLAN,
    );
    let h = mention(
        &held,
        EventMode::Visit,
        visit,
        TimeInterval::day(d(2025, 9, 2)),
        Some("beijing"),
        OCC,
    );
    store.put(&plan, &[p]).expect("put");
    let outcome = store.put(&held, &[h]).expect("put");
    assert_eq!((outcome.events_new, outcome.links), (1, 1));
    let events = all_events(&store);
    assert_eq!(events.len(), 2, "a plan and its occurrence are two events");
    let planned = events.iter().find(|e| e.status == PLAN).expect("planned");
    let occurred = events.iter().find(|e| e.status == OCC).expect("occurred");
    assert_eq!(planned.linked, Some(occurred.id));
    assert_eq!(occurred.linked, Some(planned.id));
    assert_eq!(
        planned.when,
        TimeInterval::month(2025, 9).expect("month"),
        "the plan keeps its own date"
    );
}

pub fn occurrence_stored_first_links_to_a_later_plan(mut store: impl Store) {
    let held = doc("held", "4月1日，王毅在莫斯科会见拉夫罗夫。", None);
    let plan = doc("plan", "王毅将于近日与拉夫罗夫会面。", None);
    let h = mention(
        &held,
        MEET,
        WANG_LAVROV,
        TimeInterval::day(d(2025, 4, 1)),
        Some("moscow"),
        OCC,
    );
    let p = mention(
        &plan,
        MEET,
        WANG_LAVROV,
        TimeInterval::range(d(2025, 3, 28), d(2025, 4, 6)),
        None,
        PLAN,
    );
    store.put(&held, &[h]).expect("put");
    store.put(&plan, &[p]).expect("put");
    let events = all_events(&store);
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].linked, Some(events[1].id));
    assert_eq!(events[1].linked, Some(events[0].id));
    // A second report of the plan merges with the first and keeps the link.
    let again = doc("plan2", "王毅下周将与拉夫罗夫会面。", None);
    let p2 = mention(
        &again,
        MEET,
        WANG_LAVROV,
        TimeInterval::range(d(2025, 3, 30), d(2025, 4, 5)),
        None,
        PLAN,
    );
    let outcome = store.put(&again, &[p2]).expect("put");
    assert_eq!(
        (outcome.events_new, outcome.events_merged, outcome.links),
        (0, 1, 0)
    );
    assert_eq!(all_events(&store).len(), 2);
}

pub fn conflicting_locations_stay_apart(mut store: impl Store) {
    let a = doc("a", "王毅在北京会见拉夫罗夫。", None);
    let b = doc("b", "王毅在莫斯科会见拉夫罗夫。", None);
    store
        .put(
            &a,
            &[mention(
                &a,
                MEET,
                WANG_LAVROV,
                TimeInterval::day(d(2025, 2, 20)),
                Some("beijing"),
                OCC,
            )],
        )
        .expect("put");
    store
        .put(
            &b,
            &[mention(
                &b,
                MEET,
                WANG_LAVROV,
                TimeInterval::day(d(2025, 2, 20)),
                Some("moscow"),
                OCC,
            )],
        )
        .expect("put");
    assert_eq!(all_events(&store).len(), 2);
}

/// Four events for the filter tests.
fn four_events(store: &mut impl Store) {
    let a = doc("a", "2月20日王毅在约翰内斯堡会见拉夫罗夫。", None);
    let b = doc("b", "2月24日习近平同普京通电话。", None);
    let c = doc("c", "2月18日俄美代表在利雅得会谈。", None);
    let e = doc("e", "普京计划9月访华。", None);
    let items = [
        (
            a.clone(),
            vec![mention(
                &a,
                MEET,
                WANG_LAVROV,
                TimeInterval::day(d(2025, 2, 20)),
                Some("johannesburg"),
                OCC,
            )],
        ),
        (
            b.clone(),
            vec![mention(
                &b,
                EventMode::Phone,
                &["vladimir-putin", "xi-jinping"],
                TimeInterval::day(d(2025, 2, 24)),
                None,
                OCC,
            )],
        ),
        (
            c.clone(),
            vec![mention(
                &c,
                MEET,
                &["RUS", "USA"],
                TimeInterval::day(d(2025, 2, 18)),
                Some("riyadh"),
                OCC,
            )],
        ),
        (
            e.clone(),
            vec![mention(
                &e,
                EventMode::Visit,
                &["CHN", "vladimir-putin"],
                TimeInterval::month(2025, 9).expect("month"),
                Some("CHN"),
                PLAN,
            )],
        ),
    ];
    let batch: Vec<(&Document, &[EventMention])> =
        items.iter().map(|(d, m)| (d, m.as_slice())).collect();
    let results = store.put_batch(&batch).expect("batch");
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
}

fn actor_sets(store: &impl Store, query: EventQuery) -> Vec<String> {
    store
        .events(&query)
        .expect("query")
        .into_iter()
        .map(|e| e.actors.join("+"))
        .collect()
}

pub fn filters_by_actor_country_mode_status_dates(mut store: impl Store) {
    four_events(&mut store);
    let q = EventQuery::default;
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                actors: ids(&["vladimir-putin"]),
                ..q()
            }
        ),
        ["vladimir-putin+xi-jinping", "CHN+vladimir-putin"]
    );
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                actors: ids(&["vladimir-putin", "xi-jinping"]),
                ..q()
            }
        ),
        ["vladimir-putin+xi-jinping"]
    );
    assert!(actor_sets(
        &store,
        EventQuery {
            actors: ids(&["wang-yi", "xi-jinping"]),
            ..q()
        }
    )
    .is_empty());
    // CHN: an actor (the visit's host), or an actor's country (Wang Yi, Xi Jinping).
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                country: Some("CHN".into()),
                ..q()
            }
        ),
        [
            "sergey-lavrov+wang-yi",
            "vladimir-putin+xi-jinping",
            "CHN+vladimir-putin"
        ]
    );
    // ZAF only as the place of the meeting in Johannesburg; SAU as Riyadh's country.
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                country: Some("ZAF".into()),
                ..q()
            }
        ),
        ["sergey-lavrov+wang-yi"]
    );
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                country: Some("SAU".into()),
                ..q()
            }
        ),
        ["RUS+USA"]
    );
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                mode: Some(EventMode::Phone),
                ..q()
            }
        ),
        ["vladimir-putin+xi-jinping"]
    );
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                status: Some(PLAN),
                ..q()
            }
        ),
        ["CHN+vladimir-putin"]
    );
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                since: Some(d(2025, 2, 20)),
                until: Some(d(2025, 2, 28)),
                ..q()
            }
        ),
        ["sergey-lavrov+wang-yi", "vladimir-putin+xi-jinping"]
    );
    // An interval counts when it overlaps: September's plan is found from mid-September.
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                since: Some(d(2025, 9, 15)),
                ..q()
            }
        ),
        ["CHN+vladimir-putin"]
    );
    assert!(actor_sets(
        &store,
        EventQuery {
            until: Some(d(2025, 2, 17)),
            ..q()
        }
    )
    .is_empty());
    assert_eq!(
        actor_sets(
            &store,
            EventQuery {
                country: Some("RUS".into()),
                mode: Some(MEET),
                status: Some(OCC),
                ..q()
            }
        ),
        ["RUS+USA", "sergey-lavrov+wang-yi"]
    );
}

pub fn limit_and_order(mut store: impl Store) {
    four_events(&mut store);
    let all = all_events(&store);
    let starts: Vec<NaiveDate> = all.iter().map(|e| e.when.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "earliest first");
    let two = store
        .events(&EventQuery {
            limit: Some(2),
            ..EventQuery::default()
        })
        .expect("query");
    assert_eq!(two, all[..2]);
}

pub fn searches_chinese_substrings_and_english_words(mut store: impl Store) {
    let a = doc(
        "王毅会见俄罗斯外长",
        "当地时间2月20日，王毅在约翰内斯堡会见俄罗斯外长拉夫罗夫。双方交换了意见。",
        None,
    );
    let b = doc(
        "Lavrov and Rubio",
        "Sergey Lavrov met Marco Rubio in Riyadh on Tuesday; the talks lasted hours.",
        None,
    );
    let mut c = doc("通话", "习近平同普京通电话。", None);
    c.captions = vec!["资料图：Ｇ２０外长会现场".into()];
    for x in [&a, &b, &c] {
        store.put(x, &[]).expect("put");
    }
    let found = |q: &str| -> Vec<String> {
        let mut ids: Vec<String> = store
            .search(q, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.doc)
            .collect();
        ids.sort();
        ids
    };
    let one = |x: &Document| vec![x.id.clone()];
    assert_eq!(found("会见"), one(&a), "a two-character word");
    assert_eq!(found("约翰内斯堡"), one(&a), "a longer run");
    assert!(
        found("见约翰").is_empty(),
        "characters that are not adjacent in the text"
    );
    assert_eq!(found("伐"), Vec::<String>::new());
    assert_eq!(found("王"), one(&a), "one character");
    assert_eq!(found("普"), one(&c));
    assert_eq!(found("lavrov"), one(&b), "English, any case");
    assert_eq!(found("RIYADH talks"), one(&b), "all terms");
    assert!(
        found("Riyadh 会见").is_empty(),
        "terms in different documents"
    );
    assert_eq!(found("G20"), one(&c), "a caption, full-width folded");
    assert_eq!(found("俄罗斯外长 拉夫罗夫"), one(&a));
    assert!(found("，。").is_empty());
    assert!(found("\"unbalanced").is_empty());
    let hits = store.search("会见", 10).expect("search");
    assert!(hits[0].snippet.contains("【会见】"), "{}", hits[0].snippet);
    assert_eq!(hits[0].title.as_deref(), Some("王毅会见俄罗斯外长"));
    let hits = store.search("rubio", 10).expect("search");
    assert!(hits[0].snippet.contains("【Rubio】"), "{}", hits[0].snippet);
}

pub fn search_folds_traditional_and_simplified(mut store: impl Store) {
    let hant = doc(
        "會晤",
        "當地時間4月1日，外交部長在莫斯科會見俄羅斯外長。",
        None,
    );
    let hans = doc("会见", "外交部长在北京会见来访的客人。", None);
    store.put(&hant, &[]).expect("put");
    store.put(&hans, &[]).expect("put");
    let found = |q: &str| -> Vec<String> {
        let mut ids: Vec<String> = store
            .search(q, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.doc)
            .collect();
        ids.sort();
        ids
    };
    let mut both = [hant.id.clone(), hans.id.clone()];
    both.sort();
    assert_eq!(found("会见"), both);
    assert_eq!(found("會見"), both);
    assert_eq!(found("俄罗斯外长"), vec![hant.id.clone()]);
    assert_eq!(found("來訪"), vec![hans.id.clone()]);
    let hits = store.search("俄罗斯外长", 10).expect("search");
    assert!(
        hits[0].snippet.contains("【俄羅斯外長】"),
        "{}",
        hits[0].snippet
    );
}

pub fn a_bad_document_in_a_batch_leaves_no_trace(mut store: impl Store) {
    let good = doc("good", "2月20日王毅会见拉夫罗夫。", None);
    let bad = doc("bad", "2月24日习近平同普京通电话，并于次日会见某人。", None);
    let later = doc("later", "Wang Yi met Lavrov on February 20.", None);
    let g = [mention(
        &good,
        MEET,
        WANG_LAVROV,
        TimeInterval::day(d(2025, 2, 20)),
        None,
        OCC,
    )];
    // The bad document's first mention is fine, its second belongs to another document.
    let b = [
        mention(
            &bad,
            EventMode::Phone,
            &["vladimir-putin", "xi-jinping"],
            TimeInterval::day(d(2025, 2, 24)),
            None,
            OCC,
        ),
        mention(
            &good,
            MEET,
            &["someone", "xi-jinping"],
            TimeInterval::day(d(2025, 2, 25)),
            None,
            OCC,
        ),
    ];
    let l = [mention(
        &later,
        MEET,
        WANG_LAVROV,
        TimeInterval::day(d(2025, 2, 20)),
        None,
        OCC,
    )];
    let results = store
        .put_batch(&[(&good, &g), (&bad, &b), (&later, &l)])
        .expect("batch");
    assert!(results[0].is_ok());
    assert!(
        matches!(results[1], Err(StoreError::Invalid(_))),
        "{:?}",
        results[1]
    );
    assert_eq!(results[2].as_ref().map(|o| o.events_merged).ok(), Some(1));
    assert!(store.document(&bad.id).expect("get").is_none());
    let counts = store.counts().expect("counts");
    assert_eq!(
        (counts.documents, counts.mentions, counts.events),
        (2, 2, 1)
    );
    // A mention without actors or with an impossible year is refused too.
    let mut empty = mention(
        &bad,
        MEET,
        &[],
        TimeInterval::day(d(2025, 2, 25)),
        None,
        OCC,
    );
    assert!(matches!(
        store.put(&bad, std::slice::from_ref(&empty)),
        Err(StoreError::Invalid(_))
    ));
    empty.actors = vec!["a".into(), "b".into()];
    empty.when = TimeInterval::day(d(-5, 1, 1));
    assert!(matches!(
        store.put(&bad, &[empty]),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.counts().expect("counts"), counts);
}

pub fn for_each_event_visits_all_and_stops_on_error(mut store: impl Store) {
    four_events(&mut store);
    let mut seen = Vec::new();
    store
        .for_each_event(&mut |e| {
            seen.push(e.id);
            Ok(())
        })
        .expect("visit");
    assert_eq!(seen.len(), 4);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "id order");
    let mut visited = 0;
    let result = store.for_each_event(&mut |_| {
        visited += 1;
        Err(StoreError::Invalid("stop".into()))
    });
    assert!(result.is_err());
    assert_eq!(visited, 1);
}

/// Puts two events, takes a mark, then changes the first (a new mention), adds a third and
/// links a plan to the second. Returns the store, the first and second events' ids and the
/// mark. Used by the suite below and by backends that promise an exact change set.
pub fn changes_after_a_mark<S: Store>(mut store: S) -> (S, i64, i64, ChangeMark) {
    let a = doc("a", "2月20日，王毅会见拉夫罗夫。", None);
    let b = doc("b", "3月5日，王毅同法国外长通电话。", None);
    let at = |doc: &Document, actors: &[&str], day: u32, status| {
        let when = TimeInterval::day(d(2025, 2, day));
        mention(doc, MEET, actors, when, None, status)
    };
    store
        .put(&a, &[at(&a, WANG_LAVROV, 20, OCC)])
        .expect("put a");
    store
        .put(&b, &[at(&b, &["FRA", "wang-yi"], 5, OCC)])
        .expect("put b");
    let before_all = changed_since(&store, ChangeMark::default());
    assert_eq!(
        before_all.len(),
        2,
        "the default mark is before every change"
    );
    let (first, second) = (before_all[0], before_all[1]);
    let mark = store.change_mark().expect("mark");

    let c = doc("c", "Wang Yi met Sergey Lavrov on February 20.", None);
    let e = doc("e", "Lavrov will meet Rubio.", None);
    let plan = doc("p", "王毅将同法国外长通电话。", None);
    store
        .put(&c, &[at(&c, WANG_LAVROV, 20, OCC)])
        .expect("put c");
    store
        .put(&e, &[at(&e, &["marco-rubio", "sergey-lavrov"], 25, OCC)])
        .expect("put e");
    store
        .put(&plan, &[at(&plan, &["FRA", "wang-yi"], 5, PLAN)])
        .expect("put plan");
    (store, first, second, mark)
}

/// The ids of the events changed since `mark`, as the store visits them.
pub fn changed_since(store: &impl Store, mark: ChangeMark) -> Vec<i64> {
    let mut ids = Vec::new();
    store
        .for_each_event_changed_since(mark, &mut |e| {
            ids.push(e.id);
            Ok(())
        })
        .expect("changed events");
    ids
}

pub fn events_changed_since_a_mark_are_visited(store: impl Store) {
    let (store, first, second, mark) = changes_after_a_mark(store);
    let changed = changed_since(&store, mark);
    // The first event got a mention, the second a link, and two are new (the plan's
    // and Lavrov's with Rubio): a store may visit more, never fewer.
    let all: Vec<i64> = all_events(&store).iter().map(|e| e.id).collect();
    assert_eq!(all.len(), 4);
    assert!(all.contains(&first) && all.contains(&second));
    for id in all {
        assert!(changed.contains(&id), "{id} is missing from {changed:?}");
    }
    assert!(changed.windows(2).all(|w| w[0] < w[1]), "id order");
}

pub fn missing_things_are_none(store: impl Store) {
    assert!(store.event(42).expect("get").is_none());
    assert!(store.document("nope").expect("get").is_none());
    assert!(store.search("会见", 10).expect("search").is_empty());
    assert!(all_events(&store).is_empty());
}

pub fn feed_state_round_trips(mut store: impl Store) {
    let url = "https://example.org/feed.xml";
    assert_eq!(store.feed_state(url).expect("state"), None);
    let state = parley_store::FeedState {
        url: url.into(),
        etag: Some("\"v1\"".into()),
        last_modified: Some("Thu, 20 Feb 2025 08:00:00 GMT".into()),
        next_poll: DateTime::parse_from_rfc3339("2025-02-20T08:15:00Z")
            .ok()
            .map(|t| t.with_timezone(&chrono::Utc)),
        failures: 2,
        last_error: Some("HTTP 500".into()),
    };
    store.save_feed_state(&state).expect("save");
    assert_eq!(store.feed_state(url).expect("state"), Some(state.clone()));
    let recovered = parley_store::FeedState {
        failures: 0,
        last_error: None,
        ..state
    };
    store.save_feed_state(&recovered).expect("save again");
    assert_eq!(store.feed_state(url).expect("state"), Some(recovered));

    let items = ["a".to_string(), "b".to_string(), "c".to_string()];
    assert!(store.seen_feed_items(url, &items).expect("seen").is_empty());
    assert!(store.mark_feed_item(url, "a").expect("mark"));
    assert!(!store.mark_feed_item(url, "a").expect("mark twice"));
    assert!(store.mark_feed_item(url, "c").expect("mark"));
    assert!(store
        .mark_feed_item("https://other.example/rss", "b")
        .expect("mark"));
    let seen = store.seen_feed_items(url, &items).expect("seen");
    let mut seen: Vec<String> = seen.into_iter().collect();
    seen.sort();
    assert_eq!(seen, ["a", "c"]);
}
