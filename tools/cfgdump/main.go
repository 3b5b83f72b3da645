// Command cfgdump prints the control-flow graph of every function body in Go files as
// golang.org/x/tools/go/cfg builds it, in the layout of docs/cfg-dump.md. It is the reference
// LeakFinder's CFG builder is compared against; LeakFinder never runs it. Build in GOPATH mode
// (GO111MODULE=off GOPATH=/usr/share/gocode) against Debian's golang-golang-x-tools-dev.
//
//	cfgdump FILE...      every function's graph
//	cfgdump -hash < LIST one line per function of each path read from stdin:
//	                     "<sha256 of its graph> <path>:<line>:<col>", or "ERR <path>" when go/parser rejects the file
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"

	"golang.org/x/tools/go/cfg"
)

func main() {
	hash := flag.Bool("hash", false, "read paths from stdin, print one hash per function")
	flag.Parse()
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	if *hash {
		in := bufio.NewScanner(os.Stdin)
		in.Buffer(make([]byte, 1<<20), 1<<20)
		for in.Scan() {
			path := in.Text()
			if path == "" {
				continue
			}
			funcs, err := graphs(path)
			if err != nil {
				fmt.Fprintf(out, "ERR %s\n", path)
				continue
			}
			for _, f := range funcs {
				sum := sha256.Sum256([]byte(f.text))
				fmt.Fprintf(out, "%s %s:%s\n", hex.EncodeToString(sum[:]), path, f.pos)
			}
		}
		return
	}
	status := 0
	for _, path := range flag.Args() {
		funcs, err := graphs(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			status = 1
			continue
		}
		for _, f := range funcs {
			fmt.Fprintf(out, "# %s %s\n%s", f.name, f.pos, f.text)
		}
	}
	out.Flush()
	os.Exit(status)
}

type graph struct {
	name, pos, text string
}

func graphs(path string) ([]graph, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var result []graph
	ast.Inspect(file, func(n ast.Node) bool {
		var body *ast.BlockStmt
		name := "func literal"
		switch f := n.(type) {
		case *ast.FuncDecl:
			body, name = f.Body, f.Name.Name
		case *ast.FuncLit:
			body = f.Body
		}
		if body != nil {
			p := fset.PositionFor(n.Pos(), false)
			g := cfg.New(body, mayReturn)
			result = append(result, graph{name, fmt.Sprintf("%d:%d", p.Line, p.Column), format(g, fset, src, body)})
		}
		return true
	})
	return result, nil
}

// mayReturn is the syntactic predicate of docs/cfg-dump.md: panic, os.Exit, syscall.Exit,
// runtime.Goexit, log.Fatal* and log.Panic* never return.
func mayReturn(call *ast.CallExpr) bool {
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		return fun.Name != "panic"
	case *ast.SelectorExpr:
		pkg, ok := fun.X.(*ast.Ident)
		if !ok {
			return true
		}
		switch pkg.Name + "." + fun.Sel.Name {
		case "os.Exit", "syscall.Exit", "runtime.Goexit",
			"log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln":
			return false
		}
	}
	return true
}

// format is cfg.Format with each node printed as its exact source text (the implicit return at the
// closing brace, which has none, as "return").
func format(g *cfg.CFG, fset *token.FileSet, src []byte, body *ast.BlockStmt) string {
	var buf strings.Builder
	for _, b := range g.Blocks {
		comment := strings.TrimSuffix(strings.TrimPrefix(b.String(), fmt.Sprintf("block %d (", b.Index)), ")")
		fmt.Fprintf(&buf, ".%d: # %s\n", b.Index, comment)
		for _, n := range b.Nodes {
			fmt.Fprintf(&buf, "\t%s\n", nodeText(n, fset, src, body))
		}
		if len(b.Succs) > 0 {
			fmt.Fprintf(&buf, "\tsuccs:")
			for _, succ := range b.Succs {
				fmt.Fprintf(&buf, " %d", succ.Index)
			}
			buf.WriteByte('\n')
		}
		buf.WriteByte('\n')
	}
	return buf.String()
}

func nodeText(n ast.Node, fset *token.FileSet, src []byte, body *ast.BlockStmt) string {
	if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) == 0 && r.Return == body.End()-1 {
		return "return"
	}
	start := fset.PositionFor(n.Pos(), false).Offset
	end := fset.PositionFor(n.End(), false).Offset
	if start < 0 || end > len(src) || end < start {
		return fmt.Sprintf("%T", n)[len("*ast."):]
	}
	return strings.ReplaceAll(string(src[start:end]), "\n", "\n\t")
}
