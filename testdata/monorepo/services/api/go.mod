module example.com/mono/api

go 1.24

require example.com/mono/mathx v0.0.0
