package fixes

import (
	"bufio"
	"database/sql"
	"net"
	"os"
)

// Fixed: each closer is released by a defer right after its error check.

func countLines(name string) (int, error) {
	f, err := os.Open(name) // want `the file from os.Open in f is not released on every path`
	if err != nil {
		return 0, err
	}
	n := 0
	for s := bufio.NewScanner(f); s.Scan(); {
		n++
	}
	return n, nil
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

// Closed on some paths: Rows.Close is idempotent, so the deferred one may join it.
func firstName(db *sql.DB) (string, error) {
	rows, err := db.Query("select name from t") // want `sql.Rows from DB.Query in rows`
	if err != nil {
		return "", err
	}
	var s string
	if err := rows.Scan(&s); err != nil {
		return "", err
	}
	rows.Close()
	return s, nil
}

// A Rollback after Commit does nothing: the usual defer.
func update(db *sql.DB) error {
	tx, err := db.Begin() // want `tx.Rollback\(\) or tx.Commit\(\)`
	if err != nil {
		return err
	}
	if _, err := tx.Exec("update a set x = 1"); err != nil {
		return err
	}
	return tx.Commit()
}
