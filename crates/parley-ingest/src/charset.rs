//! Decoding bytes of unknown charset into text: BOM, declared charset (HTTP header or
//! meta tag), else detection.
//!
//! The order follows the HTML standard's sniffing, with two allowances for real pages:
//! bytes that are valid UTF-8 (and not plain ASCII) are read as UTF-8 whatever the page
//! claims (pages are often re-saved as UTF-8 with their old `gb2312` meta tag left in),
//! and a declared charset that the bytes do not fit is overruled by detection. Chinese
//! labels `gb2312`, `gbk` and `x-gbk` are read as GB18030, their superset, and `big5` as
//! Big5-HKSCS (what encoding_rs implements for that label).

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How many leading bytes are searched for a `<meta charset>` declaration.
const META_WINDOW: usize = 4096;

/// Decodes a page's bytes; `declared` is a charset named by the carrier, if any.
///
/// Fails only on content that is not text at all (NUL bytes without a UTF-16 BOM).
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<String, String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    if looks_binary(bytes) {
        return Err("content is binary, not text".to_string());
    }
    // Valid UTF-8 with non-ASCII bytes is almost never an accident of another charset.
    // (simdutf8 validates with SIMD: most pages are UTF-8, and this runs on every byte.)
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let claimed = declared.and_then(label_encoding).or_else(|| {
        meta_charset(bytes)
            .and_then(|l| label_encoding(&l))
            .map(meta_override)
    });
    if let Some(enc) = claimed {
        if enc != UTF_8 {
            let enc = mislabelled_chinese(enc, bytes).unwrap_or(enc);
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if !had_errors || !error_prone(&text) {
                return Ok(text.into_owned());
            }
        }
    }
    Ok(decode_with(detect(bytes), bytes))
}

/// For a page labelled GB18030 (GBK, GB2312) or Big5 whose bytes are plainly the other:
/// that other encoding.
///
/// Most Big5 byte pairs are also valid GBK and the reverse, so a mislabelled page decodes
/// "without errors" into nonsense, and on a short page no detector has enough text to
/// go on. What tells them apart is where the pairs fall: real text keeps to the block of
/// frequent characters of its own encoding (GB2312 level 1, lead bytes B0–D7 with a
/// trail byte from A1; Big5's 常用字, lead bytes A4–C6), and only about half of it lands
/// in the other encoding's block.
fn mislabelled_chinese(claimed: &'static Encoding, bytes: &[u8]) -> Option<&'static Encoding> {
    let big5 = encoding_rs::BIG5;
    let other = if claimed == GB18030 {
        big5
    } else if claimed == big5 {
        GB18030
    } else {
        return None;
    };
    let (pairs, gb_frequent, big5_frequent) = frequent_pairs(bytes);
    if pairs < 4 {
        return None;
    }
    let (claimed_share, other_share) = if claimed == GB18030 {
        (gb_frequent, big5_frequent)
    } else {
        (big5_frequent, gb_frequent)
    };
    // The other reading must be clearly better (a fifth of the pairs or more) and clean.
    if other_share < claimed_share + pairs.div_ceil(5) {
        return None;
    }
    let (_, had_errors) = other.decode_without_bom_handling(bytes);
    (!had_errors).then_some(other)
}

/// Counts the two-byte pairs of `bytes` and how many of them fall in the frequent-character
/// block of GB2312 and of Big5.
fn frequent_pairs(bytes: &[u8]) -> (usize, usize, usize) {
    let (mut pairs, mut gb, mut big5) = (0, 0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            // Markup is most of a page: its ASCII runs are skipped a vector at a time.
            i += Encoding::ascii_valid_up_to(&bytes[i..]);
            continue;
        }
        if lead < 0x81 || i + 1 >= bytes.len() {
            i += 1;
            continue;
        }
        let trail = bytes[i + 1];
        if trail.is_ascii_digit() {
            // A four-byte GB18030 sequence: frequent in neither.
            i += 4;
            pairs += 1;
            continue;
        }
        pairs += 1;
        gb += usize::from((0xB0..=0xD7).contains(&lead) && trail >= 0xA1);
        big5 += usize::from(
            (0xA4..=0xC6).contains(&lead)
                && ((0x40..=0x7E).contains(&trail) || (0xA1..=0xFE).contains(&trail)),
        );
        i += 2;
    }
    (pairs, gb, big5)
}

