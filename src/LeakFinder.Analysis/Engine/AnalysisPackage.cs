using LeakFinder.Semantics;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// One checked package as the rules see it: its parsed files (in the order given to the checker), the
/// checker's result, the file set resolving positions, and the module's `go` version from go.mod (null when
/// unknown; version-dependent rules then stay silent).
/// </summary>
public sealed record AnalysisPackage(CheckedPackage Checked, IReadOnlyList<ParseResult> Files, FileSet FileSet, GoVersion? GoVersion);
