//! Deciding which stored event a new mention reports: pure logic, no I/O.
//!
//! A store finds *candidates* for a mention (events of the same mode that share an actor
//! and whose dates overlap the mention's, widened by [`NEAR_DAYS`]) and asks
//! [`decide`] what to do. The rules:
//!
//! - **Merge** into an event with the same mode, the same actor set (for a visit: the
//!   traveller and the host), the same status, overlapping dates and compatible
//!   locations. When several qualify, the most precise, best-fitting one wins.
//! - **Link** (never merge) a planned event and an occurrence with the same mode and
//!   actors when the occurrence falls inside the planned interval, or within
//!   [`NEAR_DAYS`] of it. The planned event links to the occurrence and, when it has no
//!   link yet, the occurrence links back.
//! - Otherwise the mention starts a new event.
//!
//! Locations are compatible when equal, when either is missing, or when one is a city
//! inside the country the other names; a [`Geography`] answers which country a place
//! (or a person) belongs to. [`absorb`] gives the event's fields after a merge: the most
//! precise date and the most specific location.

use chrono::{Days, NaiveDate};
use parley_core::{Event, EventMention, EventMode, EventStatus, TimeInterval};

/// How many days outside a planned interval an occurrence may fall and still fulfil it
/// (a visit announced for the 20th that starts on the 21st). Stores widen their
/// candidate search by this much.
pub const NEAR_DAYS: u64 = 7;

/// What merging needs to know about the world: the country a place id or an actor id
/// belongs to.
pub trait Geography {
    /// The alpha-3 code of the country `id` is in or belongs to: a city's country, a
    /// person's country, or the code itself for a country; `None` when unknown.
    fn country_of(&self, id: &str) -> Option<String>;
}

/// A [`Geography`] that knows nothing beyond the shape of ids: an upper-case
/// three-letter id is a country and is its own country; nothing else is known.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoGeography;

impl Geography for NoGeography {
    fn country_of(&self, id: &str) -> Option<String> {
        is_country_code(id).then(|| id.to_string())
    }
}

/// True for an ISO 3166 alpha-3 shaped id (`RUS`), the form countries take in ids.
pub fn is_country_code(id: &str) -> bool {
    id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())
}

/// What to do with a new mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// The event the mention joins, or `None` for a new event.
    pub merge_into: Option<i64>,
    /// An event to link the (new or joined) event with: a planned event and its
    /// occurrence. `None` when there is nothing to link or the event is already linked.
    pub link: Option<i64>,
}

/// True when `mention` may join `event`: same mode, actors and status, overlapping dates
/// and compatible locations.
pub fn can_merge(event: &Event, mention: &EventMention, geo: &dyn Geography) -> bool {
    event.mode == mention.mode
        && event.status == mention.status
        && event.actors == mention.actors
        && event.when.overlaps(&mention.when)
        && locations_compatible(event.location.as_deref(), mention.location.as_deref(), geo)
}

/// True when two locations may describe the same event: equal, either missing, or one
/// a place inside the country the other is.
pub fn locations_compatible(a: Option<&str>, b: Option<&str>, geo: &dyn Geography) -> bool {
    match (a, b) {
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) if a == b => true,
        (Some(a), Some(b)) => {
            (is_country_code(b) && geo.country_of(a).as_deref() == Some(b))
                || (is_country_code(a) && geo.country_of(b).as_deref() == Some(a))
        }
    }
}

/// True when `occurrence` fulfils `planned`: same mode and actors, one planned and the
/// other occurred, and the occurrence starts inside the planned interval widened by
/// [`NEAR_DAYS`] on either side.
pub fn fulfils(
    planned: (EventMode, &[String], EventStatus, &TimeInterval),
    occurrence: (EventMode, &[String], EventStatus, &TimeInterval),
) -> bool {
    let (p_mode, p_actors, p_status, p_when) = planned;
    let (o_mode, o_actors, o_status, o_when) = occurrence;
    p_status == EventStatus::Planned
        && o_status == EventStatus::Occurred
        && p_mode == o_mode
        && p_actors == o_actors
        && widen(p_when, NEAR_DAYS).overlaps(&TimeInterval::day(o_when.start))
}

