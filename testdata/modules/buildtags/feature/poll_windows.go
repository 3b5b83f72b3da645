package feature

const pollMethod = "iocp"
