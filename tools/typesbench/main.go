// Command typesbench is go/types' side of bench/types/run.sh: it loads and type-checks every package
// named on stdin (one import path a line, as `go list std` prints them) together with their imports, all
// from source, and prints one result line:
//
//	checker=go threads=N packages=P files=F type_errors=E load_s=S check_s=S best_s=S first_s=S cpu_s=S vmhwm_kb=K
//
// A round is: find every package with go/build (GOOS/GOARCH/CGO_ENABLED from the environment, vendor
// directories of GOROOT resolved as the go command does), parse its files (comments included), then
// type-check bottom-up in dependency order with a types.Info recording what LeakFinder's TypeInfo records
// (Types, Defs, Uses, Selections, Implicits, Scopes). With -threads 1 parsing and checking run on one
// goroutine, one package after the other, as go/types itself does (importer "source" checks each import
// once, recursively, on the caller's goroutine); with -threads N parsing runs on N workers and checking
// on N workers over the dependency DAG (a package starts when its imports are done).
//
// load_s is go/build plus parsing, check_s type-checking alone; best_s is the fastest round's wall time
// (load_s + check_s of that round), first_s the first round's,
// cpu_s the process CPU time of the best round (a busy machine distorts it far less than wall time),
// vmhwm_kb the peak RSS at exit. Every round's packages stay alive until the next round starts.
// Standard library only.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

var (
	threads = flag.Int("threads", 1, "parse and check with this many workers (1: sequential, as go/types)")
	runs    = flag.Int("runs", 3, "rounds; the best is reported")
)

// pkg is one package of the load: its files, its resolved imports and, once checked, its types.
type pkg struct {
	path    string
	dir     string
	names   []string        // absolute file paths
	files   []*ast.File     // parsed
	imports map[string]*pkg // import path as written -> package
	users   []*pkg          // packages importing this one
	pending int32           // imports not yet checked (parallel mode)
	types   *types.Package
	info    *types.Info
}

func main() {
	flag.Parse()
	var roots []string
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if p := strings.TrimSpace(in.Text()); p != "" {
			roots = append(roots, p)
		}
	}
	if len(roots) == 0 {
		fmt.Fprintln(os.Stderr, "typesbench: no import paths on stdin")
		os.Exit(2)
	}
	ctx := build.Default // GOOS, GOARCH, CGO_ENABLED and GOROOT from the environment

	var retained []*pkg
	var best, first, bestLoad, bestCheck, bestCPU time.Duration
	var files, typeErrors int
	for r := 0; r < *runs; r++ {
		retained = nil // the previous round's packages become garbage
		runtime.GC()
		cpu0 := cpuTime()
		t0 := time.Now()
		all, err := load(&ctx, roots)
		if err != nil {
			fmt.Fprintln(os.Stderr, "typesbench:", err)
			os.Exit(1)
		}
		fset := token.NewFileSet()
		parseAll(fset, all, *threads)
		t1 := time.Now()
		var errs int64
		if *threads <= 1 {
			for _, p := range all { // dependency order
				check(fset, p, &errs)
			}
		} else {
			checkParallel(fset, all, *threads, &errs)
		}
		t2 := time.Now()
		cpu := cpuTime() - cpu0
		retained = all
		total := t2.Sub(t0)
		if r == 0 {
			first = total
		}
		if r == 0 || total < best {
			best, bestLoad, bestCheck, bestCPU = total, t1.Sub(t0), t2.Sub(t1), cpu
		}
		files, typeErrors = 0, int(errs)
		for _, p := range all {
			files += len(p.files)
		}
	}
	fmt.Printf("checker=go threads=%d packages=%d files=%d type_errors=%d load_s=%.3f check_s=%.3f best_s=%.3f first_s=%.3f cpu_s=%.3f vmhwm_kb=%d\n",
		*threads, len(retained), files, typeErrors, bestLoad.Seconds(), bestCheck.Seconds(), best.Seconds(), first.Seconds(), bestCPU.Seconds(), vmHWM())
	runtime.KeepAlive(retained)
}

