package counter

import (
	"log"
	"testing"
)

func TestServe(t *testing.T) {
	for i := 0; i < 4; i++ {
		log.Printf("serving batch %d", i) // log's timestamp prefix, as a service's test output has
		t.Logf("batch %d counted %d", i, Serve(8))
	}
}
