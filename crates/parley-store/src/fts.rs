//! Full-text indexing of Chinese and English: for SQLite FTS5's `unicode61` tokenizer, and
//! the same meaning for PostgreSQL.
//!
//! `unicode61` splits on spaces and punctuation, so a run of Chinese characters would be
//! one token and 会见 could not be found inside 王毅会见拉夫罗夫. Text is therefore
//! rewritten before indexing: every run of CJK characters becomes its overlapping
//! character bigrams (王毅 毅会 会见 见拉 …) in the `grams` column and its single
//! characters in the `chars` column; other words go to `grams` as they are. A query is
//! rewritten the same way: a CJK run of two or more characters becomes the phrase of its
//! bigrams (adjacent positions, so the run must occur as written), a single character
//! searches `chars`, and other words are phrases in `grams`. Terms are ANDed. Both sides
//! go through [`parley_nlp::text::normalize`] first (NFKC and traditional to simplified
//! Chinese), so full-width letters match their ASCII forms and 會見 finds 会见.
//!
//! PostgreSQL gets the same tokens ([`tokens`]: bigrams, lone characters, words
//! lower-cased without Latin diacritics, as `unicode61 remove_diacritics 2` sees them).
//! [`pg_index`] stores them in order as a string, and as a `tsvector` literal parley
//! builds itself (every token with its position, and the last character of each CJK
//! run), so no text-search parser or locale changes what is indexed. [`pg_query`] turns a
//! query into a `tsquery` ANDing its lexemes (a single character as a prefix: it begins
//! a bigram, or ends a run), which a GIN index answers, and `LIKE` patterns over the token
//! string that decide exactly: a CJK run's bigrams as consecutive tokens, a single
//! character inside any run, a word as a whole token.

use parley_core::Span;
use parley_nlp::text::normalize;

/// The two indexed columns for `text`: `(grams, chars)`.
pub fn index_columns(text: &str) -> (String, String) {
    let text = normalize(text).text;
    let mut grams = String::with_capacity(text.len() * 2);
    let mut chars = String::new();
    for segment in segments(&text) {
        match segment {
            Segment::Cjk(run) => {
                push_bigrams(&mut grams, &run);
                for c in &run {
                    chars.push(*c);
                    chars.push(' ');
                }
            }
            Segment::Other(words) => {
                grams.push_str(words);
                grams.push(' ');
            }
        }
    }
    (grams, chars)
}

/// The FTS5 MATCH expression for a user's query, or `None` when it has nothing to
/// search for (only punctuation or spaces).
pub fn match_expression(query: &str) -> Option<String> {
    let query = normalize(query).text;
    let mut terms = Vec::new();
    for segment in segments(&query) {
        match segment {
            Segment::Cjk(run) if run.len() == 1 => {
                terms.push(format!("chars : {}", quote(&run[0].to_string())))
            }
            Segment::Cjk(run) => {
                let mut grams = String::new();
                push_bigrams(&mut grams, &run);
                terms.push(format!("grams : {}", quote(grams.trim_end())));
            }
            Segment::Other(words) => {
                for word in words
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    terms.push(format!("grams : {}", quote(word)));
                }
            }
        }
    }
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// The query's searchable pieces as the user wrote them (CJK runs and words), longest
/// first: what a snippet should show.
pub fn query_terms(query: &str) -> Vec<String> {
    let query = normalize(query).text;
    let mut terms: Vec<String> = Vec::new();
    for segment in segments(&query) {
        match segment {
            Segment::Cjk(run) => terms.push(run.iter().collect()),
            Segment::Other(words) => terms.extend(
                words
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            ),
        }
    }
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    terms
}

