//! Extraction rules on sentences written for these tests: modes, status, actors by
//! name and by role, delegations, pairs, visits, dates, locations, and the merging of
//! one event told twice. Simplified, traditional and English.

use chrono::NaiveDate;
use parley_core::{Document, EventMention, EventMode, EventStatus, TextField, Timestamp};
use parley_extract::{extract, Rules};
use parley_nlp::analyze::analyze;
use parley_nlp::kb::KnowledgeBase;
use std::sync::LazyLock;

static KB: LazyLock<KnowledgeBase> =
    LazyLock::new(|| KnowledgeBase::bundled().expect("bundled kb"));
static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::bundled().expect("bundled rules"));

fn doc(published: &str, body: &str, captions: &[&str]) -> Document {
    let date = NaiveDate::parse_from_str(published, "%Y-%m-%d").expect("test date");
    Document {
        id: "test".into(),
        origin: "test.txt".into(),
        url: None,
        title: None,
        published: Some(Timestamp::Day(date)),
        source: None,
        author: None,
        body: body.into(),
        captions: captions.iter().map(|c| c.to_string()).collect(),
    }
}

fn events(published: &str, body: &str, captions: &[&str]) -> Vec<EventMention> {
    let d = doc(published, body, captions);
    let analyzed = analyze(&d, &KB);
    extract(&analyzed, &d, &KB, &RULES)
}

/// `mode actors date status` of every event, for compact assertions.
fn summary(events: &[EventMention]) -> Vec<String> {
    events
        .iter()
        .map(|e| format!("{} {} {} {}", e.mode, e.actors.join(","), e.when, e.status))
        .collect()
}

#[test]
fn a_meeting_by_name_with_local_date_and_place() {
    let got = events(
        "2025-03-06",
        "当地时间3月5日，外交部长王毅在北京会见俄罗斯外长拉夫罗夫。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["meet sergey-lavrov,wang-yi 2025-03-05 occurred"]
    );
    assert_eq!(got[0].location.as_deref(), Some("beijing"));
    assert_eq!(got[0].evidence[0].field, TextField::Body);
}

#[test]
fn traditional_script_meeting_and_visit_by_a_visitor() {
    let got = events(
        "2025-03-28",
        "國務院總理李強昨日在北京會見來訪的法國外長巴羅。",
        &[],
    );
    let s = summary(&got);
    assert!(
        s.contains(&"meet jean-noel-barrot,li-qiang 2025-03-27 occurred".to_string()),
        "{s:?}"
    );
    assert!(
        s.contains(&"visit CHN,jean-noel-barrot 2025-03-27 occurred".to_string()),
        "{s:?}"
    );
    // Evidence quotes the original traditional text.
    assert!(got[0].evidence[0].text.contains("會見"));
}

#[test]
fn planned_visit_reads_the_month_forwards() {
    let got = events(
        "2024-04-09",
        "克宫表示，俄罗斯总统普京将于5月访问中国。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["visit CHN,vladimir-putin 2024-05 planned"]
    );
}

#[test]
fn questions_and_denials_are_not_events() {
    assert!(events(
        "2024-04-09",
        "当被问及普京是否有访华计划时，发言人没有回答。",
        &[]
    )
    .is_empty());
    assert!(events("2024-04-09", "两国外长此次并未会晤拉夫罗夫和王毅。", &[]).is_empty());
}

#[test]
fn a_phone_call_between_leaders_named_by_role() {
    let got = events(
        "2025-02-27",
        "2月24日下午，国家主席习近平应约同俄罗斯总统普京通电话。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["phone vladimir-putin,xi-jinping 2025-02-24 occurred"]
    );
    assert_eq!(got[0].location, None);
}

#[test]
fn english_meeting_on_a_weekday() {
    let got = events(
        "2026-01-29",
        "Keir Starmer met Chinese President Xi Jinping in Beijing on Thursday.",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["meet keir-starmer,xi-jinping 2026-01-29 occurred"]
    );
    assert_eq!(got[0].location.as_deref(), Some("beijing"));
}

