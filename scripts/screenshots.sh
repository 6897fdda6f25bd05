#!/usr/bin/env bash
# Regenerates screenshots/*.png from the real app shown by a real terminal emulator: the app runs
# in tmux (so keys can be sent), xterm on a virtual X display (Xvfb) attaches to it, and
# ImageMagick's `import` captures the xterm window. What the PNG shows is what xterm draws:
# backgrounds of every cell, wide CJK characters, emoji from Noto Color Emoji.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v xterm >/dev/null 2>&1 || missing+=(xterm)
command -v xwininfo >/dev/null 2>&1 || missing+=(x11-utils)
command -v import >/dev/null 2>&1 || missing+=(imagemagick)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "noto color emoji" || missing+=(fonts-noto-color-emoji)
fc-list 2>/dev/null | grep -qi "dejavu sans mono" || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

swift build --product objection-desk
binary="$(swift build --show-bin-path)/objection-desk"
work="$(mktemp -d)"
socket="shots-$$"
display=":$((100 + $$ % 400))"
Xvfb "$display" -screen 0 2400x1600x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
# Xvfb takes a moment to accept clients (longer on a busy machine): xterm would fail to open it.
for _ in $(seq 100); do DISPLAY="$display" xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done
viewer=""
cleanup() {
  [ -n "$viewer" ] && kill "$viewer" 2>/dev/null || true
  tmux -L "$socket" kill-server 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p screenshots

# The bundled sample (no submissions.jsonl in the working directory): its dates are moved so the
# deadlines fall around today, as an agent trying the app sees them. Its own log (the state
# directory's sample-decisions.jsonl) is made in $work, so no earlier run's decisions show.
start() {  # columns rows
  [ -n "$viewer" ] && kill "$viewer" 2>/dev/null || true
  tmux -L "$socket" kill-server 2>/dev/null || true
  # A new server on the socket of one still exiting dies at once ("server exited unexpectedly").
  for _ in $(seq 50); do tmux -L "$socket" list-sessions >/dev/null 2>&1 || break; sleep 0.1; done
  sleep 0.3
  tmux -L "$socket" -f /dev/null new-session -d -s shot -x "$1" -y "$2" \
    "cd '$work' && XDG_STATE_HOME='$work/state' TERM=xterm-256color LANG=C.UTF-8 exec '$binary' --reviewer ana"
  tmux -L "$socket" set-option -g status off
  for _ in $(seq 200); do tmux -L "$socket" capture-pane -p -t shot | grep -q "Pending:" && break; sleep 0.05; done
  DISPLAY="$display" xterm -geometry "${1}x${2}+0+0" -fa "DejaVu Sans Mono" -fs 12 -bg "#101010" -fg "#d0d0d0" \
    -xrm "XTerm*allowTitleOps: false" -xrm "XTerm*cursorColor: #101010" -title shot -b 0 -bw 0 \
    -e env TERM=xterm-256color LANG=C.UTF-8 tmux -L "$socket" attach -t shot &
  viewer=$!
  for _ in $(seq 100); do DISPLAY="$display" xwininfo -name shot >/dev/null 2>&1 && break; sleep 0.05; done
  sleep 1
}
keys() { tmux -L "$socket" send-keys -t shot "$@"; sleep 0.6; }
shot() {  # name
  local window
  window="$(DISPLAY="$display" xwininfo -name shot | awk '/Window id:/ {print $4}')"
  import -display "$display" -window "$window" "screenshots/$1.png"
  echo "screenshots/$1.png"
}

start 150 40
keys j j j
shot list
keys Tab
shot detail

start 100 30
keys Space Space Space a
shot bulk-confirmation
keys Escape
keys "?"
shot help

start 120 34
keys 5
for _ in $(seq 100); do tmux -L "$socket" capture-pane -p -t shot | grep -q "Clusters:" && break; sleep 0.05; done
sleep 0.5
shot clusters
