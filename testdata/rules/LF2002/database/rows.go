package database

import (
	"database/sql"
	"log"
)

// "If Next returns false ... the Rows are closed automatically": a loop that runs to its end releases the
// rows; leaving it (or never starting it) before Next returns false does not.

func firstName(db *sql.DB) (string, error) {
	rows, err := db.Query("select name from users") // want `the return at line 21 is reached without rows.Close\(\)`
	if err != nil {
		return "", err
	}
	if !rows.Next() {
		return "", sql.ErrNoRows
	}
	var name string
	err = rows.Scan(&name)
	return name, err
}

func containsName(db *sql.DB, want string) (bool, error) {
	rows, err := db.Query("select name from users") // want `sql.Rows from DB.Query in rows is not released on every path`
	if err != nil {
		return false, err
	}
	found := false
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil && name == want {
			found = true
			break
		}
	}
	return found, rows.Err()
}

func iteratedToTheEnd(db *sql.DB) ([]string, error) {
	rows, err := db.Query("select name from users")
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			log.Fatal(err)
		}
		names = append(names, name)
	}
	return names, rows.Err()
}

func iteratedWithExplicitBreak(db *sql.DB) (n int) {
	rows, err := db.Query("select 1")
	if err != nil {
		return 0
	}
	for {
		if !rows.Next() {
			break
		}
		n++
	}
	return n
}

func earlyExitClosed(db *sql.DB, want string) bool {
	rows, err := db.Query("select name from users")
	if err != nil {
		return false
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil && name == want {
			return true
		}
	}
	return false
}

func firstNameClosed(db *sql.DB) (string, error) {
	rows, err := db.Query("select name from users")
	if err != nil {
		return "", err
	}
	if !rows.Next() {
		return "", sql.ErrNoRows
	}
	defer rows.Close()
	var name string
	return name, rows.Scan(&name)
}
