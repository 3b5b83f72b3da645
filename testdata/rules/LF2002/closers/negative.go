package closers

import (
	"runtime/trace"
	"bufio"
	"database/sql"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync/atomic"
	"syscall"
	"unsafe"
)

func deferredClose(name string) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	s := bufio.NewScanner(f)
	for s.Scan() {
		n++
	}
	return n, s.Err()
}

func closeOnEveryPath(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func openReturned(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	return f, nil
}

type server struct{ ln net.Listener }

func (s *server) start() error {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return err
	}
	s.ln = ln
	return nil
}

func serve() error {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return err
	}
	// http.Serve closes the listener: its parameter is a net.Listener, which has Close.
	return http.Serve(ln, nil)
}

func copyInto(w io.Writer, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil {
			println(cerr.Error())
		}
	}()
	_, err = io.Copy(w, f)
	return err
}

func rowsClosed(db *sql.DB) (int, error) {
	rows, err := db.Query("select 1")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func txRolledBack(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("update a set x = 1"); err != nil {
		return err
	}
	return tx.Commit()
}

func txCommitOrRollback(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("update a set x = 1"); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func pipeWaited(cmd *exec.Cmd) ([]byte, error) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	data, _ := io.ReadAll(out)
	return data, cmd.Wait()
}

func fatalOnError(name string) {
	f, err := os.Open(name)
	if err != nil {
		panic(err)
	}
	defer f.Close()
}

func closedByGoroutine(conn net.Conn) {
	c, err := net.Dial("tcp", "x")
	if err != nil {
		return
	}
	go func() {
		defer c.Close()
		io.Copy(c, conn)
	}()
}

func wrappedInBufio(name string) (*bufio.Reader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return bufio.NewReader(f), nil
}

func decoderOnFile(name string) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	b, err := r.ReadByte()
	return int(b), err
}

// Found in GOROOT/src/os/removeall_at.go: the error is tested by a predicate first; that return is an error path.
func removeAllStyle(parentDir string) error {
	parent, err := os.Open(parentDir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer parent.Close()
	return nil
}

// Found in GOROOT/src/os/tempfile.go: a retry loop on os.IsExist(err) reassigns f only after failures.
func createTempStyle(names []string) (*os.File, error) {
	var f *os.File
	var err error
	for _, name := range names {
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0600)
		if os.IsExist(err) {
			continue
		}
		break
	}
	return f, err
}

type profiler interface{ StartCPUProfile(w io.Writer) error }

// Found in GOROOT/src/testing/testing.go: an interface method and runtime/trace.Start keep the file.
func profileStyle(p profiler, name string) {
	f, err := os.Create(name)
	if err != nil {
		return
	}
	if err := p.StartCPUProfile(f); err != nil {
		f.Close()
		return
	}
}

func traceStyle(name string) {
	f, err := os.Create(name)
	if err != nil {
		return
	}
	if err := trace.Start(f); err != nil {
		f.Close()
		return
	}
}

// Published through a pointer conversion: atomic.StorePointer keeps it although its parameter is an unsafe.Pointer.
var published unsafe.Pointer

func publishConn(addr *net.UnixAddr) {
	sock, err := net.ListenUnixgram("unixgram", addr)
	if err != nil {
		return
	}
	atomic.StorePointer(&published, unsafe.Pointer(sock))
}

// A descriptor the process was handed (by its parent's ExtraFiles, or a standard one) is not this function's to close.
func inherited() (*os.File, error) {
	in := os.NewFile(3, "fuzz_in")
	st := os.NewFile(uintptr(syscall.Stdin), "/dev/stdin")
	if _, err := in.Stat(); err != nil {
		return nil, err
	}
	return st, nil
}
