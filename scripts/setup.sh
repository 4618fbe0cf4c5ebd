#!/usr/bin/env bash
# Installs what plandoc's build and tests need on a Debian machine with the Rust toolchain,
# skipping whatever is already present. Safe to run again.
#   typst-cli (pinned)  — renders the PDF editions
#   fonts-noto-cjk      — the Chinese fonts the PDFs embed
#   fonts-lxgw-wenkai   — the 楷体 stand-in of the gb9704 print layout
#   poppler-utils       — pdftotext/pdffonts/pdfinfo for the PDF tests
#   libreoffice-writer-nogui — soffice: the .docx tests convert the Word edition with it
#   chromium, nodejs    — headless browser tests of the site
#   translate-toolkit, pdfplumber, pikepdf (PyPI, pinned) — XLIFF, print-layout and PDF/UA tests
set -euo pipefail

TYPST_VERSION=0.15.1
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf '\033[1;31msetup: error:\033[0m %s\n' "$*" >&2; exit 2; }

command -v cargo >/dev/null || die "cargo not found: install the Rust toolchain first (https://rustup.rs)"
export PATH="$HOME/.cargo/bin:$PATH"

# --- Debian packages -------------------------------------------------------
need_pkgs=()
have_cmd_or_pkg() { dpkg -s "$1" >/dev/null 2>&1; }
have_cmd_or_pkg fonts-noto-cjk || need_pkgs+=(fonts-noto-cjk)
# 楷体 stand-in of the gb9704 layout (level-2 headings); tests/pdf_print.rs checks it is used.
have_cmd_or_pkg fonts-lxgw-wenkai || need_pkgs+=(fonts-lxgw-wenkai)
command -v pdftotext >/dev/null || need_pkgs+=(poppler-utils)
command -v soffice >/dev/null || need_pkgs+=(libreoffice-writer-nogui)
command -v chromium >/dev/null || need_pkgs+=(chromium)
command -v node >/dev/null || need_pkgs+=(nodejs)
command -v npm >/dev/null || need_pkgs+=(npm)
if ((${#need_pkgs[@]})); then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "need to install ${need_pkgs[*]} but not root and no sudo: ask an administrator to run: apt-get install ${need_pkgs[*]}"
        SUDO=sudo
    fi
    command -v apt-get >/dev/null || die "not a Debian/Ubuntu system: install ${need_pkgs[*]} with your package manager"
    say "installing ${need_pkgs[*]} (apt-get)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
else
    say "fonts-noto-cjk, fonts-lxgw-wenkai, poppler-utils, libreoffice (soffice), chromium, node: present"
fi

# --- typst ------------------------------------------------------------------
current=$(typst --version 2>/dev/null | awk '{print $2}' || true)
if [ "$current" = "$TYPST_VERSION" ]; then
    say "typst $TYPST_VERSION: present"
else
    say "installing typst-cli $TYPST_VERSION with cargo (about 8-10 minutes on 2 cores; once only)"
    if ! pkg-config --exists openssl 2>/dev/null; then
        need=(pkg-config libssl-dev)
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
        $SUDO apt-get install -y -qq "${need[@]}" >/dev/null || die "typst needs pkg-config and libssl-dev: apt-get install pkg-config libssl-dev"
    fi
    cargo install typst-cli --locked --version "$TYPST_VERSION" --quiet
    typst --version | grep -q "$TYPST_VERSION" || die "typst $TYPST_VERSION did not install"
fi

# --- browser test tooling (npm, pinned by package-lock.json) -------------------
if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules ]; then
    say "installing browser test tooling (npm ci in tests/browser)"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- XLIFF test tooling (translate-toolkit from PyPI, pinned) --------------------
if ! python3 -c "import translate.storage.xliff2" 2>/dev/null; then
    command -v python3 >/dev/null || die "python3 not found: apt-get install python3 python3-pip"
    say "installing translate-toolkit 3.20.4 (pip) for the XLIFF round-trip test"
    python3 -m pip install --quiet "translate-toolkit==3.20.4" 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages "translate-toolkit==3.20.4" \
        || die "cannot install translate-toolkit: run python3 -m pip install translate-toolkit==3.20.4"
fi
# --- PDF layout and PDF/UA test tooling (pdfplumber, pikepdf from PyPI, pinned) ---------
if ! python3 -c "import pdfplumber, pikepdf" 2>/dev/null; then
    command -v python3 >/dev/null || die "python3 not found: apt-get install python3 python3-pip"
    say "installing pdfplumber 0.11.10 and pikepdf 10.18.0 (pip) for the print-layout tests"
    python3 -m pip install --quiet "pdfplumber==0.11.10" "pikepdf==10.18.0" 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages "pdfplumber==0.11.10" "pikepdf==10.18.0" \
        || die "cannot install pdfplumber and pikepdf: run python3 -m pip install pdfplumber==0.11.10 pikepdf==10.18.0"
fi
say "ready"
