//! WARC archives (ISO 28500, versions 1.0 and 1.1), plain or gzip-compressed with one
//! gzip member per record (or one for the whole file).
//!
//! Each `response` record whose HTTP status is 2xx and whose payload is HTML (by its
//! `Content-Type`, or by its content when the header is missing) becomes a document: the
//! HTTP headers are stripped (chunked transfer and gzip/deflate content encodings
//! undone), the `Content-Type` charset is passed on as the declared one, the document's
//! URL is the record's `WARC-Target-URI`, and when the page gives no publication time
//! the record's `WARC-Date` (when it was fetched) stands in. Requests, metadata, DNS
//! lookups, redirects and non-HTML payloads are passed over.
//!
//! A small reader rather than the `warc` crate: it reads from any `BufRead` (so one
//! multi-member gzip stream is decoded record by record), caps record and header sizes on
//! untrusted input, and tolerates the bare-LF line ends some tools write.

use crate::ReadOptions;
use chrono::DateTime;
use flate2::read::{MultiGzDecoder, ZlibDecoder};
use parley_core::{Diagnostic, Document, RawDocument, Timestamp};
use std::io::{BufRead, BufReader, Read};

/// Largest record content read; larger records are skipped with a diagnostic.
pub const MAX_RECORD_BYTES: u64 = 256 * 1024 * 1024;
/// Largest header line (WARC or HTTP).
const MAX_LINE: u64 = 64 * 1024;
/// Most header lines in one block.
const MAX_HEADERS: usize = 1024;

/// True when `bytes` are a WARC file: they start with `WARC/1.`, or with a gzip member
/// that decompresses to it.
pub fn is_warc(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"WARC/1.") {
        return true;
    }
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return false;
    }
    let mut head = [0u8; 7];
    let mut decoder = flate2::read::GzDecoder::new(bytes);
    decoder.read_exact(&mut head).is_ok() && &head == b"WARC/1."
}

/// One WARC record: its named fields and its content block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The version line, e.g. `WARC/1.1`.
    pub version: String,
    /// Header fields in order, names as written.
    pub headers: Vec<(String, String)>,
    /// The content block (`Content-Length` bytes).
    pub content: Vec<u8>,
}

impl Record {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The records of a WARC file held in memory, plain or gzip-compressed, in order (see
/// [`open`]).
pub fn records(bytes: &[u8]) -> Records<Box<dyn BufRead + '_>> {
    open(bytes)
}

/// The records of a WARC stream, plain or gzip-compressed (told apart by its first
/// bytes), in order, read as they come: an archive of any size is read with one record
/// in memory at a time. Reading stops at the first malformed record (its error is the
/// last item); a record over the size limit (see [`Records::with_limit`]) is passed over
/// and is an error item of its own.
pub fn open<'a>(reader: impl Read + 'a) -> Records<Box<dyn BufRead + 'a>> {
    let mut buffered = BufReader::new(reader);
    let gzip = buffered
        .fill_buf()
        .is_ok_and(|head| head.starts_with(&[0x1f, 0x8b]));
    let reader: Box<dyn BufRead + 'a> = if gzip {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(
            buffered,
        )))
    } else {
        Box::new(buffered)
    };
    Records {
        reader,
        limit: MAX_RECORD_BYTES,
        done: false,
    }
}

/// An iterator over the records of a WARC stream (see [`open`]).
#[derive(Debug)]
pub struct Records<R> {
    reader: R,
    limit: u64,
    done: bool,
}

impl<R> Records<R> {
    /// Passes over records whose content is larger than `limit` bytes (at most
    /// [`MAX_RECORD_BYTES`]) without holding them.
    pub fn with_limit(mut self, limit: u64) -> Self {
        self.limit = limit.min(MAX_RECORD_BYTES);
        self
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<Record, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match next_record(&mut self.reader, self.limit) {
            Ok(Some(record)) => Some(record),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(reason) => {
                self.done = true;
                Some(Err(reason))
            }
        }
    }
}

