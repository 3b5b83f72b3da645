using LeakFinder.Analysis;
using LeakFinder.Lsp.Server;

namespace LeakFinder.Lsp.Tests;

/// <summary>Findings and fixes in LSP terms, from diagnostics built here (few rules suggest fixes yet).</summary>
public class DiagnosticConverterTests
{
    private static readonly RuleDescriptor Rule = new("LF5002", "mutex-not-unlocked", RuleCategory.Deadlock, Severity.Error, "mutex not unlocked");

    [Fact]
    public void A_finding_carries_range_severity_code_link_source_and_related_locations()
    {
        using var dir = new TempDir();
        var file = dir.Write("a.go", "package a\n\nfunc f() {\n\tx := \"é\"; mu.Lock()\n\treturn\n}\n");
        var converter = new DiagnosticConverter(new DocumentStore(), "https://docs.example/", dir.Path);
        var d = new Diagnostic(Rule, Severity.Warning, "locked, never unlocked", new SourceSpan("a.go", 4, 13, 4, 22),
            [new RelatedLocation(new SourceSpan(file, 5, 2, 5, 8), "returns here")]);
        var lsp = converter.ToLsp(d);
        Assert.Equal(new Protocol.LspRange(new(3, 11), new(3, 20)), lsp.Range); // mu.Lock() after "é": two bytes, one character
        Assert.Equal(2, lsp.Severity);
        Assert.Equal("LF5002", lsp.Code);
        Assert.Equal("https://docs.example/docs/rules/LF5002.md", lsp.CodeDescription!.Href);
        Assert.Equal("leakfinder", lsp.Source);
        var related = Assert.Single(lsp.RelatedInformation!);
        Assert.Equal("returns here", related.Message);
        Assert.Equal(DocumentUris.FromPath(file), related.Location.Uri);
        Assert.Equal(new Protocol.LspRange(new(4, 1), new(4, 7)), related.Location.Range);
    }

    [Fact]
    public void A_suggested_fix_becomes_a_quickfix_workspace_edit_per_file_using_the_open_buffer()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.go", "package a\n\nfunc f() {\n\tmu.Lock()\n\treturn\n}\n");
        var b = dir.Write("b.go", "package a\n");
        var documents = new DocumentStore();
        // The open buffer differs from disk: a comment with a two-byte "é" before the return, so the edit's byte
        // column 8 is UTF-16 character 6 there (on disk the line is too short and the position would clamp to 7).
        documents.Open("file://" + a, 2, "package a\n\nfunc f() {\n\tmu.Lock()\n\t/*é*/return\n}\n");
        var converter = new DiagnosticConverter(documents, "https://docs.example/", dir.Path);
        var fix = new SuggestedFix("Unlock before returning",
        [
            new TextEdit(new SourceSpan("a.go", 5, 8, 5, 8), "mu.Unlock()\n\t"),
            new TextEdit(new SourceSpan("b.go", 2, 1, 2, 1), "// touched\n"),
        ]);
        var d = new Diagnostic(Rule, Severity.Error, "m", new SourceSpan("a.go", 4, 2, 4, 11), [], fix);
        var action = converter.ToCodeAction(d.Fix!, converter.ToLsp(d), preferred: true);
        Assert.Equal("Unlock before returning", action.Title);
        Assert.Equal("quickfix", action.Kind);
        Assert.True(action.IsPreferred);
        Assert.Equal("LF5002", Assert.Single(action.Diagnostics).Code);
        Assert.Equal(2, action.Edit.Changes.Count);
        var inA = Assert.Single(action.Edit.Changes["file://" + a]);
        Assert.Equal(new Protocol.LspTextEdit(new(new(4, 6), new(4, 6)), "mu.Unlock()\n\t"), inA);
        var inB = Assert.Single(action.Edit.Changes[DocumentUris.FromPath(b)]);
        Assert.Equal(new Protocol.LspRange(new(1, 0), new(1, 0)), inB.Range);
    }
}

/// <summary>A temporary directory removed after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lf-lsp-tests-").FullName;

    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test for.
        }
    }
}
