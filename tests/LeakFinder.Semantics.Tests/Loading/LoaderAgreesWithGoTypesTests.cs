using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.Tests.Types;

namespace LeakFinder.Semantics.Tests.Loading;

/// <summary>
/// The loader finds, for each testdata module and pattern, the same packages (import paths, directories)
/// that tools/typesdump checks through go/build and `go list`, and every file go/types saw identifiers in
/// is among the loader's files: the checker's two inputs line up with the reference's.
/// </summary>
public class LoaderAgreesWithGoTypesTests
{
    [Fact]
    public void SamePackagesAndFilesAsTypesdump()
    {
        var reference = TypesReference.TestdataModules();
        foreach (var module in TypesReference.Modules)
        {
            var env = module.GoPathMode
                ? ModuleLoadingTests.NoGo(("CGO_ENABLED", "0"), ("GO111MODULE", "off"), ("GOPATH", Path.GetFullPath(Path.Combine(module.Dir, "../../.."))))
                : ModuleLoadingTests.NoGo(("CGO_ENABLED", "0"));
            var r = PackageLoader.Load(new LoadOptions { Dir = module.Dir, Patterns = [module.Pattern], Tests = module.Tests, Env = env });
            var expected = reference.Where(x => x.Module == module).Select(x => x.Package).ToList();
            Assert.Equal(expected.Select(p => p.ImportPath).Order(StringComparer.Ordinal), r.Roots.Select(p => p.ImportPath).Order(StringComparer.Ordinal));
            foreach (var p in expected)
            {
                var ours = r.Find(p.ImportPath)!;
                Assert.Equal(p.Dir, ours.Dir);
                var files = p.Lines.Select(l => l[..l.IndexOf(':')]).Distinct();
                Assert.All(files, f => Assert.Contains(f, ours.Files.Select(x => x.Name)));
            }
        }
    }
}