#[test]
fn the_next_day_counts_from_the_day_the_previous_sentence_names() {
    // Announced: Wednesday is the one to come, and the day after it too.
    let got = events(
        "2024-04-09",
        "Prime Minister Fumio Kishida will meet President Joe Biden on Wednesday. The day \
         after, Kishida and Biden will hold a trilateral summit with Ferdinand Marcos Jr.",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec![
            "meet fumio-kishida,joe-biden 2024-04-10 planned",
            "meet ferdinand-marcos-jr,fumio-kishida,joe-biden 2024-04-11 planned"
        ]
    );
    // Reported: the day after a dated arrival.
    let got = events(
        "2025-02-10",
        "2月6日，王毅抵达莫斯科。次日，王毅与拉夫罗夫举行会谈。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec![
            "visit RUS,wang-yi 2025-02-06 occurred",
            "meet sergey-lavrov,wang-yi 2025-02-07 occurred"
        ]
    );
}

#[test]
fn delegations_make_countries_the_actors() {
    let got = events(
        "2025-02-27",
        "本月18日，俄美高级别代表在沙特利雅得就两国关系举行会谈。",
        &[],
    );
    assert_eq!(summary(&got), vec!["meet RUS,USA 2025-02-18 occurred"]);
    assert_eq!(got[0].location.as_deref(), Some("riyadh"));
}

#[test]
fn separate_meetings_are_pairs() {
    let got = events(
        "2023-06-18",
        "6月17日，沙特外交大臣费萨尔先后会见了伊朗外长阿卜杜拉希扬和总统莱希。",
        &[],
    );
    let s = summary(&got);
    assert!(
        s.contains(
            &"meet faisal-bin-farhan,hossein-amir-abdollahian 2023-06-17 occurred".to_string()
        ),
        "{s:?}"
    );
    assert!(
        s.contains(&"meet ebrahim-raisi,faisal-bin-farhan 2023-06-17 occurred".to_string()),
        "{s:?}"
    );
    assert_eq!(got.iter().filter(|e| e.mode == EventMode::Meet).count(), 2);
}

#[test]
fn partners_listed_before_the_distributive_word_are_pairs_with_the_subject() {
    // Everyone comes before 分别: the partner word 与 splits the subject from the others.
    for body in [
        "7月3日，普京与习近平、埃尔多安分别举行会谈。",
        "普欽7月3日與習近平和艾爾段分別舉行會談。",
    ] {
        let s = summary(&events("2024-07-04", body, &[]));
        assert_eq!(
            s,
            vec![
                "meet vladimir-putin,xi-jinping 2024-07-03 occurred",
                "meet recep-tayyip-erdogan,vladimir-putin 2024-07-03 occurred",
            ],
            "{body}"
        );
    }
    // Without the distributive word the three meet together.
    let s = summary(&events(
        "2024-07-04",
        "7月3日，普京与习近平、埃尔多安举行会谈。",
        &[],
    ));
    assert_eq!(
        s,
        vec!["meet recep-tayyip-erdogan,vladimir-putin,xi-jinping 2024-07-03 occurred"]
    );
}

#[test]
fn who_sends_or_invites_is_no_traveller() {
    let got = events(
        "2026-02-02",
        "王毅欢迎绍伊古受普京总统委派来华进行战略沟通。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["visit CHN,sergei-shoigu 2026-02-02 occurred"]
    );
}

#[test]
fn one_event_told_in_body_and_caption_is_one_mention() {
    let body = "2月20日，王毅在约翰内斯堡会见拉夫罗夫。\n\n双方交换了意见。";
    let got = events(
        "2025-02-21",
        body,
        &["2月20日，王毅在约翰内斯堡会见俄罗斯外长拉夫罗夫。"],
    );
    assert_eq!(got.len(), 1, "{:?}", summary(&got));
    assert_eq!(got[0].evidence.len(), 2);
    assert_eq!(got[0].evidence[1].field, TextField::Caption(0));
}

#[test]
fn a_three_party_video_meeting_is_one_event() {
    let got = events(
        "2022-03-30",
        "国务院总理李克强将于4月1日同欧洲理事会主席米歇尔、欧盟委员会主席冯德莱恩以视频方式举行会晤。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["video charles-michel,li-keqiang,ursula-von-der-leyen 2022-04-01 planned"]
    );
    assert_eq!(got[0].status, EventStatus::Planned);
}

