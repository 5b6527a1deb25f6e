#!/usr/bin/env bash
# Side by side: minhbach and Hugo building the same 4,000 Markdown posts (issue #14's corpus).
#
#   benches/hugo-compare.sh [POSTS] [RUNS]        (defaults: 4000 posts, 5 paired runs)
#
# Both tools get the same post files (TOML front matter between +++ lines, ~300 words each,
# spread over 12 quarterly periods) and one language. Hugo's site is minimal: one template for
# a post, one for a list, no theme. For each tool and each of RUNS rounds (the tools alternate
# so that a busy machine hurts both alike) it times
#   new     a build into a new, empty folder (Hugo's resource cache removed too);
#   again   a build over the previous output with nothing changed;
# and prints wall time, user+sys processor time and peak memory (from /usr/bin/time -v), then
# the median of each. Hugo is skipped when it is not installed (apt-get install hugo).
# MINHBACH=path/to/minhbach picks the binary (default: target/release/minhbach, built if absent).
set -euo pipefail

POSTS=${1:-4000}
RUNS=${2:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
MINHBACH=${MINHBACH:-${CARGO_TARGET_DIR:-$HERE/target}/release/minhbach}
if [ ! -x "$MINHBACH" ]; then
    (cd "$HERE" && cargo build --release --quiet)
fi
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }
HUGO=$(command -v hugo || true)

WORK=$(mktemp -d)
# KEEP=1 leaves the corpora and outputs in place (the folder is printed) for a closer look.
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "work folder: $WORK"; fi

# --- the corpus -------------------------------------------------------------------------
periods=()
for y in 2024 2025 2026; do for q in 1 2 3 4; do periods+=("$y-Q$q"); done; done
mb="$WORK/minhbach"
mkdir -p "$mb/data" "$mb/content"
cat > "$mb/site.toml" <<EOF
title = "Bài viết thử tải"
languages = ["vi"]
current_period = "2026-Q4"
EOF
echo '[[unit]]
id = "so-tt"
name = "Sở Thông tin"' > "$mb/data/units.toml"
: > "$mb/data/periods.toml"
for p in "${periods[@]}"; do
    y=${p%-Q*}; q=${p#*-Q}
    start=$(printf '%s-%02d-01' "$y" $(( (q - 1) * 3 + 1 )))
    case $q in 1) end="$y-03-31";; 2) end="$y-06-30";; 3) end="$y-09-30";; 4) end="$y-12-31";; esac
    printf '[[period]]\nid = "%s"\nlabel = "Quý %s/%s"\nstart = %s\nend = %s\n\n' "$p" "$q" "$y" "$start" "$end" >> "$mb/data/periods.toml"
done
printf '+++\ntitle = "Trang chủ"\n+++\nBài viết thử tải.\n' > "$mb/content/_index.md"
# The posts, written by awk in one pass (a shell loop would take longer than the builds).
awk -v n="$POSTS" -v dir="$mb/content/updates" -v plist="${periods[*]}" 'BEGIN {
    split(plist, per, " ");
    for (k = 0; k < n; k++) {
        p = per[k % 12 + 1]; y = substr(p, 1, 4); q = substr(p, 7, 1);
        m = (q - 1) * 3 + 1 + k % 3;
        if (!(p in made)) { system("mkdir -p " dir "/" p); made[p] = 1 }
        f = dir "/" p "/bai-" k ".md";
        printf "+++\ntitle = \"Bài viết số %d: tiến độ chuyển đổi số quý %s/%s\"\ndate = %s-%02d-%02d\nsummary = \"Tóm tắt bài viết số %d về kết quả thực hiện các nhiệm vụ trong quý.\"\n+++\n", k, q, y, y, m, 1 + k % 28, k > f;
        for (s = 0; s < 3; s++) {
            printf "## Phần %d\n\nTrong quý %s/%s, các sở, ban, ngành đã tiếp tục triển khai **nhiệm vụ %d.%d** theo kế hoạch; tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt mức cao hơn cùng kỳ năm trước. Việc đào tạo kỹ năng số cho cán bộ, công chức cấp xã được đẩy mạnh, với sự tham gia của nhiều đơn vị sự nghiệp và doanh nghiệp công nghệ trên địa bàn. Xem thêm [báo cáo chi tiết](https://example.gov.vn/bc/%d/%d).\n\n- Hạ tầng số: phủ sóng băng rộng di động đến các thôn, tổ dân phố.\n- Dữ liệu số: chuẩn hóa cơ sở dữ liệu chuyên ngành, kết nối với nền tảng dùng chung.\n- Chính quyền số: *ứng dụng* chữ ký số trong xử lý văn bản điện tử.\n\n", s, q, y, k, s, k, s > f;
        }
        close(f);
    }
}'

