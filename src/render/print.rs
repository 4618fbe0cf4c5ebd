//! The page of the `gb9704` print layout (GB/T 9704-2012, 党政机关公文格式), for every back end
//! that prints it: the Word edition reads these numbers; the PDF template
//! (`templates/pdf/plandoc.typ`, `gb-area`, `gb-margins`, the page-number footer) sets the same
//! page and must be changed with them. The faces of the layout are the roles of
//! [`crate::render::pdf::fonts::GB9704`].

/// A4 in millimetres.
pub const PAGE_WIDTH_MM: f64 = 210.0;
pub const PAGE_HEIGHT_MM: f64 = 297.0;
/// 天头 (the top margin) and 订口 (the binding side: left on odd pages, right on even pages).
pub const TOP_MM: f64 = 37.0;
pub const BINDING_MM: f64 = 28.0;
/// The type area (版心): 156 × 225 mm, so the bottom margin is 35 mm and the outer side 26 mm.
pub const AREA_WIDTH_MM: f64 = 156.0;
pub const AREA_HEIGHT_MM: f64 = 225.0;
/// 22 lines of 28 characters of 3号 (16 pt) text fill the type area.
pub const LINES: u32 = 22;
pub const CHARS: u32 = 28;
pub const BODY_PT: f64 = 16.0;
/// The title (2号) and the issuing authority's mark (小标宋, red).
pub const TITLE_PT: f64 = 22.0;
pub const AUTHORITY_PT: f64 = 36.0;
/// Page numbers: 4号 (14 pt) `— 1 —`, the top of the digits this far below the type area, one
/// character in from its outer edge.
pub const NUMBER_PT: f64 = 14.0;
pub const NUMBER_BELOW_MM: f64 = 7.0;
/// The letterhead: the mark this far below the top of the type area, the red rule this far
/// under the document number.
pub const AUTHORITY_BELOW_MM: f64 = 35.0;
pub const RULE_BELOW_NUMBER_MM: f64 = 4.0;
/// The red of the letterhead (RGB).
pub const RED: &str = "B3111B";

/// The bottom margin and the outer side (the edges the type area leaves).
pub fn bottom_mm() -> f64 {
    PAGE_HEIGHT_MM - TOP_MM - AREA_HEIGHT_MM
}

pub fn outer_mm() -> f64 {
    PAGE_WIDTH_MM - BINDING_MM - AREA_WIDTH_MM
}

/// Millimetres in twentieths of a point (Word's twips), rounded.
pub fn twips(mm: f64) -> i64 {
    (mm / 25.4 * 1440.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_area_leaves_35_mm_below_and_26_mm_outside() {
        assert_eq!(bottom_mm(), 35.0);
        assert_eq!(outer_mm(), 26.0);
        assert_eq!(twips(AREA_WIDTH_MM), 8844);
    }
}
