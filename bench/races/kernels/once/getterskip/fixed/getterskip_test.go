package getterskip

import (
	"sync"
	"testing"
)

var (
	defaultsOnce sync.Once
	defaults     map[string]string
)

func loadDefaults() {
	defaults = map[string]string{"theme": "plain", "lang": "en"}
}

// Defaults returns the site defaults, loading them on first use.
func Defaults() map[string]string {
	defaultsOnce.Do(loadDefaults)
	return defaults
}

// Lookup reads one default through Defaults, which loads them if nobody has.
func Lookup(key string) string {
	return Defaults()[key]
}

func TestLookupDuringLoad(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if Defaults()["lang"] != "en" {
			t.Error("bad defaults")
		}
	}()
	got := Lookup("theme")
	<-done
	if got != "plain" && got != "" {
		t.Fatalf("got %q", got)
	}
}
