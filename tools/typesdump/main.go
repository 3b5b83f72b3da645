// Command typesdump prints, for every identifier of a Go package (definitions and uses, in position
// order), the object go/types resolves it to, in the layout of docs/types-dump.md:
//
//	FILE:LINE:COL NAME KIND TYPE
//
// It is the reference `leakfinder debug types` is compared against; LeakFinder never runs it. Imports
// are type-checked from source (go/importer "source" mode: $GOROOT/src, GOPATH or, in module mode,
// what `go list` finds). Standard library only; build in GOPATH mode like tools/cfgdump.
//
//	typesdump [-test] DIR|DIR/...|FILE.go...   every package's lines, each package headed "# IMPORTPATH DIR"
//	typesdump -hash [-test] DIR...             one line per file: "<sha256 of its lines> <count> <path>"
//
// Type errors (missing imports included) go to stderr; the dump is still printed, so exit status is 0
// unless a directory cannot be read or parsed at all.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

var (
	withTests = flag.Bool("test", false, "include _test.go files (the external test package is dumped after its package)")
	hash      = flag.Bool("hash", false, "print one sha256 per file instead of the lines")
)

func main() {
	flag.Parse()
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()

	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil) // shared: each import is checked once per run
	status := 0
	for _, arg := range flag.Args() {
		units, err := expand(arg)
		if err != nil {
			fmt.Fprintln(os.Stderr, "typesdump:", err)
			status = 1
			continue
		}
		for _, u := range units {
			if err := dump(out, fset, imp, u); err != nil {
				fmt.Fprintln(os.Stderr, "typesdump:", err)
				status = 1
			}
		}
	}
	out.Flush()
	os.Exit(status)
}

// unit is one package to check: its import path, directory and files (absolute paths).
type unit struct {
	path, dir string
	files     []string
}

func expand(arg string) ([]unit, error) {
	if strings.HasSuffix(arg, ".go") {
		abs, err := filepath.Abs(arg)
		if err != nil {
			return nil, err
		}
		return []unit{{path: "command-line-arguments", dir: filepath.Dir(abs), files: []string{abs}}}, nil
	}
	if strings.HasSuffix(arg, "/...") {
		root, err := filepath.Abs(strings.TrimSuffix(arg, "/..."))
		if err != nil {
			return nil, err
		}
		var units []unit
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return err
			}
			name := d.Name()
			if path != root {
				if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
					return filepath.SkipDir
				}
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // a nested module
				}
			}
			us, err := packageUnits(path)
			if err == nil {
				units = append(units, us...)
			}
			return nil
		})
		return units, err
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return nil, err
	}
	return packageUnits(abs)
}

// packageUnits lists the package in dir as go/build selects its files (plus, with -test, its test
// files and external test package).
func packageUnits(dir string) ([]unit, error) {
	bp, err := build.Default.ImportDir(dir, 0)
	if err != nil {
		if _, ok := err.(*build.NoGoError); ok {
			return nil, err
		}
		if bp == nil || len(bp.GoFiles)+len(bp.CgoFiles) == 0 {
			return nil, err
		}
	}
	path := importPath(dir, bp)
	join := func(names ...[]string) []string {
		var files []string
		for _, list := range names {
			for _, n := range list {
				files = append(files, filepath.Join(dir, n))
			}
		}
		sort.Strings(files)
		return files
	}
	units := []unit{{path: path, dir: dir, files: join(bp.GoFiles, bp.CgoFiles)}}
	if *withTests {
		units[0].files = join(bp.GoFiles, bp.CgoFiles, bp.TestGoFiles)
		if len(bp.XTestGoFiles) > 0 {
			units = append(units, unit{path: path + "_test", dir: dir, files: join(bp.XTestGoFiles)})
		}
	}
	return units, nil
}

// importPath is the package's path as the go command names it: under GOROOT or GOPATH as go/build
// says, in a module the module path plus the directory below the go.mod.
func importPath(dir string, bp *build.Package) string {
	if bp.Goroot || (bp.ImportPath != "" && bp.ImportPath != ".") {
		return bp.ImportPath
	}
	for d := dir; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				f := strings.Fields(line)
				if len(f) >= 2 && f[0] == "module" {
					mod := strings.Trim(f[1], "\"`")
					rel, _ := filepath.Rel(d, dir)
					if rel == "." {
						return mod
					}
					return mod + "/" + filepath.ToSlash(rel)
				}
			}
		}
		if d == filepath.Dir(d) {
			return "_" + dir
		}
	}
}

func dump(out *bufio.Writer, fset *token.FileSet, imp types.Importer, u unit) error {
	var files []*ast.File
	for _, name := range u.files {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{
		Importer:    imp,
		FakeImportC: true,
		Error:       func(err error) { fmt.Fprintln(os.Stderr, err) },
	}
	conf.Check(u.path, fset, files, info) // errors were reported through conf.Error

	type entry struct {
		pos  token.Pos
		line string
	}
	var entries []entry
	add := func(id *ast.Ident, obj types.Object) {
		if obj == nil {
			return // the package clause's name, and a type switch's symbolic variable
		}
		p := fset.Position(id.Pos())
		entries = append(entries, entry{id.Pos(), fmt.Sprintf("%s:%d:%d %s %s %s", filepath.Base(p.Filename), p.Line, p.Column, id.Name, kind(obj), typeString(obj))})
	}
	for id, obj := range info.Defs {
		add(id, obj)
	}
	for id, obj := range info.Uses {
		add(id, obj)
	}
	// An identifier can be both a definition and a use (a method receiver's type parameter): order by text then.
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].pos != entries[j].pos {
			return entries[i].pos < entries[j].pos
		}
		return entries[i].line < entries[j].line
	})

	if *hash {
		byFile := map[string][]string{}
		var order []string
		for _, e := range entries {
			name := fset.Position(e.pos).Filename
			if _, ok := byFile[name]; !ok {
				order = append(order, name)
			}
			byFile[name] = append(byFile[name], e.line)
		}
		for _, name := range order {
			lines := byFile[name]
			sum := sha256.Sum256([]byte(strings.Join(lines, "\n") + "\n"))
			fmt.Fprintf(out, "%s %d %s\n", hex.EncodeToString(sum[:]), len(lines), name)
		}
		return nil
	}
	fmt.Fprintf(out, "# %s %s\n", u.path, u.dir)
	for _, e := range entries {
		out.WriteString(e.line)
		out.WriteByte('\n')
	}
	return nil
}

// kind names the object kind as LeakFinder's GoObject.KindName does (docs/types-dump.md).
func kind(obj types.Object) string {
	switch o := obj.(type) {
	case *types.Var:
		if o.IsField() {
			return "field"
		}
		return "var"
	case *types.Const:
		return "const"
	case *types.TypeName:
		return "type"
	case *types.Func:
		return "func"
	case *types.PkgName:
		return "package"
	case *types.Label:
		return "label"
	case *types.Builtin:
		return "builtin"
	case *types.Nil:
		return "nil"
	}
	return "?"
}

// typeString is the object's type, package-qualified by path; "-" when the object has no type.
func typeString(obj types.Object) string {
	switch obj.(type) {
	case *types.PkgName, *types.Label, *types.Builtin:
		return "-"
	}
	return types.TypeString(obj.Type(), nil)
}
