module recallbench

go 1.19
