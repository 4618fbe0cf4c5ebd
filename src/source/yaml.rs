//! YAML: parsing with diagnostics at the YAML's own line and column (also inside front
//! matter), locating entries, and writing scalars that read back as the same string.

use crate::diag::{Code, Diagnostic};
use crate::model::Span;
use serde::de::DeserializeOwned;

/// Parses `yaml`, which starts at byte `offset` of source file `file`.
pub fn parse<T: DeserializeOwned>(file: usize, offset: usize, yaml: &str) -> Result<T, Diagnostic> {
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(&e, file, offset, yaml))
}

fn to_diagnostic(e: &serde_yaml::Error, file: usize, offset: usize, yaml: &str) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C" (the span says where) and, for scanner errors,
    // ", while scanning X at line L column C": where the unclosed construct starts, which is
    // where the author has to look.
    let (problem, context) = match full.split_once(", while ") {
        Some((p, c)) => (p, Some(c)),
        None => (full.as_str(), None),
    };
    let strip = |s: &str| {
        s.find(" at line ")
            .map_or(s.to_string(), |i| s[..i].to_string())
    };
    let context_at = context
        .and_then(parse_line_col)
        .and_then(|(l, c)| offset_of(yaml, l, c));
    let message = match context {
        Some(c) => format!("{} while {}", strip(problem), strip(c)),
        None => strip(problem),
    };
    let (code, help) = if message.contains("unknown field") {
        (
            Code::UnknownField,
            "remove the field or fix its spelling; the expected fields are listed in the message",
        )
    } else if message.contains("missing field") {
        (
            Code::MissingField,
            "add the field; docs/format.md lists every field and an example",
        )
    } else if message.contains("invalid type")
        || message.contains("unknown variant")
        || message.contains("invalid value")
    {
        (
            Code::InvalidValue,
            "fix the value's type or spelling; docs/format.md lists the accepted values",
        )
    } else {
        (
            Code::YamlSyntax,
            "check indentation and quoting: text containing `: `, `#`, or starting with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `'`, `\"` or `%` must be quoted",
        )
    };
    let reported = context_at
        .unwrap_or_else(|| e.location().map_or(0, |l| l.index()))
        .min(yaml.len());
    let start = offending_char(yaml, reported, &message).unwrap_or(reported);
    let mut end = start;
    if let Some(c) = yaml[start..].chars().next() {
        end += c.len_utf8();
    }
    let (code, help) = if message.contains("tab character") {
        (
            Code::YamlSyntax,
            "YAML indents with spaces only: replace the tab with spaces",
        )
    } else if message.contains("duplicate field") || message.contains("duplicate entry") {
        (
            Code::YamlSyntax,
            "a key may appear once in a mapping: remove this one or merge it with the first",
        )
    } else {
        (code, help)
    };
    Diagnostic::error(code, message)
        .at(
            Span::new(file, offset + start, offset + end),
            label_for(code),
        )
        .help(help)
}

/// serde_yaml reports some errors where the construct starts, not at the character to fix: a
/// tab in the indentation is reported at the scalar before it, a duplicate key at the start of
/// its mapping. The character itself, found from there.
fn offending_char(yaml: &str, reported: usize, message: &str) -> Option<usize> {
    let reported = (0..=reported.min(yaml.len()))
        .rev()
        .find(|&i| yaml.is_char_boundary(i))?;
    if message.contains("tab character") {
        return yaml[reported..].find('\t').map(|i| reported + i);
    }
    let after = |marker: &str, close: char| {
        message
            .find(marker)
            .and_then(|i| message[i + marker.len()..].split(close).next())
    };
    let key =
        after("duplicate field `", '`').or_else(|| after("duplicate entry with key \"", '"'))?;
    // The mapping's keys sit at the column of its start; the second `key:` there is the duplicate.
    let line_start = yaml[..reported].rfind('\n').map_or(0, |i| i + 1);
    let indent = reported - line_start;
    let mut seen = 0;
    let mut at = line_start;
    for line in yaml[line_start..].split_inclusive('\n') {
        let body = line.get(indent..).unwrap_or("");
        let leading = line.get(..indent).unwrap_or(line);
        if leading.trim().is_empty() || leading.trim() == "-" {
            if let Some(rest) = body.strip_prefix(key) {
                if rest.trim_start().starts_with(':') {
                    seen += 1;
                    if seen == 2 {
                        return Some(at + indent);
                    }
                }
            }
        }
        at += line.len();
    }
    None
}

