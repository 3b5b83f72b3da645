// A service in package main: it listens, so it is no short-lived command and its leaks are reported.
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/config", serveConfig)
	log.Fatal(http.ListenAndServe(":8080", nil))
}

func serveConfig(w http.ResponseWriter, r *http.Request) {
	f, err := os.Open("/etc/app.conf")
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	if r.Method != http.MethodGet {
		return
	}
	defer f.Close()
	w.WriteHeader(200)
}
