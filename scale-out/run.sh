#!/usr/bin/env bash
# Runs BlazorAuth as it would run past one machine, all on loopback: redis-server, the demo identity provider,
# two app instances sharing Redis, and nginx in front of them with ip_hash stickiness. Prints the URL, then waits;
# Ctrl-C stops everything. Try: sign in, kill the instance it names, reload; you are still signed in.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-8080}
redis_port=${REDIS_PORT:-6390}
a_port=5201
b_port=5202
demo_url=http://localhost:5081
public=http://localhost:$port

for tool in redis-server nginx dotnet; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "scale-out/run.sh needs $tool (apt-get install -y redis-server nginx)." >&2; exit 1; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/blazorauth-scale-out.XXXXXX)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped. Logs are in $work."
}
trap stop EXIT INT TERM

echo "Building into $work/app..."
dotnet build -c Release -o "$work/app" BlazorAuth.csproj -v quiet -nologo >/dev/null

redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --appendonly yes --save "" >"$work/redis.log" 2>&1 &
pids+=($!)

# The demo provider runs once, for both instances: here, in a third process of the app. It registers the app at the
# public URL, and both instances know it by the same client secret.
secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
(cd "$work/app" && exec env ASPNETCORE_URLS=http://127.0.0.1:5200 Auth__PublicOrigin="$public" Auth__DataDirectory="$work/demo" \
  DemoIdentityProvider__Url="$demo_url" DemoIdentityProvider__ClientSecret="$secret" ./BlazorAuth) >"$work/demo.log" 2>&1 &
pids+=($!)

start_instance() {
  local name=$1 instance_port=$2
  (cd "$work/app" && exec env ASPNETCORE_URLS="http://127.0.0.1:$instance_port" ConnectionStrings__Redis="127.0.0.1:$redis_port" \
    Auth__PublicOrigin="$public" Auth__TrustedForwarders__0=127.0.0.1 DemoIdentityProvider__Enabled=false \
    Auth__Providers__demo__Type=oidc Auth__Providers__demo__DisplayName=Demo Auth__Providers__demo__Authority="$demo_url" \
    Auth__Providers__demo__ClientId=blazorauth-demo Auth__Providers__demo__ClientSecret="$secret" \
    Auth__Providers__demo__Scopes="openid profile email offline_access" ./BlazorAuth) >"$work/$name.log" 2>&1 &
  pids+=($!)
  echo "$!" >"$work/$name.pid"
}

until curl -fs "$demo_url/.well-known/openid-configuration" >/dev/null 2>&1; do sleep 0.5; done
start_instance a "$a_port"
start_instance b "$b_port"
for instance_port in "$a_port" "$b_port"; do
  until curl -fs "http://127.0.0.1:$instance_port/readyz" >/dev/null 2>&1; do sleep 0.5; done
done

sed -e "s|@WORK@|$work|g" -e "s|@PORT@|$port|g" -e "s|@A@|$a_port|g" -e "s|@B@|$b_port|g" scale-out/nginx.conf.template >"$work/nginx.conf"
"$nginx_bin" -c "$work/nginx.conf" -p "$work" &
pids+=($!)

echo
echo "BlazorAuth behind nginx: $public  (sign in as alice / wonderland)"
echo "  instance A: http://127.0.0.1:$a_port  pid $(cat "$work/a.pid")    stop it: kill $(cat "$work/a.pid")"
echo "  instance B: http://127.0.0.1:$b_port  pid $(cat "$work/b.pid")"
echo "  Redis on 127.0.0.1:$redis_port; logs in $work"
echo "Ctrl-C stops everything."
wait
