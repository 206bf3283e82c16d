module preflight

go 1.24