/// Reads one line (up to LF) without its line end; `None` at the end of the stream.
fn read_line(reader: &mut impl BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut line = Vec::new();
    let n = reader
        .by_ref()
        .take(MAX_LINE)
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("cannot read: {e}"))?;
    if n == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") && n as u64 == MAX_LINE {
        return Err(format!("a header line longer than {MAX_LINE} bytes"));
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(Some(line))
}

/// Reads `Name: value` lines up to an empty line (continuation lines folded in).
fn read_headers(reader: &mut impl BufRead) -> Result<Vec<(String, String)>, String> {
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let Some(line) = read_line(reader)? else {
            return Err("the stream ends inside a header block".into());
        };
        if line.is_empty() {
            return Ok(headers);
        }
        let line = String::from_utf8_lossy(&line);
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("a header line without a colon: {line:?}"));
        };
        if headers.len() >= MAX_HEADERS {
            return Err(format!("more than {MAX_HEADERS} header lines"));
        }
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
}

/// The next record: `Ok(None)` at the end of the stream, `Ok(Some(Err(_)))` for a record
/// passed over (too large), `Err` when the stream cannot be read on.
fn next_record(
    reader: &mut impl BufRead,
    limit: u64,
) -> Result<Option<Result<Record, String>>, String> {
    // Records are separated by CRLF CRLF; skip any blank lines before the next.
    let version = loop {
        match read_line(reader)? {
            None => return Ok(None),
            Some(line) if line.iter().all(u8::is_ascii_whitespace) => continue,
            Some(line) => break String::from_utf8_lossy(&line).trim().to_string(),
        }
    };
    if !version.starts_with("WARC/") {
        return Err(format!("expected a WARC record, found {version:?}"));
    }
    let headers = read_headers(reader)?;
    let length: u64 = header(&headers, "Content-Length")
        .ok_or("a record without Content-Length")?
        .trim()
        .parse()
        .map_err(|_| "a record with an unreadable Content-Length".to_string())?;
    if length > limit {
        let skipped = std::io::copy(&mut reader.by_ref().take(length), &mut std::io::sink())
            .map_err(|e| format!("cannot read a record's content: {e}"))?;
        if skipped < length {
            return Err("the stream ends inside a record (truncated file?)".into());
        }
        return Ok(Some(Err(format!(
            "a record of {length} bytes, over the limit of {limit} (see --max-bytes)"
        ))));
    }
    let mut content = Vec::with_capacity(usize::try_from(length).unwrap_or(0).min(1 << 20));
    reader
        .by_ref()
        .take(length)
        .read_to_end(&mut content)
        .map_err(|e| format!("cannot read a record's content: {e}"))?;
    if (content.len() as u64) < length {
        return Err("the stream ends inside a record (truncated file?)".into());
    }
    Ok(Some(Ok(Record {
        version,
        headers,
        content,
    })))
}

