#!/usr/bin/env bash
# Measures BlazorAuth side by side with its contenders, in one run on this machine (loopback, published Release
# builds, the demo provider in processes of its own behind all of them):
#   /start: a bare Kestrel endpoint answering a 302 with a cookie (the ceiling), the framework's cookie + OpenID Connect
#     handlers (bench/FrameworkOidc), and BlazorAuth's built-in oidc type; wrk, requests/s and p50/p99, with ratios.
#   /refresh and reloads (bench/RefreshLoad): the app's own CPU per call from /proc, and the provider token calls per
#     renewal and per reload.
# Writes bench/results/*.json and prints the tables. Every step runs under a timeout, so the script always ends.
# See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# PARTS picks what to measure (default: all of it); TRACE=1 profiles the renewals (see below); LIBRARY=1 adds the library
# alone in a slim host to the /start contenders (bench/LibraryOnly: what the app's own middleware costs), 20 s more.
parts=" ${PARTS:-start refresh memory browser} "
library=${LIBRARY:-0}
rounds=${ROUNDS:-2}
seconds=${SECONDS_PER_ROUND:-8}
connections=${CONNECTIONS:-32}
app_port=5280
demo_port=5281
fast_port=5282
bare_port=5290
framework_port=5291
library_port=5292
redis_app_port=5286
redis_port=6390

# The code measured: the commit, marked when the working tree differs from it outside bench/results.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- . ':!bench/results' 2>/dev/null || commit="$commit+changes"

# A process left on one of these ports would be measured in place of the one this run starts.
for port in $app_port $demo_port $fast_port 5283 5284 $bare_port $framework_port $library_port $redis_app_port $redis_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is in use; stop what listens there (ss -ltnp | grep :$port) and run again." >&2
    exit 1
  fi
done

work=$(mktemp -d /tmp/blazorauth-bench.XXXXXX)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

