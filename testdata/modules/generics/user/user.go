package user

import (
	"strconv"

	"example.com/gen/container"
)

func Use() (string, bool) {
	var s container.Stack[int]
	s.Push(42)
	v, ok := s.Pop()
	strs := container.Map([]int{v}, strconv.Itoa)
	return strs[0], ok
}
