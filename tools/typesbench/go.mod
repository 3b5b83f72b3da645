module leakfinder/tools/typesbench

go 1.19