/// An HTTP response taken apart.
#[derive(Debug)]
struct HttpResponse {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Splits an HTTP response into status, content type and decoded body.
fn parse_http(bytes: &[u8]) -> Result<HttpResponse, String> {
    let mut reader = bytes;
    let status_line = read_line(&mut reader)?.ok_or("an empty HTTP response")?;
    let status_line = String::from_utf8_lossy(&status_line);
    let mut parts = status_line.split_whitespace();
    if !parts.next().is_some_and(|p| p.starts_with("HTTP/")) {
        return Err(format!("not an HTTP response: {status_line:?}"));
    }
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status code in {status_line:?}"))?;
    let headers = read_headers(&mut reader)?;
    let mut body = reader.to_vec();
    if header(&headers, "Transfer-Encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        body = dechunk(&body)?;
    }
    match header(&headers, "Content-Encoding").map(|v| v.trim().to_ascii_lowercase()) {
        Some(enc) if enc == "gzip" || enc == "x-gzip" => {
            body = inflate(MultiGzDecoder::new(body.as_slice()))?;
        }
        Some(enc) if enc == "deflate" => body = inflate(ZlibDecoder::new(body.as_slice()))?,
        Some(enc) if enc.is_empty() || enc == "identity" => {}
        Some(enc) => return Err(format!("an unsupported content encoding: {enc}")),
        None => {}
    }
    Ok(HttpResponse {
        status,
        content_type: header(&headers, "Content-Type").map(str::to_string),
        body,
    })
}

fn inflate(decoder: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let n = decoder
        .take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot decompress the payload: {e}"))?;
    if n as u64 > MAX_RECORD_BYTES {
        return Err("the decompressed payload is over the size limit".into());
    }
    Ok(out)
}

/// Undoes chunked transfer encoding.
fn dechunk(mut bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(bytes.len());
    loop {
        let line = read_line(&mut bytes)?.ok_or("chunked body ends without a last chunk")?;
        let line = String::from_utf8_lossy(&line);
        let size = line.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size, 16).map_err(|_| format!("a bad chunk size: {size:?}"))?;
        if size == 0 {
            return Ok(out);
        }
        if size > bytes.len() {
            // A truncated capture: keep what there is.
            out.extend_from_slice(bytes);
            return Ok(out);
        }
        out.extend_from_slice(&bytes[..size]);
        bytes = &bytes[size..];
        let _ = read_line(&mut bytes)?; // the CRLF after the chunk
    }
}

/// Reads every HTML response of a WARC file into documents, named `{origin}#{n}` where
/// `n` is the record's position in the file (from 1).
pub fn read_warc(raw: &RawDocument, options: &ReadOptions) -> Vec<Result<Document, Diagnostic>> {
    records(&raw.bytes)
        .enumerate()
        .flat_map(|(index, item)| read_item(&raw.origin, index, item, options))
        .collect()
}

/// Reads the item at `index` (from 0) of the records of the archive read from `origin`
/// (see [`read_record`]): documents named `{origin}#{index + 1}`, or the record's error.
pub fn read_item(
    origin: &str,
    index: usize,
    item: Result<Record, String>,
    options: &ReadOptions,
) -> Vec<Result<Document, Diagnostic>> {
    let name = format!("{origin}#{}", index + 1);
    match item {
        Ok(record) => read_record(&record, name, options),
        Err(reason) => vec![Err(Diagnostic::error(name, format!("WARC: {reason}")))],
    }
}

