package dialparallelresults

import (
	"errors"
	"sort"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type DeviceID string

type internalConn struct {
	addr     string
	priority int
}

type dialTarget struct {
	addr     string
	priority int
	dialer   func(addr string) (internalConn, error)
}

func (t dialTarget) Dial() (internalConn, error) { return t.dialer(t.addr) }

type service struct {
	connected map[DeviceID]internalConn
}

// dialParallel tries dialing the targets of a device in order of priority, all targets of one
// priority in parallel, and returns the first connection that succeeds.
func (s *service) dialParallel(deviceID DeviceID, dialTargets []dialTarget) (internalConn, bool) {
	dialTargetBuckets := make(map[int][]dialTarget)
	for _, tgt := range dialTargets {
		dialTargetBuckets[tgt.priority] = append(dialTargetBuckets[tgt.priority], tgt)
	}
	var priorities []int
	for prio := range dialTargetBuckets {
		priorities = append(priorities, prio)
	}
	sort.Ints(priorities)

	for _, prio := range priorities {
		tgts := dialTargetBuckets[prio]
		res := make(chan internalConn)
		errs := make(chan error)
		for _, tgt := range tgts {
			go func(tgt dialTarget) {
				conn, err := tgt.Dial()
				if err != nil {
					errs <- err
					return
				}
				res <- conn
			}(tgt)
		}
		for range tgts {
			select {
			case conn := <-res:
				return conn, true
			case <-errs:
			}
		}
	}
	return internalConn{}, false
}

func TestDialFirstWins(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &service{connected: map[DeviceID]internalConn{}}
		fast := func(addr string) (internalConn, error) { return internalConn{addr: addr}, nil }
		slow := func(addr string) (internalConn, error) {
			time.Sleep(30 * time.Millisecond)
			if addr == "relay://relay.syncthing.net:22067" {
				return internalConn{}, errors.New("relay full")
			}
			return internalConn{addr: addr}, nil
		}
		conn, ok := s.dialParallel("MFZWI3D", []dialTarget{
			{addr: "tcp://192.168.1.7:22000", priority: 10, dialer: fast},
			{addr: "quic://192.168.1.7:22000", priority: 10, dialer: slow},
			{addr: "relay://relay.syncthing.net:22067", priority: 10, dialer: slow},
		})
		if !ok {
			t.Errorf("no connection")
		}
		s.connected["MFZWI3D"] = conn
	})
}
