package store

import (
	"os"
	"testing"
)

func TestLoad(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("data"); err != nil {
		return
	}
	f.Close()
	if _, err := Load(f.Name()); err != nil {
		t.Fatal(err)
	}
}
