// Command astdump prints the canonical AST dump (docs/ast-dump.md) of Go files as go/parser and go/ast
// see them. It is the reference LeakFinder's own parser is compared against; LeakFinder never runs it.
//
//	astdump FILE...          full dump of each file (errors go to stderr, exit status 1)
//	astdump -hash < LIST     one line per path read from stdin: "<sha256 of dump> <path>", or
//	                         "ERR <file>:<line>:<col>: <msg>" with go/parser's first error
//	astdump -schema          the go/ast field set the dump walks, one type per line
//
// The dump is produced by reflection over the go/ast structs (fields in declaration order) with an
// explicit skip list, so a field can only be missing from the dump by being named in skippedFields.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"runtime"
	"strings"
	"sync"
)

func main() {
	hash := flag.Bool("hash", false, "read paths from stdin, print one sha256 (or first error) per path")
	schema := flag.Bool("schema", false, "print the go/ast field set the dump walks")
	flag.Parse()
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	switch {
	case *schema:
		printSchema(out)
	case *hash:
		if err := hashFiles(os.Stdin, out); err != nil {
			fmt.Fprintln(os.Stderr, "astdump:", err)
			out.Flush()
			os.Exit(2)
		}
	default:
		status := 0
		for _, path := range flag.Args() {
			dump, err := dumpFile(path)
			if err != nil {
				out.Flush()
				printErrors(os.Stderr, err)
				status = 1
				continue
			}
			out.Write(dump.Bytes())
		}
		out.Flush()
		os.Exit(status)
	}
}

// dumpFile parses path as go/parser does for the differential test (ParseComments, nothing else) and
// returns its canonical dump, or go/parser's error.
// The caller owns the returned buffer and may put it back into buffers.
func dumpFile(path string) (*bytes.Buffer, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	newDumper(buf, fset.File(file.Package)).file(file)
	return buf, nil
}

// buffers recycles dump buffers: a dump is about 12 times the size of its source.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func printErrors(w *os.File, err error) {
	if list, ok := err.(scanner.ErrorList); ok {
		for _, e := range list {
			fmt.Fprintln(w, e.Error())
		}
		return
	}
	fmt.Fprintln(w, err)
}

// firstError is the line the hash mode prints for a file go/parser rejects: its first error after
// go/parser's own sort (by position), as go/parser formats it, with line breaks (which a message can
// quote from the source, e.g. an import path) written as \n so that it stays one line.
func firstError(path string, err error) string {
	msg := fmt.Sprintf("%s:0:0: %v", path, err)
	if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
		msg = list[0].Error()
	}
	return "ERR " + strings.ReplaceAll(msg, "\n", `\n`)
}

// hashFiles reads paths (one per line) from r and writes one result line per path, in input order.
// Files are parsed on all cores; the output order does not depend on scheduling.
func hashFiles(r *os.File, w *bufio.Writer) error {
	var paths []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			paths = append(paths, line)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	results := make([]string, len(paths))
	next := make(chan int, len(paths))
	for i := range paths {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for n := 0; n < runtime.GOMAXPROCS(0); n++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				dump, err := dumpFile(paths[i])
				if err != nil {
					results[i] = firstError(paths[i], err)
					continue
				}
				sum := sha256.Sum256(dump.Bytes())
				buffers.Put(dump)
				results[i] = hex.EncodeToString(sum[:]) + " " + paths[i]
			}
		}()
	}
	wg.Wait()
	for _, line := range results {
		w.WriteString(line)
		w.WriteByte('\n')
	}
	return nil
}
