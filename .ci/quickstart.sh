# Sourced by .ci/run: curl and python3 for docs/quickstart.md's snippets, which QuickstartTests runs as printed
# (Debian's packages; the Python snippets use the standard library only).
if ! command -v curl > /dev/null || ! command -v python3 > /dev/null; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q curl python3
fi