/// The encoding chardetng guesses for `bytes`, with GBK widened to GB18030.
///
/// chardetng rules out a multi-byte encoding on a single bad sequence, so a page of
/// Chinese with a few corrupt bytes comes back as a Latin code page; when the guess is a
/// single-byte encoding and GB18030 or Big5 reads the bytes as mostly CJK with only
/// stray errors, that reading wins.
pub fn detect(bytes: &[u8]) -> &'static Encoding {
    let guess = widen(settled_guess(&detector_input(bytes)));
    if guess.is_single_byte() {
        for enc in [GB18030, encoding_rs::BIG5] {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            let (mut cjk, mut bad, mut other) = (0usize, 0usize, 0usize);
            for c in text.chars() {
                match c {
                    '\u{FFFD}' => bad += 1,
                    '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' => {
                        cjk += 1
                    }
                    c if !c.is_ascii() => other += 1,
                    _ => {}
                }
            }
            if cjk >= 20 && bad * 50 < cjk && other * 4 < cjk {
                return enc;
            }
        }
    }
    guess
}

/// chardetng's guess for `input` once it has settled: the input is fed in chunks of
/// [`DETECT_CHUNK`] bytes, and detection stops when the guess after a chunk is the guess
/// after the one before, or at [`DETECT_LIMIT`].
///
/// Every byte costs chardetng a pass through some twenty-seven candidate decoders, and
/// on a page of dense CJK text its verdict is made in the first kilobyte or so, so a
/// verdict that two chunks confirm spares it the rest. Chunks end after an ASCII byte,
/// and a stream cut short is not marked as ended (`last` false), so no multi-byte
/// sequence is cut.
fn settled_guess(input: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let guess = |detector: &chardetng::EncodingDetector| {
        detector.guess(None, chardetng::Utf8Detection::Allow)
    };
    let mut start = 0;
    let mut previous = None;
    loop {
        let rest = &input[start..];
        if rest.len() <= DETECT_CHUNK.min(DETECT_LIMIT - start) {
            detector.feed(rest, true);
            return guess(&detector);
        }
        let want = (start + DETECT_CHUNK).min(DETECT_LIMIT);
        let end = input[start..want]
            .iter()
            .rposition(u8::is_ascii)
            .map_or(want, |p| start + p + 1);
        detector.feed(&input[start..end], false);
        start = end;
        let now = guess(&detector);
        if previous == Some(now) || start >= DETECT_LIMIT {
            return now;
        }
        previous = Some(now);
    }
}

/// How many bytes of [`detector_input`] chardetng sees at most: some thousands of
/// characters of text, past which its verdict on a page does not change but its cost
/// keeps growing.
const DETECT_LIMIT: usize = 8 * 1024;

/// How many bytes of [`detector_input`] chardetng is fed between two looks at its guess.
///
/// On Chinese pages a kilobyte of detector input holds some four hundred characters,
/// and the guess after two such chunks is the guess after the whole page on every
/// undeclared page of the benchmarks and on their pages re-encoded in the CJK, Cyrillic
/// and Latin charsets. A quarter of a kilobyte already took an English page in
/// windows-1252 for windows-1250; a kilobyte keeps a margin of four times that.
const DETECT_CHUNK: usize = 1024;

/// ASCII runs longer than this are shortened before detection.
const LONG_ASCII_RUN: usize = 24;

