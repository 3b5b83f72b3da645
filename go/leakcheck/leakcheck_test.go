package leakcheck

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a TestingT that keeps the failure instead of failing the real test.
type recorder struct {
	mu     sync.Mutex
	failed []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...interface{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = append(r.failed, sprintf(format, args...))
}

func blockedForever(stop chan struct{}) {
	<-stop
}

func TestVerifyNoneReportsAGoroutineBlockedOnAChannelInRuntimeFormat(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	go blockedForever(stop)

	r := &recorder{}
	VerifyNone(r, MaxWait(50*time.Millisecond))

	if len(r.failed) != 1 {
		t.Fatalf("want one failure, got %d: %q", len(r.failed), r.failed)
	}
	msg := r.failed[0]
	begin := strings.Index(msg, BeginMarker+"\n")
	end := strings.Index(msg, "\n"+EndMarker)
	if begin < 0 || end < begin {
		t.Fatalf("markers missing or out of order:\n%s", msg)
	}
	dump := msg[begin+len(BeginMarker)+1 : end]
	if !strings.HasPrefix(dump, "goroutine ") || !strings.Contains(dump, " [chan receive]:\n") {
		t.Errorf("dump does not start with a runtime goroutine header:\n%s", dump)
	}
	if !strings.Contains(dump, "leakfinder.dev/leakcheck.blockedForever(") || !strings.Contains(dump, "\ncreated by leakfinder.dev/leakcheck.TestVerifyNone") {
		t.Errorf("dump lacks the blocked function or its creator:\n%s", dump)
	}
	if strings.Contains(dump, "testing.tRunner") || strings.Contains(dump, "testing.(*M).Run") {
		t.Errorf("dump contains the testing framework's own goroutines:\n%s", dump)
	}
}

func TestVerifyNonePassesWhenGoroutinesFinishWithinTheWait(t *testing.T) {
	done := make(chan struct{})
	go func() {
		time.Sleep(20 * time.Millisecond)
		close(done)
	}()
	r := &recorder{}
	VerifyNone(r)
	if len(r.failed) != 0 {
		t.Fatalf("a goroutine that exits after 20ms was reported: %q", r.failed)
	}
}

func TestVerifyNoneIsSilentInACleanTest(t *testing.T) {
	r := &recorder{}
	VerifyNone(r, MaxWait(0))
	if len(r.failed) != 0 {
		t.Fatalf("clean test reported: %q", r.failed)
	}
}

func TestIgnoreTopFunctionExcusesTheNamedGoroutine(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	go blockedForever(stop)
	r := &recorder{}
	VerifyNone(r, MaxWait(20*time.Millisecond), IgnoreTopFunction("leakfinder.dev/leakcheck.blockedForever"))
	if len(r.failed) != 0 {
		t.Fatalf("ignored goroutine reported: %q", r.failed)
	}
}

func TestIgnoreCurrentExcusesOnlyGoroutinesThatAlreadyRan(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	go blockedForever(stop)
	time.Sleep(10 * time.Millisecond) // let it park so the snapshot sees it
	opt := IgnoreCurrent()

	r := &recorder{}
	VerifyNone(r, MaxWait(20*time.Millisecond), opt)
	if len(r.failed) != 0 {
		t.Fatalf("goroutine present before IgnoreCurrent reported: %q", r.failed)
	}

	later := make(chan struct{})
	defer close(later)
	go blockedForever(later)
	VerifyNone(r, MaxWait(20*time.Millisecond), opt)
	if len(r.failed) != 1 || headers(r.failed[0]) != 1 || !strings.Contains(r.failed[0], "TestIgnoreCurrentExcusesOnlyGoroutinesThatAlreadyRan") {
		t.Fatalf("want exactly the later goroutine reported, got %q", r.failed)
	}
}

func TestMaxRetriesZeroChecksOnce(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	go blockedForever(stop)
	start := time.Now()
	if Find(MaxRetries(0), MaxWait(time.Hour)) == nil {
		t.Fatal("blocked goroutine not found")
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Fatalf("MaxRetries(0) waited %v", time.Since(start))
	}
}

func TestParseBlockReadsHeaderFunctionsAndCreator(t *testing.T) {
	g, ok := parseBlock("goroutine 42 [chan send, 3 minutes]:\n" +
		"example.com/p.(*Pool).worker(0xc000010000, {0x1, 0x2})\n\t/src/p.go:12 +0x25\n" +
		"created by example.com/p.New in goroutine 1\n\t/src/p.go:5 +0x60")
	if !ok {
		t.Fatal("block not parsed")
	}
	if g.id != 42 || g.state != "chan send" || g.topFunction() != "example.com/p.(*Pool).worker" || g.createdBy != "example.com/p.New" {
		t.Fatalf("parsed %+v", g)
	}
}

var heapSink [][]byte

func TestVerifyHeapBoundedFailsWhenFnKeepsMemory(t *testing.T) {
	r := &recorder{}
	VerifyHeapBounded(r, 100, func() { heapSink = append(heapSink, make([]byte, 64<<10)) }, 1<<20)
	heapSink = nil
	if len(r.failed) != 1 || !strings.HasPrefix(r.failed[0], HeapMarker) {
		t.Fatalf("want one heap failure for 6.4 MB kept, got %q", r.failed)
	}
}

func TestVerifyHeapBoundedPassesWhenFnFreesItsMemory(t *testing.T) {
	r := &recorder{}
	VerifyHeapBounded(r, 100, func() { _ = make([]byte, 64<<10) }, 1<<20)
	if len(r.failed) != 0 {
		t.Fatalf("temporary allocations reported: %q", r.failed)
	}
}

// headers counts the "goroutine N [state]:" lines of a report.
func headers(report string) int {
	n := 0
	for _, line := range strings.Split(report, "\n") {
		if strings.HasPrefix(line, "goroutine ") && strings.HasSuffix(line, "]:") {
			n++
		}
	}
	return n
}

func TestALeakIsReportedOnceNotByEveryLaterCheck(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	go blockedForever(stop)
	first, second := &recorder{}, &recorder{}
	VerifyNone(first, MaxWait(20*time.Millisecond))
	VerifyNone(second, MaxWait(20*time.Millisecond))
	if len(first.failed) != 1 || len(second.failed) != 0 {
		t.Fatalf("want the leak reported by the first check only, got %q then %q", first.failed, second.failed)
	}
}

func TestAGoroutineStartedByAnotherLiveTestIsThatTestsBusiness(t *testing.T) {
	// Go 1.21+ text: goroutine 30 was started by goroutine 21, another test's (tRunner at the bottom);
	// goroutine 31 by goroutine 5, which is no test.
	dump := []string{
		"goroutine 21 [chan receive]:\nexample.com/p.TestOther(0xc0000a2000)\n\t/src/p/p_test.go:9 +0x2c\ntesting.tRunner(0xc0000a2000, 0x5a6e38)\n\t/go/src/testing/testing.go:1576 +0x10b\ncreated by testing.(*T).Run in goroutine 1\n\t/go/src/testing/testing.go:1629 +0x3ea",
		"goroutine 30 [chan send]:\nexample.com/p.work()\n\t/src/p/p.go:5 +0x25\ncreated by example.com/p.TestOther in goroutine 21\n\t/src/p/p_test.go:8 +0x1f",
		"goroutine 31 [chan send]:\nexample.com/p.work()\n\t/src/p/p.go:5 +0x25\ncreated by example.com/p.Start in goroutine 5\n\t/src/p/p.go:12 +0x1f",
	}
	var all []goroutine
	for _, b := range dump {
		g, ok := parseBlock(b)
		if !ok {
			t.Fatalf("not parsed: %q", b)
		}
		all = append(all, g)
	}
	others := otherTests(all)
	if !others[all[1].creatorID] || others[all[2].creatorID] {
		t.Fatalf("creators %d and %d, other tests %v", all[1].creatorID, all[2].creatorID, others)
	}
}
