#!/usr/bin/env bash
# plandoc benchmark (docs/performance.md): synthetic plans of N copies of plan/ (N = 1, 10, 100),
# each copy one part (篇): the chapters of plan/ and one with an indicator table and a box (专栏),
# bench/constructs. Measured against the floor (pulldown-cmark alone on the same Markdown) and
# two peers on the same chapters: mdBook (two books, zh and en) and Hugo (one bilingual site with a minimal layout,
# bench/hugo/), all in the same run.
#
#   bench/run.sh                 # everything: N = 1 10 100, PDFs for N = 1 10, serve
#   NS="1 10" bench/run.sh       # fewer sizes
#   RUNS=3 bench/run.sh          # runs per measurement (default 10; 5 at N = 100)
#   PDF_NS="1" bench/run.sh      # which sizes get PDF builds ("" for none)
#   SKIP_SERVE=1 bench/run.sh
#   WRITE=/dev/shm/plandoc-bench bench/run.sh   # write the sites to tmpfs (no disk effects)
#
# Needs: cargo, hyperfine and GNU time (apt-get install hyperfine time; installed here when
# root), mdbook (cargo install mdbook --locked; installed here when missing), typst + fonts for
# the PDFs (scripts/setup.sh). Results: $OUT/results.md (a Markdown table) and the raw hyperfine
# JSON beside it; $OUT defaults to /tmp/plandoc-bench.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${OUT:-/tmp/plandoc-bench}
# Where the built sites go (the floor's, plandoc's and mdBook's alike).
WRITE=${WRITE:-$OUT}
NS=${NS:-"1 10 100"}
PDF_NS=${PDF_NS-"1 10"}
export PATH="$HOME/.cargo/bin:$PATH"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
say() { printf '\033[1mbench:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mbench: error:\033[0m %s\n' "$*" >&2; exit 2; }

