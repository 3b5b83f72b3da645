package main

import (
	"fmt"

	"example.com/a/greet"
)

func main() { fmt.Println(greet.Hello("b")) }
