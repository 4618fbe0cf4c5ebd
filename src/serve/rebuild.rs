//! Check the plan and re-render what a change affects, keeping the last good site served.
//!
//! A full render goes into a fresh folder that replaces the served one only when it succeeded.
//! A chapter edit re-renders just that chapter's pages (both languages and its parallel page)
//! and the small data exports into a staging folder, then renames each file over the served
//! one (a request gets the old page or the new one, never half of one) — but only when nothing
//! that *other* pages show from the chapter changed: its ID, titles, headings and the text of
//! blocks holding target tags (target pages quote them, the home page lists sections,
//! neighbours link by title). Anything else, and every non-chapter change, is a full render.
//! With `--search`, a chapter edit also re-indexes the search bundles holding the chapter's
//! pages (one per language for a plan of the usual size; see `render::html::search`), with the
//! layout of the last full render; every other bundle is left as it is.

use super::http::{Hub, SCRIPT_TAG};
use super::watch::Pending;
use super::Msg;
use crate::diag::Diagnostics;
use crate::driver::{check_plan, summary};
use crate::index::TargetIndex;
use crate::model::{ChapterPair, Inline, Lang, Plan, SourceMap};
use crate::render::{self, html::SearchPages, html::SiteOptions, RenderError};
use codespan_reporting::term::termcolor::Buffer;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Settings {
    pub plan_dir: PathBuf,
    pub search: bool,
    pub pdf: bool,
}

pub struct Builder {
    settings: Settings,
    /// The private temporary folder holding the site folders and the PDFs.
    work: PathBuf,
    hub: Arc<Hub>,
    /// The plan of the site being served.
    last_good: Option<Plan>,
    /// Which pages are in which search bundle of the site being served (with `--search`).
    search: Option<SearchPages>,
    /// Changes not yet rendered (kept across failed attempts).
    pending: Pending,
    serial: u64,
    generation: u64,
    /// Earlier site folders, removed one swap later so in-flight requests finish.
    retired: Vec<PathBuf>,
    /// The diagnostics as last printed.
    last_report: Vec<u8>,
    pdf: PdfJobs,
}

impl Builder {
    pub fn new(settings: Settings, work: PathBuf, hub: Arc<Hub>, events: Sender<Msg>) -> Self {
        let pdf_enabled = settings.pdf;
        Builder {
            settings,
            work,
            hub,
            last_good: None,
            search: None,
            pending: Pending::default(),
            serial: 0,
            generation: 0,
            retired: Vec::new(),
            last_report: Vec::new(),
            pdf: PdfJobs {
                enabled: pdf_enabled,
                running: None,
                queued: None,
                events,
                lock: Arc::new(Mutex::new(())),
            },
        }
    }

