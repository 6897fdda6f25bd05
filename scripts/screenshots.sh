#!/usr/bin/env bash
# Regenerates screenshots/*.png from the real app: runs it in tmux on a copy of the sample queue,
# captures the panes with colour (capture-pane -e), and renders them to PNG (scripts/ansi_to_png.py).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "dejavu sans mono" || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
python3 -c "import rich" 2>/dev/null || python3 -m pip install -q rich

swift build --product objection-desk
binary="$(swift build --show-bin-path)/objection-desk"
work="$(mktemp -d)"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
cp Resources/sample-queue.jsonl "$work/submissions.jsonl"
socket="shots-$$"
mkdir -p screenshots

# The clock is whatever today is; the pictures show real days-left for the sample's dates.
start() {  # width height
  tmux -L "$socket" kill-server 2>/dev/null || true
  tmux -L "$socket" -f /dev/null new-session -d -s shot -x "$1" -y "$2" \
    "cd '$work' && TERM=xterm-256color LANG=C.UTF-8 exec '$binary' --reviewer ana"
  for _ in $(seq 100); do tmux -L "$socket" capture-pane -p -t shot | grep -q "Pending:" && break; sleep 0.05; done
}
keys() { tmux -L "$socket" send-keys -t shot "$@"; sleep 0.3; }
shot() {  # name width
  tmux -L "$socket" capture-pane -e -p -t shot > "$work/$1.ans"
  python3 scripts/ansi_to_png.py "$work/$1.ans" "screenshots/$1.png" --columns "$2" --title "objection-desk — $1"
  echo "screenshots/$1.png"
}

start 150 40
keys j j j
shot list 150
keys Tab
shot detail 150

start 100 30
keys Space Space Space a
shot bulk-confirmation 100
keys Escape
keys "?"
shot help 100
