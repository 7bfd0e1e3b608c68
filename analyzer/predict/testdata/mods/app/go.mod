module example.com/app

go 1.26

require (
	example.com/dep v0.0.0
	example.com/untested v0.0.0
)

replace (
	example.com/dep => ../dep
	example.com/untested => ../untested
)
