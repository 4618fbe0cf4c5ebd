//! The bytes of a plain-text plan as text. Chinese editors bring UTF-8, but also GB18030/GBK
//! (many government pages, and what Notepad saves as "ANSI" on Chinese Windows) and UTF-16
//! with its byte-order mark (Notepad's "Unicode"). Each is decoded strictly: a byte that does
//! not belong is an error at its line and column, never a replacement character.

use encoding_rs::{Encoding, GB18030, UTF_8};
use std::borrow::Cow;

/// Text decoded from an encoding other than UTF-8.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// The encoding it was read in, when not UTF-8 (`GB18030`, `UTF-16LE`).
    pub encoding: Option<&'static str>,
}

/// Where decoding failed: 1-based line and character column of the first byte that does not
/// belong, and the encoding the input was read in.
#[derive(Debug, PartialEq, Eq)]
pub struct Undecodable {
    pub encoding: &'static str,
    pub line: usize,
    pub column: usize,
}

/// The input as text. UTF-8 (with or without a byte-order mark) is taken as it is; UTF-16 by its
/// byte-order mark. Other bytes are read as GB18030 (a superset of GBK and GB2312) unless they
/// are mostly UTF-8 with a few damaged bytes: such a file is reported at its first bad byte,
/// not read as GB18030 (which would turn its Chinese into other Chinese).
pub fn decode(input: &[u8]) -> Result<Decoded<'_>, Undecodable> {
    if let Some((encoding, bom)) = Encoding::for_bom(input) {
        if encoding != UTF_8 {
            return strict(encoding, &input[bom..]).map(|text| Decoded {
                text: Cow::Owned(text),
                encoding: Some(name(encoding)),
            });
        }
    }
    let utf8 = match std::str::from_utf8(input) {
        Ok(text) => {
            return Ok(Decoded {
                text: Cow::Borrowed(text),
                encoding: None,
            })
        }
        Err(e) => e,
    };
    let at_utf8 = || {
        let valid = std::str::from_utf8(&input[..utf8.valid_up_to()]).unwrap_or_default();
        let (line, column) = position(valid);
        Undecodable {
            encoding: "UTF-8",
            line,
            column,
        }
    };
    if mostly_utf8(input) {
        return Err(at_utf8());
    }
    strict(GB18030, input)
        .map(|text| Decoded {
            text: Cow::Owned(text),
            encoding: Some(name(GB18030)),
        })
        // Neither: the UTF-8 position is the one an editor's tools show.
        .map_err(|_| at_utf8())
}

/// More characters of two bytes or more decode as UTF-8 than bytes fail to: text in UTF-8
/// with damage, not text in another encoding (GB18030's pairs of bytes are almost never
/// valid UTF-8).
fn mostly_utf8(input: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in input.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    valid > invalid
}

/// `bytes` decoded as `encoding` without replacement, or where the first malformed byte is.
fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, Undecodable> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(usize::MAX / 2);
    let mut text = String::with_capacity(capacity);
    let (result, _) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        // Malformed, or (with the capacity above, never) a full buffer: the text decoded so
        // far ends where the bad byte is.
        _ => {
            let (line, column) = position(&text);
            Err(Undecodable {
                encoding: name(encoding),
                line,
                column,
            })
        }
    }
}

/// The encoding's usual name: `GB18030`, `UTF-16LE`.
fn name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// 1-based line and character column just after `before`.
fn position(before: &str) -> (usize, usize) {
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_is_read() {
        // 湘潭 in GBK, on line 3.
        let d = decode(b"one\ntwo\n  \xcf\xe6\xcc\xb6").unwrap();
        assert_eq!(d.text, "one\ntwo\n  湘潭");
        assert_eq!(d.encoding, Some("GB18030"));
    }

    #[test]
    fn utf16_by_its_byte_order_mark() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("第一章 总则\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&le).unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("第一章 总则\n", Some("UTF-16LE"))
        );
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("一、\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be).unwrap().text, "一、\n");
        // An unpaired surrogate on line 2.
        let bad: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\nb".encode_utf16().flat_map(u16::to_le_bytes))
            .chain([0x00, 0xD8, 0x41, 0x00])
            .collect();
        assert_eq!(
            decode(&bad).err(),
            Some(Undecodable {
                encoding: "UTF-16LE",
                line: 2,
                column: 2
            })
        );
    }

    #[test]
    fn utf8_with_a_bad_byte_is_not_read_as_gb18030() {
        // 中文 in UTF-8 then a stray byte: reported where it is.
        let err = decode(
            "中文\n中文"
                .as_bytes()
                .iter()
                .copied()
                .chain([0xFF])
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .err()
        .unwrap();
        assert_eq!((err.encoding, err.line, err.column), ("UTF-8", 2, 3));
    }

    #[test]
    fn neither_is_reported_at_the_first_bad_utf8_byte() {
        let err = decode(b"abc\n\xe4\xb8\xad\xff rest").err().unwrap();
        assert_eq!((err.line, err.column), (2, 2));
        let err = decode(b"\xff").err().unwrap();
        assert_eq!((err.line, err.column), (1, 1));
    }
}