/// A short passage of `text` around the first occurrence of any of `terms` (normalised
/// query terms, tried in order; matched in the normalised text, ASCII case ignored), with
/// the hit in 【】 and … where text was cut. Falls back to the start of the text.
pub fn snippet(text: &str, terms: &[String], context_chars: usize) -> String {
    let normalized = normalize(text);
    let folded = normalized.text.to_ascii_lowercase();
    let hit = terms.iter().find_map(|term| {
        let needle = term.to_ascii_lowercase();
        folded
            .find(&needle)
            .map(|start| normalized.to_original(Span::new(start, start + needle.len())))
    });
    // Line breaks and runs of spaces become one space, so a snippet is one line.
    let flat = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !c.is_whitespace() {
                out.push(c);
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    };
    let Some(Span { start, end }) =
        hit.filter(|s| text.is_char_boundary(s.start) && text.is_char_boundary(s.end))
    else {
        let head: String = text.chars().take(context_chars * 2).collect();
        let cut = head.len() < text.len();
        return format!("{}{}", flat(&head), if cut { "…" } else { "" });
    };
    let before_start = text[..start]
        .char_indices()
        .rev()
        .nth(context_chars.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let after_end = text[end..]
        .char_indices()
        .nth(context_chars)
        .map_or(text.len(), |(i, _)| end + i);
    format!(
        "{}{}【{}】{}{}",
        if before_start > 0 { "…" } else { "" },
        flat(&text[before_start..start]),
        &text[start..end],
        flat(&text[end..after_end]),
        if after_end < text.len() { "…" } else { "" },
    )
}

/// The largest lexeme, in bytes, put in a PostgreSQL `tsvector` (PostgreSQL refuses
/// 2 KiB and more); longer words are found through the token string alone.
const MAX_LEXEME: usize = 1000;
/// Positions PostgreSQL keeps per lexeme, and the largest position it records.
const MAX_POSITIONS: usize = 256;
const MAX_POSITION: usize = 16383;
/// A `tsvector` must stay under 1 MiB; a document whose vector would be larger gets
/// none (it is then checked by its token string alone).
const MAX_VECTOR_BYTES: usize = 1_000_000;

/// How the PostgreSQL backend indexes a text for search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgIndex {
    /// The text's tokens (see [`tokens`]) in order, each between spaces: what
    /// [`PgQuery::patterns`] are matched against, exactly.
    pub tokens: String,
    /// A `tsvector` literal with every token (at its position, for ranking) and the last
    /// character of every CJK run, or `None` when it would be too large for PostgreSQL.
    pub vector: Option<String>,
}

/// A search as the PostgreSQL backend runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgQuery {
    /// A `tsquery` literal ANDing the lexemes every match must have (a single CJK
    /// character as a prefix): the indexed prefilter (and the ranking). `None` when no term can use the index.
    pub tsquery: Option<String>,
    /// `LIKE` patterns that must all match [`PgIndex::tokens`]: the exact test.
    pub patterns: Vec<String>,
}

/// The searchable tokens of `text`, in order, as SQLite's index sees them: each CJK run
/// becomes its overlapping bigrams (or its one character), every other word (letters and
/// digits) is lower-cased and loses the diacritics of Latin letters. After
/// [`normalize`], so traditional and simplified Chinese give the same tokens.
pub fn tokens(text: &str) -> Vec<String> {
    let text = normalize(text).text;
    let mut out = Vec::new();
    for segment in segments(&text) {
        match segment {
            Segment::Cjk(run) if run.len() == 1 => out.push(run[0].to_string()),
            Segment::Cjk(run) => out.extend(run.windows(2).map(|p| p.iter().collect())),
            Segment::Other(words) => out.extend(words_of(words).map(fold_word)),
        }
    }
    out
}

