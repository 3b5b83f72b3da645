package bom

var x = "after a byte order mark"