# Debian's packages the run uses, each only when missing; a fresh machine has no package lists yet, so those come first.
# They install while the code publishes, which needs none of them.
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v redis-server >/dev/null || missing+=(redis-server)
[[ $parts != *" browser "* && $parts != *" memory "* ]] || [ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..."
  (timeout 300 apt-get update && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y "${missing[@]}") >"$work/apt.log" 2>&1 &
  apt_pid=$!
fi

echo "Publishing (Release) into $work..."
projects=(BlazorAuth.csproj bench/BareKestrel/BareKestrel.csproj bench/FrameworkOidc/FrameworkOidc.csproj bench/RefreshLoad/RefreshLoad.csproj
  bench/BrowserTiming/BrowserTiming.csproj bench/CircuitMemory/CircuitMemory.csproj bench/StoreBytes/StoreBytes.csproj)
[ "$library" = 0 ] || projects+=(bench/LibraryOnly/LibraryOnly.csproj)
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  timeout 600 dotnet publish "$project" -c Release -o "$work/$name" -v quiet -nologo >"$work/publish-$name.log" 2>&1 \
    || { cat "$work/publish-$name.log" >&2; exit 1; }
done
if [ -n "${apt_pid:-}" ]; then
  wait "$apt_pid" || { cat "$work/apt.log" >&2; exit 1; }
fi
# The memory part's heap dumper installs while the servers start, and is waited for before anything is measured.
if [[ $parts == *" memory "* ]]; then
  timeout 300 dotnet tool install --tool-path "$work/tools" dotnet-gcdump --version 10.0.750501 >"$work/gcdump-install.log" 2>&1 &
  gcdump_pid=$!
fi
tools_installed() {
  if [ -n "${gcdump_pid:-}" ]; then
    wait "$gcdump_pid" || { cat "$work/gcdump-install.log" >&2; exit 1; }
    gcdump_pid=
  fi
}

secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
demo_url=http://localhost:$demo_port
fast_url=http://localhost:$fast_port
app_origin=http://localhost:$app_port
redis_origin=http://localhost:$redis_app_port

# The provider, twice, each a process of its own so that its CPU is not the app's: "demo" with hour-long access tokens,
# "fast" with 2-second ones, so that every /refresh a few seconds apart renews at the provider. Each logs the token
# requests it answers: that is where the app's calls are counted, so that the app itself logs nothing per call.
start_provider() {
  local name=$1 url=$2 lifetime=$3 port=$4
  (cd "$work/BlazorAuth" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" Auth__PublicOrigin="$app_origin" \
    Auth__DataDirectory="$work/$name" DemoIdentityProvider__Url="$url" DemoIdentityProvider__ClientSecret="$secret" \
    DemoIdentityProvider__AccessTokenLifetime="$lifetime" DemoIdentityProvider__OtherRedirectUris__0="$app_origin/auth/fast/handler/frame" \
    DemoIdentityProvider__OtherRedirectUris__1="$redis_origin/auth/demo/handler/frame" Logging__LogLevel__Default=Warning \
    Logging__LogLevel__BlazorAuth.DemoIdentityProvider.TokenRequests=Debug ./BlazorAuth) >"$work/$name.log" 2>&1 &
  pids+=($!)
}
start_provider demo "$demo_url" 01:00:00 5283
start_provider fast "$fast_url" 00:00:02 5284

# The app measured. The rate limit is raised: from one address the default answers 429 after 30 requests.
app_env=(ASPNETCORE_URLS="$app_origin" Auth__DataDirectory="$work/data" DemoIdentityProvider__Enabled=false Auth__MaxSessionsPerUser=1000
  Auth__RateLimit__Burst=100000000 Auth__RateLimit__PerMinute=600000000 Logging__LogLevel__Default=Warning ${APP_ENV:-})
for id in demo fast; do
  url=$demo_url name=Demo; [ "$id" = fast ] && url=$fast_url name="Demo with 2-second tokens"
  app_env+=("Auth__Providers__${id}__Type=oidc" "Auth__Providers__${id}__DisplayName=$name" "Auth__Providers__${id}__Authority=$url"
    "Auth__Providers__${id}__ClientId=blazorauth-demo" "Auth__Providers__${id}__ClientSecret=$secret"
    "Auth__Providers__${id}__Scopes=openid profile email offline_access")
done
(cd "$work/BlazorAuth" && exec env "${app_env[@]}" ./BlazorAuth) >"$work/app.log" 2>&1 &
app_pid=$!
pids+=($app_pid)
# The same app on the other store: Redis (a redis-server of its own, nothing saved to disk).
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
(cd "$work/BlazorAuth" && exec env "${app_env[@]}" ASPNETCORE_URLS="$redis_origin" Auth__DataDirectory="$work/redis-data" \
  ConnectionStrings__Redis="127.0.0.1:$redis_port" ./BlazorAuth) >"$work/redis-app.log" 2>&1 &
redis_app_pid=$!
pids+=($redis_app_pid)
# The library alone, in a host as small as the framework contender's (bench/LibraryOnly), with the app's settings.
if [ "$library" != 0 ]; then
  (cd "$work/LibraryOnly" && exec env "${app_env[@]}" ASPNETCORE_URLS="http://localhost:$library_port" Auth__PublicOrigin="http://localhost:$library_port" \
    Auth__DataDirectory="$work/library-data" ./LibraryOnly) >"$work/library.log" 2>&1 &
  library_pid=$!
  pids+=($library_pid)
fi
(cd "$work/BareKestrel" && exec ./BareKestrel --urls "http://127.0.0.1:$bare_port") >"$work/bare.log" 2>&1 &
bare_pid=$!
pids+=($bare_pid)

wait_for() {
  local url=$1 deadline=$((SECONDS + 90))
  until curl -fs -o /dev/null "$url"; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "$url did not answer in 90 s; logs in $work" >&2; exit 1; }
    sleep 0.5
  done
}
wait_for "$demo_url/.well-known/openid-configuration"
wait_for "$fast_url/.well-known/openid-configuration"
wait_for "$app_origin/readyz"
wait_for "$redis_origin/readyz"
(cd "$work/FrameworkOidc" && exec ./FrameworkOidc --urls "http://127.0.0.1:$framework_port" --Authority "$demo_url" \
  --ClientId blazorauth-demo --ClientSecret "$secret") >"$work/framework.log" 2>&1 &
framework_pid=$!
pids+=($framework_pid)
wait_for "http://127.0.0.1:$bare_port/"

# Each contender answers a 302; curl -f would take a 302 as success, and the first one also loads discovery.
for url in "http://127.0.0.1:$framework_port/login" "$app_origin/auth/demo/start" "$redis_origin/auth/demo/start" ${library_pid:+"http://localhost:$library_port/auth/demo/start"}; do
  deadline=$((SECONDS + 60))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 302 ]; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "$url did not answer 302; logs in $work" >&2; exit 1; }
    sleep 0.5
  done
done

tools_installed

declare -A urls=(
  [bare]="http://127.0.0.1:$bare_port/"
  [framework]="http://127.0.0.1:$framework_port/login"
  [blazorauth]="$app_origin/auth/demo/start"
  [blazorauth-redis]="$redis_origin/auth/demo/start"
  [library]="http://localhost:$library_port/auth/demo/start"
)
declare -A processes=([bare]=$bare_pid [framework]=$framework_pid [blazorauth]=$app_pid [blazorauth-redis]=$redis_app_pid [library]=${library_pid:-})
order=(bare framework ${library_pid:+library} blazorauth blazorauth-redis)

