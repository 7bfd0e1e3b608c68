module example.com/app

go 1.26

require (
	example.com/compare v0.0.0
	example.com/dep v0.0.0
	example.com/untested v0.0.0
)

replace (
	example.com/compare => ../compare
	example.com/rival => ../rival
	example.com/dep => ../dep
	example.com/untested => ../untested
)
