#!/usr/bin/env bash
# Starts local Redis and PostgreSQL when they are not already running, with the same commands
# the development machines use, then waits until both answer. Used by .ci/run and developers.
set -euo pipefail

redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
postgres_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

if ! redis_up; then
  echo "starting redis-server on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

if ! postgres_up; then
  echo "starting PostgreSQL on 127.0.0.1:5432"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
fi

for _ in $(seq 1 60); do
  if redis_up && postgres_up; then
    echo "redis and postgres are up"
    exit 0
  fi
  sleep 0.5
done
redis_up || echo "redis did not come up" >&2
postgres_up || echo "postgres did not come up" >&2
exit 1