/// What the PostgreSQL backend stores to search `text`.
pub fn pg_index(text: &str) -> PgIndex {
    let tokens = tokens(text);
    let mut joined = String::with_capacity(tokens.iter().map(|t| t.len() + 1).sum::<usize>() + 1);
    joined.push(' ');
    // (lexeme, 1-based position or 0 for none), sorted below into lexeme order.
    let mut entries: Vec<(&str, usize)> = Vec::with_capacity(tokens.len() + 16);
    for (i, token) in tokens.iter().enumerate() {
        joined.push_str(token);
        joined.push(' ');
        if token.len() <= MAX_LEXEME {
            entries.push((token, if i < MAX_POSITION { i + 1 } else { 0 }));
        }
    }
    // A single-character query searches lexemes by prefix: every character of a run
    // begins one of its bigrams, except the run's last, which is added on its own (the
    // one character of a one-character run is a token already).
    let is_bigram = |t: &str| {
        let mut chars = t.chars();
        matches!((chars.next(), chars.next(), chars.next()), (Some(a), Some(b), None) if is_cjk(a) && is_cjk(b))
    };
    for (i, token) in tokens.iter().enumerate() {
        if !is_bigram(token) {
            continue;
        }
        let last = &token[token.len() - token.chars().last().map_or(0, char::len_utf8)..];
        let continued = tokens
            .get(i + 1)
            .is_some_and(|next| is_bigram(next) && next.starts_with(last));
        if !continued {
            entries.push((last, 0));
        }
    }
    entries.sort_unstable();
    entries.dedup();
    PgIndex {
        tokens: joined,
        vector: vector_literal(&entries),
    }
}

/// The `tsvector` literal of sorted `(lexeme, position)` entries (position 0: none),
/// at most [`MAX_POSITIONS`] positions a lexeme; `None` when PostgreSQL would find it too
/// large. The size counted is an upper bound of PostgreSQL's: 4 bytes of header a
/// lexeme, the lexeme, alignment, and 2 bytes a position plus their count.
fn vector_literal(entries: &[(&str, usize)]) -> Option<String> {
    use std::fmt::Write;
    let mut out = String::with_capacity(entries.len() * 12);
    let mut size = 0;
    let mut current: Option<&str> = None;
    let mut positions = 0;
    for &(lexeme, position) in entries {
        if current != Some(lexeme) {
            if current.is_some() {
                out.push(' ');
            }
            push_quoted(&mut out, lexeme);
            size += 4 + lexeme.len() + 1;
            current = Some(lexeme);
            positions = 0;
        }
        if position == 0 || positions == MAX_POSITIONS {
            continue;
        }
        out.push(if positions == 0 { ':' } else { ',' });
        // Writing to a String cannot fail.
        let _ = write!(out, "{position}");
        size += if positions == 0 { 4 } else { 2 };
        positions += 1;
        if size >= MAX_VECTOR_BYTES {
            return None;
        }
    }
    (size < MAX_VECTOR_BYTES).then_some(out)
}

/// The PostgreSQL search for a user's query, or `None` when it has nothing to search
/// for. It finds what [`match_expression`] finds in SQLite: a CJK run of two or more
/// characters as consecutive bigram tokens, a single CJK character anywhere in a CJK
/// run, a word as a whole token; all terms.
pub fn pg_query(query: &str) -> Option<PgQuery> {
    let query = normalize(query).text;
    let mut lexemes: Vec<String> = Vec::new();
    let mut prefixes: Vec<String> = Vec::new();
    let mut patterns = Vec::new();
    for segment in segments(&query) {
        match segment {
            Segment::Cjk(run) if run.len() == 1 => {
                prefixes.push(run[0].to_string());
                patterns.push(format!("%{}%", run[0]));
            }
            Segment::Cjk(run) => {
                let grams: Vec<String> = run.windows(2).map(|p| p.iter().collect()).collect();
                patterns.push(format!("% {} %", grams.join(" ")));
                lexemes.extend(grams);
            }
            Segment::Other(words) => {
                for word in words_of(words).map(fold_word) {
                    patterns.push(format!("% {word} %"));
                    lexemes.push(word);
                }
            }
        }
    }
    lexemes.retain(|l| l.len() <= MAX_LEXEME);
    lexemes.sort();
    lexemes.dedup();
    prefixes.sort();
    prefixes.dedup();
    let operands: Vec<String> = lexemes
        .iter()
        .map(|l| quote_lexeme(l))
        .chain(prefixes.iter().map(|p| format!("{}:*", quote_lexeme(p))))
        .collect();
    let tsquery = (!operands.is_empty()).then(|| operands.join(" & "));
    (!patterns.is_empty()).then_some(PgQuery { tsquery, patterns })
}