/// The interval widened by `days` on both sides (saturating at chrono's limits).
pub fn widen(when: &TimeInterval, days: u64) -> TimeInterval {
    let start = when
        .start
        .checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN);
    let end = when
        .end
        .checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX);
    TimeInterval {
        start,
        end,
        granularity: when.granularity,
    }
}

/// Decides what to do with `mention` given the candidate events a store found (their
/// `mentions` need not be filled). Deterministic: ties go to the lowest event id.
pub fn decide(mention: &EventMention, candidates: &[Event], geo: &dyn Geography) -> Decision {
    let merge_into = candidates
        .iter()
        .filter(|e| can_merge(e, mention, geo))
        .min_by_key(|e| (merge_rank(e, mention), e.id))
        .map(|e| e.id);

    // The event that results: its link state and its shape.
    let (already_linked, status, when) =
        match merge_into.and_then(|id| candidates.iter().find(|e| e.id == id)) {
            Some(event) => (
                event.linked.is_some(),
                event.status,
                absorb(event, mention, geo).0,
            ),
            None => (false, mention.status, mention.when),
        };
    let link = if already_linked {
        None
    } else {
        let this = (mention.mode, mention.actors.as_slice(), status, &when);
        candidates
            .iter()
            .filter(|e| Some(e.id) != merge_into)
            .filter(|e| {
                let other = (e.mode, e.actors.as_slice(), e.status, &e.when);
                match status {
                    EventStatus::Occurred => fulfils(other, this),
                    EventStatus::Planned => fulfils(this, other),
                }
            })
            // Prefer a partner not yet linked, then one whose occurrence lies inside the
            // plan (not only near it); then the most precise plan, or the earliest
            // occurrence.
            .min_by_key(|e| {
                let (plan, occurrence) = match status {
                    EventStatus::Occurred => (&e.when, &when),
                    EventStatus::Planned => (&when, &e.when),
                };
                let outside = !plan.contains(&TimeInterval::day(occurrence.start));
                let (precision, start) = match status {
                    EventStatus::Occurred => (e.when.days(), NaiveDate::MIN),
                    EventStatus::Planned => (0, e.when.start),
                };
                (e.linked.is_some(), outside, precision, start, e.id)
            })
            .map(|e| e.id)
    };
    Decision { merge_into, link }
}

/// Lower is a better merge target: exact date containment first, then an equal
/// location, then the most precise event.
fn merge_rank(event: &Event, mention: &EventMention) -> (u8, u8, i64) {
    let nested = event.when.contains(&mention.when) || mention.when.contains(&event.when);
    let same_place = event.location.is_some() && event.location == mention.location;
    (u8::from(!nested), u8::from(!same_place), event.when.days())
}