# One field of a one-line JSON object.
field() { sed -E "s/.*\"$2\":([^,}]*).*/\1/" <<<"$1"; }

# A process's CPU so far (user + system), in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# wrk's --latency summary: requests/s, the 50th and 99th percentiles in ms, the answers that were not 302, and the
# contender's own CPU per request in microseconds (from /proc: wrk shares the machine's cores, so throughput alone
# also measures how much CPU wrk leaves it).
measure() {
  local before after
  before=$(cpu_ticks "$2")
  timeout $((seconds + 30)) wrk -t1 -c"$connections" -d"${seconds}s" --latency "$1" >"$work/wrk.txt"
  after=$(cpu_ticks "$2")
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    $2 == "requests" && $3 == "in" { requests = $1 }
    $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx or 3xx responses/ { bad = $NF }
    END { printf "%.0f %.3f %.3f %d %.1f\n", rps, p50, p99, bad, ticks * 1e6 / hz / requests }' "$work/wrk.txt"
}

if [[ $parts == *" start "* ]]; then
echo "Warming up..."
# 5 s each: after 3, the first round still found the app and the framework handler 10% dearer per request than the second.
for name in "${order[@]}"; do timeout 30 wrk -t1 -c"$connections" -d5s "${urls[$name]}" >/dev/null; done

results=()
for round in $(seq 1 "$rounds"); do
  for name in "${order[@]}"; do
    read -r rps p50 p99 bad cpu < <(measure "${urls[$name]}" "${processes[$name]}")
    [ "$bad" -eq 0 ] || { echo "$name answered $bad responses that were not 302 in round $round; logs in $work" >&2; exit 1; }
    results+=("$round $name $rps $p50 $p99 $cpu")
    echo "  round $round: $name $rps req/s, p50 $p50 ms, p99 $p99 ms, $cpu us of its CPU per request"
  done
done

