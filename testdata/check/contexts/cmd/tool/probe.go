package main

import "net"

// Every address the tool dialled stays in the map until the tool exits a moment later: memory a command
// retains costs nothing.
var dialled = map[string]bool{}

func probe(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	dialled[c.RemoteAddr().String()] = true
	return c.Close()
}
