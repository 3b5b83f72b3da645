package helloexchange

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type hello struct {
	DeviceName    string
	ClientVersion string
}

func compatible(a, b hello) bool { return a.ClientVersion == b.ClientVersion }

// exchange runs both ends of the hello exchange over in-memory links.
func exchange(local, remote hello) bool {
	toRemote := make(chan hello)
	toLocal := make(chan hello)
	result := make(chan bool, 1)
	go func() { // the listening peer
		toLocal <- remote
		got := <-toRemote
		result <- compatible(remote, got)
	}()
	toRemote <- local
	got := <-toLocal
	return compatible(local, got) && <-result
}

func TestHelloExchange(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		a := hello{DeviceName: "laptop", ClientVersion: "v1.4"}
		b := hello{DeviceName: "nas", ClientVersion: "v1.4"}
		if !exchange(a, b) {
			t.Error("peers should be compatible")
		}
	})
}
