//! A small element tree over quick-xml's events: the parts of a .docx are a few megabytes at
//! most, and a tree is far easier to walk than a stream of events (runs inside hyperlinks inside
//! tracked insertions inside content controls). Names are local names (`w:p` → `p`): the
//! WordprocessingML parts use one namespace for everything this reader looks at.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Deeper nesting than this is refused (a hostile file must not overflow the stack).
const MAX_DEPTH: usize = 200;

#[derive(Debug, Clone, Default)]
pub(super) struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub kids: Vec<Kid>,
}

#[derive(Debug, Clone)]
pub(super) enum Kid {
    El(El),
    Text(String),
}

impl El {
    /// The value of attribute `name` (local name).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn els(&self) -> impl Iterator<Item = &El> {
        self.kids.iter().filter_map(|k| match k {
            Kid::El(e) => Some(e),
            Kid::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&El> {
        self.els().find(|e| e.name == name)
    }

    /// `<w:x w:val="…"/>` of the child `name`.
    pub fn child_val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("val"))
    }

    /// The text directly inside the element.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for k in &self.kids {
            if let Kid::Text(t) = k {
                s.push_str(t);
            }
        }
        s
    }

    /// Every descendant element called `name`, in document order.
    pub fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        for e in self.els() {
            if e.name == name {
                out.push(e);
            }
            e.descendants(name, out);
        }
    }
}

fn local(name: &[u8]) -> String {
    let n = match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(n).into_owned()
}

fn element(e: &quick_xml::events::BytesStart) -> Result<El, String> {
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|e| e.to_string())?;
        let v = a
            .unescape_value()
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
        attrs.push((local(a.key.as_ref()), v));
    }
    Ok(El {
        name: local(e.name().as_ref()),
        attrs,
        kids: Vec::new(),
    })
}

/// Parses an XML part into its root element, or says what is wrong with it.
pub(super) fn parse(xml: &str) -> Result<El, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("{e} (at byte {})", reader.error_position()))?;
        match ev {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("elements nested deeper than {MAX_DEPTH}"));
                }
                stack.push(element(&e)?);
            }
            Event::Empty(e) => {
                let el = element(&e)?;
                if let Some(top) = stack.last_mut() {
                    top.kids.push(Kid::El(el));
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                match stack.last_mut() {
                    Some(top) => top.kids.push(Kid::El(el)),
                    None => return Err("unbalanced end tag".into()),
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| e.to_string())?;
                push_text(&mut stack, &s);
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| e.to_string())?;
                push_text(&mut stack, &s);
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.decode().map_err(|e| e.to_string())?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or("")
                            .to_string()
                    }
                };
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err("the XML ends inside an element (truncated?)".into());
    }
    let root = stack.pop().unwrap_or_default();
    root.kids
        .into_iter()
        .find_map(|k| match k {
            Kid::El(e) => Some(e),
            Kid::Text(_) => None,
        })
        .ok_or_else(|| "no root element".to_string())
}

/// A document's own text never carries the private-use characters the importer uses as
/// placeholders (U+E000–U+E0FF) nor control characters: such a character (in hostile or broken
/// input) becomes U+FFFD, so it can neither be taken for a placeholder nor reach the plan.
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        matches!(c, '\u{E000}'..='\u{E0FF}') || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    };
    if s.contains(bad) {
        s.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

fn push_text(stack: &mut [El], s: &str) {
    if s.is_empty() {
        return;
    }
    let s = &*clean(s);
    if let Some(top) = stack.last_mut() {
        if let Some(Kid::Text(prev)) = top.kids.last_mut() {
            prev.push_str(s);
        } else {
            top.kids.push(Kid::Text(s.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree() {
        let x = parse(r#"<w:document xmlns:w="x"><w:p><w:r><w:t xml:space="preserve">a &amp; &#x4E00;</w:t></w:r></w:p></w:document>"#).unwrap();
        let p = x.child("p").unwrap();
        assert_eq!(p.child("r").unwrap().child("t").unwrap().text(), "a & 一");
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a><b>").is_err());
    }
}
