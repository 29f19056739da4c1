#!/usr/bin/env bash
# Export sample check-ins to HTML and screenshot the page in headless
# Chromium, to see how the export reads on a phone or a desktop.
#
#   scripts/screenshot-html.sh [OUT.png] [WIDTH]    (default: export.png, 390)
#
# Uses the installed `closeness` CLI when there is one (in a throw-away
# CLOSENESS_HOME), else writes the page with the formatter from this checkout.
set -euo pipefail

out=$(realpath -m "${1:-export.png}")
width=${2:-390}
chromium=${CHROMIUM:-/usr/bin/chromium}
root=$(cd "$(dirname "$0")/.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CLOSENESS_HOME="$work/home"
page="$work/export.html"

# Days before today, as YYYY-MM-DD (check-ins cannot be in the future).
day() { date -d "-$1 days" +%F; }

if command -v closeness >/dev/null; then
    closeness init --name Sam --partner Alex >/dev/null
    scores=(6 4 6 0 4 7 6 7 9 0 0 4 6 9 6 0 8 8 8 7 6)  # 0: no check-in that day
    bests=("We cooked dinner together" "A long walk by the river" "Breakfast in bed ☕"
           "Laughing at the cat's antics on the sofa" "Your message at lunch 💌")
    for n in "${!scores[@]}"; do
        score=${scores[$n]}
        [ "$score" = 0 ] && continue
        closeness checkin --date "$(day $((21 - n)))" --score "$score" \
            --best "${bests[$((n % 5))]}" --appreciation "The tea you made me" \
            --need $((n % 3 + 1)) --moment hug --moment walk >/dev/null
    done
    closeness checkin --date "$(day 0)" --score 7 --best "Dinner together" \
        --challenge "Work ran late again" --note $'Ask about Friday\nand the dentist' \
        --private note --replace >/dev/null
    closeness export --format html --out "$page" 2>/dev/null
else
    PYTHONPATH="$root/src${PYTHONPATH:+:$PYTHONPATH}" "${PYTHON:-python3}" -c '
import datetime as dt, sys
from closeness.export import build_document
from closeness.export_html import to_html
from closeness.models import Entry, Reflection
from closeness.prompts import load_prompts

today = dt.date.today()
scores = [6, 4, 6, 0, 4, 7, 6, 7, 9, 0, 0, 4, 6, 9, 6, 0, 8, 8, 8, 7, 6]
entries = [
    Entry(person="Sam", day=today - dt.timedelta(days=21 - n), closeness=s,
          best="We cooked dinner together", appreciation="The tea you made me",
          need=n % 3 + 1, moments=("hug", "walk"),
          note="Ask about Friday\nand the dentist" if n == 20 else "",
          private=frozenset({"note"}) if n == 20 else frozenset())
    for n, s in enumerate(scores) if s
]
week = Reflection(person="Sam", kind="week", since=today - dt.timedelta(days=6), until=today,
                  answers=(("connecting", "Our Sunday walk, phones at home."),))
doc = build_document("Sam", entries, [week], period=None, include_private=False,
                     exported_at=dt.datetime.now(dt.UTC))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(to_html(doc, load_prompts()))
' "$page"
fi

rm -f "$out"
# Flags: no network, no profile left behind, nothing that phones home.
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --window-size="$width,1600" \
    --screenshot="$out" "file://$page" >"$work/chromium.log" 2>&1 || true
if [ ! -s "$out" ]; then
    echo "screenshot-html: no screenshot was written; Chromium said:" >&2
    cat "$work/chromium.log" >&2
    exit 1
fi
echo "$out"