#[test]
fn a_visit_with_its_destination_city() {
    let got = events(
        "2023-03-21",
        "国家主席习近平20日乘专机抵达莫斯科，开始对俄罗斯进行国事访问。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["visit RUS,xi-jinping 2023-03-20 occurred"]
    );
    assert_eq!(got[0].location.as_deref(), Some("moscow"));
    assert_eq!(
        got[0].evidence.len(),
        1,
        "both triggers are one visit told once"
    );
}

#[test]
fn arriving_at_a_place_is_a_visit_to_its_country() {
    let got = events(
        "2025-08-26",
        "President Lee Jae Myung was all smiles arriving at the White House in Washington on Monday.",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["visit USA,lee-jae-myung 2025-08-25 occurred"]
    );
    assert_eq!(got[0].location.as_deref(), Some("washington"));
    // The host between the visitor and the trigger is no traveller.
    let got = events(
        "2025-08-26",
        "President Lee Jae Myung on Aug. 25 is welcomed by U.S. President Donald Trump right \
         after arriving at the White House in Washington.",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["visit USA,lee-jae-myung 2025-08-25 occurred"]
    );
}

#[test]
fn a_summit_named_by_its_leaders_is_their_meeting() {
    let got = events(
        "2017-09-13",
        "今年4月在習近平訪美的「川習會」期間，川普接受了習近平的邀請。",
        &[],
    );
    assert!(
        summary(&got).contains(&"meet donald-trump,xi-jinping 2017-04 occurred".to_string()),
        "{:?}",
        summary(&got)
    );
    let got = events("2021-11-10", "外界预计习拜会将于下周以视频方式举行。", &[]);
    assert_eq!(summary(&got).len(), 1, "{:?}", summary(&got));
    assert!(summary(&got)[0].starts_with("video joe-biden,xi-jinping 2021-11-1"));
    assert!(summary(&got)[0].ends_with("planned"));
}

#[test]
fn a_meeting_an_arrival_is_for_is_still_to_come() {
    let got = events(
        "2019-10-11",
        "国家主席习近平11日乘专机抵达金奈，应印度总理莫迪邀请，出席中印领导人第二次非正式会晤。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec![
            "visit IND,xi-jinping 2019-10-11 occurred",
            "meet narendra-modi,xi-jinping 2019-10-12 planned"
        ]
    );
    // 了 reports the meeting done.
    let got = events(
        "2019-10-12",
        "国家主席习近平11日抵达金奈，出席了中印领导人第二次非正式会晤。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec![
            "visit IND,xi-jinping 2019-10-11 occurred",
            "meet narendra-modi,xi-jinping 2019-10-11 occurred"
        ]
    );
}

#[test]
fn a_plan_carried_out_is_the_contact_that_happened() {
    let got = events(
        "2023-04-06",
        "Saudi Foreign Minister Faisal bin Farhan met Iranian Foreign Minister Hossein \
         Amir-Abdollahian in Beijing on Thursday. During phone conversations in March, the \
         ministers had vowed to meet during Ramadan which ends later in April.",
        &[],
    );
    let told = summary(&got);
    assert!(
        told.contains(
            &"meet faisal-bin-farhan,hossein-amir-abdollahian 2023-04-06 occurred".to_string()
        ),
        "{told:?}"
    );
    assert!(!told.iter().any(|s| s.ends_with("planned")), "{told:?}");
    // Another meeting, announced for the month of the first (the time before 将 is
    // the announced meeting's): two events.
    let got = events(
        "2025-04-04",
        "王毅4月3日在北京会见拉夫罗夫。双方今年4月将再次会见。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec![
            "meet sergey-lavrov,wang-yi 2025-04-03 occurred",
            "meet sergey-lavrov,wang-yi 2025-04 planned"
        ]
    );
}

#[test]
fn no_event_without_two_actors() {
    assert!(events("2025-01-01", "双方在会谈中交换了意见。", &[]).is_empty());
    assert!(events("2025-01-01", "He visited the museum.", &[]).is_empty());
    assert!(events("2025-01-01", "", &[]).is_empty());
}

