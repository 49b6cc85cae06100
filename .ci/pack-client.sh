#!/usr/bin/env bash
# Packs Renkei.Client as a NuGet package into artifacts/packages and checks that it carries what a user of it needs:
# the README (shown by nuget.org and the IDE), the XML docs of every assembly it ships and the repository's licence.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v unzip >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q unzip
fi

out=artifacts/packages
rm -f "$out"/Renkei.Client.*.nupkg
dotnet pack src/Renkei.Client -c Release -o "$out" --nologo -v quiet
package="$(ls "$out"/Renkei.Client.*.nupkg)"
entries="$(unzip -Z1 "$package")"
missing=0
for entry in README.md \
    lib/net10.0/Renkei.Client.dll lib/net10.0/Renkei.Client.xml \
    lib/net10.0/Renkei.Formats.dll lib/net10.0/Renkei.Formats.xml \
    lib/net10.0/Renkei.Domain.dll lib/net10.0/Renkei.Domain.xml; do
    if ! grep -qx "$entry" <<<"$entries"; then
        echo "$package lacks $entry" >&2
        missing=1
    fi
done
if ! unzip -p "$package" Renkei.Client.nuspec | grep -q '<readme>README.md</readme>'; then
    echo "$package: its nuspec does not name README.md as the package's readme" >&2
    missing=1
fi
# The package's licence is the repository's (LICENSE, MIT).
if ! head -n1 LICENSE | grep -qx 'MIT License' \
    || ! unzip -p "$package" Renkei.Client.nuspec | grep -q '<license type="expression">MIT</license>'; then
    echo "$package: its nuspec does not carry the repository's licence (LICENSE: MIT) as its licence expression" >&2
    missing=1
fi
[ "$missing" -eq 0 ] && echo "$package: README, XML docs and MIT licence present"
exit "$missing"
