package tailercloseskipped

import (
	"bufio"
	"io"
	"strings"
)

type Entry struct {
	Level, Msg string
}

// Entries parses "level: message" lines and yields them until the input ends.
func Entries(r io.Reader) <-chan Entry {
	out := make(chan Entry)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			level, msg, ok := strings.Cut(sc.Text(), ": ")
			if !ok {
				return // a malformed line ends the stream
			}
			out <- Entry{Level: level, Msg: msg}
		}
		close(out)
	}()
	return out
}

// Errors counts the error entries of a log.
func Errors(r io.Reader) int {
	n := 0
	for e := range Entries(r) {
		if e.Level == "error" {
			n++
		}
	}
	return n
}
