package mainleak

import (
	"testing"

	"leakfinder.dev/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.VerifyTestMain(m, leakcheck.MaxWait(100e6)) }

func TestStartTicker(t *testing.T) { StartTicker(func() {}) }
