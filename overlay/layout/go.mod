module layoutprobe

go 1.24
