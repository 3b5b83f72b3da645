# Shared by bench scripts that time the leakfinder command: which build runs it.
#
#   leakfinder_build WORKDIR   sets the array lf (the command) and build (its description for RESULTS.md):
#     the native (AOT) executable published into WORKDIR/aot, as ./leakfinder does and users run; or, with
#     LEAKFINDER_DLL=path/to/leakfinder.dll, that JIT build (no publish: minutes quicker, more memory at start).
leakfinder_build() {
  if [ -n "${LEAKFINDER_DLL:-}" ]; then
    lf=(dotnet "$(readlink -f "$LEAKFINDER_DLL")")
    build="the JIT build (\`dotnet $LEAKFINDER_DLL\`)"
  else
    echo "publishing src/LeakFinder.Cli as the native executable users run (as ./leakfinder does)..." >&2
    dotnet publish src/LeakFinder.Cli -c Release -r linux-x64 --artifacts-path "$1/aot" -nologo -clp:ErrorsOnly -v:q >&2
    lf=("$1/aot/publish/LeakFinder.Cli/release_linux-x64/leakfinder")
    build="the native (AOT) executable \`./leakfinder\` publishes"
  fi
}