/// Reads one record into documents when it is an HTML response with a 2xx status (none
/// otherwise), named `name`: the record's `WARC-Target-URI` is their URL, and its
/// `WARC-Date` their publication time when the page gives none.
fn read_record(
    record: &Record,
    name: String,
    options: &ReadOptions,
) -> Vec<Result<Document, Diagnostic>> {
    if !record
        .header("WARC-Type")
        .is_some_and(|t| t.eq_ignore_ascii_case("response"))
        || !record.content.starts_with(b"HTTP/")
    {
        return Vec::new();
    }
    let target = record
        .header("WARC-Target-URI")
        .map(|u| u.trim_matches(|c| c == '<' || c == '>').to_string());
    let fetched = record
        .header("WARC-Date")
        .and_then(|d| DateTime::parse_from_rfc3339(d.trim()).ok());
    let response = match parse_http(&record.content) {
        Ok(response) => response,
        Err(reason) => {
            return vec![Err(Diagnostic::error(
                name,
                format!("HTTP payload: {reason}"),
            ))]
        }
    };
    let media = response
        .content_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    let html = if media.is_empty() {
        crate::looks_like_html_page(&String::from_utf8_lossy(
            &response.body[..response.body.len().min(4096)],
        ))
    } else {
        media.contains("html")
    };
    if !(200..300).contains(&response.status) || !html || response.body.is_empty() {
        return Vec::new();
    }
    let page = RawDocument {
        origin: name,
        bytes: response.body,
        media_type: response.content_type,
        url: target.clone(),
    };
    crate::read(&page, options)
        .into_iter()
        .map(|document| {
            document.map(|mut document| {
                if target.is_some() {
                    document.url = target.clone();
                }
                if document.published.is_none() {
                    document.published = fetched.map(Timestamp::Instant);
                }
                document
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, uri: &str, content: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2025-02-21T02:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n",
            content.len()
        )
        .into_bytes();
        out.extend_from_slice(content);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).expect("gzip");
        encoder.finish().expect("gzip")
    }

    #[test]
    fn recognises_plain_and_gzip_warc() {
        let r = record("warcinfo", "", b"software: test\r\n");
        assert!(is_warc(&r));
        assert!(is_warc(&gzip(&r)));
        assert!(!is_warc(&gzip(b"<html></html>")));
        assert!(!is_warc(b"<html>WARC/1.0</html>"));
        assert!(!is_warc(&[0x1f, 0x8b, 0, 0]));
    }

    #[test]
    fn reads_records_from_multi_member_gzip() {
        let a = record("request", "https://a.example/", b"GET / HTTP/1.1\r\n\r\n");
        let b = record(
            "response",
            "https://a.example/",
            b"HTTP/1.1 200 OK\r\n\r\nhi",
        );
        let mut bytes = gzip(&a);
        bytes.extend(gzip(&b));
        let all: Vec<Record> = records(&bytes).collect::<Result<_, _>>().expect("records");
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].header("warc-type"), Some("response"));
        assert_eq!(all[1].content, b"HTTP/1.1 200 OK\r\n\r\nhi");
    }

    #[test]
    fn a_record_over_the_limit_is_passed_over_and_reading_goes_on() {
        let mut bytes = record("response", "https://a.example/", &[b'x'; 500]);
        bytes.extend(record(
            "response",
            "https://b.example/",
            b"HTTP/1.1 200 OK\r\n\r\nhi",
        ));
        let all: Vec<_> = open(bytes.as_slice()).with_limit(100).collect();
        assert_eq!(all.len(), 2);
        let first = all[0].as_ref().expect_err("over the limit");
        assert!(
            first.contains("500 bytes, over the limit of 100"),
            "{first}"
        );
        let second = all[1].as_ref().expect("read on");
        assert_eq!(second.header("WARC-Target-URI"), Some("https://b.example/"));
        // The same stream gzip-compressed, read from a reader rather than a slice.
        let all: Vec<_> = open(std::io::Cursor::new(gzip(&bytes)))
            .with_limit(100)
            .collect();
        assert!(all[0].is_err() && all[1].is_ok());
    }

    #[test]
    fn a_truncated_record_is_an_error_not_a_panic() {
        let mut bytes = record(
            "response",
            "https://a.example/",
            b"HTTP/1.1 200 OK\r\n\r\nhello",
        );
        bytes.truncate(bytes.len() - 8);
        let all: Vec<_> = records(&bytes).collect();
        assert_eq!(all.len(), 1);
        assert!(all[0].is_err());
        let junk: Vec<_> = records(b"WARC/1.0\r\nno colon here\r\n\r\n").collect();
        assert!(junk[0].is_err());
    }

    #[test]
    fn http_bodies_are_dechunked_and_inflated() {
        let body = gzip("<p>正文</p>".as_bytes());
        let mut chunked = format!("{:x}\r\n", body.len()).into_bytes();
        chunked.extend_from_slice(&body);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
            Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
            .to_vec();
        http.extend_from_slice(&chunked);
        let response = parse_http(&http).expect("response");
        assert_eq!(response.status, 200);
        assert_eq!(response.body, "<p>正文</p>".as_bytes());
        assert_eq!(
            response.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
    }
}
