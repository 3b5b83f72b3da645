using System.Security.Cryptography;
using System.Text;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Loading;

namespace LeakFinder.Check.Cache;

/// <summary>
/// A cache key per loaded package: a hash of everything that decides what the rules find in it. That is the
/// run's settings (<see cref="RunKey"/>), the package's own description and file contents, and for each import
/// how it resolved and the key of the package it names, with whether that package's facts (function
/// summaries) were fed to the analysis. An edit therefore changes the key of its package and of every package
/// that imports it, directly or not, and of no other. An import cycle (std's packages with their in-package
/// tests and "testing") is broken where the load's dependency order breaks it for the checker.
/// </summary>
public sealed class PackageKeys
{
    private readonly Dictionary<LoadedPackage, string> _keys = new(ReferenceEqualityComparer.Instance);

    /// <param name="runKey">The hash of the run's settings.</param>
    /// <param name="load">The packages, in dependency order.</param>
    /// <param name="givesFacts">Whether a package's facts are added to the analysis (a root, or a module package
    /// when facts come from the whole module): an importer's findings depend on it.</param>
    /// <param name="goVersion">The Go version the run assumes where a package's module does not say.</param>
    public PackageKeys(string runKey, LoadResult load, Func<LoadedPackage, bool> givesFacts, GoVersion? goVersion)
    {
        foreach (var p in load.Packages) _keys[p] = Compute(runKey, p, givesFacts, goVersion, load.Setup.GoVersion);
    }

    /// <summary>The package's key (64 hex digits); null for a package not of this load.</summary>
    public string? Of(LoadedPackage p) => _keys.GetValueOrDefault(p);

    private string Compute(string runKey, LoadedPackage p, Func<LoadedPackage, bool> givesFacts, GoVersion? goVersion, GoVersion? loadGo)
    {
        var h = new KeyHash();
        h.Add(runKey).Add(p.ImportPath).Add(p.Name).Add(p.Dir).Add(p.Kind.ToString());
        h.Add(p.Module?.ToString() ?? "").Add(p.Module?.Go?.ToString() ?? "").Add(loadGo?.ToString() ?? "");
        h.Add(LanguageVersion.ForPackage(p, goVersion)?.ToString() ?? "").Add(p.HasTests).Add(p.IsXTest);
        h.Add(p.Files.Count);
        foreach (var f in p.Files)
            h.Add(f.Path).Add(f.IsTest).Add(f.IsCgo).Add(SHA256.HashData(f.Source));
        h.Add(p.Errors.Count);
        foreach (var e in p.Errors) h.Add(e);
        h.Add(p.Imports.Count);
        foreach (var i in p.Imports)
        {
            h.Add(i.Path).Add(i.ResolvedPath).Add(i.Kind.ToString()).Add(i.Reason);
            if (i.Package == null)
            {
                h.Add("");
                continue;
            }
            // Later in the order: an import cycle's back edge. The checker has not checked it when it checks this
            // package (it waits for this one), so it reads the std model or an unknown package instead, and
            // nothing of its source reaches this package's findings.
            if (!_keys.TryGetValue(i.Package, out var dependency))
            {
                h.Add("back edge");
                continue;
            }
            h.Add(dependency).Add(givesFacts(i.Package));
        }
        return h.Hex();
    }
}

/// <summary>SHA-256 over length-prefixed fields, so that ("ab","c") and ("a","bc") differ.</summary>
public sealed class KeyHash
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public KeyHash Add(string s) => Add(Encoding.UTF8.GetBytes(s));

    public KeyHash Add(bool b) => Add(b ? 1 : 0);

    public KeyHash Add(int n)
    {
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, n);
        _sha.AppendData(bytes);
        return this;
    }

    public KeyHash Add(ReadOnlySpan<byte> bytes)
    {
        Add(bytes.Length);
        _sha.AppendData(bytes);
        return this;
    }

    public string Hex() => Convert.ToHexStringLower(_sha.GetHashAndReset());
}
