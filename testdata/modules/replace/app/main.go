package main

import (
	"fmt"

	"example.com/lib/shapes"
)

func main() {
	sq := shapes.Square{Side: 2}
	fmt.Println(sq.Area())
}
