package main

import "example.com/lib/greet"

func main() { println(greet.Hello()) }