fn label_for(code: Code) -> &'static str {
    match code {
        Code::UnknownField => "unknown field",
        Code::MissingField => "in this mapping",
        Code::InvalidValue => "this value",
        _ => "YAML error here",
    }
}

/// `… at line L column C` → (L, C), both 1-based.
fn parse_line_col(s: &str) -> Option<(usize, usize)> {
    let rest = &s[s.rfind(" at line ")? + 9..];
    let (line, col) = rest.split_once(" column ")?;
    Some((line.trim().parse().ok()?, col.trim().parse().ok()?))
}

/// Byte offset of a 1-based line and (character) column.
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line_text = text[start..].split('\n').next()?;
    let within = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + within)
}

/// Finds the byte offsets of `key: value` lines for a sequence of values, in order.
/// serde_yaml gives no spans for values, so entries are located in the text to point
/// diagnostics (duplicate IDs, unused targets) at the right line.
pub fn locate_entries(text: &str, key: &str, values: &[&str]) -> Vec<Option<usize>> {
    let mut from = 0;
    values
        .iter()
        .map(|value| {
            let found = find_key_value(&text[from..], key, value).map(|i| i + from);
            if let Some(i) = found {
                from = i + 1;
            }
            found
        })
        .collect()
}

fn find_key_value(text: &str, key: &str, value: &str) -> Option<usize> {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut search = 0;
        while let Some(pos) = line[search..].find(key) {
            let at = search + pos;
            let before_ok =
                at == 0 || matches!(line.as_bytes()[at - 1], b' ' | b'{' | b'-' | b',' | b'\t');
            let rest = &line[at + key.len()..];
            if before_ok {
                if let Some(v) = rest.strip_prefix(':') {
                    let v = v.trim_start();
                    let v = v.trim_start_matches(['"', '\'']);
                    if let Some(after) = v.strip_prefix(value) {
                        if after.is_empty()
                            || after.starts_with(['"', '\'', ',', '}', '\n', '\r', ' ', '#'])
                        {
                            return Some(line_start + at);
                        }
                    }
                }
            }
            search = at + key.len();
        }
        line_start += line.len();
    }
    None
}

/// A YAML scalar: plain when that is unambiguous (also inside `{…}` flow mappings), otherwise
/// double-quoted with escapes.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{FEFF}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let last = s.chars().next_back().unwrap_or(first);
    if first.is_whitespace() || last.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`~".contains(first) {
        return false;
    }
    if s.chars()
        .any(|c| c.is_control() || c == '\u{FEFF}' || ",[]{}".contains(c))
    {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "~"
    ) {
        return false;
    }
    // Anything that could read as a number (or a date) stays quoted unless it holds non-ASCII text.
    !(s.is_ascii() && (first.is_ascii_digit() || first == '.' || first == '+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_block_and_flow_entries() {
        let text = "targets:\n  - id: a\n    x: 1\n  - id: b\nterms:\n  - {zh: 长株潭, en: C}\n";
        assert_eq!(
            locate_entries(text, "id", &["a", "b"]),
            vec![Some(13), Some(32)]
        );
        let found = locate_entries(text, "zh", &["长株潭"]);
        assert!(found[0].is_some());
        assert_eq!(locate_entries(text, "id", &["ab"]), vec![None]);
    }

    #[test]
    fn yaml_error_points_into_the_file() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct T {
            #[allow(dead_code)]
            a: u32,
        }
        let d = parse::<T>(0, 100, "a: 1\nb: 2\n").unwrap_err();
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.primary.unwrap().span.start, 105);
        let d = parse::<T>(0, 0, "{a: 1\n").unwrap_err();
        assert_eq!(d.code, "yaml-syntax", "{}", d.message);
        // An unclosed quote is reported where the quote opens, not at the end of the file.
        let d = parse::<serde_yaml::Value>(0, 0, "a: 1\nb: \"x\n").unwrap_err();
        assert!(d.primary.unwrap().span.start < 10);
        assert!(
            d.message.contains("while scanning a quoted scalar"),
            "{}",
            d.message
        );
    }
}