// load finds the roots and everything they import with go/build; packages come in dependency order
// (imports first), linked to their imports. parseAll then parses their files.
func load(ctx *build.Context, roots []string) ([]*pkg, error) {
	srcRoot := filepath.Join(ctx.GOROOT, "src")
	byDir := map[string]*pkg{}
	var all []*pkg
	var visit func(path, srcDir string) (*pkg, error)
	visit = func(path, srcDir string) (*pkg, error) {
		bp, err := ctx.Import(path, srcDir, 0)
		if err != nil {
			return nil, err
		}
		if p := byDir[bp.Dir]; p != nil {
			return p, nil
		}
		p := &pkg{path: bp.ImportPath, dir: bp.Dir, imports: map[string]*pkg{}}
		byDir[bp.Dir] = p
		for _, f := range bp.GoFiles {
			p.names = append(p.names, filepath.Join(bp.Dir, f))
		}
		for _, imp := range bp.Imports {
			if imp == "unsafe" || imp == "C" {
				continue
			}
			dep, err := visit(imp, bp.Dir)
			if err != nil {
				return nil, fmt.Errorf("%s: import %q: %v", bp.ImportPath, imp, err)
			}
			p.imports[imp] = dep
			dep.users = append(dep.users, p)
		}
		all = append(all, p) // after its imports: dependency order
		return p, nil
	}
	for _, r := range roots {
		if _, err := visit(r, srcRoot); err != nil {
			return nil, err
		}
	}
	return all, nil
}

func parseAll(fset *token.FileSet, all []*pkg, workers int) {
	type job struct{ p, i int }
	var jobs []job
	for pi, p := range all {
		p.files = make([]*ast.File, len(p.names))
		for i := range p.names {
			jobs = append(jobs, job{pi, i})
		}
	}
	var next int64 = -1
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j := int(atomic.AddInt64(&next, 1))
				if j >= len(jobs) {
					return
				}
				p := all[jobs[j].p]
				name := p.names[jobs[j].i]
				src, err := os.ReadFile(name)
				if err != nil {
					fmt.Fprintln(os.Stderr, "typesbench:", err)
					os.Exit(1)
				}
				f, _ := parser.ParseFile(fset, name, src, parser.ParseComments) // a bad file still yields a partial AST
				p.files[jobs[j].i] = f
			}
		}()
	}
	wg.Wait()
}

// checkParallel checks on n workers, each package once its imports are checked.
func checkParallel(fset *token.FileSet, all []*pkg, n int, errs *int64) {
	ready := make(chan *pkg, len(all))
	for _, p := range all {
		p.pending = int32(len(uniqueDeps(p)))
		if p.pending == 0 {
			ready <- p
		}
	}
	var wg sync.WaitGroup
	wg.Add(len(all))
	for w := 0; w < n; w++ {
		go func() {
			for p := range ready {
				check(fset, p, errs)
				for _, u := range p.users {
					if atomic.AddInt32(&u.pending, -1) == 0 {
						ready <- u
					}
				}
				wg.Done()
			}
		}()
	}
	wg.Wait()
	close(ready)
}

// uniqueDeps is the set of distinct packages p imports (two import paths may name one package).
func uniqueDeps(p *pkg) map[*pkg]bool {
	deps := map[*pkg]bool{}
	for _, d := range p.imports {
		deps[d] = true
	}
	return deps
}

func check(fset *token.FileSet, p *pkg, errs *int64) {
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if d := p.imports[path]; d != nil && d.types != nil {
				return d.types, nil
			}
			return nil, fmt.Errorf("%s: import %q not checked", p.path, path)
		}),
		Sizes: types.SizesFor("gc", "amd64"),
		Error: func(error) { atomic.AddInt64(errs, 1) },
	}
	p.info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	p.types, _ = conf.Check(p.path, fset, p.files, p.info) // errors are counted by conf.Error
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func vmHWM() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb)
			return kb
		}
	}
	return 0
}