/// The words (runs of letters and digits) of a stretch without CJK characters.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A word as SQLite's `unicode61 remove_diacritics 2` tokenizer indexes it: lower case,
/// Latin letters without their diacritics (é → e, ğ → g).
fn fold_word(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut base = None;
        let mut marks_only = true;
        unicode_normalization::char::decompose_canonical(c, |d| {
            if base.is_none() {
                base = Some(d);
            } else if !('\u{300}'..='\u{36f}').contains(&d) {
                marks_only = false;
            }
        });
        match base {
            Some(b) if b.is_ascii_alphabetic() && marks_only => out.push(b),
            _ => out.push(c),
        }
    }
    out
}

/// A lexeme in a `tsvector` or `tsquery` literal.
fn quote_lexeme(lexeme: &str) -> String {
    let mut out = String::with_capacity(lexeme.len() + 2);
    push_quoted(&mut out, lexeme);
    out
}

/// Appends `lexeme` quoted for a `tsvector` or `tsquery` literal.
fn push_quoted(out: &mut String, lexeme: &str) {
    out.push('\'');
    for c in lexeme.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

enum Segment<'a> {
    Cjk(Vec<char>),
    Other(&'a str),
}

/// Splits text into CJK runs and the stretches between them.
fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut other_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_cjk(c) {
            if let Some(start) = other_start.take() {
                out.push(Segment::Other(&text[start..i]));
            }
            run.push(c);
        } else {
            if !run.is_empty() {
                out.push(Segment::Cjk(std::mem::take(&mut run)));
            }
            other_start.get_or_insert(i);
        }
    }
    if let Some(start) = other_start {
        out.push(Segment::Other(&text[start..]));
    }
    if !run.is_empty() {
        out.push(Segment::Cjk(run));
    }
    out
}

/// Appends the run's overlapping bigrams (or its one character), space-separated.
fn push_bigrams(out: &mut String, run: &[char]) {
    if run.len() == 1 {
        out.push(run[0]);
        out.push(' ');
    }
    for pair in run.windows(2) {
        out.push(pair[0]);
        out.push(pair[1]);
        out.push(' ');
    }
}

