module leakfinder/tools/astdump

go 1.19
