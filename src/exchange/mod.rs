//! Exchange formats: the plan's text and registry in the formats other tools read and write.
//! `xliff`: the blocks as XLIFF 2.1 for CAT tools (translators); `registry_csv`: the target
//! registry as a spreadsheet (statisticians); `sheet`: how every CSV plandoc
//! writes is written (the open-data targets.csv too). Both read back what they write, so a file
//! edited outside plandoc comes back into the plan (`plandoc translate import`,
//! `plandoc targets import`).

pub mod registry_csv;
pub mod sheet;
pub mod xliff;
