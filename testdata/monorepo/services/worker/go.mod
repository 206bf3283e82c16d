module example.com/mono/worker

go 1.24

require example.com/mono/strutil v0.0.0

replace example.com/mono/strutil => ../../libs/strutil