{
  echo "{"
  echo "  \"measured\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"commit\": \"$commit\","
  echo "  \"cores\": $(nproc), \"connections\": $connections, \"seconds\": $seconds,"
  echo "  \"start\": ["
  for i in "${!results[@]}"; do
    read -r round name rps p50 p99 cpu <<<"${results[$i]}"
    sep=$([ "$i" -lt $((${#results[@]} - 1)) ] && echo , || true)
    echo "    { \"round\": $round, \"contender\": \"$name\", \"requestsPerSecond\": $rps, \"p50Ms\": $p50, \"p99Ms\": $p99, \"cpuMicrosecondsPerRequest\": $cpu }$sep"
  done
  echo "  ]"
  echo "}"
} >bench/results/start.json

echo
printf '%-17s %10s %10s %10s %12s %14s %16s %22s\n' "/start" "req/s" "p50 ms" "p99 ms" "x bare" "x framework" "CPU us/request" "framework CPU x this"
for round in $(seq 1 "$rounds"); do
  bare=$(printf '%s\n' "${results[@]}" | awk -v r="$round" '$1 == r && $2 == "bare" { print $3 }')
  framework=$(printf '%s\n' "${results[@]}" | awk -v r="$round" '$1 == r && $2 == "framework" { print $3 }')
  framework_cpu=$(printf '%s\n' "${results[@]}" | awk -v r="$round" '$1 == r && $2 == "framework" { print $6 }')
  for name in "${order[@]}"; do
    read -r _ _ rps p50 p99 cpu < <(printf '%s\n' "${results[@]}" | awk -v r="$round" -v n="$name" '$1 == r && $2 == n')
    printf '%-17s %10s %10s %10s %12s %14s %16s %22s\n' "$name" "$rps" "$p50" "$p99" \
      "$(awk -v a="$rps" -v b="$bare" 'BEGIN { printf "%.2f", a / b }')" "$(awk -v a="$rps" -v b="$framework" 'BEGIN { printf "%.2f", a / b }')" \
      "$cpu" "$(awk -v a="$cpu" -v b="$framework_cpu" 'BEGIN { printf "%.2f", b / a }')"
  done
done

# The chart the README shows: /start requests/s per contender (the best round of each), from this run's figures.
printf '%s\n' "${results[@]}" | awk -v commit="$commit" -v cores="$(nproc)" -v contenders="${order[*]}" '
  { if ($3 > best[$2]) best[$2] = $3; if ($3 > top) top = $3 }
  END {
    n = split(contenders, order, " ")
    label["bare"] = "bare Kestrel 302 + cookie"; label["framework"] = "ASP.NET Core OpenIdConnect handler"
    label["library"] = "BlazorAuth /start, slim host"
    label["blazorauth"] = "BlazorAuth /start, the app, SQLite"; label["blazorauth-redis"] = "BlazorAuth /start, the app, Redis"
    w = 860; bar = 26; gap = 14; left = 250; h = 50 + n * (bar + gap)
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">\n", w, h
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n"
    printf "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">/start: requests per second (bench/run.sh, %d cores, loopback, commit %s)</text>\n", cores, commit
    for (i = 1; i <= n; i++) {
      c = order[i]; y = 40 + (i - 1) * (bar + gap); len = (w - left - 190) * best[c] / top
      printf "<text x=\"10\" y=\"%d\">%s</text>\n", y + 18, label[c]
      printf "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%d\" fill=\"%s\"/>\n", left, y, len, bar, c ~ /^(blazorauth|library)/ ? "#6a1b9a" : "#9e9e9e"
      printf "<text x=\"%.0f\" y=\"%d\">%d (%.2f x bare)</text>\n", left + len + 6, y + 18, best[c], best[c] / best["bare"]
    }
    printf "</svg>\n"
  }' >bench/results/start.svg
fi

if [[ $parts == *" refresh "* ]]; then
echo
echo "/refresh and reloads, signed in through the provider over HTTP..."
# One RefreshLoad run, its phases in order, its sessions kept per provider from phase to phase (see its usage comment).
# "due" calls each session 2.5 s after its last answer, so that every call renews a 2-second token. "warm" is not
# measured: the runtime compiles the renewal path's methods again, optimised, once they are hot, and that work is the
# first minute's, not every renewal's. "paced" has the same pace as "due" with tokens that stay valid (the 1-hour
# provider): what a call costs the app at that rate without renewing, so that the renewals' own cost is the difference.
# A runtime woken 60-90 times a second spends more per call than one kept busy (thread-pool workers spin before they
# sleep), and that is in both rows. "full" renews as fast as the app and the provider answer on these two cores (the
# issue's own /refresh figures were taken back to back): enough sessions that each waits 2.5 s after its answer and
# still finds the queue full, so every call renews, and the runtime is kept busy as in the valid row.
# TRACE=1 samples the app's threads (dotnet-trace, on the PATH or in ~/.dotnet/tools) while "due" runs, for
# dotnet-trace report "$work/renewal.nettrace" topN; TRACE=perf samples its CPU with perf instead (on-CPU only, which the
# thread-time samples are not; APP_ENV=DOTNET_PerfMapEnabled=1 names the JIT-compiled frames), for perf report -i
# "$work/renewal.perf.data".
if [ "${TRACE:-}" = perf ]; then
  trace=(perf record -F 499 -g -p "$app_pid" -o "$work/renewal.perf.data" -- sleep 20)
elif [ -n "${TRACE:-}" ]; then
  trace=("$(command -v dotnet-trace || echo "$HOME/.dotnet/tools/dotnet-trace")" collect -p "$app_pid"
    --profile dotnet-common,dotnet-sampled-thread-time --duration 00:00:30 -o "$work/renewal.nettrace")
fi
if [ -n "${TRACE:-}" ]; then
  (timeout 600 bash -c "until [ -e '$work/due.started' ]; do sleep 0.2; done" && timeout 120 "${trace[@]}") >"$work/trace.log" 2>&1 &
fi
due_sessions=${DUE_SESSIONS:-192}
rows=$(timeout 900 "$work/RefreshLoad/RefreshLoad" "$app_origin" "$app_pid" "$work" fresh:demo:16:6:fresh reload:demo:16:6:reload \
  warm:fast:$due_sessions:10:due:2500 paced:demo:$due_sessions:14:due:2500 due:fast:$due_sessions:14:due:2500 full:fast:"${FULL_SESSIONS:-1024}":14:due:2500)
row() { awk -v name="$1" '$1 == name { print $2 }' <<<"$rows"; }
fresh=$(row fresh) reload=$(row reload) paced=$(row paced) due=$(row due) full=$(row full)
printf '{\n  "measured": "%s", "commit": "%s",\n  "refresh": [\n    %s,\n    %s,\n    %s,\n    %s,\n    %s\n  ]\n}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$commit" "$fresh" "$reload" "$paced" "$due" "$full" >bench/results/refresh.json

printf '%-34s %8s %10s %8s %8s %16s %22s %20s\n' "" "calls" "calls/s" "p50 ms" "p99 ms" "app CPU ms/call" "(net of idle ms/call)" "provider calls/call"
for row in "/refresh, token valid:$fresh" "page reload, token valid:$reload" "/refresh at renewal pace, valid:$paced" "/refresh, token due (renews):$due" "renews, at full pace:$full"; do
  label=${row%%:\{*}; json=${row#*:}
  printf '%-34s %8s %10s %8s %8s %16s %22s %20s\n' "$label" "$(field "$json" calls)" "$(field "$json" callsPerSecond)" "$(field "$json" p50Ms)" "$(field "$json" p99Ms)" \
    "$(field "$json" appCpuMsPerCall)" "$(field "$json" appCpuMsPerCallNetOfIdle)" "$(field "$json" providerTokenCallsPerCall)"
done

fi

# Before the browser part: the circuits that part's closed tabs leave are kept for a while (the framework's retention of
# disconnected circuits), and their going away would fall into these figures.
if [[ $parts == *" memory "* ]]; then
echo
echo "Managed heap per circuit (30 anonymous tabs, then 30 signed-in tabs; GC dumps) and store bytes per session..."
tools_installed
memory() { mkdir -p "$work/memory-$1"; timeout 600 "$work/CircuitMemory/CircuitMemory" "$2" "$3" "$work/tools/dotnet-gcdump" "${TABS:-30}" "$work/memory-$1"; }
sqlite_memory=$(memory sqlite "$app_origin" "$app_pid")
redis_memory=$(memory redis "$redis_origin" "$redis_app_pid")
sqlite_store=$(timeout 60 "$work/StoreBytes/StoreBytes" sqlite "$work/data/sessions.db")
redis_store=$(timeout 60 "$work/StoreBytes/StoreBytes" redis "127.0.0.1:$redis_port")
printf '{\n  "measured": "%s", "commit": "%s",\n  "circuits": {\n    "sqlite": %s,\n    "redis": %s\n  },\n  "store": [\n    %s,\n    %s\n  ]\n}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$commit" "$sqlite_memory" "$redis_memory" "$sqlite_store" "$redis_store" >bench/results/memory.json
printf '%-8s %26s %26s %26s %34s\n' "store" "anonymous circuit bytes" "signed-in circuit bytes" "signed in over anonymous" "of which sign-in objects (anon/in)"
for row in "sqlite:$sqlite_memory" "redis:$redis_memory"; do
  json=${row#*:}
  printf '%-8s %26s %26s %26s %34s\n' "${row%%:*}" "$(field "$json" anonymousBytesPerCircuit)" "$(field "$json" signedInBytesPerCircuit)" \
    "$(field "$json" signedInOverAnonymousBytes)" "$(field "$json" anonymousCircuitBytes) / $(field "$json" signedInCircuitBytes)"
done
printf '%-8s %10s %28s %32s\n' "store" "sessions" "session record bytes" "all entries bytes per session"
for row in "$sqlite_store" "$redis_store"; do
  printf '%-8s %10s %28s %32s\n' "$(field "$row" store | tr -d '"')" "$(field "$row" sessions)" "$(field "$row" sessionRecordBytes)" "$(field "$row" allEntriesBytesPerSession)"
done
fi

if [[ $parts == *" browser "* ]]; then
echo
echo "Click to signed in and usable in Chromium, popup and redirect, on loopback and at ${RTT_MS:-100} ms round-trip time..."
# The round-trip time applies to the browser's every connection (the app's pages, the popup, the circuit's WebSocket,
# the provider's pages), not to the app's own calls to the provider, which are the same in both flows.
browser=$(timeout 900 "$work/BrowserTiming/BrowserTiming" "$app_origin" "${BROWSER_RUNS:-10}" "${RTT_MS:-100}")
printf '{\n  "measured": "%s", "commit": "%s",\n  "signIn": %s\n}\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$commit" "$browser" >bench/results/browser.json
# Timed by the page's own clock; what Playwright saw, later by its own polling, beside it.
printf '%-18s %16s %20s %18s %28s\n' "click to usable" "popup median ms" "redirect median ms" "popup x redirect" "as Playwright saw it"
sed -E 's/\},\{/}\n{/g' <<<"$browser" | while read -r row; do
  printf '%-18s %16s %20s %18s %28s\n' "rtt $(field "$row" rttMs) ms" "$(field "$row" popupMedianMs)" "$(field "$row" redirectMedianMs)" \
    "$(field "$row" popupOverRedirect)" "$(field "$row" driverPopupMedianMs) / $(field "$row" driverRedirectMedianMs) = $(field "$row" driverPopupOverRedirect)"
done
fi

echo
echo "Wrote bench/results/ ($parts). Logs in $work."
