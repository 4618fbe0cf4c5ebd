use clap::{Parser, Subcommand, ValueEnum};

mod cmd;
use std::path::PathBuf;

// A build makes millions of small allocations (page contexts, HTML strings) on both cores;
// mimalloc serves them with far less contention and bookkeeping than the system allocator.
// It is built with its `no_thp` feature (Cargo.toml): it does not ask the kernel for transparent
// huge pages, whose zeroing by the kernel took half of a search build's system time and 50 MB of
// its peak memory at N = 100 (docs/performance.md). The feature is mimalloc's own switch and holds from the
// first allocation on; an option set in `main` would come after the allocator has started (the
// Rust runtime allocates before `main`), and `MIMALLOC_ALLOW_THP` is read from the environment.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Compile a bilingual (Chinese/English) development plan into a website and PDF editions.
#[derive(Parser)]
#[command(name = "plandoc", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the plan, then write the site, the PDFs and the data exports.
    Build {
        /// The plan folder.
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        /// Where to write the results.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Only these outputs (comma-separated): html, pdf, data, docx (the Word edition for review; not part of a full build).
        #[arg(long, value_delimiter = ',', value_enum)]
        only: Vec<cmd::build::Part>,
        /// Skip the search index (faster HTML builds while editing).
        #[arg(long)]
        no_search: bool,
        /// Refuse to publish when the plan has warnings (as `check --strict`).
        #[arg(long)]
        strict: bool,
    },
    /// Validate the plan without writing anything.
    Check {
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Build, serve on 127.0.0.1 and rebuild on change with live reload.
    Serve {
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        /// The port to listen on; 0 picks a free one (the URL is printed).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on. Anything but loopback makes the preview reachable from
        /// the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Also rebuild the PDF editions (in the background) after each successful change.
        #[arg(long)]
        pdf: bool,
        /// Build the search index too (a chapter edit re-indexes the search bundle holding it).
        #[arg(long)]
        search: bool,
    },
    /// Turn a plain-text plan (like the scraped seed) into a structured plan/ skeleton.
    Import {
        /// The plain-text plan (UTF-8).
        file: PathBuf,
        #[arg(long, default_value = "plan")]
        out: PathBuf,
        /// Overwrite an existing plan.
        #[arg(long)]
        force: bool,
    },
    /// List the target registry with where each target is defined and mentioned.
    #[command(args_conflicts_with_subcommands = true)]
    Targets {
        #[command(subcommand)]
        action: Option<TargetsAction>,
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        #[arg(long, value_enum, default_value_t = TargetsFormat::Table)]
        format: TargetsFormat,
    },
    /// Translation status, and recording reviewed translations in translations.lock.
    Translate {
        #[command(subcommand)]
        action: TranslateAction,
    },
    /// Terms the glossary does not cover yet.
    Glossary {
        #[command(subcommand)]
        action: GlossaryAction,
    },
    /// Scaffold a minimal bilingual plan that builds.
    New { dir: PathBuf },
}

