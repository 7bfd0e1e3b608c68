module example.com/compare

go 1.26

require example.com/rival v0.0.0
