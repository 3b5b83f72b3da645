module leakfinder.dev/leakcheck

go 1.19