    /// A placeholder site, served until the first good build (it only shows the overlay).
    pub fn placeholder(&self) -> std::io::Result<PathBuf> {
        let root = self.work.join("site-0");
        std::fs::create_dir_all(&root)?;
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
             <title>plandoc preview</title></head>\n<body>\n<main>\n<h1>plandoc preview</h1>\n\
             <p>The plan has not built yet: see the errors here and in the terminal. \
             This page reloads by itself once they are fixed.</p>\n</main>\n{SCRIPT_TAG}\n\
             </body>\n</html>\n"
        );
        std::fs::write(root.join("index.html"), &page)?;
        std::fs::write(root.join("404.html"), &page)?;
        Ok(root)
    }

    /// Builds the whole site once.
    pub fn initial(&mut self) -> bool {
        self.pending.full = true;
        self.rebuild()
    }

    /// Reacts to changes; returns whether the site was rendered.
    pub fn changed(&mut self, changes: Pending) -> bool {
        self.pending.merge(changes);
        self.rebuild()
    }

    fn rebuild(&mut self) -> bool {
        let started = Instant::now();
        self.generation += 1;
        let (plan, diags) = match check_plan(&self.settings.plan_dir) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                self.fail(vec![problem("no-plan", &e.message, None)], None);
                return false;
            }
        };
        self.report(&diags, &plan.sources);
        if diags.has_errors() {
            eprintln!(
                "{}; {}",
                summary(&diags),
                if self.last_good.is_some() {
                    "still serving the last good build"
                } else {
                    "nothing to serve until they are fixed"
                }
            );
            self.fail(diagnostics_json(&diags, &plan.sources), Some(&diags));
            return false;
        }
        let index = TargetIndex::build(&plan);
        // Values shown in the plan's own words (as `plandoc build` does).
        let plan = crate::index::with_stated_words(&plan, &index);
        let work = self.plan_work(&plan);
        let mut reason = None;
        let result = match work {
            Work::Full(why) => {
                reason = why;
                self.render_full(&plan, &index).map(|()| "site".to_string())
            }
            Work::Chapters(ids) => match self.render_chapters(&plan, &index, &ids) {
                Ok(()) => Ok(ids.join(", ")),
                Err(e) => {
                    reason = Some(format!("rendering {} alone failed: {e}", ids.join(", ")));
                    self.render_full(&plan, &index).map(|()| "site".to_string())
                }
            },
        };
        match result {
            Ok(what) => {
                let verb = if self.last_good.is_some() {
                    "rebuilt"
                } else {
                    "built"
                };
                let why = reason.map(|r| format!(" ({r})")).unwrap_or_default();
                println!(
                    "{verb} {what} in {} ms{why}",
                    started.elapsed().as_millis().max(1)
                );
                if diags.warnings() > 0 {
                    eprintln!("{}", summary(&diags));
                }
                self.hub.set_status(status_json(
                    true,
                    self.generation,
                    Some(&diags),
                    diagnostics_json(&diags, &plan.sources),
                ));
                self.pending = Pending::default();
                self.hub.reload(self.generation);
                if self.pdf.enabled {
                    self.pdf
                        .request(plan.clone(), &self.settings.plan_dir, &self.work, &self.hub);
                }
                self.last_good = Some(plan);
                true
            }
            Err(e) => {
                eprintln!("error: {e}\n  note: still serving the last good build");
                self.pending.full = true;
                self.fail(
                    vec![problem("render-error", &e.message, e.help.as_deref())],
                    Some(&diags),
                );
                false
            }
        }
    }

    /// Prints the diagnostics like `plandoc check`; warnings already shown after the previous
    /// change are not repeated (errors always are).
    fn report(&mut self, diags: &Diagnostics, sources: &SourceMap) {
        if diags.items.is_empty() {
            self.last_report.clear();
            return;
        }
        let mut buf = if std::io::stderr().is_terminal() {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        if diags.emit_human(sources, &mut buf).is_err() {
            return;
        }
        if diags.has_errors() || buf.as_slice() != self.last_report.as_slice() {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(buf.as_slice());
            let _ = err.flush();
        }
        self.last_report = buf.into_inner();
    }

    /// Publishes a failed status and makes open pages reload to show the overlay.
    fn fail(&mut self, problems: Vec<Value>, diags: Option<&Diagnostics>) {
        self.hub
            .set_status(status_json(false, self.generation, diags, problems));
        self.hub.reload(self.generation);
    }

    fn plan_work(&self, plan: &Plan) -> Work {
        let Some(old) = &self.last_good else {
            return Work::Full(None);
        };
        if self.settings.search && self.search.is_none() {
            return Work::Full(Some("the search index covers every page".into()));
        }
        if self.pending.full {
            return Work::Full(None);
        }
        let list = |p: &Plan| -> Vec<(String, String)> {
            p.chapters
                .iter()
                .map(|c| (c.stem.clone(), c.id().to_string()))
                .collect()
        };
        if list(old) != list(plan) {
            return Work::Full(Some("the chapter list changed".into()));
        }
        let mut ids = Vec::new();
        for pair in &plan.chapters {
            if !self.pending.chapters.contains(&pair.stem) {
                continue;
            }
            let Some(before) = old.chapters.iter().find(|c| c.stem == pair.stem) else {
                return Work::Full(None);
            };
            if outline(before) != outline(pair) {
                return Work::Full(Some(format!(
                    "{}: a title, heading or tagged block changed, which other pages show",
                    pair.id()
                )));
            }
            ids.push(pair.id().to_string());
        }
        if ids.is_empty() {
            return Work::Full(None);
        }
        Work::Chapters(ids)
    }

    fn site_options(&self) -> SiteOptions {
        SiteOptions {
            search: self.settings.search,
            template_dir: render::template_override_dir(&self.settings.plan_dir),
            live_reload: Some(SCRIPT_TAG.to_string()),
            search_file_bytes: None,
        }
    }

    fn render_full(&mut self, plan: &Plan, index: &TargetIndex) -> Result<(), RenderError> {
        self.serial += 1;
        let root = self.work.join(format!("site-{}", self.serial));
        let rendered = render::html::render_site(plan, index, &root, &self.site_options())
            .and_then(|r| render::data::write(plan, index, &root.join("data")).map(|()| r));
        let rendered = match rendered {
            Ok(r) => r,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&root);
                return Err(e);
            }
        };
        self.search = rendered.search;
        {
            let _guard = self.pdf.lock.lock().unwrap_or_else(|e| e.into_inner());
            copy_pdfs(&self.work.join("pdf"), &root.join("pdf"));
            let old = self.hub.root();
            self.hub.set_root(root);
            self.retired.push(old);
        }
        while self.retired.len() > 1 {
            let old = self.retired.remove(0);
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(())
    }

    /// Renders the chapters' pages and the data exports into a staging folder, then moves
    /// each file over its served counterpart with a rename: a request gets the old file or the
    /// new one, never a half-written one.
    fn render_chapters(
        &mut self,
        plan: &Plan,
        index: &TargetIndex,
        ids: &[String],
    ) -> Result<(), RenderError> {
        let root = self.hub.root();
        let stage = crate::atomic::Staged::beside(&root).map_err(|e| RenderError::io(&root, e))?;
        let opts = self.site_options();
        let mut files = Vec::new();
        for id in ids {
            files.extend(render::html::render_chapter_pages(
                plan,
                index,
                stage.path(),
                &opts,
                id,
            )?);
        }
        // The search index of each language these pages changed, written whole into the stage.
        let indexes = match (&mut self.search, self.settings.search) {
            (Some(search), true) => render::html::reindex_pages(search, stage.path(), &files)?,
            _ => Vec::new(),
        };
        render::data::write(plan, index, &stage.path().join("data"))?;
        // Held so that a site swap cannot happen between reading the root and the renames.
        let _guard = self.pdf.lock.lock().unwrap_or_else(|e| e.into_inner());
        // Each page over its served counterpart; an index folder is replaced as a whole (its
        // files belong together).
        let whole: Vec<&str> = indexes.iter().map(|b| b.trim_end_matches('/')).collect();
        stage
            .merge_into(&self.hub.root(), &whole, &[])
            .map_err(|e| RenderError::io(&root, e))
    }

    /// Called when a background PDF build ended.
    pub fn pdf_done(&mut self) {
        self.pdf
            .done(&self.settings.plan_dir, &self.work, &self.hub);
    }

    /// Waits (bounded) for a running PDF build before the work folder is removed.
    pub fn finish(&mut self) {
        if let Some(job) = self.pdf.running.take() {
            let deadline = Instant::now() + Duration::from_secs(10);
            while !job.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            if job.is_finished() {
                let _ = job.join();
            }
        }
    }
}

