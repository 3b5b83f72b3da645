package mainleak

import (
	"testing"
	"time"

	"leakfinder.dev/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.VerifyTestMain(m, leakcheck.MaxWait(100*time.Millisecond)) }

func TestStartTicker(t *testing.T) { StartTicker(func() {}) }
