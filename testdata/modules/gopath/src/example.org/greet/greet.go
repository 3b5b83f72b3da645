package greet

import "fmt"

func Say(s string) { fmt.Println(s) }
