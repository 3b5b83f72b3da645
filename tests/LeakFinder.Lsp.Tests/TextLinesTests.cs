using LeakFinder.Lsp.Protocol;
using LeakFinder.Lsp.Server;

namespace LeakFinder.Lsp.Tests;

public class TextLinesTests
{
    [Fact]
    public void Byte_columns_become_utf16_characters()
    {
        // "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 units.
        var lines = new TextLines("package p\n\ts := \"é𝄞\" + x\n");
        var x = lines.FromByteColumn(2, 1 + "\ts := \"é𝄞\" + ".Length + 3); // byte column of x
        Assert.Equal(new Position(1, "\ts := \"é𝄞\" + ".Length), x);
        Assert.Equal((2, 1 + "\ts := \"é𝄞\" + ".Length + 3), lines.ToByteColumn(x));
    }

    [Fact]
    public void Positions_outside_the_text_are_clamped()
    {
        var lines = new TextLines("ab\ncd");
        Assert.Equal(new Position(1, 2), lines.FromByteColumn(9, 99));
        Assert.Equal(new Position(0, 0), lines.FromByteColumn(0, 0));
        Assert.Equal(5, lines.OffsetOf(new Position(7, 0)));
        Assert.Equal(2, lines.OffsetOf(new Position(0, 40)));
    }

    [Fact]
    public void Ranged_edits_apply_across_crlf_and_lf_lines()
    {
        var lines = new TextLines("one\r\ntwo\nthree");
        Assert.Equal("one\r\nTWO-AND-THREE", lines.Replace(new LspRange(new Position(1, 0), new Position(2, 5)), "TWO-AND-THREE"));
        Assert.Equal("one\r\ntwo\nthree!", lines.Replace(new LspRange(new Position(2, 5), new Position(2, 5)), "!"));
    }

    [Fact]
    public void Incremental_changes_apply_in_order()
    {
        var store = new DocumentStore();
        store.Open("file:///tmp/a.go", 1, "package a\n");
        var doc = store.Change("file:///tmp/a.go", 3,
        [
            new TextDocumentContentChangeEvent(new LspRange(new Position(0, 8), new Position(0, 9)), "bee"),
            new TextDocumentContentChangeEvent(new LspRange(new Position(1, 0), new Position(1, 0)), "var x = 1\n"),
        ]);
        Assert.Equal("package bee\nvar x = 1\n", doc!.Text);
        Assert.Equal(3, doc.Version);
        Assert.Equal("whole", store.Change("file:///tmp/a.go", 4, [new TextDocumentContentChangeEvent(null, "whole")])!.Text);
        Assert.Null(store.Change("file:///tmp/other.go", 1, []));
    }
}
