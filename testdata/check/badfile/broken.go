package badfile

func Broken( {
