module example.com/orders

// go 1.21: before Go 1.23, timers that are never stopped are not collected (see LF3003).
go 1.21