/// `bytes` with the inside of long ASCII runs (markup, scripts, URLs) cut out, for
/// chardetng, whose verdict does not depend on it and whose per-byte cost made detection
/// the slowest step of reading an undeclared page.
///
/// chardetng scores only pairs of bytes of which one is not ASCII, and the state it
/// carries through an ASCII run (letter case, an ASCII letter seen since a CJK lead byte)
/// is reset by every ASCII byte that is not a letter. So each long run keeps its first
/// bytes through the first non-letter, its last bytes from the last non-letter, and for
/// the cut middle a single letter if the middle held one; controls (ESC, NUL) are never
/// cut.
fn detector_input(bytes: &[u8]) -> Vec<u8> {
    let squashable = |b: u8| (0x20..0x7f).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r');
    let mut out = Vec::with_capacity(bytes.len() / 2);
    let mut i = 0;
    while i < bytes.len() {
        if !squashable(bytes[i]) {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && squashable(bytes[i]) {
            i += 1;
        }
        push_shortened(&mut out, &bytes[start..i]);
    }
    out
}

/// Appends a run of ASCII to the detector's input as [`detector_input`] keeps it: whole
/// when short, else head, a letter for a middle that held letters, and tail.
fn push_shortened(out: &mut Vec<u8>, run: &[u8]) {
    let cut = (run.len() > LONG_ASCII_RUN)
        .then(|| {
            let head_end = run[2..].iter().position(|b| !b.is_ascii_alphabetic())? + 3;
            let tail_start = run[..=run.len() - 3]
                .iter()
                .rposition(|b| !b.is_ascii_alphabetic())
                .filter(|&t| t > head_end)?;
            Some((head_end, tail_start))
        })
        .flatten();
    let Some((head_end, tail_start)) = cut else {
        out.extend_from_slice(run);
        return;
    };
    out.extend_from_slice(&run[..head_end]);
    if run[head_end..tail_start]
        .iter()
        .any(u8::is_ascii_alphabetic)
    {
        out.push(b'a');
    }
    out.extend_from_slice(&run[tail_start..]);
}

/// The encoding a charset label names (WHATWG labels), with GBK widened to GB18030.
pub fn label_encoding(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(
        label
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .as_bytes(),
    )
    .map(widen)
}

/// The charset a `<meta charset>`, `http-equiv` content type, XML declaration or other
/// tag's `encoding` attribute names in the page's first bytes (unknown labels skipped).
pub fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(META_WINDOW)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = memchr::memchr(b'<', &lower[from..]) {
        let start = from + pos;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        from = end;
        if !(tag.starts_with(b"<meta")
            || tag.starts_with(b"<?xml")
            || memchr::memmem::find(tag, b"encoding").is_some())
        {
            continue;
        }
        if let Some((cs, key)) = memchr::memmem::find(tag, b"charset")
            .map(|i| (i, &b"charset"[..]))
            .or_else(|| memchr::memmem::find(tag, b"encoding").map(|i| (i, &b"encoding"[..])))
        {
            let rest = &tag[cs + key.len()..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label: Vec<u8> = rest
                    .iter()
                    .copied()
                    .take_while(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')
                    })
                    .collect();
                if !label.is_empty() && Encoding::for_label(&label).is_some() {
                    return Some(String::from_utf8_lossy(&label).into_owned());
                }
            }
        }
    }
    None
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn widen(enc: &'static Encoding) -> &'static Encoding {
    if enc == encoding_rs::GBK {
        GB18030
    } else {
        enc
    }
}

/// A meta tag cannot really declare UTF-16 (the bytes that carry it are ASCII), and
/// `x-user-defined` means windows-1252, as the HTML standard prescribes.
fn meta_override(enc: &'static Encoding) -> &'static Encoding {
    if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else if enc == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        enc
    }
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> String {
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// True when more than one character in two hundred is a replacement character: the
/// declared charset does not fit the bytes.
fn error_prone(text: &str) -> bool {
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    bad * 200 > text.chars().count().max(1)
}

/// NUL bytes in the first kilobyte mean binary content (UTF-16 without BOM is not read).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.iter().filter(|&&b| b == 0).count() > 4
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_labelled_with_the_wrong_chinese_charset_is_read_by_its_bytes() {
        let page = |body: &[u8]| [b"<p>".as_slice(), body, b"</p>"].concat();
        let traditional = "國家主席習近平在北京會見來訪的法國總統馬克龍。";
        let (big5, _, _) = encoding_rs::BIG5.encode(traditional);
        assert!(decode(&page(&big5), Some("gbk"))
            .unwrap()
            .contains("習近平在北京會見"));
        assert!(decode(&page(&big5), Some("big5"))
            .unwrap()
            .contains("習近平在北京會見"));
        let simplified = "国家主席习近平在北京会见来访的法国总统马克龙，双方交换了意见。";
        let (gbk, _, _) = GB18030.encode(simplified);
        assert!(decode(&page(&gbk), Some("gbk"))
            .unwrap()
            .contains("习近平在北京会见"));
        assert!(decode(&page(&gbk), Some("big5"))
            .unwrap()
            .contains("习近平在北京会见"));
    }

    use super::*;

    const ZH: &str = "外交部发言人今天在例行记者会上宣布，国家主席将于下月应邀对法国进行国事访问，\
                      双方将就双边关系和共同关心的国际问题深入交换意见。";

    fn page(charset_meta: &str, body: &str) -> String {
        format!(
            "<html><head>{charset_meta}<title>t</title></head><body><p>{body}</p></body></html>"
        )
    }

    #[test]
    fn gbk_declared_in_meta() {
        let html = page(
            r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#,
            ZH,
        );
        let (bytes, _, _) = GB18030.encode(&html);
        let text = decode(&bytes, None).unwrap();
        assert!(text.contains(ZH));
    }

    #[test]
    fn gbk_undeclared_is_detected() {
        let html = page("", ZH);
        let (bytes, _, _) = encoding_rs::GBK.encode(&html);
        assert!(std::str::from_utf8(&bytes).is_err());
        let text = decode(&bytes, None).unwrap();
        assert!(text.contains(ZH), "{text}");
    }

    #[test]
    fn gb18030_only_characters_survive_a_gbk_label() {
        // U+20087 is outside GBK: only GB18030 four-byte sequences encode it.
        let body = format!("{ZH}\u{20087}");
        let html = page(r#"<meta charset="gbk">"#, &body);
        let (bytes, _, _) = GB18030.encode(&html);
        assert!(decode(&bytes, None).unwrap().contains(&body));
    }

    #[test]
    fn big5_declared_and_detected() {
        let zh_hant =
            "外交部發言人今天在例行記者會上宣布，國家主席將於下月應邀對法國進行國事訪問，\
                       雙方將就雙邊關係和共同關心的國際問題深入交換意見。";
        let html = page(r#"<meta charset="big5">"#, zh_hant);
        let (bytes, _, _) = encoding_rs::BIG5.encode(&html);
        assert!(decode(&bytes, None).unwrap().contains(zh_hant));
        let bare = page("", zh_hant);
        let (bytes, _, _) = encoding_rs::BIG5.encode(&bare);
        assert!(decode(&bytes, None).unwrap().contains(zh_hant));
        assert!(decode(&bytes, Some("big5")).unwrap().contains(zh_hant));
    }

    #[test]
    fn boms_win_over_declarations() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(page(r#"<meta charset="gbk">"#, ZH).as_bytes());
        let text = decode(&bytes, Some("gbk")).unwrap();
        assert!(text.starts_with("<html>") && text.contains(ZH));

        let mut le = vec![0xFF, 0xFE];
        for unit in page("", ZH).encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        assert!(decode(&le, None).unwrap().contains(ZH));
    }

    #[test]
    fn utf8_page_with_stale_gbk_meta_stays_utf8() {
        let html = page(r#"<meta charset="gb2312">"#, ZH);
        assert!(decode(html.as_bytes(), Some("gbk")).unwrap().contains(ZH));
    }

    #[test]
    fn wrong_declaration_is_overruled() {
        let html = page(r#"<meta charset="big5">"#, &ZH.repeat(3));
        let (bytes, _, _) = GB18030.encode(&html);
        assert!(decode(&bytes, None).unwrap().contains(ZH));
    }

    #[test]
    fn latin1_declared() {
        let (bytes, _, _) = WINDOWS_1252.encode("<p>Café déjà vu</p>");
        assert_eq!(
            decode(&bytes, Some("iso-8859-1")).unwrap(),
            "<p>Café déjà vu</p>"
        );
    }

    #[test]
    fn meta_charset_forms() {
        assert_eq!(
            meta_charset(b"<meta charset='GBK'>").as_deref(),
            Some("gbk")
        );
        assert_eq!(
            meta_charset(b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=big5\">")
                .as_deref(),
            Some("big5")
        );
        assert_eq!(meta_charset(b"<meta name=x><p>charset=utf-8</p>"), None);
        assert!(label_encoding("gb2312") == Some(GB18030));
    }

    #[test]
    fn chinese_with_stray_bad_bytes_is_still_chinese() {
        let html = page("", &ZH.repeat(4));
        let (gbk, _, _) = GB18030.encode(&html);
        let mut bytes = gbk.into_owned();
        let mid = bytes.len() / 2;
        bytes.splice(mid..mid, [0x81, 0x20]);
        let text = decode(&bytes, None).unwrap();
        assert!(text.contains(ZH), "{text}");
    }

    #[test]
    fn xml_style_encoding_attribute() {
        assert_eq!(
            meta_charset(b"<?xml version=\"1.0\" encoding=\"GB2312\"?><html>").as_deref(),
            Some("gb2312")
        );
        assert_eq!(
            meta_charset(b"<doc encoding=\"unset\"><meta charset=big5>").as_deref(),
            Some("big5")
        );
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(&[0u8; 64], None).is_err());
        assert_eq!(decode(b"", None).unwrap(), "");
    }

    fn chardetng_guess(bytes: &[u8]) -> &'static Encoding {
        let mut d = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        d.feed(bytes, true);
        d.guess(None, chardetng::Utf8Detection::Allow)
    }

    #[test]
    fn shortened_ascii_runs_leave_the_detectors_verdict_alone() {
        let texts = [
            "国家主席在人民大会堂会见来访的法国总统，双方就两国关系交换意见。",
            "國家主席在北京會見來訪的法國總統，雙方就兩國關係交換意見。",
            "外務大臣は東京で来日中のフランス外相と会談し、両国関係について意見を交わした。",
            "외교부 장관은 서울에서 프랑스 외무장관과 회담하고 양국 관계를 논의했다.",
            "Les ministres se sont réunis à Genève mardi; l'accord prévoit déjà une rencontre.",
            "Министры встретились в Женеве во вторник и договорились о новой встрече.",
            "Οι υπουργοί συναντήθηκαν στη Γενεύη την Τρίτη και συμφώνησαν να ξανασυναντηθούν.",
        ];
        let encodings = [
            GB18030,
            encoding_rs::BIG5,
            encoding_rs::SHIFT_JIS,
            encoding_rs::EUC_JP,
            encoding_rs::EUC_KR,
            WINDOWS_1252,
            encoding_rs::WINDOWS_1251,
            encoding_rs::KOI8_R,
            encoding_rs::ISO_8859_7,
        ];
        let markup = [
            "<div class=\"article-Body MainText\" id=\"ContentArea\"><a href=\"https://news.example.org/World/2024/index.html\">",
            "</a></div>\n<script>var PageConfig = {channelId: 12345, NAME: 'WorldNews', ready: true};</script>\n<p>",
            " HeadlineTEXT ALLCAPS mixedCase wOrDs and more words 12345 ",
            "</p>\n",
        ];
        for text in texts {
            let page: String = markup
                .iter()
                .flat_map(|m| [*m, text])
                .collect::<Vec<_>>()
                .concat();
            for enc in encodings {
                let (bytes, _, unmappable) = enc.encode(&page);
                if unmappable {
                    continue;
                }
                let short = detector_input(&bytes);
                assert!(short.len() < bytes.len());
                assert_eq!(
                    chardetng_guess(&short),
                    chardetng_guess(&bytes),
                    "{} in {}",
                    &text[..12],
                    enc.name()
                );
            }
        }
    }

    #[test]
    fn detection_that_stops_early_agrees_with_detection_on_the_whole_page() {
        let texts = [
            (
                "国家主席在人民大会堂会见来访的法国总统，双方就两国关系交换意见。",
                GB18030,
            ),
            (
                "國家主席在北京會見來訪的法國總統，雙方就兩國關係交換意見。",
                encoding_rs::BIG5,
            ),
            (
                "外務大臣は東京で来日中のフランス外相と会談し、両国関係について意見を交わした。",
                encoding_rs::SHIFT_JIS,
            ),
            (
                "외교부 장관은 서울에서 프랑스 외무장관과 회담하고 양국 관계를 논의했다.",
                encoding_rs::EUC_KR,
            ),
            (
                "Министры встретились в Женеве во вторник и договорились о новой встрече.",
                encoding_rs::WINDOWS_1251,
            ),
        ];
        for (text, enc) in texts {
            for repeat in [1, 20, 200] {
                let page = format!("<p>{}</p>", text.repeat(repeat));
                let (bytes, _, _) = enc.encode(&page);
                let input = detector_input(&bytes);
                assert_eq!(
                    settled_guess(&input),
                    chardetng_guess(&input),
                    "{} x{repeat}",
                    enc.name()
                );
            }
        }
    }

    #[test]
    fn detection_that_stops_early_agrees_on_the_shared_pages_re_encoded() {
        let bench = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench");
        let sets: [(&str, &[&'static Encoding]); 2] = [
            ("zh-content", &[GB18030, encoding_rs::BIG5]),
            ("en-content", &[WINDOWS_1252]),
        ];
        let pages: Vec<_> = sets
            .iter()
            .filter_map(|(set, encs)| {
                let entries = std::fs::read_dir(bench.join(set).join("pages")).ok()?;
                Some(
                    entries
                        .filter_map(Result::ok)
                        .map(move |e| (e.path(), *encs)),
                )
            })
            .flatten()
            .collect();
        if pages.is_empty() {
            eprintln!("skipped: {} not found", bench.display());
            return;
        }
        let mut checked = 0;
        for (path, encodings) in pages {
            let text = decode(&std::fs::read(&path).unwrap(), None).unwrap();
            for &enc in encodings {
                let (bytes, _, unmappable) = enc.encode(&text);
                if unmappable || bytes.is_ascii() {
                    continue;
                }
                let input = detector_input(&bytes);
                assert_eq!(
                    settled_guess(&input),
                    chardetng_guess(&input),
                    "{} in {}",
                    path.display(),
                    enc.name()
                );
                checked += 1;
            }
        }
        assert!(checked > 0);
    }

    #[test]
    fn short_runs_and_controls_are_kept() {
        let bytes = b"\xb9\xfa<p>\x1b$B short run\xb9\xfa";
        assert_eq!(detector_input(bytes), bytes.to_vec());
        let long = b"\xb9\xfa<div class=\"some long class name\">\xb9\xfa";
        assert_eq!(
            detector_input(long),
            b"\xb9\xfa<div a name\">\xb9\xfa".to_vec()
        );
    }
}