enum Work {
    /// The whole site, and why when a chapter edit could not be rendered alone.
    Full(Option<String>),
    Chapters(Vec<String>),
}

/// What other pages show of a chapter: if this is unchanged, only the chapter's own pages
/// need re-rendering. Source positions are left out on purpose (they move with every edit
/// and only the data exports, rewritten on every change, carry them).
fn outline(pair: &ChapterPair) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", pair.id());
    for lang in Lang::ALL {
        let Some(ch) = pair.get(lang) else {
            s.push_str("-\n");
            continue;
        };
        let _ = writeln!(s, "{}|{}|{:?}", ch.id, ch.title, ch.short_title);
        for h in &ch.headings {
            let _ = writeln!(s, "h{}|{:?}|{}", h.level, h.id, h.text);
        }
        for b in &ch.blocks {
            if !b.tags().is_empty() {
                let _ = write!(s, "b{}|{:?}|", b.key, b.kind);
                inline_signature(&b.inlines, &mut s);
                s.push('\n');
            }
        }
    }
    s
}

fn inline_signature(inlines: &[Inline], s: &mut String) {
    for inline in inlines {
        match inline {
            Inline::FootnoteRef { label, .. } => {
                let _ = write!(s, "f{label:?}");
            }
            Inline::Text(t) => {
                let _ = write!(s, "t{t:?}");
            }
            Inline::Code(t) => {
                let _ = write!(s, "c{t:?}");
            }
            Inline::Strong(c) => {
                s.push_str("s(");
                inline_signature(c, s);
                s.push(')');
            }
            Inline::Emph(c) => {
                s.push_str("e(");
                inline_signature(c, s);
                s.push(')');
            }
            Inline::Link { href, children } => {
                let _ = write!(s, "l{href:?}(");
                inline_signature(children, s);
                s.push(')');
            }
            Inline::Tag(tag) => {
                let _ = write!(s, "g{}:{}{:?}", tag.kind.scheme(), tag.target, tag.text);
            }
            Inline::LineBreak => s.push_str("br"),
        }
    }
}

