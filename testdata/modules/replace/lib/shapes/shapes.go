// Package shapes is reached only through a replace directive.
package shapes

type Square struct{ Side float64 }

func (s Square) Area() float64 { return s.Side * s.Side }
