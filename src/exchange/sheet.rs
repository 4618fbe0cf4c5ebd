//! CSV for spreadsheets, as every CSV plandoc writes it: UTF-8 with a byte order mark (so Excel
//! reads the Chinese right), CRLF line ends, RFC 4180 quoting (the `csv` crate), and text that
//! starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) prefixed with `'` so a
//! spreadsheet never evaluates plan text — except a plain number such as `-5`. [`field`]
//! undoes the prefix when a sheet is read back.

/// The header and the rows as CSV text.
pub fn write<R, F>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header).expect("write to memory");
    for row in rows {
        w.write_record(row.iter().map(|f| defuse(f.as_ref()).into_owned()))
            .expect("write to memory");
    }
    let bytes = w.into_inner().expect("flush to memory");
    format!(
        "\u{FEFF}{}",
        String::from_utf8(bytes).expect("the fields are UTF-8")
    )
}

fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err()
}

fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// A field as written before [`write`] defused it: `'=A1` → `=A1`.
pub fn field(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_read_back() {
        let csv = write(
            &["a", "b"],
            [vec!["=1+1", "-5"], vec!["x,\"y\"", "@SUM(A1)"]],
        );
        assert_eq!(
            csv,
            "\u{FEFF}a,b\r\n'=1+1,-5\r\n\"x,\"\"y\"\"\",'@SUM(A1)\r\n"
        );
        assert_eq!(field("'=1+1"), "=1+1");
        assert_eq!(field("'quoted"), "'quoted");
        assert_eq!(field("-5"), "-5");
    }
}
