package writerhookrelock

import (
	"strings"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestRotationLimit(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		logger := NewLogger("agent")
		sink := NewRotatingFile(64, 0, logger)
		logger.SetOutput(sink)
		logger.Infof("starting with config %s", strings.Repeat("x", 80))
		logger.Infof("started")
	})
}
