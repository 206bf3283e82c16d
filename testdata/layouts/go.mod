module example.com/layouts

go 1.24

require example.com/localdep v0.0.0

replace example.com/localdep => ./localdep
