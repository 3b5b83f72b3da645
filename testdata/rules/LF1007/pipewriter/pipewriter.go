package pipewriter

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
)

type Task interface {
	Run(w io.Writer) error
}

// Stream closes the writer only when the task fails: after a task that succeeds, the scanner never sees io.EOF,
// forwardLines never closes out, and the caller's range never ends.
func Stream(t Task) <-chan string {
	pr, pw := io.Pipe()
	out := make(chan string)
	go forwardLines(pr, out)
	go func() {
		if err := t.Run(pw); err != nil {
			pw.CloseWithError(err)
		}
	}() // want `the goroutine writing into the io.Pipe pw closes it on some paths \(line 25\), but it reaches its end without closing it: pr is read to its end`
	return out
}

func forwardLines(r io.Reader, out chan<- string) {
	defer close(out)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		out <- sc.Text()
	}
}

type record struct{ Name string }

// The reader is the function itself (io.ReadAll); the writer closes the pipe on the encode error only.
func Encode(recs []record) ([]byte, error) {
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		for _, r := range recs {
			if err := enc.Encode(r); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
	}() // want `the goroutine writing into the io.Pipe pw closes it on some paths`
	return io.ReadAll(pr)
}

// A goroutine literal reads the pipe in a loop; the writer returns early on a bad row without closing.
func Dump(rows [][]string) {
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		br := bufio.NewReader(pr)
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			fmt.Print(line)
		}
	}()
	go func() {
		for _, row := range rows {
			if len(row) == 0 {
				return // want `the goroutine writing into the io.Pipe pw closes it on some paths \(line 78\), but this return leaves without closing it`
			}
			fmt.Fprintln(pw, row)
		}
		pw.Close()
	}()
	<-done
}

// --- negatives ---

// The fix: the writer is closed on every path, with the task's error (nil closes it with io.EOF).
func StreamFixed(t Task) <-chan string {
	pr, pw := io.Pipe()
	out := make(chan string)
	go forwardLines(pr, out)
	go func() {
		err := t.Run(pw)
		pw.CloseWithError(err)
	}()
	return out
}

// A deferred close covers every return.
func EncodeDeferred(recs []record) ([]byte, error) {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		enc := json.NewEncoder(pw)
		for _, r := range recs {
			if err := enc.Encode(r); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
	}()
	return io.ReadAll(pr)
}

// A deferred literal that closes with the named error.
func EncodeDeferredLiteral(recs []record) ([]byte, error) {
	pr, pw := io.Pipe()
	go func() {
		var err error
		defer func() { pw.CloseWithError(err) }()
		enc := json.NewEncoder(pw)
		for _, r := range recs {
			if err = enc.Encode(r); err != nil {
				return
			}
		}
	}()
	return io.ReadAll(pr)
}

// The reader reads a fixed header and closes its end: it stops by itself.
func Header(t Task) ([]byte, error) {
	pr, pw := io.Pipe()
	go func() {
		if err := t.Run(pw); err != nil {
			pw.CloseWithError(err)
		}
	}()
	buf := make([]byte, 16)
	_, err := io.ReadFull(pr, buf)
	pr.Close()
	return buf, err
}

// The writer is handed to a callee that may close it (an io.WriteCloser).
func Compress(src io.Reader) ([]byte, error) {
	pr, pw := io.Pipe()
	go func() {
		if err := compressInto(pw, src); err != nil {
			pw.CloseWithError(err)
		}
	}()
	return io.ReadAll(pr)
}

func compressInto(w io.WriteCloser, src io.Reader) error {
	zw := gzip.NewWriter(w)
	if _, err := io.Copy(zw, src); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return w.Close()
}

// The writer is given to a command, whose Wait does not close it: the closer is the function after Wait.
func Run(name string) ([]byte, error) {
	pr, pw := io.Pipe()
	cmd := exec.Command(name)
	cmd.Stdout = pw
	go func() {
		err := cmd.Run()
		pw.CloseWithError(err)
	}()
	return io.ReadAll(pr)
}

// The reader is handed to a function outside the package: what it does is not known.
func Upload(t Task) error {
	pr, pw := io.Pipe()
	go func() {
		if err := t.Run(pw); err != nil {
			pw.CloseWithError(err)
		}
	}()
	_, err := io.Copy(os.Stdout, io.LimitReader(pr, 1024))
	return err
}

// The reader closes its end after the header it needs (handed to a function of the package that closes it).
func Peek(t Task) string {
	pr, pw := io.Pipe()
	go func() {
		if err := t.Run(pw); err != nil {
			pw.CloseWithError(err)
		}
	}()
	return firstLine(pr)
}

func firstLine(r *io.PipeReader) string {
	defer r.Close()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		return sc.Text()
	}
	return ""
}
