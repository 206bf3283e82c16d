module example.com/mono/mathx

go 1.24
