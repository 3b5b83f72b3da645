package main

import "github.com/Acme/tool/run"

func main() {
	run.Start()
	run.Stop()
}
