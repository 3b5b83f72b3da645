// Command buildctx prints, for every package directory under a root, the .go files go/build selects in
// one build context, one line per file: "<dir>\t<list>\t<file>" where list is go, cgo, test, xtest,
// ignored or invalid, plus "<dir>\tname\t<package name>". It is the reference LeakFinder's build
// constraint evaluation is compared against; LeakFinder never runs it. Standard library only.
//
//	buildctx -goos linux -goarch amd64 [-tags a,b] ROOT
//
// Directories named testdata, or starting with . or _, are skipped as the go command's ./... skips them.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

func main() {
	goos := flag.String("goos", "linux", "target GOOS")
	goarch := flag.String("goarch", "amd64", "target GOARCH")
	tags := flag.String("tags", "", "comma-separated build tags")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: buildctx [-goos GOOS] [-goarch GOARCH] [-tags a,b] ROOT")
		os.Exit(2)
	}
	root := flag.Arg(0)

	ctxt := build.Default
	ctxt.GOOS, ctxt.GOARCH = *goos, *goarch
	// go/build's default with CGO_ENABLED unset: cgo only for a native build of a cgo platform.
	ctxt.CgoEnabled = *goos == runtime.GOOS && *goarch == runtime.GOARCH && (*goos == "linux" && *goarch == "amd64")
	if *tags != "" {
		ctxt.BuildTags = strings.Split(*tags, ",")
	}

	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		dirs = append(dirs, path)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sort.Strings(dirs)

	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	for _, dir := range dirs {
		p, _ := ctxt.ImportDir(dir, 0) // errors (no Go files, bad files) still leave the lists filled
		if p == nil {
			continue
		}
		rel, _ := filepath.Rel(root, dir)
		rel = filepath.ToSlash(rel)
		if p.Name != "" {
			fmt.Fprintf(out, "%s\tname\t%s\n", rel, p.Name)
		}
		lists := []struct {
			kind  string
			files []string
		}{
			{"go", p.GoFiles}, {"cgo", p.CgoFiles}, {"test", p.TestGoFiles}, {"xtest", p.XTestGoFiles},
			{"ignored", p.IgnoredGoFiles}, {"invalid", p.InvalidGoFiles},
		}
		for _, l := range lists {
			for _, f := range l.files {
				fmt.Fprintf(out, "%s\t%s\t%s\n", rel, l.kind, f)
			}
		}
	}
}
