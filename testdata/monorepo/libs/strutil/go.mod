module example.com/mono/strutil

go 1.24
