#!/usr/bin/env bash
# Wolverine runs the API from pre-generated adapter code (TypeLoadMode.Static), committed under
# src/Dispatch.Api/Internal/Generated. A handler or endpoint added or changed without regenerating
# would be missing or stale at run time, so:
#   build/codegen.sh          regenerate the code (then commit it)
#   build/codegen.sh --check  fail if the committed code differs from what the current code generates
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
GENERATED=src/Dispatch.Api/Internal/Generated
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

# Start from nothing: code for a removed handler would linger, and would not even compile.
rm -rf "$GENERATED"
# Debug carries WolverineFx.RuntimeCompilation, which `codegen write` needs to compile what it generates.
dotnet build src/Dispatch.Api -c Debug -v quiet -nologo >/dev/null
dotnet run --project src/Dispatch.Api -c Debug --no-build -- codegen write >/dev/null

if [[ ${1:-} == --check ]]; then
    changes=$(git status --porcelain -- "$GENERATED")
    if [[ -n $changes ]]; then
        echo "codegen: the committed Wolverine code is stale; run build/codegen.sh and commit $GENERATED:" >&2
        echo "$changes" >&2
        git --no-pager diff --stat -- "$GENERATED" >&2
        exit 1
    fi
    echo "codegen: committed Wolverine code is current ($(find "$GENERATED" -name '*.cs' | wc -l) files)"
else
    echo "codegen: wrote $(find "$GENERATED" -name '*.cs' | wc -l) files to $GENERATED"
fi
