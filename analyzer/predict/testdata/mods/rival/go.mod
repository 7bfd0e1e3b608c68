module example.com/rival

go 1.26