/// A finding that is not a plan diagnostic (no plan folder, a template error), in the same
/// JSON shape as `plandoc check --format json`.
fn problem(code: &str, message: &str, help: Option<&str>) -> Value {
    json!({
        "severity": "error",
        "code": code,
        "message": message,
        "file": null,
        "line": null,
        "column": null,
        "help": help,
        "labels": [],
    })
}

/// The diagnostics as `plandoc check --format json` prints them, one value each.
fn diagnostics_json(diags: &Diagnostics, sources: &SourceMap) -> Vec<Value> {
    let mut buf = Vec::new();
    if diags.emit_json(sources, &mut buf).is_err() {
        return Vec::new();
    }
    String::from_utf8_lossy(&buf)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// `/__plandoc/status`: `ok` is false while the served site is not the current plan.
fn status_json(
    ok: bool,
    generation: u64,
    diags: Option<&Diagnostics>,
    diagnostics: Vec<Value>,
) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    json!({
        "ok": ok,
        "generation": generation,
        "errors": errors,
        "warnings": diags.map_or(0, Diagnostics::warnings),
        "diagnostics": diagnostics,
    })
    .to_string()
}

/// PDF editions rebuilt in the background (`--pdf`), one build at a time; a change during a
/// build queues one more build of the newest plan.
struct PdfJobs {
    enabled: bool,
    running: Option<JoinHandle<()>>,
    queued: Option<Plan>,
    events: Sender<Msg>,
    /// Held while PDFs are copied into the served site or the site folder is swapped.
    lock: Arc<Mutex<()>>,
}

impl PdfJobs {
    fn request(&mut self, plan: Plan, plan_dir: &Path, work: &Path, hub: &Arc<Hub>) {
        if self.running.is_some() {
            self.queued = Some(plan);
            return;
        }
        self.start(plan, plan_dir, work, hub);
    }

    fn done(&mut self, plan_dir: &Path, work: &Path, hub: &Arc<Hub>) {
        if let Some(job) = self.running.take() {
            let _ = job.join();
        }
        if let Some(plan) = self.queued.take() {
            self.start(plan, plan_dir, work, hub);
        }
    }

    fn start(&mut self, plan: Plan, plan_dir: &Path, work: &Path, hub: &Arc<Hub>) {
        let template_dir = render::template_override_dir(plan_dir);
        let (work, hub, lock, events) = (
            work.to_path_buf(),
            hub.clone(),
            self.lock.clone(),
            self.events.clone(),
        );
        let job = std::thread::Builder::new()
            .name("plandoc-pdf".into())
            .spawn(move || {
                let started = Instant::now();
                let index = TargetIndex::build(&plan);
                let last = work.join("pdf");
                let built = crate::atomic::Staged::beside(&last)
                    .map_err(|e| RenderError::io(&last, e))
                    .and_then(|fresh| {
                        render::pdf::render_editions(
                            &plan,
                            &index,
                            fresh.path(),
                            template_dir.as_deref(),
                        )?;
                        let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                        fresh
                            .replace(&last)
                            .map_err(|e| RenderError::io(&last, e))?;
                        copy_pdfs(&last, &hub.root().join("pdf"));
                        Ok(())
                    });
                match built {
                    Ok(()) => {
                        println!("rebuilt pdf in {} ms", started.elapsed().as_millis().max(1))
                    }
                    Err(e) => eprintln!("warning: the PDFs were not rebuilt: {e}"),
                }
                let _ = events.send(Msg::PdfDone);
            });
        match job {
            Ok(job) => self.running = Some(job),
            Err(e) => eprintln!("warning: cannot start the PDF build: {e}"),
        }
    }
}

/// Copies `*.pdf` of `from` into `to` (nothing when there are none yet), each under a
/// temporary name first and then renamed, so a served PDF is never half-copied.
fn copy_pdfs(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "pdf") {
            if std::fs::create_dir_all(to).is_err() {
                return;
            }
            let name = entry.file_name();
            // Beside `from`, outside the served folder, on the same file system as `to`.
            let part = from.with_file_name(format!("copying-{}", name.to_string_lossy()));
            if std::fs::copy(&path, &part).is_ok()
                && std::fs::rename(&part, to.join(&name)).is_err()
            {
                let _ = std::fs::remove_file(&part);
            }
        }
    }
}
