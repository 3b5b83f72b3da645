package feature

func Name() string { return name }
