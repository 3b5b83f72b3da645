package closers

import (
	"bufio"
	"database/sql"
	"net"
	"os"
	"os/exec"
)

func countLines(name string) (int, error) {
	f, err := os.Open(name) // want `the file from os.Open in f is not released on every path`
	if err != nil {
		return 0, err
	}
	n := 0
	s := bufio.NewScanner(f)
	for s.Scan() {
		n++
	}
	return n, s.Err()
}

func writeEarlyReturn(name string, data []byte) error {
	f, err := os.Create(name) // want `the return at line 30 is reached without f.Close\(\)`
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Close()
}

func ping(addr string) error {
	conn, err := net.Dial("tcp", addr) // want `network connection from net.Dial in conn`
	if err != nil {
		return err
	}
	_, err = conn.Write([]byte("ping"))
	return err
}

func names(db *sql.DB) ([]string, error) {
	rows, err := db.Query("select name from t") // want `sql.Rows from DB.Query in rows`
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func transfer(db *sql.DB) error {
	tx, err := db.Begin() // want `tx.Rollback\(\) or tx.Commit\(\)`
	if err != nil {
		return err
	}
	if _, err := tx.Exec("update a set x = 1"); err != nil {
		return err
	}
	return tx.Commit()
}

func output(cmd *exec.Cmd, dryRun bool) ([]byte, error) {
	out, err := cmd.StdoutPipe() // want `command pipe from Cmd.StdoutPipe in out`
	if err != nil {
		return nil, err
	}
	if dryRun {
		return nil, nil
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	buf := make([]byte, 10)
	_, err = out.Read(buf)
	return buf, cmd.Wait()
}

func listenDiscarded() {
	net.Listen("tcp", ":0") // want `network connection returned by net.Listen is discarded`
}
