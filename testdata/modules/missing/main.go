package main

import (
	"os"

	"github.com/not/downloaded/client"
	"github.com/unlisted/pkg"
)

func main() {
	c := client.New(os.Getenv("ADDR"))
	defer c.Close()
	pkg.Run(c)
}
