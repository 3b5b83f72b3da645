package feature

const pollMethod = "epoll"