#[derive(Subcommand)]
enum TargetsAction {
    /// Untagged targets in the prose (a value to be reached by a future year), proposed as
    /// registry entries and tags; `--apply` writes them.
    Suggest {
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
        /// Write the tags and the registry entries (atomically; never overwrites a tag or an ID).
        #[arg(long)]
        apply: bool,
    },
    /// The registry as a spreadsheet: CSV, UTF-8 with a BOM, one row per target.
    Export {
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Read the registry back from a CSV file (as `export` writes it); changed entries of
    /// targets.yaml are rewritten in place, nothing is written if any row is malformed.
    Import {
        file: PathBuf,
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum XliffFormat {
    Xliff,
}

#[derive(Subcommand)]
enum GlossaryAction {
    /// zh names, slogans and 'N大…' groups in two or more texts that are not in the glossary,
    /// with the English renderings found for each.
    Suggest {
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Subcommand)]
enum TranslateAction {
    /// Per chapter: blocks, translated, stale, unrecorded and coverage.
    Status {
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
        /// List the stale blocks (zh changed since the translation was accepted) with the change.
        #[arg(long)]
        stale: bool,
    },
    /// Record the current zh text of reviewed blocks as the source of their translation.
    Accept {
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        /// Chapter IDs or block keys (e.g. `foundation`, `achievements.3`).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        names: Vec<String>,
        /// Every chapter.
        #[arg(long)]
        all: bool,
    },
    /// Every block as an XLIFF 2.1 unit for CAT tools (the accepted English as the target).
    Export {
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
        #[arg(long, value_enum, default_value_t = XliffFormat::Xliff)]
        format: XliffFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write the en blocks of a translated XLIFF file back into the plan (checked first; units
    /// in state reviewed or final are recorded in translations.lock).
    Import {
        file: PathBuf,
        #[arg(long, default_value = "plan")]
        plan: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetsFormat {
    Table,
    Csv,
    Json,
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check {
            plan,
            strict,
            format,
        } => cmd::check::run(
            &plan,
            strict,
            match format {
                Format::Human => cmd::check::Output::Human,
                Format::Json => cmd::check::Output::Json,
            },
        ),
        Command::Build {
            plan,
            out,
            only,
            no_search,
            strict,
        } => cmd::build::run(
            &plan,
            &out,
            &cmd::build::BuildOptions {
                parts: only,
                search: !no_search,
                strict,
            },
        ),
        Command::Serve {
            plan,
            port,
            bind,
            open,
            pdf,
            search,
        } => cmd::serve::run(&cmd::serve::Options {
            plan,
            port,
            bind,
            open,
            pdf,
            search,
        }),
        Command::Import { file, out, force } => cmd::import::run(&file, &out, force),
        Command::Targets {
            action:
                Some(TargetsAction::Suggest {
                    plan,
                    format,
                    apply,
                }),
            ..
        } => cmd::targets::suggest(&plan, matches!(format, StatusFormat::Json), apply),
        Command::Targets {
            action: Some(TargetsAction::Export { plan, out, .. }),
            ..
        } => cmd::targets::export(&plan, out.as_deref()),
        Command::Targets {
            action: Some(TargetsAction::Import { plan, file }),
            ..
        } => cmd::targets::import(&plan, &file),
        Command::Targets { plan, format, .. } => cmd::targets::run(
            &plan,
            match format {
                TargetsFormat::Table => cmd::targets::Format::Table,
                TargetsFormat::Csv => cmd::targets::Format::Csv,
                TargetsFormat::Json => cmd::targets::Format::Json,
            },
        ),
        Command::Translate { action } => match action {
            TranslateAction::Status {
                plan,
                format,
                stale,
            } => {
                let format = match format {
                    StatusFormat::Table => cmd::translate::Format::Table,
                    StatusFormat::Json => cmd::translate::Format::Json,
                };
                if stale {
                    cmd::translate::stale(&plan, format)
                } else {
                    cmd::translate::status(&plan, format)
                }
            }
            TranslateAction::Export { plan, out, .. } => {
                cmd::translate::export(&plan, out.as_deref())
            }
            TranslateAction::Import { plan, file } => cmd::translate::import(&plan, &file),
            TranslateAction::Accept { plan, names, all } => cmd::translate::accept(
                &plan,
                &if all {
                    cmd::translate::Selection::All
                } else {
                    cmd::translate::Selection::Names(names)
                },
            ),
        },
        Command::Glossary {
            action: GlossaryAction::Suggest { plan, format },
        } => cmd::glossary::suggest(
            &plan,
            match format {
                StatusFormat::Table => cmd::glossary::Format::Table,
                StatusFormat::Json => cmd::glossary::Format::Json,
            },
        ),
        Command::New { dir } => cmd::new::run(&dir),
    };
    std::process::exit(code);
}
