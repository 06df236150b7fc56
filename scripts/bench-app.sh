#!/usr/bin/env bash
# The release app as a user feels it, each figure beside its target with PASS or MISS (issue 13):
#   binary size        target/release/cachedesk-app as built (the installers ship it stripped)
#   first paint        launch to the first frame on screen showing the UI (see below), under Xvfb
#   settled            when the screen last changed before it stayed the same for a second
#                      (the first paint may be the "starting" page; this is the UI with its data)
#   idle memory        PSS of the app and every process it started (WebKitWebProcess,
#                      WebKitNetworkProcess, their sandbox) 60 s after the launch, with the
#                      share of each
# The app runs in demo mode (first start on an empty data folder) with a private data folder,
# a private keyring (scripts/with-keyring.sh) and its own X server: nothing of the user's is read.
#
# First paint, measured on what the screen shows: Xvfb keeps its framebuffer in a file
# (-fbdir); the launcher reads it every 15 ms. The screen is black before the window maps and one
# or two flat colours while the window and the empty webview show; the UI has text, so the first
# frame with at least $PAINT_COLOURS distinct colours is the first paint. The keyring daemon is
# started before the clock starts (it runs with the desktop session, not with the app).
#
#   scripts/bench-app.sh            builds the UI and the release app first (CARGO_TARGET_DIR honoured)
#   CACHEDESK_APP_BINARY=path scripts/bench-app.sh    measures that binary, builds nothing
#   CACHEDESK_APP_IDLE_S=5 ...      a shorter idle (figures then mean nothing against the target)
#   CACHEDESK_APP_SHOT=paint.xwd ...    keeps the first-paint frame (`convert xwd:paint.xwd paint.png`)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=20 PAINT_S=1.0 PSS_MB=200 PAINT_COLOURS=24
idle_s="${CACHEDESK_APP_IDLE_S:-60}"
target_dir="${CARGO_TARGET_DIR:-target}"
binary="${CACHEDESK_APP_BINARY:-}"
if [[ -z "$binary" ]]; then
  (cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run -s build >/dev/null)
  cargo build --release --locked -q -p cachedesk-app
  binary="$target_dir/release/cachedesk-app"
fi
binary="$(realpath "$binary")"

pass() { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t) ? "PASS" : "MISS" }'; }
echo "app: load $(uptime | sed 's/.*load average: //')"

bytes=$(stat -c %s "$binary")
stripped=$(mktemp)
work=$(mktemp -d)
xvfb=""
trap 'rm -f "$stripped"; [ -z "$xvfb" ] || kill "$xvfb" 2>/dev/null; rm -rf "$work"' EXIT
strip -o "$stripped" "$binary"
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
smb=$(awk -v b="$(stat -c %s "$stripped")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "app binary: $mb MiB as built, $smb MiB stripped (target < $SIZE_MB MiB): $(pass "$mb" "$SIZE_MB")"

mkdir -p "$work/fb" "$work/home"
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -fbdir "$work/fb" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
DISPLAY=":$(cat "$work/display")"
export DISPLAY
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_STATE_HOME="$work/home/state"
export CACHEDESK_DATA_DIR="$work/home/data"

if ! bash scripts/with-keyring.sh python3 - "$binary" "$work/fb/Xvfb_screen0" "$idle_s" \
  "$PAINT_S" "$PSS_MB" "$PAINT_COLOURS" "${CACHEDESK_APP_SHOT:-}" 2>"$work/stderr" <<'PY'
import mmap, os, signal, struct, subprocess, sys, time

binary, fb_path, idle_s, paint_s, pss_mb, colours, shot = sys.argv[1:]
idle_s, paint_s, pss_mb, colours = float(idle_s), float(paint_s), float(pss_mb), int(colours)
verdict = lambda ok: "PASS" if ok else "MISS"

fb = open(fb_path, "rb")
screen = mmap.mmap(fb.fileno(), 0, prot=mmap.PROT_READ)
# XWD header: header_size is field 0, ncolors field 19; the pixels follow the colour map.
header = struct.unpack(">25I", screen[:100])
pixels = memoryview(screen)[header[0] + header[19] * 12:].cast("I")
distinct = lambda: len(set(pixels[::31]))

start = time.monotonic()
app = subprocess.Popen([binary], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       start_new_session=True)
mapped = painted = None
while painted is None and time.monotonic() - start < 30 and app.poll() is None:
    n = distinct()
    now = time.monotonic() - start
    if mapped is None and n > 1:
        mapped = now
    if n >= colours:
        painted = now
        if shot:
            with open(shot, "wb") as f:
                f.write(screen[:])
    time.sleep(0.015)
if painted is None:
    print(f"app first paint: none within 30 s (app exit code {app.poll()}): MISS")
    app.kill()
    sys.exit(1)
print(f"app first paint: {painted:.2f} s after launch, window on screen at {mapped:.2f} s "
      f"(target < {paint_s} s): {verdict(painted < paint_s)}")

frame = lambda: bytes(pixels[::31])
settled, last = painted, frame()
while time.monotonic() - start < min(idle_s, 15) and time.monotonic() - start - settled < 1:
    time.sleep(0.05)
    now = frame()
    if now != last:
        settled, last = time.monotonic() - start, now
if time.monotonic() - start - settled < 1:
    print(f"app settled: no, the screen still changed at {settled:.2f} s")
else:
    print(f"app settled: the screen last changed {settled:.2f} s after launch, then stayed still")

time.sleep(max(0.0, idle_s - (time.monotonic() - start)))

def tree(pid):
    pids = [pid]
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            for child in f.read().split():
                pids += tree(int(child))
    return pids

def rollup(pid):
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return os.path.basename(f.read().split(b"\0")[0].decode()), fields

try:
    rows = [rollup(pid) for pid in tree(app.pid)]
except PermissionError:
    os.killpg(app.pid, signal.SIGTERM)
    sys.exit("app idle memory: not readable. The app marks itself not dumpable (no program of the "
             "same user may read its memory); run this script as root for the memory figures.")
total = sum(f["Pss"] for _, f in rows)
rss = sum(f["Rss"] for _, f in rows)
print(f"app idle memory after {idle_s:.0f} s: {total / 1024:.0f} MB PSS ({rss / 1024:.0f} MB RSS) "
      f"over {len(rows)} processes (target < {pss_mb:.0f} MB PSS): {verdict(total / 1024 < pss_mb)}")
for name, f in sorted(rows, key=lambda r: -r[1]["Pss"]):
    print(f"  {name:<20} {f['Pss'] / 1024:6.1f} MB PSS: anonymous {f.get('Pss_Anon', 0) / 1024:.1f}, "
          f"files {f.get('Pss_File', 0) / 1024:.1f}, shared memory {f.get('Pss_Shmem', 0) / 1024:.1f}")
os.killpg(app.pid, signal.SIGTERM)
app.wait(10)
PY
then cat "$work/stderr" >&2; exit 1; fi