#[test]
fn a_pronoun_takes_the_previous_sentences_subject() {
    let body = "Keir Starmer arrived in Beijing on Wednesday. He will also meet Premier Li Qiang on Thursday.";
    let got = events("2026-01-28", body, &[]);
    let s = summary(&got);
    assert!(
        s.contains(&"meet keir-starmer,li-qiang 2026-01-29 planned".to_string()),
        "{s:?}"
    );
    assert!(
        s.contains(&"visit CHN,keir-starmer 2026-01-28 occurred".to_string()),
        "{s:?}"
    );
    // The meeting happens where Starmer is visiting.
    let meet = got
        .iter()
        .find(|e| e.mode == EventMode::Meet)
        .expect("a meeting");
    assert_eq!(meet.location.as_deref(), Some("beijing"));
}

#[test]
fn a_clause_without_subject_continues_the_previous_one() {
    let got = events(
        "2025-03-01",
        "俄罗斯外长拉夫罗夫将于3月5日抵达北京，与王毅举行会谈。",
        &[],
    );
    let s = summary(&got);
    assert!(
        s.contains(&"visit CHN,sergey-lavrov 2025-03-05 planned".to_string()),
        "{s:?}"
    );
    assert!(
        s.contains(&"meet sergey-lavrov,wang-yi 2025-03-05 planned".to_string()),
        "{s:?}"
    );
}

#[test]
fn the_traveller_after_an_attributive_visit() {
    let got = events(
        "2018-06-11",
        "昨晚已抵达新加坡的美国总统特朗普今天会见了新加坡总理李显龙。",
        &[],
    );
    let s = summary(&got);
    assert!(
        s.contains(&"visit SGP,donald-trump 2018-06-10 occurred".to_string()),
        "{s:?}"
    );
    assert!(
        s.contains(&"meet donald-trump,lee-hsien-loong 2018-06-11 occurred".to_string()),
        "{s:?}"
    );
}

#[test]
fn roles_that_are_predicates_or_buildings_are_nobody() {
    // 担任美国总统 is what Biden became; 总统府 is a building.
    let got = events(
        "2021-05-26",
        "这将是自拜登担任美国总统以来，美俄两国领导人首次会晤。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["meet joe-biden,vladimir-putin 2021-05-27 planned"]
    );
    let got = events(
        "2018-06-11",
        "特朗普今天到新加坡总统府会见新加坡总理李显龙。",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["meet donald-trump,lee-hsien-loong 2018-06-11 occurred"]
    );
}

#[test]
fn an_undated_retelling_joins_the_dated_event() {
    let body = "2月24日下午，国家主席习近平同俄罗斯总统普京通电话。\n\n此次习近平主席同普京总统通电话，引起广泛关注。";
    let got = events("2025-02-27", body, &[]);
    assert_eq!(
        summary(&got),
        vec!["phone vladimir-putin,xi-jinping 2025-02-24 occurred"]
    );
    assert_eq!(got[0].evidence.len(), 2);
}

#[test]
fn an_undated_mention_of_an_announced_visit_is_that_visit() {
    let body = "美国总统特朗普将于今年11月访问中国。\n\n特朗普访华被认为是一次重要访问。";
    let got = events("2017-09-13", body, &[]);
    assert_eq!(
        summary(&got),
        vec!["visit CHN,donald-trump 2017-11 planned"]
    );
    assert_eq!(got[0].evidence.len(), 2);
}

#[test]
fn called_off_visits_and_since_times() {
    assert!(events("2017-09-13", "特朗普原定的访华之行被取消。", &[]).is_empty());
    let body = "今年6月29日，普京同埃尔多安通电话。这是自去年以来两人首次通电话。";
    let got = events("2016-08-09", body, &[]);
    assert_eq!(
        summary(&got),
        vec!["phone recep-tayyip-erdogan,vladimir-putin 2016-06-29 occurred"]
    );
}

#[test]
fn english_delegations_and_possessive_visits() {
    let got = events(
        "2018-06-11",
        "US and North Korean officials held talks in Singapore on Monday.",
        &[],
    );
    assert_eq!(summary(&got), vec!["meet PRK,USA 2018-06-11 occurred"]);
    let got = events(
        "2024-10-02",
        "Antony Blinken praised Narendra Modi's visit to Kyiv in August.",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["visit UKR,narendra-modi 2024-08 occurred"]
    );
}

