// Command resourceleak is the process the /proc fixtures were captured from. In each round it dials
// connections to its own listener whose server side closes at once (the client never closes: CLOSE_WAIT),
// opens inotify instances it never closes, and mmaps one file again without munmap. It prints "ready N"
// after round N and waits for a line on stdin before the next; capture.sh copies /proc/PID between rounds.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

var conns []net.Conn
var watches []int
var maps [][]byte

func round(ln net.Listener, n int, file *os.File) {
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			panic(err)
		}
		conns = append(conns, c) // never closed: the peer's close leaves it in CLOSE_WAIT
		fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC)
		if err != nil {
			panic(err)
		}
		watches = append(watches, fd)
		data, err := syscall.Mmap(int(file.Fd()), 0, 4096, syscall.PROT_READ, syscall.MAP_SHARED)
		if err != nil {
			panic(err)
		}
		maps = append(maps, data)
	}
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	path := filepath.Join(os.TempDir(), "resourceleak.dat")
	if err := os.WriteFile(path, make([]byte, 4096), 0o600); err != nil {
		panic(err)
	}
	file, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	in := bufio.NewScanner(os.Stdin)
	for i, n := range []int{3, 20} {
		round(ln, n, file)
		fmt.Println("ready", i+1)
		if !in.Scan() {
			return
		}
	}
}
