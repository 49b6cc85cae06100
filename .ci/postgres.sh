#!/usr/bin/env bash
# Installs and starts a local PostgreSQL for the store tests, idempotently (Debian, as root), and exports the
# connection string the tests read. Meant to be sourced: `source .ci/postgres.sh`.
# Tests that need PostgreSQL skip only when RENKEI_TEST_POSTGRES is absent.

_renkei_pg_setup() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q postgresql
    fi

    local version
    version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
    if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
        pg_createcluster "$version" main
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
        pg_ctlcluster "$version" main start || service postgresql start
    fi

    # Wait until it accepts connections (a fresh start takes a moment).
    local i
    for i in $(seq 1 60); do
        if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then
            break
        fi
        sleep 0.5
    done

    su postgres -c "psql -qtAc \"DO \\\$\\\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'renkei') THEN
            CREATE ROLE renkei LOGIN PASSWORD 'renkei' CREATEDB;
        ELSE
            ALTER ROLE renkei LOGIN PASSWORD 'renkei' CREATEDB;
        END IF;
    END \\\$\\\$;\""
    # The role may also connect over the server's Unix socket with its password (Debian's default for local
    # sockets is peer authentication, which needs an OS user of the same name). A node on the same machine as
    # its PostgreSQL connects this way (docs/operations.md): no TCP, no TLS on a hop that never leaves the host.
    local hba
    hba="$(su postgres -c "psql -qtAc 'SHOW hba_file'")"
    if ! grep -Eq '^local[[:space:]]+all[[:space:]]+renkei[[:space:]]+scram-sha-256' "$hba"; then
        sed -i '0,/^local[[:space:]]\+all[[:space:]]\+all[[:space:]]/s//local   all             renkei                                  scram-sha-256\n&/' "$hba"
        su postgres -c "psql -qtAc 'SELECT pg_reload_conf()'" >/dev/null
    fi

    if ! su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'renkei_test'\"" | grep -q 1; then
        su postgres -c "createdb -O renkei renkei_test"
    fi
}

_renkei_pg_setup
unset -f _renkei_pg_setup
export RENKEI_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=renkei;Password=renkei;Database=renkei_test"
# The same server over its Unix socket (for `renkei bench switching --connection`, docs/performance.md).
export RENKEI_TEST_POSTGRES_SOCKET="Host=/var/run/postgresql;Username=renkei;Password=renkei;Database=renkei_test"