/// The date and location of `event` after `mention` joins it: the more precise date
/// (the one inside the other, else the shorter; the event's own on a tie) and the more
/// specific location (a city over its country, any over none).
pub fn absorb(
    event: &Event,
    mention: &EventMention,
    geo: &dyn Geography,
) -> (TimeInterval, Option<String>) {
    let when = if mention.when.days() < event.when.days() {
        mention.when
    } else {
        event.when
    };
    let location = match (&event.location, &mention.location) {
        (None, m) => m.clone(),
        (Some(e), Some(m))
            if is_country_code(e)
                && !is_country_code(m)
                && geo.country_of(m).as_deref() == Some(e) =>
        {
            Some(m.clone())
        }
        (e, _) => e.clone(),
    };
    (when, location)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_core::Granularity;
    use std::collections::HashMap;

    struct Map(HashMap<&'static str, &'static str>);
    impl Geography for Map {
        fn country_of(&self, id: &str) -> Option<String> {
            self.0
                .get(id)
                .map(|c| c.to_string())
                .or_else(|| NoGeography.country_of(id))
        }
    }
    fn geo() -> Map {
        Map(HashMap::from([
            ("moscow", "RUS"),
            ("beijing", "CHN"),
            ("johannesburg", "ZAF"),
        ]))
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }
    fn actors(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }
    fn mention(
        mode: EventMode,
        a: &[&str],
        when: TimeInterval,
        loc: Option<&str>,
        status: EventStatus,
    ) -> EventMention {
        EventMention {
            doc: "doc".into(),
            mode,
            actors: actors(a),
            when,
            location: loc.map(str::to_string),
            status,
            evidence: Vec::new(),
        }
    }
    fn event(id: i64, m: &EventMention) -> Event {
        Event {
            id,
            mode: m.mode,
            actors: m.actors.clone(),
            when: m.when,
            location: m.location.clone(),
            status: m.status,
            linked: None,
            mentions: Vec::new(),
        }
    }
    const MEET: EventMode = EventMode::Meet;
    const OCC: EventStatus = EventStatus::Occurred;
    const PLAN: EventStatus = EventStatus::Planned;
    const PAIR: &[&str] = &["sergey-lavrov", "wang-yi"];

    #[test]
    fn month_mention_joins_the_day_event_inside_it_and_keeps_the_day() {
        let day = mention(
            MEET,
            PAIR,
            TimeInterval::day(d(2, 20)),
            Some("johannesburg"),
            OCC,
        );
        let month = mention(MEET, PAIR, TimeInterval::month(2025, 2).unwrap(), None, OCC);
        let stored = event(4, &day);
        let decision = decide(&month, std::slice::from_ref(&stored), &geo());
        assert_eq!(
            decision,
            Decision {
                merge_into: Some(4),
                link: None
            }
        );
        let (when, loc) = absorb(&stored, &month, &geo());
        assert_eq!(when, TimeInterval::day(d(2, 20)));
        assert_eq!(loc.as_deref(), Some("johannesburg"));

        // And the other way round: the day refines a month-level event.
        let stored = event(5, &month);
        assert_eq!(
            decide(&day, std::slice::from_ref(&stored), &geo()).merge_into,
            Some(5)
        );
        let (when, loc) = absorb(&stored, &day, &geo());
        assert_eq!(when.granularity, Granularity::Day);
        assert_eq!(loc.as_deref(), Some("johannesburg"));
    }

    #[test]
    fn different_days_actors_modes_or_statuses_do_not_merge() {
        let base = mention(MEET, PAIR, TimeInterval::day(d(2, 20)), None, OCC);
        let stored = [event(1, &base)];
        let other_day = mention(MEET, PAIR, TimeInterval::day(d(2, 21)), None, OCC);
        let other_actors = mention(MEET, &["marco-rubio", "wang-yi"], base.when, None, OCC);
        let third_actor = mention(
            MEET,
            &["marco-rubio", "sergey-lavrov", "wang-yi"],
            base.when,
            None,
            OCC,
        );
        let phone = mention(EventMode::Phone, PAIR, base.when, None, OCC);
        for m in [other_day, other_actors, third_actor, phone] {
            assert_eq!(
                decide(&m, &stored, &geo()),
                Decision {
                    merge_into: None,
                    link: None
                },
                "{m:?}"
            );
        }
        // A planned mention of the same day is not merged with the occurrence: it links.
        let planned = mention(MEET, PAIR, base.when, None, PLAN);
        assert_eq!(
            decide(&planned, &stored, &geo()),
            Decision {
                merge_into: None,
                link: Some(1)
            }
        );
    }

    #[test]
    fn locations_city_in_country_missing_or_conflicting() {
        let g = geo();
        assert!(locations_compatible(Some("moscow"), Some("RUS"), &g));
        assert!(locations_compatible(Some("RUS"), Some("moscow"), &g));
        assert!(locations_compatible(None, Some("moscow"), &g));
        assert!(locations_compatible(Some("beijing"), None, &g));
        assert!(!locations_compatible(Some("moscow"), Some("CHN"), &g));
        assert!(!locations_compatible(Some("moscow"), Some("beijing"), &g));
        assert!(!locations_compatible(Some("RUS"), Some("CHN"), &g));
        // Without knowledge of the city, a city and a country are not known to agree.
        assert!(!locations_compatible(
            Some("moscow"),
            Some("RUS"),
            &NoGeography
        ));

        let in_moscow = mention(MEET, PAIR, TimeInterval::day(d(4, 1)), Some("moscow"), OCC);
        let in_beijing = mention(MEET, PAIR, TimeInterval::day(d(4, 1)), Some("beijing"), OCC);
        assert_eq!(
            decide(&in_beijing, &[event(1, &in_moscow)], &g).merge_into,
            None
        );
        // A country-level event takes the city when the city is inside it.
        let in_russia = mention(MEET, PAIR, TimeInterval::day(d(4, 1)), Some("RUS"), OCC);
        assert_eq!(
            absorb(&event(1, &in_russia), &in_moscow, &g).1.as_deref(),
            Some("moscow")
        );
        assert_eq!(
            absorb(&event(1, &in_moscow), &in_russia, &g).1.as_deref(),
            Some("moscow")
        );
    }

    #[test]
    fn prefers_the_nested_most_precise_candidate() {
        let month = mention(MEET, PAIR, TimeInterval::month(2025, 2).unwrap(), None, OCC);
        let range = mention(
            MEET,
            PAIR,
            TimeInterval::range(d(2, 18), d(2, 27)),
            None,
            OCC,
        );
        let day = mention(MEET, PAIR, TimeInterval::day(d(2, 20)), None, OCC);
        let candidates = [event(1, &month), event(2, &range), event(3, &day)];
        assert_eq!(decide(&day, &candidates, &geo()).merge_into, Some(3));
        let in_range = mention(MEET, PAIR, TimeInterval::day(d(2, 25)), None, OCC);
        assert_eq!(decide(&in_range, &candidates, &geo()).merge_into, Some(2));
    }

    #[test]
    fn planned_visit_links_to_the_occurrence_inside_or_near_its_interval() {
        let visitors = &["CHN", "vladimir-putin"];
        let planned = mention(
            EventMode::Visit,
            visitors,
            TimeInterval::month(2025, 9).unwrap(),
            Some("CHN"),
            PLAN,
        );
        let stored = [event(7, &planned)];
        let held = mention(
            EventMode::Visit,
            visitors,
            TimeInterval::day(d(9, 2)),
            Some("beijing"),
            OCC,
        );
        assert_eq!(
            decide(&held, &stored, &geo()),
            Decision {
                merge_into: None,
                link: Some(7)
            }
        );
        // Three days after the planned month still counts; a month later does not.
        let late = mention(
            EventMode::Visit,
            visitors,
            TimeInterval::day(d(10, 3)),
            None,
            OCC,
        );
        assert_eq!(decide(&late, &stored, &geo()).link, Some(7));
        let much_later = mention(
            EventMode::Visit,
            visitors,
            TimeInterval::day(d(11, 3)),
            None,
            OCC,
        );
        assert_eq!(decide(&much_later, &stored, &geo()).link, None);
        // Another traveller does not fulfil it.
        let other = mention(
            EventMode::Visit,
            &["CHN", "sergey-lavrov"],
            TimeInterval::day(d(9, 2)),
            None,
            OCC,
        );
        assert_eq!(decide(&other, &stored, &geo()).link, None);
    }

    #[test]
    fn a_planned_mention_reported_later_links_to_the_stored_occurrence() {
        let held = mention(MEET, PAIR, TimeInterval::day(d(4, 1)), Some("moscow"), OCC);
        let plan = mention(
            MEET,
            PAIR,
            TimeInterval::range(d(3, 28), d(4, 7)),
            None,
            PLAN,
        );
        let decision = decide(&plan, &[event(3, &held)], &geo());
        assert_eq!(
            decision,
            Decision {
                merge_into: None,
                link: Some(3)
            }
        );
    }

    #[test]
    fn a_merge_into_an_unlinked_event_may_link_it_but_a_linked_one_is_left_alone() {
        let plan = mention(
            MEET,
            PAIR,
            TimeInterval::month(2025, 4).unwrap(),
            None,
            PLAN,
        );
        let held = mention(MEET, PAIR, TimeInterval::day(d(4, 1)), None, OCC);
        let mut occurrence = event(2, &held);
        let candidates = [event(1, &plan), occurrence.clone()];
        assert_eq!(
            decide(&held, &candidates, &geo()),
            Decision {
                merge_into: Some(2),
                link: Some(1)
            }
        );
        occurrence.linked = Some(1);
        let candidates = [event(1, &plan), occurrence];
        assert_eq!(
            decide(&held, &candidates, &geo()),
            Decision {
                merge_into: Some(2),
                link: None
            }
        );
    }

    #[test]
    fn the_decision_does_not_depend_on_candidate_order() {
        let month = mention(MEET, PAIR, TimeInterval::month(2025, 4).unwrap(), None, OCC);
        let day = mention(MEET, PAIR, TimeInterval::day(d(4, 1)), Some("moscow"), OCC);
        let plan = mention(
            MEET,
            PAIR,
            TimeInterval::range(d(3, 30), d(4, 2)),
            None,
            PLAN,
        );
        let other_plan = mention(
            MEET,
            PAIR,
            TimeInterval::month(2025, 4).unwrap(),
            None,
            PLAN,
        );
        let phone = mention(
            EventMode::Phone,
            PAIR,
            TimeInterval::day(d(4, 1)),
            None,
            OCC,
        );
        let mut candidates = vec![
            event(1, &month),
            event(2, &day),
            event(3, &plan),
            event(4, &other_plan),
            event(5, &phone),
        ];
        let new = mention(MEET, PAIR, TimeInterval::day(d(4, 1)), Some("RUS"), OCC);
        let expected = decide(&new, &candidates, &geo());
        assert_eq!(
            expected,
            Decision {
                merge_into: Some(2),
                link: Some(3)
            }
        );
        for _ in 0..candidates.len() {
            candidates.rotate_left(1);
            assert_eq!(decide(&new, &candidates, &geo()), expected);
            candidates.reverse();
            assert_eq!(decide(&new, &candidates, &geo()), expected);
        }
    }

    #[test]
    fn a_plan_links_to_the_earliest_occurrence_inside_it() {
        let later = mention(MEET, PAIR, TimeInterval::day(d(4, 10)), None, OCC);
        let earlier = mention(MEET, PAIR, TimeInterval::day(d(4, 3)), None, OCC);
        let before = mention(MEET, PAIR, TimeInterval::day(d(3, 28)), None, OCC);
        let candidates = [event(1, &later), event(2, &earlier), event(3, &before)];
        let plan = mention(
            MEET,
            PAIR,
            TimeInterval::month(2025, 4).unwrap(),
            None,
            PLAN,
        );
        assert_eq!(decide(&plan, &candidates, &geo()).link, Some(2));
    }

    #[test]
    fn widening_saturates() {
        let far = TimeInterval::day(NaiveDate::MAX);
        assert_eq!(widen(&far, NEAR_DAYS).end, NaiveDate::MAX);
        let w = widen(&TimeInterval::day(d(3, 1)), 7);
        assert_eq!((w.start, w.end), (d(2, 22), d(3, 8)));
    }
}
