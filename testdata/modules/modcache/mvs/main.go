package main

import (
	"example.org/alpha"
	"example.org/beta"
)

func main() { println(alpha.New(), beta.Use()) }
