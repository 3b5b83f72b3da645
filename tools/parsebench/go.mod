module leakfinder/tools/parsebench

go 1.19