/// An FTS5 string literal.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Han ideographs, kana and Hangul: scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF        // Hiragana, Katakana
        | 0x3400..=0x4DBF      // CJK Extension A
        | 0x4E00..=0x9FFF      // CJK Unified Ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK Compatibility Ideographs
        | 0x20000..=0x3134F    // Extensions B–G
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_become_bigrams_and_chars_other_words_pass() {
        let (grams, chars) = index_columns("王毅会见Lavrov。在G20峰会");
        assert_eq!(
            grams.split_whitespace().collect::<Vec<_>>(),
            ["王毅", "毅会", "会见", "Lavrov。", "在", "G20", "峰会"]
        );
        assert_eq!(chars.split_whitespace().count(), 7);
    }

    #[test]
    fn traditional_and_simplified_index_alike() {
        assert_eq!(index_columns("會見"), index_columns("会见"));
        assert_eq!(match_expression("會見"), match_expression("会见"));
    }

    #[test]
    fn queries_become_phrases_per_column() {
        assert_eq!(
            match_expression("会见").as_deref(),
            Some("grams : \"会见\"")
        );
        assert_eq!(
            match_expression("毅会见").as_deref(),
            Some("grams : \"毅会 会见\"")
        );
        assert_eq!(match_expression("会").as_deref(), Some("chars : \"会\""));
        assert_eq!(
            match_expression("Lavrov 会见").as_deref(),
            Some("grams : \"Lavrov\" AND grams : \"会见\"")
        );
        assert_eq!(
            match_expression("say \"hi\"").as_deref(),
            Some("grams : \"say\" AND grams : \"hi\"")
        );
        assert_eq!(match_expression(" ，。!? "), None);
        // Full-width forms are folded.
        assert_eq!(
            match_expression("Ｇ２０").as_deref(),
            Some("grams : \"G20\"")
        );
    }

    #[test]
    fn snippets_mark_the_hit_on_char_boundaries() {
        let text = "当地时间2月20日，王毅在约翰内斯堡会见俄罗斯外长拉夫罗夫。双方交换了意见。";
        let s = snippet(text, &query_terms("会见"), 5);
        assert_eq!(s, "…约翰内斯堡【会见】俄罗斯外长…");
        let s = snippet("Wang Yi met Lavrov\n in Moscow", &query_terms("lavrov"), 50);
        assert_eq!(s, "Wang Yi met 【Lavrov】 in Moscow");
        assert_eq!(snippet("abc", &query_terms("zzz"), 1), "ab…");
        // A simplified query marks the traditional original.
        let s = snippet("外長王毅會見拉夫羅夫", &query_terms("会见"), 2);
        assert_eq!(s, "…王毅【會見】拉夫…");
    }

    #[test]
    fn tokens_are_bigrams_chars_and_folded_words() {
        assert_eq!(
            tokens("王毅會見Lavrov。在Ｇ２０峰会，Erdoğan's café"),
            [
                "王毅", "毅会", "会见", "lavrov", "在", "g20", "峰会", "erdogan", "s", "cafe"
            ]
        );
        // Letters of other scripts keep what makes them different.
        assert_eq!(tokens("Straße Москва"), ["straße", "москва"]);
    }

    #[test]
    fn the_postgres_index_holds_tokens_in_order_and_every_character() {
        let index = pg_index("王毅会见，会见Lavrov");
        assert_eq!(index.tokens, " 王毅 毅会 会见 会见 lavrov ");
        assert_eq!(
            index.vector.as_deref(),
            Some("'lavrov':5 '会见':3,4 '毅会':2 '王毅':1 '见'")
        );
        // A word PostgreSQL could not index is only in the tokens.
        let long = "x".repeat(MAX_LEXEME + 1);
        let index = pg_index(&format!("{long} yes"));
        assert_eq!(index.vector.as_deref(), Some("'yes':2"));
        assert!(index.tokens.contains(&long));
        // Positions stop where PostgreSQL stops keeping them.
        let index = pg_index(&"ab ".repeat(MAX_POSITIONS + 10));
        let vector = index.vector.expect("small enough");
        assert_eq!(vector.matches(',').count(), MAX_POSITIONS - 1);
        // A text too large for a tsvector gets none, but keeps its tokens.
        let huge: String = (0..200_000u32).map(|i| format!("w{i} ")).collect();
        let index = pg_index(&huge);
        assert_eq!(index.vector, None);
        assert!(index.tokens.ends_with(" w199999 "));
    }

    #[test]
    fn postgres_queries_mirror_sqlite_terms() {
        let q = pg_query("毅會見 Lavrov 会 ").expect("terms");
        assert_eq!(q.patterns, ["% 毅会 会见 %", "% lavrov %", "%会%"]);
        assert_eq!(
            q.tsquery.as_deref(),
            Some("'lavrov' & '会见' & '毅会' & '会':*")
        );
        assert_eq!(
            pg_query("Erdogan").expect("a word").patterns,
            pg_query("ERDOĞAN").expect("a word").patterns
        );
        assert_eq!(pg_query(" ，。!? "), None);
        // Only a word too long for the index: the patterns alone decide.
        let long = "y".repeat(MAX_LEXEME + 1);
        let q = pg_query(&long).expect("a word");
        assert_eq!(q.tsquery, None);
        assert_eq!(q.patterns, [format!("% {long} %")]);
        // Quotes cannot reach a literal, but would be escaped.
        assert_eq!(quote_lexeme("it's \\"), "'it''s \\\\'");
    }

    #[test]
    fn every_character_of_a_run_begins_a_lexeme() {
        for text in [
            "王毅会见，见面会",
            "甲",
            "甲乙。乙",
            "会会会",
            "丙丁 戊 G20己",
        ] {
            let index = pg_index(text);
            let vector = index.vector.expect("small");
            let lexemes: Vec<&str> = vector
                .split(' ')
                .map(|e| e.split('\'').nth(1).unwrap_or_default())
                .collect();
            for c in normalize(text).text.chars().filter(|c| is_cjk(*c)) {
                assert!(
                    lexemes.iter().any(|l| l.starts_with(c)),
                    "{c} in {text:?}: {vector}"
                );
            }
        }
    }
}
