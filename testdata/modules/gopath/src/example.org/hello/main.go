package main

import (
	"example.org/colors"
	"example.org/greet"
)

func main() { greet.Say(colors.Red) }
