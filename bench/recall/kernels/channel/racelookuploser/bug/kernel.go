package racelookuploser

import (
	"errors"
	"net"
	"sync"
	"time"
)

type Result struct {
	Addrs []string
	Err   error
	From  string
}

// Resolver resolves a host name asynchronously; the answer arrives on the returned channel.
type Resolver interface {
	Lookup(host string) <-chan Result
}

type hostsFile struct {
	entries map[string][]string
}

func (h *hostsFile) Lookup(host string) <-chan Result {
	ch := make(chan Result)
	go func() {
		if a, ok := h.entries[host]; ok {
			ch <- Result{Addrs: a, From: "hosts"}
			return
		}
		ch <- Result{Err: errors.New("not in hosts file"), From: "hosts"}
	}()
	return ch
}

type dnsResolver struct {
	server  string
	latency time.Duration
	mu      sync.Mutex
	queries int
}

func (d *dnsResolver) Lookup(host string) <-chan Result {
	ch := make(chan Result)
	go func() {
		d.mu.Lock()
		d.queries++
		d.mu.Unlock()
		time.Sleep(d.latency) // round trip to d.server
		ch <- Result{Addrs: []string{net.IPv4(10, 0, 0, 7).String()}, From: "dns"}
	}()
	return ch
}

// Dialer asks its resolvers in parallel and uses whichever answers first.
type Dialer struct {
	primary  Resolver
	fallback Resolver
	timeout  time.Duration
}

func NewDialer(primary, fallback Resolver) *Dialer {
	return &Dialer{primary: primary, fallback: fallback, timeout: time.Second}
}

func (d *Dialer) resolve(host string) ([]string, error) {
	a, b := d.primary.Lookup(host), d.fallback.Lookup(host)
	for i := 0; i < 2; i++ {
		select {
		case r := <-a:
			if r.Err == nil {
				return r.Addrs, nil
			}
			a = nil
		case r := <-b:
			if r.Err == nil {
				return r.Addrs, nil
			}
			b = nil
		case <-time.After(d.timeout):
			return nil, errors.New("resolve timeout")
		}
	}
	return nil, errors.New("no such host")
}
