package run

func Start() {}
