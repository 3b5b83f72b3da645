package attachshortbuffer

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Container struct {
	ID     string
	stdin  io.Writer
	stdout io.Reader
	stderr io.Reader
}

type Streams struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Attach copies the client's streams to and from the container until the first one ends.
func Attach(c *Container, s Streams) error {
	errc := make(chan error, 3)
	copyStream := func(dst io.Writer, src io.Reader) {
		_, err := io.Copy(dst, src)
		errc <- err
	}
	go copyStream(c.stdin, s.Stdin)
	go copyStream(s.Stdout, c.stdout)
	go copyStream(s.Stderr, c.stderr)
	return <-errc
}

func TestAttachDetachesOnFirstEOF(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var in, out, errOut bytes.Buffer
		c := &Container{ID: "9c1e", stdin: &in, stdout: strings.NewReader("hello\n"), stderr: strings.NewReader("")}
		if err := Attach(c, Streams{Stdin: strings.NewReader("ls\n"), Stdout: &out, Stderr: &errOut}); err != nil {
			t.Errorf("err = %v", err)
		}
	})
}
