package database

import (
	"context"
	"database/sql"
	"log"
)

// A statement prepared on a DB stays registered with it (and prepared on the server) until Close.

func lookup(db *sql.DB, id int) (string, error) {
	stmt, err := db.Prepare("select name from users where id = ?") // want `sql.Stmt from DB.Prepare in stmt is not released on every path`
	if err != nil {
		return "", err
	}
	var name string
	err = stmt.QueryRow(id).Scan(&name)
	return name, err
}

func insertAll(ctx context.Context, conn *sql.Conn, names []string) error {
	stmt, err := conn.PrepareContext(ctx, "insert into users(name) values(?)") // want `the return at line 28 is reached without stmt.Close\(\)`
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := stmt.ExecContext(ctx, n); err != nil {
			return err
		}
	}
	return stmt.Close()
}

func preparePerQuery(db *sql.DB, queries []string) {
	for _, q := range queries {
		stmt, err := db.PrepareContext(context.Background(), q) // want `sql.Stmt from DB.PrepareContext in stmt is overwritten`
		if err != nil {
			continue
		}
		_, _ = stmt.Exec()
	}
}

func prepareOnlyToValidate(db *sql.DB, q string) error {
	_, err := db.Prepare(q) // want `the sql.Stmt returned by DB.Prepare is discarded`
	return err
}

func deferredClose(db *sql.DB, id int) (string, error) {
	stmt, err := db.Prepare("select name from users where id = ?")
	if err != nil {
		return "", err
	}
	defer stmt.Close()
	var name string
	return name, stmt.QueryRow(id).Scan(&name)
}

func closedInDeferredClosure(db *sql.DB) {
	stmt, err := db.Prepare("delete from sessions")
	if err != nil {
		log.Print(err)
		return
	}
	defer func() {
		if err := stmt.Close(); err != nil {
			log.Print("closing statement: ", err)
		}
	}()
	_, _ = stmt.Exec()
}

// The usual design: statements prepared once and kept for the life of the program.
type store struct {
	byID   *sql.Stmt
	byName map[string]*sql.Stmt
}

func newStore(db *sql.DB) (*store, error) {
	byID, err := db.Prepare("select name from users where id = ?")
	if err != nil {
		return nil, err
	}
	s := &store{byID: byID, byName: map[string]*sql.Stmt{}}
	named, err := db.Prepare("select id from users where name = ?")
	if err != nil {
		byID.Close()
		return nil, err
	}
	s.byName["users"] = named
	return s, nil
}

func prepareFor(db *sql.DB, q string) (*sql.Stmt, error) {
	stmt, err := db.Prepare(q)
	if err != nil {
		return nil, err
	}
	return stmt, nil
}

func closeStmt(s *sql.Stmt) {
	if err := s.Close(); err != nil {
		log.Print(err)
	}
}

func closedByHelper(db *sql.DB) error {
	stmt, err := db.Prepare("select 1")
	if err != nil {
		return err
	}
	defer closeStmt(stmt)
	_, err = stmt.Exec()
	return err
}

// A statement of a transaction is closed when the transaction commits or rolls back.
func txStatement(tx *sql.Tx) error {
	stmt, err := tx.Prepare("update users set seen = 1")
	if err != nil {
		return err
	}
	_, err = stmt.Exec()
	return err
}
