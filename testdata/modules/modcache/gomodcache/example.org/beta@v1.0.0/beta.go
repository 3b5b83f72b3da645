package beta

import "example.org/alpha"

func Use() int { return alpha.New() }
