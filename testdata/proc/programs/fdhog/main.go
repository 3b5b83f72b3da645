// Command fdhog holds many descriptors on one target, the shape `leakfinder proc` flags in one snapshot:
// N descriptors on one file (opened per use, never closed) and N TCP connections to one peer (its own
// listener; the accepted ends, each from its own port, are held too and must not count as one peer).
// It prints "ready" when all are open and exits when stdin closes. Usage: fdhog FILE N
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: fdhog FILE N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	check(err)
	var kept []any // everything stays referenced, so no finalizer closes it
	for i := 0; i < n; i++ {
		f, err := os.Open(os.Args[1]) // the leak: a descriptor per use
		check(err)
		kept = append(kept, f)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	accepted := make(chan net.Conn, n)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", ln.Addr().String()) // the leak: a connection per use
		check(err)
		kept = append(kept, c, <-accepted)
	}
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n')
	fmt.Fprintln(os.Stderr, len(kept), "descriptors held")
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "fdhog:", err)
		os.Exit(1)
	}
}
