#!/usr/bin/env bash
# Installs Debian's nats-server for the cluster tests, idempotently (as root), and exports its path. The tests start
# their own three-server clusters on free loopback ports (tests/Renkei.Metering.Tests/Cluster/NatsCluster.cs);
# nothing runs here. Meant to be sourced: `source .ci/nats.sh`. Tests that need it skip only when
# RENKEI_TEST_NATS is absent.

if ! [ -x /usr/sbin/nats-server ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q nats-server
fi

export RENKEI_TEST_NATS=/usr/sbin/nats-server
