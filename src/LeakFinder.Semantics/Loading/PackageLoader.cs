using LeakFinder.Semantics.Build;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;
using LeakFinder.Syntax.Scanning;

namespace LeakFinder.Semantics.Loading;

/// <summary>
/// Loads Go packages from source for the type checker: finds the module world (<see cref="ModuleSetup"/>),
/// expands patterns, selects files by build constraints, parses them in parallel (each file read once),
/// resolves imports (<see cref="ImportResolver"/>) and follows source imports to their packages, wave by
/// wave, until the graph is closed. The result lists packages in dependency order with cycles reported.
/// A bad file or a missing import is recorded on its package; loading always completes.
/// </summary>
public static class PackageLoader
{
    public static LoadResult Load(LoadOptions options)
    {
        var env = options.Env;
        var workDir = Path.GetFullPath(options.Dir);
        var setup = ModuleSetup.Discover(workDir, env);
        var tags = options.BuildTags.Concat((env.GoFlag("tags") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var context = new BuildContext(
            goos: options.GOOS ?? env.Get("GOOS") ?? "linux",
            goarch: options.GOARCH ?? env.Get("GOARCH") ?? "amd64",
            cgoEnabled: env.CgoEnabled,
            release: options.Release,
            buildTags: tags);
        var resolver = new ImportResolver(setup);
        var expander = new PatternExpander(setup, resolver, workDir, context.CgoEnabled);
        var roots = expander.Expand(options.Patterns);

        var run = new LoadRun(options, context, resolver);
        run.Run(roots);
        var errors = new List<string>(setup.Errors);
        errors.AddRange(expander.Errors);
        errors.AddRange(run.Errors);
        var (order, cycles) = DependencyOrder.Sort(run.Packages);
        return new LoadResult(setup, context, run.FileSet, order, cycles, errors, run.Warnings);
    }

    /// <summary>One load: the packages found so far, the directories still to read, the shared file set.</summary>
    private sealed class LoadRun(LoadOptions options, BuildContext context, ImportResolver resolver)
    {
        public FileSet FileSet { get; } = new();
        public List<LoadedPackage> Packages { get; } = [];
        public List<string> Errors { get; } = [];
        public List<string> Warnings { get; } = [];
        private readonly Dictionary<string, LoadedPackage> _byPath = new(StringComparer.Ordinal);
        private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
        private readonly List<ImportRef> _unlinked = [];

        public void Run(List<PackageDir> roots)
        {
            var wave = new List<PackageDir>();
            foreach (var r in roots)
                if (_queued.Add(r.ImportPath)) wave.Add(r);
            while (wave.Count > 0)
            {
                var next = new List<PackageDir>();
                var read = ReadWave(wave);
                for (var i = 0; i < wave.Count; i++) Assemble(wave[i], read[i], next);
                wave = next;
            }
            foreach (var imp in _unlinked)
            {
                if (!_byPath.TryGetValue(imp.ResolvedPath, out var target)) continue;
                if (target.Files.Count == 0 && target.Errors.Count > 0)
                {
                    imp.Kind = ImportKind.Unknown; // nothing buildable there: don't know its members
                    imp.Reason = target.Errors[0];
                }
                else imp.Package = target;
            }
        }

        // Matched directories holding nothing but _test.go files (an integration-test package, a bug kernel): their
        // tests are all there is to check, so they are checked as go vet would, not reported as "no Go files".
        private readonly HashSet<string> _testOnlyDirs = new(StringComparer.Ordinal);

        // Tests of the packages the patterns matched, when asked for, when _test.go files are named explicitly, or
        // when the directory has no other Go files.
        private bool WithTests(PackageDir dir) =>
            dir.IsRoot && (options.Tests || _testOnlyDirs.Contains(dir.Dir)
                           || (dir.Files?.Any(IsTestFile) ?? false));

        private static bool IsTestFile(string f) => f.EndsWith("_test.go", StringComparison.Ordinal);

        /// <param name="Parse">With <see cref="HeaderOnly"/>, the package clause and imports, and only their errors.</param>
        private sealed record SourceFile(string Path, byte[] Source, FileSelection Selection, ParseResult? Parse)
        {
            public bool HeaderOnly { get; init; }
        }

        private static bool HasLineDirectives(byte[] src) =>
            src.AsSpan().IndexOf("//line "u8) >= 0 || src.AsSpan().IndexOf("/*line "u8) >= 0;

        // Reads, selects and parses every candidate file of the wave's directories in parallel; results in input order.
        private SourceFile[][] ReadWave(List<PackageDir> wave)
        {
            var names = new string[wave.Count][];
            var items = new List<(int Dir, int File)>();
            for (var d = 0; d < wave.Count; d++)
            {
                var dir = wave[d];
                var withTests = WithTests(dir);
                string[] files;
                if (dir.Files != null) files = dir.Files.ToArray();
                else
                {
                    try
                    {
                        files = Directory.GetFiles(dir.Dir, "*.go");
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        Errors.Add($"{dir.Dir}: {e.Message}");
                        files = [];
                    }
                }
                files = WithOverlaidFiles(dir.Dir, files).Where(f => f.EndsWith(".go", StringComparison.Ordinal)).ToArray();
                if (!withTests && dir.IsRoot && files.Length > 0 && files.All(IsTestFile))
                {
                    _testOnlyDirs.Add(dir.Dir);
                    withTests = true;
                }
                if (!withTests) files = files.Where(f => !IsTestFile(f)).ToArray();
                if (!options.FollowSymlinks && dir.Module is { IsMain: true } module) files = InsideModule(files, module);
                Array.Sort(files, StringComparer.Ordinal);
                names[d] = files;
                for (var f = 0; f < files.Length; f++) items.Add((d, f));
            }
            var result = new SourceFile[wave.Count][];
            for (var d = 0; d < wave.Count; d++) result[d] = new SourceFile[names[d].Length];
            Parallel.ForEach(items, item =>
            {
                var path = names[item.Dir][item.File];
                byte[] src;
                try
                {
                    src = options.Overlay.Count > 0 && options.Overlay.TryGetValue(Path.GetFullPath(path), out var overlaid) ? overlaid : File.ReadAllBytes(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    result[item.Dir][item.File] = new SourceFile(path, [], new FileSelection(false, $"{path}: {e.Message}"), null);
                    return;
                }
                var selection = context.SelectFile(path, src);
                if (!selection.IsIncluded)
                {
                    result[item.Dir][item.File] = new SourceFile(path, src, selection, null);
                    return;
                }
                // Only the header is needed to assemble packages: the whole tree is parsed when it is asked for,
                // and the body's syntax errors found then. The line table is filled from the bytes, so every
                // position of the file resolves from the start. A file with //line directives is parsed whole
                // here, as they are read while scanning and change the positions after them.
                if (options.SyntaxOnDemand && !HasLineDirectives(src))
                {
                    var header = Parser.ParseFile(FileSet, path, src, ParserMode.ImportsOnly | ParserMode.ParseComments);
                    header.TokenFile.SetLinesForContent(src);
                    result[item.Dir][item.File] = new SourceFile(path, src, selection, header) { HeaderOnly = true };
                    return;
                }
                var parse = Parser.ParseFile(FileSet, path, src, ParserMode.ParseComments);
                if (options.SyntaxOnDemand)
                    parse = new ParseResult(Parser.ParseFile(parse.TokenFile, src, ParserMode.ImportsOnly | ParserMode.ParseComments).File, parse.TokenFile, parse.Errors);
                result[item.Dir][item.File] = new SourceFile(path, src, selection, parse);
            });
            return result;
        }

        // The directory's files plus the overlay's new files in it (an editor buffer not yet saved).
        private string[] WithOverlaidFiles(string dir, string[] files)
        {
            if (options.Overlay.Count == 0) return files;
            var full = Path.GetFullPath(dir);
            var present = files.Select(f => Path.GetFullPath(f)).ToHashSet(StringComparer.Ordinal);
            var added = options.Overlay.Keys.Where(p => Path.GetDirectoryName(p) == full && !present.Contains(p)).ToList();
            return added.Count == 0 ? files : [.. files, .. added];
        }

        // A main module's files whose real location (every symbolic link on the way resolved) is within the
        // module's real root; the others are left out with a warning naming where they lead.
        private string[] InsideModule(string[] files, ModuleInfo module)
        {
            if (files.Length == 0) return files;
            var root = SymbolicLinks.RealPath(module.Dir);
            var kept = new List<string>(files.Length);
            var realDirs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var parent = Path.GetDirectoryName(Path.GetFullPath(file))!;
                if (!realDirs.TryGetValue(parent, out var realDir)) realDirs[parent] = realDir = SymbolicLinks.RealPath(parent);
                var real = new FileInfo(file).LinkTarget != null ? SymbolicLinks.RealPath(file) : Path.Combine(realDir, Path.GetFileName(file));
                if (SymbolicLinks.IsWithin(real, root)) kept.Add(file);
                else Warnings.Add($"{file}: a symbolic link leads outside the module root {module.Dir} (to {real}): not read; --follow-symlinks reads it");
            }
            return kept.Count == files.Length ? files : kept.ToArray();
        }

        private void Assemble(PackageDir dir, SourceFile[] files, List<PackageDir> next)
        {
            var facts = new FileFacts[files.Length];
            var byName = new Dictionary<string, SourceFile>(StringComparer.Ordinal);
            for (var i = 0; i < files.Length; i++)
            {
                var f = files[i];
                var name = Path.GetFileName(f.Path);
                byName[name] = f;
                var parse = f.Parse;
                facts[i] = new FileFacts(name, f.Selection, parse?.File.Name.Name ?? "", parse != null && ImportsC(parse),
                    parse is { HasErrors: true } ? parse.Errors[0].ToString() : null);
            }
            var classified = PackageFiles.Classify(facts, context);
            var errors = new List<string>();
            foreach (var (file, error) in classified.InvalidGoFiles)
            {
                var f = byName[file];
                if (f.Parse is { HasErrors: true } p && error == p.Errors[0].ToString())
                    errors.AddRange(p.Errors.Select(e => e.ToString()));
                else errors.Add(error.StartsWith(f.Path, StringComparison.Ordinal) ? error : $"{f.Path}: {error}");
            }

            var name0 = classified.Name;
            bool SamePackage(string file) => (byName[file].Parse?.File.Name.Name ?? "") == name0;
            var main = new List<LoadedFile>();
            foreach (var n in classified.GoFiles.Where(SamePackage)) main.Add(ToLoaded(byName[n], false, false));
            foreach (var n in classified.CgoFiles.Where(SamePackage)) main.Add(ToLoaded(byName[n], false, true));
            var withTests = WithTests(dir);
            if (withTests)
                foreach (var n in classified.TestGoFiles.Where(SamePackage)) main.Add(ToLoaded(byName[n], true, false));
            main.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

            var hasXTest = withTests && classified.XTestGoFiles.Count > 0;
            if (main.Count == 0 && !hasXTest)
            {
                if (dir.IsRoot && !dir.Explicit && errors.Count == 0) return; // a walked directory with nothing to build
                errors.Insert(0, classified.IgnoredGoFiles.Count > 0 ? $"build constraints exclude all Go files in {dir.Dir}" : $"no Go files in {dir.Dir}");
                Add(new LoadedPackage
                {
                    ImportPath = dir.ImportPath, Name = name0, Dir = dir.Dir, Kind = dir.Kind, Module = dir.Module,
                    Files = [], Imports = [], IgnoredFiles = classified.IgnoredGoFiles, IsRoot = dir.IsRoot,
                }, errors, next);
                return;
            }

            var pkg = new LoadedPackage
            {
                ImportPath = dir.ImportPath, Name = name0, Dir = dir.Dir, Kind = dir.Kind, Module = dir.Module,
                HasTests = withTests && classified.TestGoFiles.Count > 0, Files = main,
                Imports = ResolveImports(main.Select(f => byName[f.Name].Parse!), dir), IgnoredFiles = classified.IgnoredGoFiles, IsRoot = dir.IsRoot,
            };
            Add(pkg, errors, next);

            if (hasXTest)
            {
                var xfiles = classified.XTestGoFiles.Select(n => ToLoaded(byName[n], true, false)).ToList();
                var xname = byName[xfiles[0].Name].Parse!.File.Name.Name;
                var xtest = new LoadedPackage
                {
                    ImportPath = dir.ImportPath + "_test", Name = xname, Dir = dir.Dir, Kind = dir.Kind, Module = dir.Module,
                    IsXTest = true, HasTests = true, Files = xfiles, Imports = ResolveImports(xfiles.Select(f => byName[f.Name].Parse!), dir), IsRoot = dir.IsRoot,
                };
                Add(xtest, [], next);
            }
        }

        private void Add(LoadedPackage pkg, List<string> errors, List<PackageDir> next)
        {
            pkg.Errors.AddRange(errors);
            _byPath[pkg.ImportPath] = pkg;
            Packages.Add(pkg);
            foreach (var imp in pkg.Imports)
            {
                if (imp.Kind is ImportKind.Cgo or ImportKind.Unknown) continue;
                _unlinked.Add(imp);
                if (imp.Kind == ImportKind.Std && !options.StdFromSource) continue;
                if (imp.Kind != ImportKind.Std && !options.Dependencies) continue;
                if (!_queued.Add(imp.ResolvedPath)) continue;
                var r = _resolutions[imp];
                if (r.Dir == null) continue;
                next.Add(new PackageDir(r.Dir, r.ResolvedPath, r.Kind, r.Module, IsRoot: false, Explicit: false));
            }
        }

        private readonly Dictionary<ImportRef, Resolution> _resolutions = [];

        private List<ImportRef> ResolveImports(IEnumerable<ParseResult> files, PackageDir dir)
        {
            var seen = new Dictionary<string, ImportRef>(StringComparer.Ordinal);
            foreach (var f in files)
            {
                foreach (var spec in f.File.Imports)
                {
                    var path = GoUnquote.Unquote(spec.Path.Value);
                    if (path == null || seen.ContainsKey(path)) continue;
                    var position = f.TokenFile.Position(spec.Path.Pos());
                    var r = resolver.Resolve(path, dir.ImportPath, dir.Dir, dir.Kind == ImportKind.Std);
                    var imp = new ImportRef { Path = path, ResolvedPath = r.ResolvedPath, Kind = r.Kind, Reason = r.Reason, Position = position };
                    _resolutions[imp] = r;
                    seen[path] = imp;
                }
            }
            var list = seen.Values.ToList();
            list.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return list;
        }

        private LoadedFile ToLoaded(SourceFile f, bool isTest, bool isCgo) =>
            // A header-only file's syntax errors are found when it is first parsed whole.
            f.HeaderOnly ? new() { Path = f.Path, Source = f.Source, TokenFile = f.Parse!.TokenFile, IsTest = isTest, IsCgo = isCgo }
            : options.SyntaxOnDemand
            ? new() { Path = f.Path, Source = f.Source, TokenFile = f.Parse!.TokenFile, SyntaxErrors = f.Parse.Errors, IsTest = isTest, IsCgo = isCgo }
            : new() { Path = f.Path, Source = f.Source, TokenFile = f.Parse!.TokenFile, SyntaxErrors = f.Parse.Errors, Parse = f.Parse, IsTest = isTest, IsCgo = isCgo };

        private static bool ImportsC(ParseResult parse)
        {
            foreach (var spec in parse.File.Imports)
                if (spec.Path.Value == "\"C\"" || spec.Path.Value == "`C`") return true;
            return false;
        }
    }
}