if [ -n "$HUGO" ]; then
    hg="$WORK/hugo"
    mkdir -p "$hg/content" "$hg/layouts/_default"
    cp -r "$mb/content/updates" "$hg/content/updates"
    cp "$mb/content/_index.md" "$hg/content/_index.md"
    cat > "$hg/hugo.toml" <<EOF
baseURL = "https://example.gov.vn/"
languageCode = "vi"
title = "Bài viết thử tải"
disableKinds = ["taxonomy", "term"]
buildFuture = true
EOF
    cat > "$hg/layouts/_default/baseof.html" <<'EOF'
<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
EOF
    cat > "$hg/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2/1/2006" }}</p>{{ .Content }}</article>{{ end }}
EOF
    cat > "$hg/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}
EOF
fi

# --- the runs ---------------------------------------------------------------------------
results="$WORK/results"
: > "$results"
# measure TOOL KIND command...: appends "TOOL KIND wall cpu peak_mb"
measure() {
    local tool=$1 kind=$2; shift 2
    /usr/bin/time -v -o "$WORK/time" "$@" > /dev/null 2> "$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
    awk -v tool="$tool" -v kind="$kind" '
        /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
        /User time/ { cpu += $NF } /System time/ { cpu += $NF }
        /Maximum resident/ { mb = $NF / 1024 }
        END { printf "%s %s %.2f %.2f %.0f\n", tool, kind, wall, cpu, mb }' "$WORK/time" >> "$results"
}
minhbach_new() { rm -rf "$WORK/out-m"; measure minhbach new "$MINHBACH" build -q --root "$mb" --output "$WORK/out-m"; }
minhbach_again() { measure minhbach again "$MINHBACH" build -q --root "$mb" --output "$WORK/out-m"; }
hugo_new() { rm -rf "$WORK/out-h" "$hg/resources"; measure hugo new "$HUGO" --quiet -s "$hg" -d "$WORK/out-h"; }
hugo_again() { measure hugo again "$HUGO" --quiet -s "$hg" -d "$WORK/out-h"; }

echo "corpus: $POSTS posts ($(du -sh "$mb/content" | cut -f1) of Markdown); $RUNS paired runs on $(nproc) cores"
echo "minhbach: $("$MINHBACH" --version)"
[ -n "$HUGO" ] && echo "hugo: $("$HUGO" version | cut -d' ' -f1-2)" || echo "hugo: not installed, skipped"
for i in $(seq "$RUNS"); do
    minhbach_new; [ -n "$HUGO" ] && hugo_new
    minhbach_again; [ -n "$HUGO" ] && hugo_again
done
m_files=$(find "$WORK/out-m" -name '*.html' | wc -l)
[ -n "$HUGO" ] && h_files=$(find "$WORK/out-h" -name '*.html' | wc -l) || h_files=0
echo "pages: minhbach $m_files HTML files; hugo $h_files HTML files"

printf '\n%-9s %-6s %10s %14s %12s   (median of %s; all runs below)\n' tool build "wall s" "user+sys s" "peak MB" "$RUNS"
for tool in minhbach hugo; do
    for kind in new again; do
        grep -q "^$tool $kind " "$results" || continue
        med() { grep "^$tool $kind " "$results" | awk -v c="$1" '{ print $c }' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
        printf '%-9s %-6s %10s %14s %12s\n' "$tool" "$kind" "$(med 3)" "$(med 4)" "$(med 5)"
    done
done
echo
sed 's/^/  /' "$results"