# --- tools -----------------------------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v hugo >/dev/null || need_apt+=(hugo)
[ -x /usr/bin/time ] || need_apt+=(time)
if ((${#need_apt[@]})); then
    [ "$(id -u)" -eq 0 ] || die "install ${need_apt[*]} (sudo apt-get install ${need_apt[*]})"
    say "installing ${need_apt[*]} (apt-get)"
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! command -v mdbook >/dev/null; then
    say "installing mdbook (the peer) with cargo install --locked; once only"
    cargo install mdbook --locked --quiet
fi
say "building plandoc and the bench tools (release)"
cargo build --release --quiet
cargo build --release --quiet --manifest-path bench/Cargo.toml
PLANDOC=$TARGET/release/plandoc
# bench/ is its own workspace: its tools land in bench/target unless CARGO_TARGET_DIR is set.
BENCH_TARGET=${CARGO_TARGET_DIR:-$ROOT/bench/target}
GEN=$BENCH_TARGET/release/gen-plan
FLOOR=$BENCH_TARGET/release/floor
mkdir -p "$OUT" "$WRITE"
RESULTS=$OUT/results.md
: >"$RESULTS.rows"

# --- helpers ---------------------------------------------------------------------------------
runs_for() { if [ -n "${RUNS:-}" ]; then echo "$RUNS"; elif [ "$1" -ge 100 ]; then echo 5; else echo 10; fi; }

# measure NAME N PREPARE COMMAND: hyperfine median wall, mean user+sys; one row in results.
measure() {
    local name=$1 n=$2 prepare=$3 cmd=$4 runs json
    runs=$(runs_for "$n")
    json=$OUT/$(echo "$name-n$n" | tr ' /' '__').json
    hyperfine --style none --warmup 1 --runs "$runs" --prepare "$prepare" \
        --export-json "$json" "$cmd" >/dev/null 2>"$json.err" || {
        cat "$json.err" >&2
        die "$name (N=$n) failed: $cmd"
    }
    # median, user, system (seconds) from hyperfine's JSON, without jq.
    local median user system
    median=$(grep -o '"median": *[0-9.e-]*' "$json" | head -1 | grep -o '[0-9.e-]*$')
    user=$(grep -o '"user": *[0-9.e-]*' "$json" | head -1 | grep -o '[0-9.e-]*$')
    system=$(grep -o '"system": *[0-9.e-]*' "$json" | head -1 | grep -o '[0-9.e-]*$')
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$n" "$median" "$(awk -v u="$user" -v s="$system" 'BEGIN{print u+s}')" "$runs" >>"${ROWS:-$RESULTS.rows}"
    say "$(printf '%-28s N=%-4s median %8.3f s  cpu %8.3f s' "$name" "$n" "$median" "$(awk -v u="$user" -v s="$system" 'BEGIN{print u+s}')")"
}

# peak NAME N COMMAND...: max RSS (MB) of one run.
peak() {
    local name=$1 n=$2 kb
    shift 2
    /usr/bin/time -f 'MAXRSS %M' "$@" >/dev/null 2>"$OUT/peak.err" ||
        { tail -20 "$OUT/peak.err" >&2; die "$name (N=$n) failed"; }
    kb=$(grep -o 'MAXRSS [0-9]*' "$OUT/peak.err" | tail -1 | cut -d' ' -f2)
    printf '%s\t%s\t%s\n' "$name" "$n" "$((kb / 1024))" >>"$RESULTS.peak"
    say "$(printf '%-28s N=%-4s peak %6d MB' "$name" "$n" "$((kb / 1024))")"
}
: >"$RESULTS.peak"
: >"$RESULTS.import"
: >"$RESULTS.load"
: >"$RESULTS.pdf"
: >"$RESULTS.serve"
: >"$RESULTS.print"

# hugo_site BOOK OUT: the chapters of the mdBook books BOOK/{zh,en}/src as one bilingual Hugo
# site (content/zh, content/en; the same file names, so Hugo links each page to its translation).
hugo_site() {
    local book=$1 out=$2 lang f i name title
    rm -rf "$out" && mkdir -p "$out"
    cp -r "$ROOT/bench/hugo/." "$out/"
    for lang in zh en; do
        mkdir -p "$out/content/$lang"
        i=0
        for f in "$book/$lang/src/"*.md; do
            name=$(basename "$f" .md)
            [ "$name" = SUMMARY ] && continue
            i=$((i + 1))
            title=$(grep -m1 '^# ' "$f" | sed 's/^# //; s/\\/\\\\/g; s/"/\\"/g')
            { printf -- '---\ntitle: "%s"\nweight: %d\n---\n' "${title:-$name}" "$i"; cat "$f"; } >"$out/content/$lang/$name.md"
        done
    done
}

# size NAME N DIR: the HTML pages and bytes a tool wrote.
size() {
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$(find "$3" -name '*.html' | wc -l)" "$(du -sb "$3" | cut -f1)" >>"$RESULTS.size"
}
: >"$RESULTS.size"

# --- per size --------------------------------------------------------------------------------
for n in $NS; do
    plan=$OUT/plan-$n
    "$GEN" --from plan --from bench/constructs --parts --copies "$n" --out "$plan"
    "$GEN" --mdbook "$plan" --out "$OUT/mdbook-$n"
    hugo_site "$OUT/mdbook-$n" "$OUT/hugo-$n"
    "$PLANDOC" check --plan "$plan" >/dev/null 2>"$OUT/check-$n.err" ||
        { tail -20 "$OUT/check-$n.err" >&2; die "the generated plan N=$n does not check"; }
    site=$WRITE/out-$n
    book=$WRITE/book-$n
    measure "floor (pulldown-cmark)" "$n" "rm -rf $WRITE/floor-$n" "$FLOOR $plan $WRITE/floor-$n"
    measure "check" "$n" "true" "$PLANDOC check --plan $plan"
    measure "build html --no-search" "$n" "rm -rf $site" "$PLANDOC build --plan $plan --out $site --only html --no-search"
    measure "build html (search)" "$n" "rm -rf $site" "$PLANDOC build --plan $plan --out $site --only html"
    measure "mdbook no search (zh+en)" "$n" "rm -rf $book" \
        "env MDBOOK_OUTPUT__HTML__SEARCH__ENABLE=false sh -c 'mdbook build -d $book/zh $OUT/mdbook-$n/zh >/dev/null 2>&1 && mdbook build -d $book/en $OUT/mdbook-$n/en >/dev/null 2>&1'"
    measure "mdbook search (zh+en)" "$n" "rm -rf $book" \
        "sh -c 'mdbook build -d $book/zh $OUT/mdbook-$n/zh >/dev/null 2>&1 && mdbook build -d $book/en $OUT/mdbook-$n/en >/dev/null 2>&1'"
    measure "hugo (zh+en)" "$n" "rm -rf $WRITE/hugo-out-$n" "hugo --quiet -s $OUT/hugo-$n -d $WRITE/hugo-out-$n"
    if [ "$n" = 10 ]; then
        # Both cores: the same build on one rayon thread.
        measure "build html --no-search 1 thread" "$n" "rm -rf $site" "env RAYON_NUM_THREADS=1 $PLANDOC build --plan $plan --out $site --only html --no-search"
    fi
    rm -rf "$site"
    peak "check" "$n" "$PLANDOC" check --plan "$plan"
    rm -rf "$site"; peak "build html --no-search" "$n" "$PLANDOC" build --plan "$plan" --out "$site" --only html --no-search
    rm -rf "$site"; peak "build html (search)" "$n" "$PLANDOC" build --plan "$plan" --out "$site" --only html
    rm -rf "$site"; peak "build html again (replaces)" "$n" "$PLANDOC" build --plan "$plan" --out "$site" --only html
    du -sm "$site/site" | awk -v n="$n" '{print "site size\t" n "\t" $1}' >>"$RESULTS.peak"
    du -sm "$site/site/pagefind" | awk -v n="$n" '{print "search index size\t" n "\t" $1}' >>"$RESULTS.peak"
    find "$site/site/pagefind" -name '*.json' | wc -l | awk -v n="$n" '{print "search index files (zh+en)\t" n "\t" $1}' >>"$RESULTS.peak"
    size "plandoc (search)" "$n" "$site/site"
    size "mdBook (search)" "$n" "$book"
    size "hugo" "$n" "$WRITE/hugo-out-$n"
    du -sm "$book" | awk -v n="$n" '{print "mdBook output size (search)\t" n "\t" $1}' >>"$RESULTS.peak"
    du -sm "$WRITE/floor-$n" | awk -v n="$n" '{print "floor output size\t" n "\t" $1}' >>"$RESULTS.peak"
    if [[ " $PDF_NS " == *" $n "* ]]; then
        command -v typst >/dev/null || die "typst is missing: run scripts/setup.sh (or PDF_NS=\"\")"
        for threads in 2 1; do
            rm -rf "$site"
            start=$(date +%s.%N)
            RAYON_NUM_THREADS=$threads /usr/bin/time -f 'MAXRSS %M' "$PLANDOC" build --plan "$plan" --out "$site" --only pdf >"$OUT/pdf-$n.out" 2>"$OUT/pdf-$n.err" ||
                { cat "$OUT/pdf-$n.err" >&2; die "PDF build N=$n failed"; }
            total=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f", e-s}')
            rss=$(grep -o 'MAXRSS [0-9]*' "$OUT/pdf-$n.err" | cut -d' ' -f2)
            # "pdf      …/plan.zh.pdf (12.34 s; data 56 ms)"
            sed -n 's/^pdf *.*plan\.\([a-z]*\)\.pdf (\([0-9.]*\) s; data \([0-9]*\) ms).*/\1\t\2\t\3/p' "$OUT/pdf-$n.out" |
                while IFS=$'\t' read -r ed secs data; do
                    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$threads" "$ed" "$secs" "$data" "$total" "$((rss / 1024))" >>"$RESULTS.pdf"
                done
            say "pdf N=$n threads=$threads: $total s total"
        done
    fi
done

# --- import of real plans (tests/fixtures/import: the seed, 92 KB; Hangzhou, 177 KB; Suzhou, 265 KB)
for f in xiangtan-services-plan-14th-fyp.scraped hangzhou-15th-fyp-outline suzhou-15th-fyp-outline; do
    kb=$(( $(wc -c <"tests/fixtures/import/$f.txt") / 1024 ))
    ROWS=$RESULTS.import measure "import $f" "$kb" "rm -rf $WRITE/import-$f" "$PLANDOC import tests/fixtures/import/$f.txt --out $WRITE/import-$f"
done

# --- print editions of real plans: the shipped plan and the imported Suzhou plan, in both
# layouts (`book`, `gb9704`): pages and typst time of each edition, and the Rust side (the
# build's time for an edition minus its typst time). PRINT=0 skips it.
if [ "${PRINT:-1}" != 0 ]; then
    command -v typst >/dev/null || die "typst is missing: run scripts/setup.sh (or PRINT=0)"
    for src in plan "$WRITE/import-suzhou-15th-fyp-outline"; do
        name=$(basename "$src")
        for layout in book gb9704; do
            p=$WRITE/print-$name-$layout
            rm -rf "$p" "$p-out" && cp -r "$src" "$p"
            if [ "$layout" = gb9704 ] && ! grep -q '^print:' "$p/plan.yaml"; then
                printf '\nprint:\n  layout: gb9704\n' >>"$p/plan.yaml"
            fi
            "$PLANDOC" build --plan "$p" --out "$p-out" --only pdf >"$OUT/print-$name-$layout.out" 2>&1 ||
                { cat "$OUT/print-$name-$layout.out" >&2; die "PDF build of $name ($layout) failed"; }
            # "pdf      …/plan.zh.pdf (2.26 s; data 8 ms) typst 2.25 s, 55 pages, book"
            sed -n 's/^pdf *.*plan\.\([a-z]*\)\.pdf (\([0-9.]*\) s; data \([0-9]*\) ms) typst \([0-9.]*\) s, \([0-9]*\) pages.*/\1\t\2\t\3\t\4\t\5/p' \
                "$OUT/print-$name-$layout.out" |
                while IFS=$'\t' read -r ed secs data typst pages; do
                    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$layout" "$ed" "$pages" "$typst" "$secs" "$data" >>"$RESULTS.print"
                done
            say "print $name ($layout) built"
        done
    done
fi

# --- incremental rebuild in serve (the shipped plan) -----------------------------------------
if [ -z "${SKIP_SERVE:-}" ]; then
    sp=$OUT/serve-plan
    rm -rf "$sp" && cp -r plan "$sp"
    # A plain zh paragraph of the largest chapter: no tag, no heading, no list.
    file=$(ls -S "$sp"/chapters/*.zh.md | head -1)
    line=$(grep -n '^[^-#*>0-9 {].\{40,\}。$' "$file" | grep -v '](' | head -1 | cut -d: -f1)
    [ -n "$line" ] || die "no plain paragraph found in $file"
    "$PLANDOC" serve --plan "$sp" --port 0 >"$OUT/serve.out" 2>"$OUT/serve.err" &
    serve_pid=$!
    for _ in $(seq 100); do grep -q '^serving' "$OUT/serve.out" && break; sleep 0.2; done
    grep -q '^serving' "$OUT/serve.out" || { kill "$serve_pid"; die "serve did not start: $(cat "$OUT/serve.err")"; }
    edits=${SERVE_EDITS:-12}
    for i in $(seq "$edits"); do
        if ((i % 2)); then sed -i "${line}s/。\$/。测/" "$file"; else sed -i "${line}s/。测\$/。/" "$file"; fi
        sleep 1.5
    done
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
    grep -o '^rebuilt [a-z0-9-]* in [0-9]* ms' "$OUT/serve.out" | grep -v '^rebuilt site' |
        awk '{print $4}' | sort -n >"$OUT/serve.ms" || true
    count=$(wc -l <"$OUT/serve.ms")
    [ "$count" -gt 0 ] || die "serve printed no one-chapter rebuild: $(cat "$OUT/serve.out")"
    median=$(awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}' "$OUT/serve.ms")
    printf 'serve one-chapter rebuild\t%s\t%s\t%s\n' "$(basename "$file" .zh.md)" "$median" "$count" >"$RESULTS.serve"
    say "serve: rebuilt $(basename "$file" .zh.md) median $median ms over $count edits ($(tr '\n' ' ' <"$OUT/serve.ms")ms)"
fi

# --- serve under load (tests/serve_load.rs: 200 clients × 50 requests while a chapter is edited)
if [ -z "${SKIP_SERVE:-}" ]; then
    say "serve under load (cargo test --release --test serve_load)"
    cargo test --release --quiet --test serve_load load_200_clients_while_a_chapter_is_edited -- --nocapture \
        >"$OUT/serve-load.out" 2>&1 || { tail -30 "$OUT/serve-load.out" >&2; die "the serve load test failed"; }
    grep -o 'serve load: .*' "$OUT/serve-load.out" | head -1 >"$RESULTS.load" || true
    say "$(cat "$RESULTS.load")"
fi

# --- report ----------------------------------------------------------------------------------
{
    echo "## plandoc benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "Sites written to $WRITE ($(df --output=fstype "$WRITE" | tail -1)). Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), load average at the end $(cut -d' ' -f1-3 /proc/loadavg);"
    echo "$("$PLANDOC" --version), $(mdbook --version), $(hugo version | cut -d' ' -f1-2), $(hyperfine --version)."
    echo
    echo "| measurement | N | median wall (s) | CPU user+sys (s) | runs |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| %s | %s | %.3f | %.3f | %s |\n", $1, $2, $3, $4, $5}' "$RESULTS.rows"
    echo
    echo "Ratios (median wall):"
    echo
    echo "| N | html no-search / floor | html no-search / mdBook no-search | html search / mdBook search | check |"
    echo "|---:|---:|---:|---:|---:|"
    awk -F'\t' '{t[$1 FS $2]=$3} END{}
        {ns[$2]=1}
        END{for (n in ns) {
            f=t["floor (pulldown-cmark)" FS n]; h=t["build html --no-search" FS n]; s=t["build html (search)" FS n];
            mn=t["mdbook no search (zh+en)" FS n]; ms=t["mdbook search (zh+en)" FS n]; c=t["check" FS n];
            printf "| %s | %.1fx | %.2fx | %.2fx | %.3f s |\n", n, h/f, h/mn, s/ms, c }}' "$RESULTS.rows" | sort -t'|' -k2 -n
    echo
    echo "Per page and per output byte (median wall of the build over the HTML pages and bytes it wrote):"
    echo
    echo "| N | tool | pages | MB | ms per page | ms per MB |"
    echo "|---:|---|---:|---:|---:|---:|"
    awk -F'\t' 'FNR==NR {t[$1 FS $2]=$3; next}
        {n=$2; s=""; if ($1=="plandoc (search)") s=t["build html (search)" FS n]; else if ($1=="mdBook (search)") s=t["mdbook search (zh+en)" FS n]; else if ($1=="hugo") s=t["hugo (zh+en)" FS n];
         if (s!="" && $3>0) printf "| %s | %s | %d | %.1f | %.3f | %.1f |\n", n, $1, $3, $4/1048576, 1000*s/$3, 1000*s/($4/1048576)}' "$RESULTS.rows" "$RESULTS.size"
    echo
    echo "| N | html no-search / hugo | html search / hugo |"
    echo "|---:|---:|---:|"
    awk -F'\t' '{t[$1 FS $2]=$3; ns[$2]=1} END{for (n in ns) { h=t["hugo (zh+en)" FS n]; if (h>0) printf "| %s | %.2fx | %.2fx |\n", n, t["build html --no-search" FS n]/h, t["build html (search)" FS n]/h }}' "$RESULTS.rows" | sort -t'|' -k2 -n
    echo
    echo "| peak memory (MB) / size | N | MB |"
    echo "|---|---:|---:|"
    awk -F'\t' '{printf "| %s | %s | %s |\n", $1, $2, $3}' "$RESULTS.peak"
    if [ -s "$RESULTS.import" ]; then
        echo
        echo "| import (goal: the 265 KB plan under 1 s) | KB | median wall (s) | CPU user+sys (s) | runs |"
        echo "|---|---:|---:|---:|---:|"
        awk -F'\t' '{printf "| %s | %s | %.3f | %.3f | %s |\n", $1, $2, $3, $4, $5}' "$RESULTS.import"
    fi
    if [ -s "$RESULTS.pdf" ]; then
        echo
        echo "| PDF N | rayon threads | edition | edition s | data ms | build total s | peak MB |"
        echo "|---:|---:|---|---:|---:|---:|---:|"
        awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$RESULTS.pdf"
    fi
    if [ -s "$RESULTS.print" ]; then
        echo
        echo "| print: plan | layout | edition | pages | typst s | edition s | JSON ms |"
        echo "|---|---|---|---:|---:|---:|---:|"
        awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$RESULTS.print"
    fi
    if [ -s "$RESULTS.load" ]; then
        echo
        cat "$RESULTS.load"
    fi
    if [ -s "$RESULTS.serve" ]; then
        echo
        awk -F'\t' '{printf "serve: one-chapter rebuild of `%s` after an edit: median %s ms over %s edits\n", $2, $3, $4}' "$RESULTS.serve"
    fi
} >"$RESULTS"
cat "$RESULTS"
