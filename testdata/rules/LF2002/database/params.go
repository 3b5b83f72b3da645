package database

import (
	"database/sql"
	"net"
	"os"
)

// A parameter is a copy the caller never sees: what the function acquires into it is its own to release.

func scanAgain(rows *sql.Rows, db *sql.DB) error {
	rows, err := db.Query("select 1") // want `sql.Rows from DB.Query in rows is not released`
	if err != nil {
		return err
	}
	return rows.Err()
}

func send(conn net.Conn, addr string, msg []byte) error {
	if conn == nil {
		var err error
		conn, err = net.Dial("tcp", addr) // want `network connection from net.Dial in conn is not released on every path`
		if err != nil {
			return err
		}
	}
	_, err := conn.Write(msg)
	return err
}

func reopenAndClose(f *os.File) error {
	f, err := os.Open(f.Name())
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Stat()
	return err
}

func reopenAndReturn(f *os.File) (*os.File, error) {
	f, err := os.Open(f.Name())
	if err != nil {
		return nil, err
	}
	return f, nil
}

type session struct{ conn net.Conn }

func (s *session) redial(conn net.Conn, addr string) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	s.conn = conn
	return nil
}

// A named result is the caller's: acquiring into it hands the value on.
func openNamed(name string) (f *os.File, err error) {
	f, err = os.Open(name)
	return
}
