package closerunderlockcallback

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestCloseWhileBalancerReports(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		closing := make(chan struct{})
		testHookBeforeReport = func() { <-closing }
		defer func() { testHookBeforeReport = nil }()
		cc := Dial("dns:///payments.svc:443")
		cc.logf = t.Logf
		cc.onClose = func() {
			// The balancer reports the resolver's addresses while the connection closes.
			close(closing)
			time.Sleep(20 * time.Millisecond)
		}
		cc.ResolverUpdate([]string{"10.1.0.4:443", "10.1.0.5:443"})
		cc.Close()
	})
}
