package main

import "github.com/acme/widget"

func main() {
	w, err := widget.Open("x")
	if err != nil {
		return
	}
	defer w.Close()
}
