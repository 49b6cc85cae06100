#!/usr/bin/env bash
# Installs Debian's chromium and the Noto CJK fonts for the screens' browser tests, idempotently (Debian, as
# root), and exports the browser path the tests read. Meant to be sourced: `source .ci/browser.sh`.
# Playwright drives this chromium; it never downloads a browser. The browser tests skip only when
# RENKEI_TEST_BROWSER is absent.

_renkei_browser_setup() {
    if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q chromium fonts-noto-cjk
    fi
}

_renkei_browser_setup
unset -f _renkei_browser_setup
export RENKEI_TEST_BROWSER="$(command -v chromium)"
