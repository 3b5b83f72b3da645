package main

import (
	"fmt"
	"net/http"
)

func fetch(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	fmt.Println("état", resp.Status)
	return nil
}

func (s *server) poll() {
	t := time.NewTicker(time.Second)
	for range t.C {
	}
}
