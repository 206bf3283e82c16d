module example.com/simulation

go 1.24
