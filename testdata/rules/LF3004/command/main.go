package main

import (
	"fmt"
	"os"
	"os/signal"
)

// main.main's returns end the process, which ends the registration.
func main() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	if len(os.Args) > 1 {
		return
	}
	fmt.Println(<-ch)
}
