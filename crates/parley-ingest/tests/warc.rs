//! WARC backfill: an archive written here (plain and gzip, one member per record) is
//! read into documents carrying the records' URLs and dates.

use flate2::write::GzEncoder;
use parley_core::{RawDocument, Timestamp};
use parley_ingest::{read, ReadOptions};
use std::io::Write;

fn record(kind: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let content_type = match kind {
        "response" => "application/http; msgtype=response",
        "request" => "application/http; msgtype=request",
        _ => "application/warc-fields",
    };
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\n\
         WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len() as u32 ^ 0x5eed,
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn page(title: &str, date: Option<&str>, paragraphs: &[&str]) -> String {
    let meta = date
        .map(|d| format!("<meta property=\"article:published_time\" content=\"{d}\">"))
        .unwrap_or_default();
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>{meta}</head>\
         <body><nav><a href=\"/\">首页</a></nav><article><h1>{title}</h1>\n{body}</article>\
         <footer>版权所有</footer></body></html>"
    )
}

/// An archive of: warcinfo, a request, a UTF-8 page with its own date, a GBK page
/// without one (declared in Content-Type), a redirect and an image.
fn archive() -> Vec<Vec<u8>> {
    let dated = page(
        "外交部长会见来访客人",
        Some("2025-02-20T10:00:00+08:00"),
        &[
            "2月20日，外交部长在北京会见来访的邻国外长，双方就双边关系交换了意见。",
            "外交部长表示，愿同对方一道落实两国领导人达成的重要共识，推进各领域合作。",
            "邻国外长表示，愿加强沟通协调，推动两国关系不断向前发展。",
        ],
    );
    let undated = page(
        "两国外长通电话",
        None,
        &[
            "应约同邻国外长通电话。双方就当前形势和共同关心的问题深入交换意见。",
            "外长指出，双方应保持高层交往势头，加强战略沟通，深化务实合作。",
            "邻国外长表示赞同，愿共同努力推动合作取得更多成果。",
        ],
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&undated);
    vec![
        record(
            "warcinfo",
            "",
            "2025-02-21T00:00:00Z",
            b"software: parley-test\r\nformat: WARC File Format 1.0\r\n",
        ),
        record(
            "request",
            "https://news.example/a.html",
            "2025-02-21T01:00:00Z",
            b"GET /a.html HTTP/1.1\r\nHost: news.example\r\n\r\n",
        ),
        record(
            "response",
            "https://news.example/a.html",
            "2025-02-21T01:00:00Z",
            &http(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                dated.as_bytes(),
            ),
        ),
        record(
            "response",
            "<https://news.example/b.html>",
            "2025-02-22T03:04:05Z",
            &http("200 OK", "Content-Type: text/html; charset=gbk\r\n", &gbk),
        ),
        record(
            "response",
            "https://news.example/old",
            "2025-02-22T03:04:06Z",
            &http(
                "301 Moved Permanently",
                "Location: https://news.example/a.html\r\n",
                b"",
            ),
        ),
        record(
            "response",
            "https://news.example/logo.png",
            "2025-02-22T03:04:07Z",
            &http(
                "200 OK",
                "Content-Type: image/png\r\n",
                b"\x89PNG\r\n\x1a\n....",
            ),
        ),
    ]
}

fn check(bytes: Vec<u8>, origin: &str) {
    let raw = RawDocument::new(origin, bytes);
    let docs: Vec<_> = read(&raw, &ReadOptions::default())
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every HTML response reads");
    assert_eq!(docs.len(), 2, "{docs:#?}");
    let a = &docs[0];
    assert_eq!(a.url.as_deref(), Some("https://news.example/a.html"));
    assert_eq!(a.origin, format!("{origin}#3"));
    assert_eq!(a.title.as_deref(), Some("外交部长会见来访客人"));
    assert!(a.body.contains("会见来访的邻国外长"), "{}", a.body);
    assert_eq!(
        a.published.map(|p| p.date().to_string()).as_deref(),
        Some("2025-02-20"),
        "the page's own date wins"
    );
    let b = &docs[1];
    assert_eq!(b.url.as_deref(), Some("https://news.example/b.html"));
    assert!(
        b.body.contains("深化务实合作"),
        "decoded as GBK: {}",
        b.body
    );
    match b.published {
        Some(Timestamp::Instant(t)) => assert_eq!(t.to_rfc3339(), "2025-02-22T03:04:05+00:00"),
        other => panic!("the WARC date stands in: {other:?}"),
    }
}

#[test]
fn a_plain_warc_file_is_read_record_by_record() {
    check(archive().concat(), "crawl.warc");
}

#[test]
fn a_gzip_warc_with_one_member_per_record_is_read() {
    let mut bytes = Vec::new();
    for record in archive() {
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&record).expect("gzip");
        bytes.extend(gz.finish().expect("gzip"));
    }
    check(bytes, "crawl.warc.gz");
}

#[test]
fn a_damaged_archive_keeps_what_came_before() {
    let mut bytes = archive()[..3].concat();
    bytes
        .extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9999\r\n\r\nshort");
    let results = read(
        &RawDocument::new("cut.warc", bytes),
        &ReadOptions::default(),
    );
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let err = results[1].as_ref().expect_err("truncated record");
    assert!(err.to_string().contains("truncated"), "{err}");
}
