#!/usr/bin/env bash
# Puts `renkei` on the PATH in one step: packs the CLI as a .NET tool into artifacts/tool and installs it for the
# current user from there alone (no other package source is asked). Run it again after pulling changes: it
# replaces the installed tool. `dotnet run --project src/Renkei.Cli -- ...` keeps working without it.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet pack src/Renkei.Cli -c Release -o artifacts/tool --nologo -v quiet
dotnet tool uninstall --global Renkei.Cli >/dev/null 2>&1 || true
dotnet tool install --global Renkei.Cli --source artifacts/tool

tools_dir="$HOME/.dotnet/tools"
case ":$PATH:" in
    *":$tools_dir:"*) echo "renkei is ready: renkei --help" ;;
    *) echo "renkei is installed in $tools_dir, which is not on your PATH yet: export PATH=\"\$PATH:$tools_dir\" (add it to ~/.bashrc to keep it)" ;;
esac
