// Test helpers: a file left open here lives as long as one test.
package testutil

import (
	"os"
	"testing"
)

func Fixture(t *testing.T, name string) []byte {
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		return nil
	}
	b := make([]byte, st.Size())
	_, _ = f.Read(b)
	f.Close()
	return b
}
