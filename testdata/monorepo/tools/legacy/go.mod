module example.com/mono/legacy

go 1.24
