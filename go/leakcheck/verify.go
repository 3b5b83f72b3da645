package leakcheck

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// reported holds the ids of goroutines an earlier check already reported: a goroutine leaked by one test
// is that test's failure, not every later test's (goroutine ids are never reused within a process).
var reported = struct {
	sync.Mutex
	ids map[int64]bool
}{ids: map[int64]bool{}}

// TestingT is the part of testing.TB that VerifyNone uses.
type TestingT interface {
	Helper()
	Errorf(format string, args ...interface{})
}

// Find returns the goroutines, other than the caller's, those the options or the framework excuse and
// those an earlier check reported, that are still alive after waiting for them to exit; nil when there
// are none. Each is the runtime's own text for it. The ones returned count as reported from then on.
func Find(opts ...Option) []string {
	c := newConfig(opts)
	deadline := time.Now().Add(c.maxWait)
	sleep := time.Millisecond
	for attempt := 0; ; attempt++ {
		leaked := unreported(c)
		if len(leaked) == 0 {
			return nil
		}
		if time.Now().After(deadline) || (c.maxRetries >= 0 && attempt >= c.maxRetries) {
			texts := make([]string, len(leaked))
			reported.Lock()
			for i, g := range leaked {
				reported.ids[g.id] = true
				texts[i] = g.text
			}
			reported.Unlock()
			return texts
		}
		time.Sleep(sleep)
		if sleep < 100*time.Millisecond {
			sleep *= 2
		}
	}
}

// VerifyNone fails t when goroutines started during the test are still alive (see Find). Call it at the
// end of a test, usually as `defer leakcheck.VerifyNone(t)`.
func VerifyNone(t TestingT, opts ...Option) {
	t.Helper()
	if leaked := Find(opts...); leaked != nil {
		t.Errorf("%s", Report(leaked))
	}
}

// VerifyTestMain runs the package's tests and then fails the run (exit code 1) when goroutines are left
// behind; call it as the whole body of TestMain.
func VerifyTestMain(m interface{ Run() int }, opts ...Option) {
	code := m.Run()
	if code == 0 {
		if leaked := Find(opts...); leaked != nil {
			fmt.Fprintln(os.Stderr, Report(leaked))
			code = 1
		}
	}
	os.Exit(code)
}

// Report is the failure message: a summary line, then the goroutines as the runtime printed them between
// the marker lines.
func Report(leaked []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "leakcheck: %d goroutine(s) leaked\n%s\n", len(leaked), BeginMarker)
	b.WriteString(strings.Join(leaked, "\n\n"))
	b.WriteString("\n" + EndMarker)
	return b.String()
}

func unreported(c *config) []goroutine {
	reported.Lock()
	defer reported.Unlock()
	all := snapshot()
	others := otherTests(all)
	var out []goroutine
	for _, g := range all {
		if !c.ignored(g) && !reported.ids[g.id] && !others[g.creatorID] {
			out = append(out, g)
		}
	}
	return out
}

// otherTests holds the ids of live test goroutines other than the caller's (which snapshot leaves out):
// from Go 1.21 on a goroutine names its creator, and one started by a test running in parallel is that
// test's business, not the caller's. Before Go 1.21 nothing tells them apart (see the package doc).
func otherTests(all []goroutine) map[int64]bool {
	ids := map[int64]bool{}
	for _, g := range all {
		if frameworkReason(g) == "test goroutine" {
			ids[g.id] = true
		}
	}
	return ids
}
