// Package main uses the std APIs leak rules care about; the no-Go test checks their types through the
// std API model alone (no GOROOT, no go on PATH).
package main

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"example.com/stdmodel/internal/store"
)

func main() {
	resp, err := http.Get("http://127.0.0.1:8080/")
	file, openErr := os.Open("data.txt")
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	ticker := time.NewTicker(time.Second)
	var db *sql.DB
	rows, queryErr := db.Query("select 1")
	var wg sync.WaitGroup
	wg.Add(1)
	idx := slices.Index([]string{"a"}, "a")
	cache := store.New[string, int]()
	v, ok := cache.Get("k")
	_, _, _, _, _, _, _, _, _, _, _, _ = resp, err, file, openErr, ctx, cancel, ticker, rows, queryErr, idx, v, ok
}
