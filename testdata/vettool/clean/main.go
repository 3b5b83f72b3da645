package main

import (
	"fmt"

	"example.com/clean/greet"
)

func main() {
	fmt.Println(greet.Hello("vet"))
}
