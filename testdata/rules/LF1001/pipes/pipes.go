package pipes

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
)

var errBad = errors.New("bad header")

type source interface {
	WriteTo(w io.Writer) (int64, error)
}

func readHeader(r *bufio.Reader) (string, error) {
	m := make([]byte, 4)
	if _, err := io.ReadFull(r, m); err != nil {
		return "", err
	}
	if string(m) != "IMG1" {
		return "", errBad
	}
	line, err := r.ReadString('\n')
	return line, err
}

// The early return on a bad header leaves the writer blocked in PipeWriter.Write.
func importArchive(src source) ([]string, error) {
	pr, pw := io.Pipe()
	go func() {
		_, err := src.WriteTo(pw) // want `this goroutine blocks for ever writing into the io.Pipe pw: importArchive can return at line \d+ without reading pr to its end or closing it`
		pw.CloseWithError(err)
	}()
	br := bufio.NewReader(pr)
	if _, err := readHeader(br); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	var lines []string
	for {
		line, err := br.ReadString('\n')
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return lines, nil
}

// A direct Write, and an early return before any read; the success path copies the pipe to its end.
func encodeTo(dst io.Writer, v interface{}, check func() error) error {
	pr, pw := io.Pipe()
	go func() {
		b, _ := json.Marshal(v)
		pw.Write(b) // want `this goroutine blocks for ever writing into the io.Pipe pw: encodeTo can return at line \d+`
		pw.Close()
	}()
	if err := check(); err != nil {
		return err
	}
	_, err := io.Copy(dst, pr)
	return err
}

func produce(w io.Writer, n int) {
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%d\n", i)
	}
}

// A named function started on the writer: reported at the go statement.
func sumLines(n int, limit int) (int, error) {
	pr, pw := io.Pipe()
	go produce(pw, n) // want `the goroutine running pipes.produce blocks for ever writing into the io.Pipe pw: sumLines can return at line \d+`
	sc := bufio.NewScanner(pr)
	total := 0
	if limit < 0 {
		return 0, errBad
	}
	for sc.Scan() {
		total += len(sc.Text())
	}
	return total, sc.Err()
}

// --- silent ---

// The fix: the reader is closed on every path.
func importFixed(src source) ([]string, error) {
	pr, pw := io.Pipe()
	go func() {
		_, err := src.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	defer pr.Close()
	br := bufio.NewReader(pr)
	if _, err := readHeader(br); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(br)
	return strings.Fields(string(b)), err
}

// The reader closed with CloseWithError on the error path.
func importCloseWithError(src source) ([]string, error) {
	pr, pw := io.Pipe()
	go func() {
		_, err := src.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	br := bufio.NewReader(pr)
	if _, err := readHeader(br); err != nil {
		pr.CloseWithError(err)
		return nil, err
	}
	b, err := io.ReadAll(br)
	return strings.Fields(string(b)), err
}

// The reader returned to the caller: the caller reads it.
func encodeStream(v interface{}) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v))
	}()
	return pr
}

// The reader handed to an HTTP request: the transport reads it to its end or closes it.
func upload(url string, v interface{}) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v))
	}()
	req, err := http.NewRequest("POST", url, pr)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The reader as a command's stdin.
func feed(cmd *exec.Cmd, v interface{}) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v))
	}()
	cmd.Stdin = pr
	return cmd.Run()
}

// Copied to its end on every path.
func copyAll(dst io.Writer, src source) error {
	pr, pw := io.Pipe()
	go func() {
		_, err := src.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	_, err := io.Copy(dst, pr)
	return err
}

// The reader handed to another goroutine: it may read it.
func handedOn(dst io.Writer, src source, check func() error) error {
	pr, pw := io.Pipe()
	go func() {
		_, err := src.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	go io.Copy(dst, pr)
	if err := check(); err != nil {
		return err
	}
	return nil
}

// The writer closed by the function itself on the early return.
func writerClosed(dst io.Writer, src source, check func() error) error {
	pr, pw := io.Pipe()
	go func() {
		_, err := src.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	if err := check(); err != nil {
		pw.CloseWithError(err)
		return err
	}
	_, err := io.Copy(dst, pr)
	return err
}

// Reads only what it expects, on every path: nothing here says the writer writes more.
func headerOnly(src source) (string, error) {
	pr, pw := io.Pipe()
	go func() {
		_, err := src.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	return readHeader(bufio.NewReader(pr))
}

// The reader's close deferred before the goroutine starts: it runs at every return (etcd's snapshot sender).
func sendSnapshot(src source, send func([]byte) error, total int) error {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		src.WriteTo(pw)
		pw.Close()
	}()
	buf := make([]byte, 4096)
	for sent := 0; sent < total; {
		n, err := io.ReadFull(pr, buf)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return err
		}
		sent += n
		if err := send(buf[:n]); err != nil {
			return err
		}
	}
	return nil
}

// Reads in a counted loop that may, to the path search, run no time at all: the loop reads the pipe (io's TestPipe3).
func countedReads(data []byte, done chan error) (int, error) {
	r, w := io.Pipe()
	go func() {
		_, err := w.Write(data)
		w.Close()
		done <- err
	}()
	buf := make([]byte, 1024)
	tot := 0
	for n := 1; n <= 256; n *= 2 {
		nn, err := r.Read(buf[tot : tot+n])
		if err != nil && err != io.EOF {
			return tot, err
		}
		tot += nn
	}
	return tot, <-done
}

// Writers started in a loop: how many reads serve them is beyond a path search.
func manyWriters(input string, count int) (string, error) {
	r, w := io.Pipe()
	for i := 0; i < count; i++ {
		go func() {
			w.Write([]byte(input))
		}()
	}
	if count == 0 {
		return "", errBad
	}
	buf := make([]byte, count*len(input))
	for i := 0; i < len(buf); i += len(input) {
		r.Read(buf[i : i+len(input)])
	}
	return string(buf), nil
}
