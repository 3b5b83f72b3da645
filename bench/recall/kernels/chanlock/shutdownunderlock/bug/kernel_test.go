package shutdownunderlock

import (
	"io"
	"net/http"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestReloadDuringRequest(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		h := NewWebHandler(Config{ListenAddr: "127.0.0.1:0", ScrapeInterval: "15s", Version: 1})
		h.logf = t.Logf
		if err := h.Start(); err != nil {
			t.Skipf("cannot listen: %v", err)
		}
		entered := make(chan struct{})
		h.inHandler = func() { close(entered) }
		addr := h.Addr()
		h.beforeShutdown = func() {
			// A status request is being served when the reload comes in.
			go func() {
				resp, err := http.Get("http://" + addr + "/api/v1/status")
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}()
			<-entered
		}
		if err := h.ApplyConfig(Config{ListenAddr: "127.0.0.1:0", ScrapeInterval: "30s", Version: 2}); err != nil {
			t.Errorf("apply config: %v", err)
		}
		h.beforeShutdown = nil
		h.Close()
	})
}
