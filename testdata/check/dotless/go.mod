module balancer

go 1.19
