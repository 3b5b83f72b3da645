package leakcheck

import "strings"

// frameworkReason says why a goroutine belongs to the runtime, package testing or the standard library's
// own machinery rather than to the code under test, or returns "" when it may be a leak.
func frameworkReason(g goroutine) string {
	if len(g.functions) == 0 {
		return "no frames"
	}
	allRuntime := true
	for _, f := range g.functions {
		if !strings.HasPrefix(f, "runtime.") {
			allRuntime = false
		}
	}
	if allRuntime {
		return "runtime goroutine"
	}
	bottom := g.functions[len(g.functions)-1]
	switch {
	case bottom == "testing.tRunner":
		// A test's own goroutine: this test's (when called from a goroutine it started) or another
		// test's, running in parallel or waiting in T.Run / T.Parallel for its subtests.
		return "test goroutine"
	case bottom == "main.main" && contains(g.functions, "testing.(*M).Run"):
		return "test main goroutine"
	}
	for _, f := range g.functions {
		switch f {
		case "os/signal.signal_recv", "os/signal.loop", "runtime.ensureSigM":
			return "signal handling"
		case "runtime/trace.Start.func1", "runtime.ReadTrace":
			return "execution tracer"
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