#[test]
fn odd_text_never_panics() {
    let long = "王毅会见拉夫罗夫，".repeat(1_000);
    let inputs = [
        "",
        "。。。！？；",
        "会见会见会见访问访华来访抵达",
        "的的的的会见的",
        "应受邀请委派应受",
        "He met. She visited. They spoke by phone with.",
        "（（（【【会见】】）））”“",
        "ＡＢＣ会見２０２５年２月３０日訪問",
        "\u{FEFF}\u{200B}会见\r\n\r\n访问\u{0}",
        long.as_str(),
    ];
    for body in inputs {
        for published in ["2025-01-01", "1999-12-31"] {
            let got = events(published, body, &[body]);
            for e in &got {
                assert!(e.actors.len() >= 2);
                for ev in &e.evidence {
                    // The caption repeats the body, so both fields hold the same text.
                    assert!(matches!(ev.field, TextField::Body | TextField::Caption(0)));
                    assert_eq!(body.get(ev.span.range()), Some(ev.text.as_str()));
                }
            }
        }
    }
}

#[test]
fn a_lone_surname_the_story_never_ties_to_anyone_is_no_actor() {
    // "Morrison" alone may be anyone of that name, and nothing here ties him (or
    // Zelensky) to the people of the knowledge base: no call.
    let got = events(
        "2019-11-20",
        "Volker and Morrison said that the call with Zelensky was not in line with policy.",
        &[],
    );
    assert!(summary(&got).is_empty(), "{got:?}");
    // Named in full earlier, the surname is that person.
    let got = events(
        "2019-11-20",
        "Scott Morrison arrived on Monday. On Tuesday Morrison met Zelensky in Kyiv.",
        &[],
    );
    assert!(
        summary(&got)
            .iter()
            .any(|s| s.starts_with("meet scott-morrison,volodymyr-zelensky")),
        "{:?}",
        summary(&got)
    );
    // A title before the surname vouches for it, and so does the person's country
    // (Zelensky in Kyiv).
    let got = events(
        "2019-11-20",
        "On Tuesday, President Trump met Zelensky in Kyiv.",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["meet donald-trump,volodymyr-zelensky 2019-11-19 occurred"]
    );
}

#[test]
fn a_possessive_owns_the_call_not_the_rest_of_the_clause() {
    let got = events(
        "2019-11-20",
        "Lawmakers questioned an aide to Vice President Mike Pence on Donald Trump's July 25 phone call with Volodymyr Zelensky.",
        &[],
    );
    assert_eq!(
        summary(&got),
        vec!["phone donald-trump,volodymyr-zelensky 2019-07-25 occurred"]
    );
}

#[test]
fn a_first_visit_since_someone_recalls_their_trip() {
    let got = events(
        "2024-04-10",
        "Kishida's trip to the United States is the first state visit by a Japanese prime minister since the late Shinzo Abe in 2015.",
        &[],
    );
    let s = summary(&got);
    assert!(
        s.contains(&"visit USA,shinzo-abe 2015 occurred".to_string()),
        "{s:?}"
    );
    assert!(
        s.contains(&"visit USA,fumio-kishida 2024-04-10 occurred".to_string()),
        "{s:?}"
    );
    // Since a year alone, or since a person with no time, recalls no trip.
    for body in [
        "Kishida's trip to the United States is the first state visit by a Japanese prime minister since 2015.",
        "Kishida's trip to the United States is the first state visit by a Japanese prime minister since Shinzo Abe.",
    ] {
        let s = summary(&events("2024-04-10", body, &[]));
        assert_eq!(s, vec!["visit USA,fumio-kishida 2024-04-10 occurred"], "{body}");
    }
}

#[test]
fn a_contact_under_discussion_has_no_known_participants() {
    // The speakers are not the ones who would meet; the event is not told.
    for body in [
        "Lee Jae Myung held talks with Donald Trump on Monday, discussing a possible meeting with Kim Jong Un.",
        "8月25日，李在明与特朗普讨论了与金正恩会晤的可能性。",
    ] {
        let s = summary(&events("2025-08-26", body, &[]));
        assert!(
            !s.iter().any(|e| e.contains("kim-jong-un")),
            "{body}: {s:?}"
        );
    }
    // A meeting held while discussing something is still theirs.
    let s = summary(&events(
        "2025-08-26",
        "8月25日，李在明与特朗普讨论了朝鲜问题。李在明随后会见了金正恩。",
        &[],
    ));
    assert_eq!(
        s,
        vec!["meet kim-jong-un,lee-jae-myung 2025-08-25 occurred"]
    );
}
