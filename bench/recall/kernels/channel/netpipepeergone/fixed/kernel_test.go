package netpipepeergone

import (
	"net"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestOldClientRejected(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		l := NewListener("SERVER-1", 3)
		l.logf = t.Logf
		client, server := net.Pipe()
		go l.Handle(server)
		if _, err := Dial(client, Hello{DeviceID: "LAPTOP-7", ClientName: "syncd", ClientVersion: 2}); err == nil {
			t.Errorf("an old client completed the handshake")
		}
		client.Close()
	})
}
